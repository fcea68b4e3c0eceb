import Experiments
import Foundation
import Reporting
import Synchronization

/// Removes the staged output folders of `run`, `compare` and `discover` when the user
/// interrupts (Ctrl-C) or the job is terminated, so nothing half-written is left behind,
/// then exits 130. Built on `SignalHub`, as sweeps are: nothing of such a folder is worth
/// keeping, so it stops at once rather than after the work in progress. A command-line
/// concern: the library's callers (the tests among them) keep their process.
enum InterruptCleanup {
    /// The staging folders to remove; each holds the signal hub while registered.
    private static let paths = Mutex<[String]>([])

    private static let action: Void = SignalHub.onSignal {
        paths.withLock { paths in
            guard !paths.isEmpty else { return }
            for path in paths { try? FileManager.default.removeItem(atPath: path) }
            printError("marketsim: interrupted; no output was written")
            exit(130)
        }
    }

    /// Creates the staged folder for `path` and registers it for removal. The hub is
    /// held before the folder exists and the folder is registered before a signal's
    /// action can look, so a signal either ends the process before the folder is made or
    /// removes it. Pair with `finished`.
    static func stagedOutput(path: String, replaceExisting: Bool, inputs: [String]) throws -> OutputDirectory {
        _ = action
        return try paths.withLock { paths throws -> OutputDirectory in
            SignalHub.hold()
            do {
                let output = try OutputDirectory(path: path, replaceExisting: replaceExisting, inputs: inputs)
                paths.append(output.stagingPath)
                return output
            } catch {
                SignalHub.release()
                throw error
            }
        }
    }

    /// Unregisters `output` (committed or discarded) and releases the hub.
    static func finished(_ output: OutputDirectory) {
        paths.withLock { $0.removeAll { $0 == output.stagingPath } }
        SignalHub.release()
    }
}
