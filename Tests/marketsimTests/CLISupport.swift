import Foundation

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
    }

    /// Runs `marketsim arguments...` in `directory` (default: the repository).
    @discardableResult
    static func run(_ arguments: [String], in directory: String = root, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
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
