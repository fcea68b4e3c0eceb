import Foundation
import Synchronization

/// Runs the built `marketsim` binary as a user would.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The binary beside the test bundle (same build folder), else the debug build.
    static let binary: String = {
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

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
        /// True when the process was killed for running past its time limit.
        var timedOut = false
    }

    /// Runs `marketsim arguments...` in `directory` (default: the repository); with a
    /// `timeout`, kills it (SIGKILL) after that many seconds and reports `timedOut`, so a
    /// test of a hang fails instead of hanging. `executable` runs another program instead
    /// (`/bin/sh -c` for limits and redirections that `Process` cannot set).
    @discardableResult
    static func run(_ arguments: [String], in directory: String = root, environment: [String: String] = [:],
                    timeout seconds: Double? = nil, executable: String = binary) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
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
    static func temporaryFolder(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marketsim-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
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
