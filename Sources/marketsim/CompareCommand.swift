import ArgumentParser
import Experiments
import Foundation
import MarketModel
import Reporting

extension Marketsim {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run two scenarios on common random numbers and report their paired differences.",
            discussion: """
            Both scenarios run with the same seed and replication count, so replication r of A and of B \
            share every actor's random stream: their difference is the scenarios' doing, not chance, and \
            the 95 % interval of the paired difference is tight. Writes DIR/a and DIR/b (full run \
            folders) and DIR/compare.csv, and prints the table. With --posterior DIR (a `marketsim \
            calibrate` folder), replication r of both takes the parameters of the same posterior particle.
            """
        )

        @Argument(help: "Scenario A (file or shipped name).")
        var a: String

        @Argument(help: "Scenario B (file or shipped name).")
        var b: String

        @Option(help: "Replications of each (default: A's).")
        var replications: Int?

        @Option(help: "Master seed of both (default: A's seed).")
        var seed: UInt64?

        @Option(help: "Output folder (default: runs/compare-<A>-<B>).")
        var out: String?

        @Option(help: ArgumentHelp("A calibration folder: replication r of A and of B runs with the parameters of the same particle drawn from its posterior.", valueName: "DIR"))
        var posterior: String?

        @OptionGroup var execution: ExecutionOptions

        func validate() throws {
            if let replications, replications < 2 {
                throw ValidationError("--replications must be at least 2 for an interval, got \(replications)")
            }
        }

        func run() throws {
            let loadedA = try loadScenario(a)
            let loadedB = try loadScenario(b)
            let seed = seed ?? loadedA.scenario.seed
            let reps = replications ?? max(2, loadedA.scenario.replications)
            let folder = out ?? "runs/compare-\(loadedA.scenario.name)-\(loadedB.scenario.name)"
            InterruptCleanup.installHandlers()
            let output: OutputDirectory
            do {
                output = try OutputDirectory(path: folder, replaceExisting: execution.force)
            } catch {
                printError("marketsim: \(error)")
                throw ExitCode.failure
            }
            InterruptCleanup.register(output.stagingPath)
            defer { InterruptCleanup.unregister(output.stagingPath) }
            do {
                var drawsA: PosteriorDraws?, drawsB: PosteriorDraws?
                if let posterior {
                    let calibration = try CalibrationPosterior.load(folder: posterior)
                    drawsA = try PosteriorDraws(posterior: calibration, scenario: a, overrides: [], seed: seed, replications: reps)
                    drawsB = try PosteriorDraws(posterior: calibration, scenario: b, overrides: [], seed: seed, replications: reps)
                }
                let runA = try executeRun(loadedA, out: output.file("a"), seed: seed, replications: reps, jobs: execution.jobs, force: false,
                                          scenarioOfReplication: drawsA?.scenario, manifestExtra: drawsA?.manifest ?? [])
                let runB = try executeRun(loadedB, out: output.file("b"), seed: seed, replications: reps, jobs: execution.jobs, force: false,
                                          scenarioOfReplication: drawsB?.scenario, manifestExtra: drawsB?.manifest ?? [])
                let comparisons = CompareOutcomes.keyOutcomes.compactMap { name -> PairedComparison? in
                    guard let i = runA.outcomes.first?.names.firstIndex(of: name),
                          runB.outcomes.first?.names.firstIndex(of: name) == i else { return nil }
                    return PairedComparison(outcome: name, a: runA.outcomes.map { value($0.values[i]) },
                                            b: runB.outcomes.map { value($0.values[i]) })
                }
                try PairedComparison.write(comparisons, path: output.file("compare.csv"))
                try output.commit()
                print("\(loadedA.scenario.name) (A) vs \(loadedB.scenario.name) (B): \(reps) paired replications, seed \(seed); "
                      + "final-period outcomes unless named otherwise; written to \(output.finalPath)\n")
                print(ComparisonTable.render(comparisons, labelA: loadedA.scenario.name, labelB: loadedB.scenario.name))
            } catch let error as ExitCode {
                output.discard()
                throw error
            } catch {
                output.discard()
                printError("marketsim: \(error)")
                throw ExitCode.failure
            }
        }

        func value(_ x: Double) -> Double? { x.isFinite ? x : nil }
    }
}

/// The outcomes `compare` reports, in the order a reader wants them.
enum CompareOutcomes {
    static let keyOutcomes = [
        "gap_points", "gap_months", "gap_points_frontier_reasoning", "gap_points_coding",
        "frontier_price_usd_per_mtok", "best_open_price_usd_per_mtok",
        "token_share_proprietary", "token_share_open_lab", "token_share_infra",
        "spend_share_frontier_lab", "spend_share_open_lab", "spend_share_infra",
        "value_share_frontier_lab", "value_share_open_lab", "value_share_infra",
        "cumulative_profit_usd_frontier_lab", "cumulative_profit_usd_open_lab",
        "cumulative_profit_usd_distiller", "cumulative_profit_usd_infra",
        "adopted_share", "price_cut_any", "months_to_gap_below_5",
    ]
}
