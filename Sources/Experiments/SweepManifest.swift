import Foundation
import MarketModel
import Reporting

/// manifest.json of a sweep folder: what ran (hash, seed, design, counts, version) and
/// how long it took. The timings, the worker count and the command line make it the
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

    var text: String {
        let d = definition
        let finished = Date()
        let iso = ISO8601DateFormatter()
        func string(_ s: String) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        func list(_ items: [String]) -> String { "[" + items.map(string).joined(separator: ", ") + "]" }
        let seconds = finished.timeIntervalSince(started)
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
            ("session_wall_seconds", String(format: "%.3f", seconds)),
            ("session_runs_per_second", String(format: "%.3f", seconds > 0 ? Double(runsExecuted) / seconds : 0)),
        ]
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
