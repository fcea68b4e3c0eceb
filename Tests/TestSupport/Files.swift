import Foundation
import Synchronization

/// A fresh path for one test's files, not yet created: `<tmp>/marketsim-tests-<pid>/<label>-<n>`,
/// `label` cut to its letters and digits (by default the calling function's name, so a
/// leftover folder says which test wrote it). Paths stay short, as the Slurm test needs
/// (its daemons' socket paths under the folder must fit in 107 bytes), and unique: n
/// counts within this process, whose folder is emptied on first use in case a dead
/// process with the same id left one.
public func temporaryFolder(_ label: String = #function) -> String {
    let n = TemporaryFolders.counter.add(1, ordering: .relaxed).oldValue
    return TemporaryFolders.base + "/" + label.filter { $0.isLetter || $0.isNumber } + "-\(n)"
}

private enum TemporaryFolders {
    static let counter = Atomic<Int>(0)
    static let base: String = {
        let path = FileManager.default.temporaryDirectory.path + "/marketsim-tests-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
}

/// A fresh folder for one test's files, created: write texts into it, read them by path.
public struct TemporaryFolder: Sendable {
    public let path: String

    public init(_ label: String = #function) throws {
        path = temporaryFolder(label)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` (which may contain subfolders) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = self.file(name)
        try CLI.write(text, to: file)
        return file
    }

    /// The path `name` has in the folder.
    public func file(_ name: String) -> String { path + "/" + name }
}

/// The bytes of the file at `path`.
public func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
