import ArgumentParser
import Experiments
import Foundation
import MarketModel
import Reporting

extension Marketsim {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a scenario's replications and write its trajectories, actors, events, bands and summary as CSV.",
            discussion: """
            The output folder holds trajectories.csv (one row per month per replication), actors.csv, \
            events.csv, bands.csv (mean, std_error, p5, p50, p95 per month and metric), summary.csv \
            (final values across replications), scenario.json (the resolved scenario) and manifest.json. \
            It appears whole when the run ends; an existing folder is never overwritten without --force.
            """
        )

        @Argument(help: "A scenario file, or the name of a shipped scenario (bull, bull.json; see `marketsim scenarios`).")
        var scenario: String

        @Option(help: "Output folder (default: runs/<scenario name>).")
        var out: String?

        @Option(help: "Master seed (default: the scenario's seed).")
        var seed: UInt64?

        @Option(help: "Number of replications (default: the scenario's).")
        var replications: Int?

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key, e.g. --set buyers.count=5000 (repeatable).", valueName: "path=value"))
        var overrides: [String] = []

        @OptionGroup var execution: ExecutionOptions

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        @Option(help: .hidden)
        var progressInterval: Double = 10

        func validate() throws {
            if let replications { try validateOption("--replications", Double(replications), asScenarioKey: "replications") }
            if let seed { try validateOption("--seed", Double(seed), asScenarioKey: "seed") }
        }

        func run() throws {
            let loaded = try loadScenario(scenario, overrides: overrides)
            try execution.checkResources(
                ResourceEstimate.replications(loaded.compiled, replications: replications ?? loaded.scenario.replications,
                                              jobs: execution.jobs),
                file: loaded.resolved.files.last ?? scenario)
            let progress = ProgressLine(total: replications ?? loaded.scenario.replications, quiet: quiet, unit: "replications",
                                        plainIntervalSeconds: progressInterval)
            let result = try executeRun(loaded, out: out ?? "runs/\(loaded.scenario.name)", seed: seed,
                                        replications: replications, jobs: execution.jobs,
                                        force: execution.force, progress: progress)
            progress.finish(done: result.outcomes.count)
            if !quiet { print(RunConsoleSummary.render(result.outcomes, scenario: loaded.scenario, folder: result.folder)) }
        }
    }
}

/// Runs `loaded` into the folder `out` and returns its outcomes.
/// `progress` counts finished replications from `progressStart`.
func executeRun(_ loaded: ScenarioFile.Loaded, out: String, seed: UInt64?, replications: Int?, jobs: Int,
                force: Bool, progress: ProgressLine? = nil, progressStart: Int = 0) throws -> (folder: String, outcomes: [RunOutcomes]) {
    let seed = seed ?? loaded.scenario.seed
    let reps = replications ?? loaded.scenario.replications
    InterruptCleanup.installHandlers()
    let output: OutputDirectory
    do {
        output = try OutputDirectory(path: out, replaceExisting: force)
    } catch {
        printError("marketsim: \(error)")
        throw ExitCode.failure
    }
    InterruptCleanup.register(output.stagingPath)
    defer { InterruptCleanup.unregister(output.stagingPath) }
    let clock = ContinuousClock()
    let start = clock.now
    do {
        let writer = try RunWriter(output: output, compiled: loaded.compiled)
        let runner = ReplicationRunner(compiled: loaded.compiled, seed: seed, replications: reps, jobs: jobs)
        try runner.run {
            try writer.append($0)
            progress?.update(done: progressStart + $0.replication + 1)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        try writer.finish(manifest: runManifest(loaded, seed: seed, replications: reps, jobs: jobs,
                                                fingerprints: writer.fingerprints, seconds: seconds),
                          resolvedScenario: loaded.resolved.value)
        return (output.finalPath, writer.outcomes)
    } catch {
        output.discard()
        printError("marketsim: \(loaded.resolved.files.last ?? ""): \(error)")
        throw ExitCode.failure
    }
}
