import Foundation

/// Reading scenario files.
public enum ScenarioFile {
    /// Loads and decodes the scenario at `path`.
    public static func load(path: String) throws -> Scenario {
        try Scenario.decode(json: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
