import ArgumentParser
import Experiments
import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit

/// Writes `message` to standard error.
func printError(_ message: String) {
    writeToStandardError(message.hasSuffix("\n") ? message : message + "\n")
}

/// Prints a session's throughput line on standard error when it is a terminal, as the
/// progress line is: a timing is for the person watching; piped, standard error keeps
/// to errors (one line each) and manifest.json records the figures.
func printThroughput(_ throughput: RunThroughput?) {
    guard let throughput, isatty(STDERR_FILENO) == 1 else { return }
    printError(throughput.consoleLine)
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

/// The slice `--shard K/N` names, else a Slurm array task's, else all; a bad value is
/// printed and exits 1.
func resolveShard(_ shard: String?) throws -> ShardSpec {
    do {
        if let shard { return try ShardSpec(parsing: shard) }
        return try ShardSpec.fromSlurm(environment: ProcessInfo.processInfo.environment) ?? .whole
    } catch {
        printError("marketsim: \(error.description)")
        throw ExitCode.failure
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

/// `--quiet` on a command that prints only its answer (scenarios, schema, columns, costs,
/// facts): accepted so that a script, or the Python package, can pass --quiet to every
/// command alike. Such a command writes no progress or notice to suppress, and its
/// answer is what it is run for, so the flag changes nothing.
struct AnswerOnlyQuiet: ParsableArguments {
    @Flag(help: "Accepted for scripts that pass --quiet to every command; this one prints only its answer (and errors) anyway.")
    var quiet = false
}

/// The options every command that simulates shares: worker threads, and whether an
/// existing output folder may be replaced.
struct ExecutionOptions: ParsableArguments {
    @Option(help: "Worker threads (default: all cores). Output is identical for any value.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Replace an existing output folder.")
    var force = false

    @Option(name: .customLong("max-memory"),
            help: ArgumentHelp("Refuse work whose estimated peak memory exceeds this size, such as 4G or 512M (default: this machine's memory).",
                               valueName: "size"))
    var maxMemory: String?

    /// The limit estimates are checked against (validated in `validate`).
    var memoryLimit: MemoryLimit { MemoryLimit.from(option: maxMemory) ?? MemoryLimit.machine() }

    /// More threads than this only cost memory (8 MB of stack each) on any machine
    /// marketsim runs on; the output is the same for any count.
    static let maximumJobs = 1024

    func validate() throws {
        if jobs < 1 || jobs > Self.maximumJobs {
            throw ValidationError("--jobs must be in 1...\(Self.maximumJobs), got \(jobs)")
        }
        if let maxMemory, MemoryLimit.parse(size: maxMemory) == nil {
            throw ValidationError("--max-memory \(maxMemory): expected a size such as 4G, 512M or 1.5G")
        }
    }

    /// Exits with the estimate and the limit, naming `file`, when `estimate` exceeds the limit.
    func checkResources(_ estimate: ResourceEstimate, file: String) throws {
        do {
            try estimate.check(against: memoryLimit)
        } catch {
            printError("marketsim: \(file): \(error)")
            throw ExitCode.failure
        }
    }
}

/// Checks a command-line option that stands for a scenario key (`--replications`,
/// `--seed`) against that key's limits in the scenario schema, so that the option
/// accepts exactly what the file does; the error names the option and the key.
func validateOption(_ option: String, _ value: Double, asScenarioKey key: JSONPath) throws {
    guard let schema = ScenarioSchema.schema.schemas(at: key).first else {
        preconditionFailure("no scenario key \(key)")
    }
    var diagnostics = Diagnostics()
    _ = schema.validate(.number(value), diagnostics: &diagnostics)
    if let issue = diagnostics.issues.first {
        throw ValidationError("\(option): \(issue.message) (the limit of \(key) in a scenario file)")
    }
}
