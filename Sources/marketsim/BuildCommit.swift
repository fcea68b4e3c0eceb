import Foundation

/// The git commit this binary was built from, for `marketsim --version`.
///
/// scripts/package writes the commit into `id` for the build of a release and puts the
/// file back afterwards, so a plain `swift build` needs nothing generated. A binary
/// built from a checkout asks git about that checkout instead, when `--version` is
/// asked for (never on other commands, which should not spawn git).
enum BuildCommit {
    static let id = "unknown commit"

    /// `id` when the release wrote one; else the HEAD of the checkout this file was
    /// compiled in, `-dirty` when tracked files differ from it, as scripts/package
    /// names a release's; else `unknown commit` (no git, or the checkout is gone).
    static var resolved: String {
        guard id == "unknown commit" else { return id }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        guard let head = git(["-C", checkout, "rev-parse", "--short=12", "HEAD"]), !head.isEmpty,
              let changes = git(["-C", checkout, "status", "--porcelain", "--untracked-files=no"])
        else { return id }
        return changes.isEmpty ? head : head + "-dirty"
    }

    /// git's trimmed standard output, or nil when it cannot run or fails.
    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
