import Foundation

/// The checkout these tests were built from, found from this file's path (three levels
/// up), so every test target reads the shipped scenarios, scripts and fixtures in place.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A shipped scenario (or sweep, under `sweeps/`) by its path under Scenarios/.
    public static func scenario(_ name: String) -> String { root + "/Scenarios/" + name }
}

/// `Repository.root`, spelled as the Experiments tests write it.
public let repositoryRoot = Repository.root
