import Foundation
import MarketModel
import Reporting

/// manifest.json of a sweep folder: what ran (hash, seed, design, counts, version) and
/// how long it took (`RunThroughput`). The timings, the worker count and the command line make it the
/// one file of a sweep folder that is not reproducible byte for byte; nothing
/// compares it.
struct SweepManifest {
    let definition: SweepDefinition
    let shard: ShardSpec
    let runsInShard: Int
    let runsExecuted: Int
    let jobs: Int
    let commandLine: [String]
    let started: Date
    /// For a merge: the shard folders it joined.
    let sources: [String]
    /// The scenario the sweep varies (see `BaseScenario`).
    let baseScenario: BaseScenario?
    /// When the session ended: when the manifest was made, before it is written.
    let finished = Date()

    /// The session's runs per second, per second per core, and wall time.
    var throughput: RunThroughput {
        RunThroughput(runs: runsExecuted, seconds: finished.timeIntervalSince(started), jobs: jobs)
    }

    var text: String {
        let d = definition
        let iso = ISO8601DateFormatter()
        func string(_ s: String) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        func list(_ items: [String]) -> String { "[" + items.map(string).joined(separator: ", ") + "]" }
        var fields: [(String, String)] = [
            ("marketsim_version", string(MarketsimVersion.string)),
            ("sweep_hash", string(d.hash)),
            ("seed", string(String(d.seed))),
            ("design", string(d.design.rawValue)),
            ("samples", d.samples.map(String.init) ?? "null"),
            ("replications", String(d.replications)),
            ("parameters", list(d.parameters.map(\.name))),
            ("outcomes", list(d.outcomes)),
            ("points", String(d.pointCount)),
            ("runs", String(d.runCount)),
            ("shard", string(shard.description)),
            ("runs_in_shard", String(runsInShard)),
            ("runs_executed_this_session", String(runsExecuted)),
            ("merged_from", list(sources)),
            ("jobs", String(jobs)),
            ("command_line", list(commandLine)),
            ("deterministic_files", list([OutputFileNames.Sweep.definition, OutputFileNames.Sweep.state, OutputFileNames.Sweep.runs,
                                          OutputFileNames.Sweep.points, OutputFileNames.Sweep.sensitivity])),
            ("session_started_at", string(iso.string(from: started))),
            ("session_finished_at", string(iso.string(from: finished))),
        ] + throughput.manifestFields.map { ($0.key, String(format: "%.3f", $0.value)) }
        if let baseScenario {
            fields.insert(contentsOf: [(BaseScenario.nameKey, string(baseScenario.name)),
                                       (BaseScenario.arguesKey, string(baseScenario.argues))], at: 2)
        }
        return "{\n" + fields.map { "  \(string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    func write(folder: String) throws(SweepError) {
        try SweepOutputFolder.writeAtomically(text, to: folder + "/" + OutputFileNames.Sweep.manifest)
    }
}
