import ArgumentParser
import Experiments
import Foundation
import MarketModel
import Reporting

extension Marketsim {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a scenario's replications and write trajectories, actors, events and a summary as CSV."
        )

        @Argument(help: "The scenario file (or the name of a shipped scenario, such as bull.json).")
        var scenario: String

        @Option(help: "Output folder (default: runs/<scenario name>).")
        var out: String?

        @Option(help: "Master seed (default: the scenario's seed).")
        var seed: UInt64?

        @Option(help: "Number of replications (default: the scenario's).")
        var replications: Int?

        @Option(help: "Worker threads (default: all cores).")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Replace an existing output folder.")
        var force = false

        func run() throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: scenario))
            let s = try Scenario.decode(json: data)
            let compiled = try CompiledScenario(s)
            let reps = replications ?? s.replications
            let output = try OutputDirectory(path: out ?? "runs/\(s.name)", replaceExisting: force)
            let writer = try RunWriter(output: output, compiled: compiled)
            let runner = ReplicationRunner(compiled: compiled, seed: seed ?? s.seed, replications: reps, jobs: jobs)
            try runner.run { try writer.append($0) }
            try writer.close()
            try output.commit()
            print("wrote \(output.finalPath)")
        }
    }
}
