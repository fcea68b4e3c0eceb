import ArgumentParser
import Experiments
import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import Synchronization

extension Marketsim {
    /// `marketsim sweep FILE` runs a sweep (its default subcommand `run`); `marketsim
    /// sweep merge` joins shard folders. A group with a default subcommand, because
    /// ArgumentParser cannot give one command both a positional argument and subcommands.
    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sweep a scenario's parameters over a design (grid, random, lhs, sobol) and tabulate outcomes per run.",
            discussion: """
            `marketsim sweep FILE` runs the sweep file (the `run` subcommand is the default); \
            `marketsim sweep merge DIR... --out DIR` joins the folders of a sharded sweep. See \
            Scenarios/sweeps/ for examples and docs/experiments.md for the file format.
            """,
            subcommands: [RunSweep.self, Merge.self],
            defaultSubcommand: RunSweep.self
        )
    }
}

extension Marketsim.Sweep {
    struct RunSweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a sweep file: every point of its design, replicated, in parallel and resumable.",
            discussion: """
            The output folder holds sweep.json (the definition), runs.csv (one row per run: run_id, \
            point_id, replication, seed, the parameters and the outcomes), points.csv (mean, standard \
            error and 95 % interval per point and outcome), sensitivity.csv (sobol designs: first-order \
            and total indices with bootstrap intervals), manifest.json and, with --trajectories, \
            trajectories.csv. Every file but manifest.json is identical for any --jobs, any shard split \
            (after merge) and any interruption resumed with --resume. Every point's scenario is validated \
            before the first run, so a bad point fails at once and writes nothing.
            """
        )

        @Argument(help: "The sweep file (JSON with comments), or the name of a shipped sweep (gap, sobol, small).")
        var file: String

        @Option(help: "Replications per point (default: the sweep file's).")
        var replications: Int?

        @Option(help: "Points of a random or lhs design, base rows of a sobol design (default: the sweep file's).")
        var samples: Int?

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a key of the base scenario at every point, after the file's overrides (repeatable).", valueName: "path=value"))
        var overrides: [String] = []

        @Option(help: "Output folder (default: runs/sweep-<sweep file name>).")
        var out: String?

        @OptionGroup var execution: ExecutionOptions

        @Option(help: ArgumentHelp("Run only the K-th of N round-robin slices of the runs (default: from a Slurm array's variables, else all); join the slices with `sweep merge`.", valueName: "K/N"))
        var shard: String?

        @Flag(help: "Continue an interrupted sweep in the output folder, keeping its finished runs.")
        var resume = false

        @Flag(help: "No progress line and no summary; errors only.")
        var quiet = false

        @Flag(help: "Also write trajectories.csv: every run's monthly metrics in long format (run_id, date, metric, value).")
        var trajectories = false

        @Option(help: .hidden)
        var stopAfterRuns: Int?

        @Option(help: .hidden)
        var progressInterval: Double = 10

        /// Checking a point's scenario takes about 0.5 ms: from this many points on, the
        /// check alone takes seconds, and the sweep says what it is about to do.
        static let pointsWorthAnnouncing = 10_000

        func validate() throws {
            if let stopAfterRuns, stopAfterRuns < 1 { throw ValidationError("--stop-after-runs must be at least 1") }
            if let replications, replications < 1 { throw ValidationError("--replications must be at least 1, got \(replications)") }
            if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples)") }
        }

        func run() throws {
            let sweepFile: SweepFile
            do {
                sweepFile = try SweepFile.load(file, adjustments: SweepFile.Adjustments(replications: replications, samples: samples,
                                                                                       overrides: overrides))
            } catch {
                printError(error.description)
                throw ExitCode.failure
            }
            let shardSpec = try resolveShard(shard)
            let sweep = MarketSweep(file: sweepFile, trajectories: trajectories)
            // Before the points are validated: that alone is work in proportion to them.
            try execution.checkResources(sweep.resourceEstimate(jobs: execution.jobs), file: file)
            let d = sweepFile.definition
            if !quiet && d.pointCount >= Self.pointsWorthAnnouncing {
                printError("sweep \(file): \(d.runCount) runs (\(d.pointCount) points x \(d.replications) replication\(d.replications == 1 ? "" : "s")); checking every point's scenario first")
            }
            do {
                try sweep.validatePoints(jobs: execution.jobs)
            } catch {
                printError(error.description)
                throw ExitCode.failure
            }
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            if out == nil, let problem = ScenarioFormat.Schema.identifierProblem("sweep-" + name) {
                printError("marketsim: \(file): cannot name the default output folder runs/sweep-<file name> after this file (\(problem)); give --out")
                throw ExitCode.failure
            }
            let folder = out ?? "runs/sweep-\(name)"
            let cancellation = SweepCancellation()
            var options = SweepOptions(jobs: execution.jobs, shard: shardSpec, resume: resume, force: execution.force, quiet: quiet,
                                       cancellation: cancellation, commandLine: CommandLine.arguments)
            options.plainProgressIntervalSeconds = progressInterval
            let replacing = MarketSweep.replacesWhole(folder: folder, options: options)
            let summary: SweepSummary
            do {
                summary = try sweep.run(folder: folder, options: options, runFinished: stopAfter(stopAfterRuns, cancellation))
            } catch {
                printError("marketsim: \(error.description)")
                if error.isInterrupted {
                    // A forced replacement is discarded when interrupted: nothing to resume.
                    if !replacing { printError("resume with: \(resumeCommand(folder: folder, shard: shardSpec))") }
                    throw ExitCode(130)
                }
                throw ExitCode.failure
            }
            guard !quiet else { return }
            print(SweepConsoleSummary.render(sweepFile, summary))
            printThroughput(summary.throughput)
        }

        /// A hook that cancels the sweep once `runs` runs have finished (for tests of resume).
        private func stopAfter(_ runs: Int?, _ cancellation: SweepCancellation) -> (@Sendable (RunSpec) -> Void)? {
            guard let runs else { return nil }
            let finished = FinishedRuns()
            return { _ in
                if finished.count.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue >= runs { cancellation.cancel() }
            }
        }

        private func resumeCommand(folder: String, shard: ShardSpec) -> String {
            var words = ["marketsim", "sweep", file, "--out", folder, "--resume"]
            if let replications { words += ["--replications", String(replications)] }
            if let samples { words += ["--samples", String(samples)] }
            for override in overrides { words += ["--set", override] }
            if shard.count > 1 { words += ["--shard", shard.description] }
            if trajectories { words.append("--trajectories") }
            return words.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the folders of a sharded sweep (all shards 1/N...N/N, complete) into one sweep folder.",
            discussion: """
            The merged folder equals, byte for byte (manifest.json aside), the folder one machine \
            running the whole sweep writes: runs.csv in run-id order, points.csv, sensitivity.csv and, \
            when every shard has one, trajectories.csv.
            """
        )

        @Argument(help: "The shard folders, in any order.")
        var shards: [String]

        @Option(help: "The merged sweep folder.")
        var out: String

        @Flag(help: "Replace an existing output folder.")
        var force = false

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        func run() throws {
            let definition: SweepDefinition
            do {
                definition = try MarketSweep.merge(shardFolders: shards, into: out, force: force,
                                                   commandLine: CommandLine.arguments)
            } catch {
                printError("marketsim: \(error.description)")
                throw ExitCode.failure
            }
            guard !quiet else { return }
            print("merged \(shards.count) shard\(shards.count == 1 ? "" : "s"): \(definition.runCount) runs of "
                  + "\(definition.pointCount) points into \(out)")
        }
    }
}

/// Counts finished runs across worker threads (a class: the escaping hook shares it).
private final class FinishedRuns: Sendable {
    let count = Atomic<Int>(0)
}

/// The lines a finished sweep prints: what ran, where, and for a Sobol design the
/// parameters with the largest total indices per outcome.
enum SweepConsoleSummary {
    static func render(_ file: SweepFile, _ summary: SweepSummary) -> String {
        let d = file.definition
        var lines: [String] = []
        let scope = summary.shard.count > 1
            ? "shard \(summary.shard) of a sweep of \(d.runCount) runs: \(summary.runsInShard) runs"
            : "\(d.runCount) runs"
        let how = summary.wasAlreadyComplete ? "already complete, nothing ran"
            : "\(summary.runsExecuted) run\(summary.runsExecuted == 1 ? "" : "s") this session"
        lines.append("sweep \(file.path) of \(BaseScenario(file.base.scenario).description)")
        lines.append("\(scope) (\(d.pointCount) points x \(d.replications) replication\(d.replications == 1 ? "" : "s"), \(d.design.rawValue)); \(how)")
        lines.append("written to \(summary.folder)")
        if summary.shard.count > 1 {
            lines.append("join all \(summary.shard.count) shards with: marketsim sweep merge DIR... --out DIR")
        }
        if d.design == .sobol && summary.shard.count == 1 {
            lines += sensitivityLines(folder: summary.folder)
        }
        return lines.joined(separator: "\n")
    }

    /// The top three parameters by total Sobol index for each outcome, from
    /// sensitivity.csv, as a table within 100 columns (a parameter per line), and a word
    /// when the intervals say the sample is too small for the indices to be read.
    static func sensitivityLines(folder: String, top: Int = 3) -> [String] {
        guard let table = try? CSVTable.read(path: folder + "/" + OutputFileNames.Sweep.sensitivity),
              let parameters = try? table.strings("parameter"), let outcomes = try? table.strings("outcome"),
              let totals = try? table.numbers("total"), let lows = try? table.numbers("total_ci_low"),
              let highs = try? table.numbers("total_ci_high") else { return [] }
        var rows = [["outcome and parameter", "total", "95 % interval"]]
        var order: [String] = []
        for outcome in outcomes where !order.contains(outcome) { order.append(outcome) }
        func text(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "-" }
        var unsettled = false
        for outcome in order {
            rows.append([outcome])
            let ranked = outcomes.indices.filter { outcomes[$0] == outcome }
                .sorted { (totals[$0] ?? -.infinity) > (totals[$1] ?? -.infinity) }
                .prefix(top)
            for row in ranked {
                rows.append(["  " + parameters[row], text(totals[row]), "[\(text(lows[row])), \(text(highs[row]))]"])
                if let low = lows[row], let high = highs[row] {
                    unsettled = unsettled || low < 0 || high > 1 || (high - low) / 2 > HTMLReport.targetHalfWidth
                }
            }
        }
        var lines = ["Largest total Sobol indices, with 95 % bootstrap intervals:"] + TextTable.render(rows).split(separator: "\n").map(String.init)
        if unsettled {
            lines.append("Intervals wider than +-\(text(HTMLReport.targetHalfWidth)) or reaching outside [0, 1]: the indices are not settled;")
            lines.append("run more --samples (`marketsim report` on the folder says about how many).")
        }
        return lines
    }
}
