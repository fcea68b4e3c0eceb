import ArgumentParser
import Dispatch
import Foundation
import MarketModel
import Reporting
import SimulationKit

/// Writes `message` to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
}

/// Loads a scenario, or prints every problem (file, JSON path, message) and exits 1.
func loadScenario(_ nameOrPath: String, overrides: [String] = []) throws -> ScenarioFile.Loaded {
    do {
        return try ScenarioFile.load(nameOrPath, overrides: overrides)
    } catch {
        printError(error.description)
        throw ExitCode.failure
    }
}

/// Removes staged output folders when the user interrupts (Ctrl-C) or the job is
/// terminated, so nothing half-written is left behind, then exits 130.
enum InterruptCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [String] = []
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func register(_ path: String) {
        installHandlers()
        lock.lock()
        paths.append(path)
        lock.unlock()
    }

    /// Installs the handlers (once); call before creating a staging folder, so that an
    /// interruption in between cannot end the process with the folder left behind.
    static func installHandlers() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                lock.lock()
                for p in paths { try? FileManager.default.removeItem(atPath: p) }
                lock.unlock()
                printError("marketsim: interrupted; no output was written")
                exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }

    static func unregister(_ path: String) {
        lock.lock()
        paths.removeAll { $0 == path }
        lock.unlock()
    }
}

/// What a run folder's manifest records.
func runManifest(_ loaded: ScenarioFile.Loaded, seed: UInt64, replications: Int, jobs: Int,
                 fingerprints: [String], seconds: Double, extra: [(String, JSONValue)] = []) -> JSONValue {
    var combined = Fingerprint()
    for f in fingerprints { combined.combine(UInt64(f, radix: 16) ?? 0) }
    var object: [(String, JSONValue)] = [
        ("scenario", .string(loaded.scenario.name)),
        ("scenario_files", .array(loaded.resolved.files.map { .string($0) })),
        ("overrides", .array(loaded.resolved.overrides.map { .string($0) })),
        ("scenario_hash", .string(loaded.hash)),
        ("seed", seed < 1 << 53 ? .number(Double(seed)) : .string(String(seed))),
        ("replications", .number(Double(replications))),
        ("version", .string(MarketsimVersion.string)),
        ("fingerprint", .string(combined.description)),
        ("replication_fingerprints", .array(fingerprints.map { .string($0) })),
        ("command_line", .array(CommandLine.arguments.map { .string($0) })),
        ("jobs", .number(Double(jobs))),
        ("wall_seconds", .number((seconds * 1000).rounded() / 1000)),
        ("deterministic_files", .array(["trajectories.csv", "actors.csv", "organizations.csv", "events.csv", "bands.csv",
                                        "summary.csv", "summary_wide.csv", "scenario.json"].map { .string($0) })),
    ]
    object += extra
    return .object(JSONObject(object.map { JSONObject.Member(key: $0.0, value: $0.1) }))
}

/// The options every command that simulates shares: worker threads, and whether an
/// existing output folder may be replaced.
struct ExecutionOptions: ParsableArguments {
    @Option(help: "Worker threads (default: all cores). Output is identical for any value.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Replace an existing output folder.")
    var force = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }
}
