import Foundation

/// A run's output folder that appears whole or not at all.
///
/// Files are written into a hidden sibling staging folder (`.NAME.partial-PID`);
/// `commit()` renames it to the final name in one `rename(2)`, so an interrupted or
/// failed run leaves no half-written output under the name a user reads (the next run
/// of the same output removes staging folders whose process is gone). An existing
/// folder is never overwritten silently: it is an error unless `replaceExisting` is set.
public struct OutputDirectory {
    /// Where the output will be once committed.
    public let finalPath: String
    /// Where files are written until then.
    public let stagingPath: String
    public let replaceExisting: Bool

    /// - Throws: `OutputError` when `path` could replace more than one folder of its own
    ///   or holds one of the `inputs` (see `checkedPath`), exists and `replaceExisting` is
    ///   not set, or cannot be written (the path and the system's cause).
    public init(path: String, replaceExisting: Bool, inputs: [String] = []) throws(OutputError) {
        let url = URL(fileURLWithPath: try Self.checkedPath(path, inputs: inputs))
        finalPath = url.path
        self.replaceExisting = replaceExisting
        let fm = FileManager.default
        if fm.fileExists(atPath: finalPath) && !replaceExisting {
            throw OutputError("\(path) already exists; choose another --out or pass --force to replace it")
        }
        let parent = url.deletingLastPathComponent().path
        try OutputError.checking("create", parent) { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        let prefix = "." + url.lastPathComponent + ".partial-"
        stagingPath = parent + "/" + prefix + "\(ProcessInfo.processInfo.processIdentifier)"
        // A staging folder whose process is gone was left by a killed run (kill -9
        // cannot be cleaned up after): remove it. One whose process lives is another
        // run writing the same output right now, and is left alone.
        for name in (try? fm.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? fm.removeItem(atPath: parent + "/" + name) }
        }
        let staging = stagingPath
        try OutputError.checking("create", staging) {
            if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
        }
    }

    /// The staging path of a file in this folder.
    public func file(_ name: String) -> String { stagingPath + "/" + name }

    /// Moves the staged folder to its final name, replacing an old one if allowed.
    public func commit() throws(OutputError) {
        let fm = FileManager.default
        if fm.fileExists(atPath: finalPath) {
            guard replaceExisting else { throw OutputError("\(finalPath) appeared while running; output left in \(stagingPath)") }
            try OutputError.checking("replace", finalPath) { try fm.removeItem(atPath: finalPath) }
        }
        try OutputError.checking("create", finalPath) { try fm.moveItem(atPath: stagingPath, toPath: finalPath) }
    }

    /// Removes the staging folder (after a failure).
    public func discard() {
        try? FileManager.default.removeItem(atPath: stagingPath)
    }
}
