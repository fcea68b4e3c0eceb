import ArgumentParser
import Experiments
import Foundation
import MarketModel
import Reporting
import ScenarioFormat

extension Marketsim {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run several scenarios on common random numbers and report their paired differences against the first.",
            discussion: """
            Every scenario runs with the same seed and replication count, so replication r of each shares \
            every actor's random stream: a difference is the scenarios' doing, not chance, and the 95 % \
            interval of the paired difference is tight. Writes one run folder per scenario (named after it), \
            trajectories.csv and bands.csv of all of them with a scenario column, differences.csv (each \
            scenario against the first, every month and metric), compare.csv (the same at the end of the \
            horizon, with run-level outcomes) and manifest.json, and prints the key outcomes. With \
            --posterior DIR (a `marketsim calibrate` folder), replication r of every scenario takes the \
            parameters of the same posterior particle.
            """
        )

        @Argument(help: "Two or more scenarios (files or shipped names); the first is the reference.")
        var scenarios: [String]

        @Option(help: "Replications of each (default: the first scenario's).")
        var replications: Int?

        @Option(help: "Master seed of all (default: the first scenario's seed).")
        var seed: UInt64?

        @Option(help: "Output folder (default: runs/compare-<name>-<name>...).")
        var out: String?

        @Option(help: ArgumentHelp("A calibration folder: replication r of every scenario runs with the parameters of the same particle drawn from its posterior.", valueName: "DIR"))
        var posterior: String?

        @OptionGroup var execution: ExecutionOptions

        @Flag(help: "No progress line and no table of outcomes; errors only.")
        var quiet = false

        @Option(help: .hidden)
        var progressInterval: Double = 10

        func validate() throws {
            if scenarios.count < 2 {
                throw ValidationError("compare needs at least two scenarios, got \(scenarios.count)")
            }
            if let replications {
                if replications < 2 { throw ValidationError("--replications must be at least 2 for an interval, got \(replications)") }
                try validateOption("--replications", Double(replications), asScenarioKey: ["replications"])
            }
            if let seed { try validateOption("--seed", Double(seed), asScenarioKey: ["seed"]) }
        }

        func run() throws {
            let loaded = try scenarios.map { try loadScenario($0) }
            let reference = loaded[0].scenario
            let seed = seed ?? reference.seed
            let reps = replications ?? max(2, reference.replications)
            let labels = ScenarioComparison.labels(loaded.map(\.scenario.name))
            let folder = out ?? "runs/compare-" + labels.joined(separator: "-")
            // Each scenario's run folder is named by its label, beside the comparison's files.
            if let clash = labels.first(where: OutputFileNames.Compare.all.contains) {
                printError("marketsim: the scenario named \(clash) would share its name with the comparison's file \(clash); rename the scenario (its \"name\")")
                throw ExitCode.failure
            }
            let estimates = loaded.map {
                ResourceEstimate.replications($0.compiled, replications: reps, jobs: execution.jobs)
            }
            try execution.checkResources(ResourceEstimate.sequence(estimates, scope: labels.joined(separator: " then ")),
                                         file: loaded[0].resolved.files.last ?? scenarios[0])
            let output: OutputDirectory
            do {
                output = try InterruptCleanup.stagedOutput(path: folder, replaceExisting: execution.force,
                                                           inputs: loaded.flatMap(\.resolved.files) + (posterior.map { [$0] } ?? []))
            } catch {
                printError("marketsim: \(error)")
                throw ExitCode.failure
            }
            defer { InterruptCleanup.finished(output) }
            do {
                var members: [ScenarioComparison.Member] = []
                let calibration = try posterior.map { try CalibrationPosterior.load(folder: $0) }
                let progress = ProgressLine(total: reps * loaded.count, quiet: quiet, unit: "replications",
                                            plainIntervalSeconds: progressInterval)
                for (index, (scenario, label)) in zip(loaded, labels).enumerated() {
                    let draws = try calibration.map {
                        try PosteriorDraws(posterior: $0, scenario: scenarios[index], overrides: [], seed: seed, replications: reps)
                    }
                    let run = try executeRun(scenario, out: output.file(label), inputs: [], seed: seed, replications: reps,
                                             jobs: execution.jobs, force: false, progress: progress, progressStart: index * reps,
                                             scenarioOfReplication: draws?.scenario, manifestExtra: draws?.manifest ?? [])
                    members.append(ScenarioComparison.Member(label: label, folder: run.folder, outcomes: run.outcomes))
                }
                progress.finish(done: reps * loaded.count)
                let comparison = ScenarioComparison(members: members)
                try comparison.write(into: output.stagingPath)
                try writeManifest(loaded, labels: labels, seed: seed, replications: reps, to: output.file(OutputFileNames.Compare.manifest))
                try output.commit()
                guard !quiet else { return }
                // Three short lines rather than one: the console stays within 100 columns.
                print("\(labels.joined(separator: ", ")): \(reps) paired replications each, seed \(seed)\n"
                      + "final-period outcomes unless named otherwise\nwritten to \(output.finalPath)\n")
                let end = reference.startDate.firstOfMonth(addingMonths: reference.months)
                print(ComparisonTable.ranking(comparison, end: "\(end)"))
                print(ComparisonTable.render(comparison, sections: CompareOutcomes.sections), terminator: "")
            } catch let error as ExitCode {
                output.discard()
                throw error
            } catch {
                output.discard()
                printError("marketsim: \(error)")
                throw ExitCode.failure
            }
        }

        /// The comparison's own manifest: what was compared, on which seed, by which
        /// version and command; each run folder keeps its full manifest.
        func writeManifest(_ loaded: [ScenarioFile.Loaded], labels: [String], seed: UInt64, replications: Int,
                           to path: String) throws {
            let members: [(String, JSONValue)] = [
                ("kind", .string("compare")),
                ("scenarios", .array(labels.map { .string($0) })),
                ("reference", .string(labels[0])),
                ("scenario_files", .array(loaded.map { .string($0.resolved.files.last ?? $0.scenario.name) })),
                ("scenario_hashes", .array(loaded.map { .string($0.hash) })),
                ("seed", seed < 1 << 53 ? .number(Double(seed)) : .string(String(seed))),
                ("replications", .number(Double(replications))),
                ("version", .string(MarketsimVersion.string)),
                ("command_line", .array(CommandLine.arguments.map { .string($0) })),
            ]
            let manifest = JSONValue.object(JSONObject(members.map { JSONObject.Member(key: $0.0, value: $0.1) }))
            try OutputError.checking("write", path) { try Data((manifest.prettyText + "\n").utf8).write(to: URL(fileURLWithPath: path)) }
        }
    }
}

/// The outcomes `compare` prints, in the order a reader wants them: the gap, prices and
/// shares, then who captures the value in the measure every headline uses
/// (`ValueCapture`: shares of total surplus beside their levels), and last the spend and
/// gross-margin shares under a detail heading.
enum CompareOutcomes {
    static let sections: [ComparisonTable.Section] = [
        .init(["gap_points", "gap_months", "gap_points_frontier_reasoning", "gap_points_coding",
               "frontier_price_usd_per_mtok", "best_open_price_usd_per_mtok",
               "token_share_proprietary", "token_share_open_lab", "token_share_infra",
               "adopted_share", "frontier_cut_held", "frontier_cut_fraction", "months_to_gap_below_5"]),
        .init(ValueCapture.headlineMetrics, heading: ValueCapture.heading),
        .init(ValueCapture.detailMetrics.map(\.metric), heading: ValueCapture.detailHeading),
    ]
}
