import Foundation
import Synchronization

/// Runs the built `marketsim` binary as a user would, and any other program a test needs
/// (a shell script, python, chromium) the same way.
public enum CLI {
    /// The folder commands run in unless a test names another: the repository.
    public static let root = Repository.root

    /// The binary beside the test runner (the same build folder, so a release test run
    /// uses the release binary), else MARKETSIM_BIN, else the checkout's release or debug build.
    public static let binary: String = {
        let fm = FileManager.default
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["MARKETSIM_BIN"] { candidates.append(env) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("marketsim").path)
            folder = folder.deletingLastPathComponent()
        }
        candidates += [root + "/.build/release/marketsim", root + "/.build/debug/marketsim"]
        return candidates.first { fm.isExecutableFile(atPath: $0) && !$0.hasSuffix(".xctest") } ?? "marketsim"
    }()

    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// True when the process was killed for running past its time limit.
        public var timedOut = false
    }

    /// Runs `marketsim arguments...` in `directory` (default: the repository); with a
    /// `timeout`, kills it (SIGKILL) after that many seconds and reports `timedOut`, so a
    /// test of a hang fails instead of hanging.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String = root, environment: [String: String] = [:],
                           timeout seconds: Double? = nil) throws -> Output {
        try run(program: binary, arguments, in: directory, environment: environment, timeout: seconds)
    }

    /// Runs `program arguments...` as `run` runs marketsim. The child gets this process's
    /// environment without the variables of an enclosing Slurm job (when the tests
    /// themselves run under Slurm, `marketsim sweep` would take itself for an array
    /// task), then `environment`.
    @discardableResult
    public static func run(program: String, _ arguments: [String], in directory: String = root,
                           environment: [String: String] = [:], timeout seconds: Double? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_") && !$0.key.hasPrefix("SBATCH_") }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let killed = Flag(), finished = Flag()
        if let seconds {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                guard !finished.isSet else { return }
                killed.set()
                kill(pid, SIGKILL)
            }
        }
        // Both pipes drain at once: a child that fills one while we wait on the other
        // would otherwise block forever.
        let errBox = Box()
        let reading = DispatchGroup()
        reading.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            reading.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        process.waitUntilExit()
        finished.set()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data!, as: UTF8.self), timedOut: killed.isSet)
    }

    /// A new empty temporary folder.
    public static func temporaryFolder(_ label: String) throws -> String { try TemporaryFolder(label).path }

    public static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The bytes of the file at `path`, or nil when it cannot be read.
    public static func contents(_ path: String) -> Data? { try? TestSupport.contents(path) }
}

/// A flag set from another thread.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}

/// Data handed over from a reader thread.
final class Box: Sendable {
    private let stored = Mutex<Data?>(nil)
    var data: Data? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
