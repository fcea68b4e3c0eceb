import ArgumentParser
import Experiments
import Foundation
import MarketModel
import Reporting
import ScenarioFormat

extension Marketsim {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a scenario's replications and write its trajectories, actors, events, bands and summary as CSV.",
            discussion: """
            The output folder holds trajectories.csv (one row per month per replication), actors.csv, \
            events.csv, bands.csv (mean, std_error, p5, p50, p95 per month and metric), summary.csv \
            (final values across replications), scenario.json (the resolved scenario) and manifest.json. \
            It appears whole when the run ends; an existing folder is never overwritten without --force. \
            With --posterior DIR (a `marketsim calibrate` folder), each replication takes the parameters \
            of a particle drawn by weight from the posterior, so the bands carry parameter uncertainty; \
            the scenario defaults to the folder's calibrated.json.
            """
        )

        @Argument(help: "A scenario file, or the name of a shipped scenario (bull, bull.json; see `marketsim scenarios`); optional with --posterior.")
        var scenario: String?

        @Option(help: ArgumentHelp("A calibration folder: each replication runs with the parameters of a particle drawn from its posterior.", valueName: "DIR"))
        var posterior: String?

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
            if let replications { try validateOption("--replications", Double(replications), asScenarioKey: ["replications"]) }
            if let seed { try validateOption("--seed", Double(seed), asScenarioKey: ["seed"]) }
            if scenario == nil && posterior == nil { throw ValidationError("give a scenario, or --posterior DIR to run its calibrated scenario") }
        }

        func run() throws {
            var calibration: CalibrationPosterior?
            if let posterior {
                do {
                    calibration = try CalibrationPosterior.load(folder: posterior)
                } catch {
                    printError("marketsim: --posterior \(error.description)")
                    throw ExitCode.failure
                }
            }
            let path = scenario ?? calibration!.calibratedScenario
            let loaded = try loadScenario(path, overrides: overrides)
            try execution.checkResources(
                ResourceEstimate.replications(loaded.compiled, replications: replications ?? loaded.scenario.replications,
                                              jobs: execution.jobs),
                file: loaded.resolved.files.last ?? path)
            let draws = try calibration.map {
                try PosteriorDraws(posterior: $0, scenario: path, overrides: overrides, seed: seed ?? loaded.scenario.seed,
                                   replications: replications ?? loaded.scenario.replications)
            }
            let progress = ProgressLine(total: replications ?? loaded.scenario.replications, quiet: quiet, unit: "replications",
                                        plainIntervalSeconds: progressInterval)
            let result = try executeRun(loaded, out: out ?? "runs/\(loaded.scenario.name)",
                                        inputs: loaded.resolved.files + (posterior.map { [$0] } ?? []), seed: seed,
                                        replications: replications, jobs: execution.jobs,
                                        force: execution.force, progress: progress, scenarioOfReplication: draws?.scenario,
                                        manifestExtra: draws?.manifest ?? [])
            progress.finish(done: result.outcomes.count)
            if !quiet { print(RunConsoleSummary.render(result.outcomes, scenario: loaded.scenario, folder: result.folder)) }
        }
    }
}

/// Runs `loaded` into the folder `out`, which must not hold any of `inputs` (files or
/// folders the run reads), and returns its outcomes.
/// `progress` counts finished replications from `progressStart`.
func executeRun(_ loaded: ScenarioFile.Loaded, out: String, inputs: [String], seed: UInt64?, replications: Int?, jobs: Int,
                force: Bool, progress: ProgressLine? = nil, progressStart: Int = 0,
                scenarioOfReplication: (@Sendable (Int) throws -> CompiledScenario)? = nil,
                manifestExtra: [(String, JSONValue)] = []) throws -> (folder: String, outcomes: [RunOutcomes]) {
    let seed = seed ?? loaded.scenario.seed
    let reps = replications ?? loaded.scenario.replications
    let output: OutputDirectory
    do {
        output = try InterruptCleanup.stagedOutput(path: out, replaceExisting: force, inputs: inputs)
    } catch {
        printError("marketsim: \(error)")
        throw ExitCode.failure
    }
    defer { InterruptCleanup.finished(output) }
    let clock = ContinuousClock()
    let start = clock.now
    do {
        let writer = try RunWriter(output: output, compiled: loaded.compiled)
        let runner = ReplicationRunner(compiled: loaded.compiled, seed: seed, replications: reps, jobs: jobs,
                                       scenarioOfReplication: scenarioOfReplication)
        try runner.run {
            try writer.append($0)
            progress?.update(done: progressStart + $0.replication + 1)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        try writer.finish(manifest: runManifest(loaded, seed: seed, replications: reps, jobs: jobs,
                                                fingerprints: writer.fingerprints, seconds: seconds, extra: manifestExtra),
                          resolvedScenario: loaded.resolved.value)
        return (output.finalPath, writer.outcomes)
    } catch let error as OutputError {
        // A write failed: the path and the system's cause, not the scenario, are at fault.
        output.discard()
        printError("marketsim: \(error)")
        throw ExitCode.failure
    } catch {
        output.discard()
        printError("marketsim: \(loaded.resolved.files.last ?? ""): \(error)")
        throw ExitCode.failure
    }
}

/// A scenario's replications with parameters drawn from a calibration's posterior:
/// replication r runs the scenario with the values of particle
/// `posterior.particle(forReplication: r, seed:)`, so two scenarios run with one seed
/// (compare) give replication r the same particle as well as the same random numbers.
struct PosteriorDraws {
    let scenario: @Sendable (Int) throws -> CompiledScenario
    /// What the run's manifest records: the calibration folder and each replication's particle.
    let manifest: [(String, JSONValue)]

    init(posterior: CalibrationPosterior, scenario path: String, overrides: [String], seed: UInt64,
         replications: Int) throws {
        let source = try ScenarioFile.read(path)
        let parsed = try overrides.map { try ScenarioOverride(parsing: $0) }
        scenario = { r in
            let particle = posterior.particle(forReplication: r, seed: seed)
            return try ScenarioFile.resolve(source, overrides: parsed + posterior.overrides(particle: particle)).compiled
        }
        manifest = [("posterior", .string(posterior.folder)),
                    ("posterior_particles", .array((0..<replications).map {
                        .number(Double(posterior.particle(forReplication: $0, seed: seed)))
                    }))]
    }
}
