import Foundation
import MarketModel
import ScenarioFormat

/// Writes a run folder as replications arrive: `trajectories.csv`, `actors.csv`,
/// `organizations.csv` and `events.csv` streamed row by row; then `bands.csv`, `summary.csv`, `scenario.json`
/// (the resolved scenario, enough to rerun) and `manifest.json`. The folder is staged
/// and appears whole on `finish`; every file but the manifest (which records timings
/// and the command line) is a pure function of the scenario and seed.
public final class RunWriter {
    public let output: OutputDirectory
    let compiled: CompiledScenario
    let recorder: RunRecorder
    let trajectories: CSVWriter
    let actors: CSVWriter
    let events: CSVWriter
    let organizations: CSVWriter
    var bands: BandsAccumulator
    /// Per-replication run-level outcomes, in replication order.
    public private(set) var outcomes: [RunOutcomes] = []
    public private(set) var fingerprints: [String] = []

    public init(output: OutputDirectory, compiled: CompiledScenario) throws {
        self.output = output
        self.compiled = compiled
        recorder = RunRecorder(compiled: compiled)
        bands = BandsAccumulator(metrics: Array(recorder.metricColumns))
        trajectories = try CSVWriter(path: output.file("trajectories.csv"), columns: recorder.columns)
        actors = try CSVWriter(path: output.file("actors.csv"), columns: ColumnDictionary.actors.map(\.name))
        events = try CSVWriter(path: output.file("events.csv"), columns: ColumnDictionary.events.map(\.name))
        organizations = try CSVWriter(path: output.file("organizations.csv"), columns: ColumnDictionary.organizations.map(\.name))
    }

    func date(_ day: Double) -> String { compiled.date(ofDay: day) }

    /// Appends one replication's rows (replications must arrive in order).
    public func append(_ result: RunResult) throws {
        let rep = String(result.replication)
        for (period, (values, day)) in zip(result.trajectory, result.trajectoryDays).enumerated() {
            let dateText = date(day)
            try trajectories.write([rep, dateText, CSVFormat.number(day)] + values.map(CSVFormat.number))
            bands.add(replication: result.replication, period: period, date: dateText, values: values)
        }
        for row in result.actorRows {
            try actors.write([rep, date(row.day), CSVFormat.number(row.day), compiled.actorIDs[row.actor],
                              compiled.actorKinds[row.actor].name, compiled.actorOrganizations[row.actor]]
                             + row.values.map(CSVFormat.number))
        }
        for e in result.events {
            try events.write([rep, date(e.day), CSVFormat.number(e.day)] + e.fields)
        }
        try appendOrganizations(result, replication: rep)
        outcomes.append(RunOutcomes(result: result, recorder: recorder, compiled: compiled))
        fingerprints.append(result.fingerprint)
    }

    /// One organisation may play several roles (a lab that also runs a cloud, H11): its
    /// rows sum its actors' rows, month by month, in total and by role.
    func appendOrganizations(_ result: RunResult, replication rep: String) throws {
        for row in OrganizationRow.rows(result, compiled: compiled) {
            try organizations.write([rep, date(row.day), CSVFormat.number(row.day)] + row.fields)
        }
    }

    /// Writes the closing files, then makes the folder appear under its final name.
    public func finish(manifest: JSONValue, resolvedScenario: JSONValue) throws {
        try trajectories.close()
        try actors.close()
        try events.close()
        try organizations.close()
        try bands.write(path: output.file("bands.csv"))
        try RunOutcomes.writeSummary(outcomes, path: output.file("summary.csv"))
        try RunOutcomes.writeWideSummary(outcomes, path: output.file("summary_wide.csv"))
        try write(resolvedScenario.prettyText + "\n", to: output.file("scenario.json"))
        try write(manifest.prettyText + "\n", to: output.file("manifest.json"))
        try output.commit()
    }

    func write(_ text: String, to path: String) throws {
        try OutputError.checking("write", path) { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
    }
}

/// One replication's outcomes: every trajectory metric at the final period, plus
/// run-level figures (price cuts, H7's persistent cut and the deepest held cut in one
/// decision and in a quarter, when the gap first fell under 5 points).
public struct RunOutcomes: Sendable {
    public let replication: Int
    public let names: [String]
    public let values: [Double]

    /// Run-level outcome names, after the final-period metrics.
    public static let runLevelNames = ["price_cut_any", "largest_price_cut_fraction", "price_cuts_total",
                                       "frontier_cut_held", "frontier_cut_fraction", "frontier_cut_fraction_90d",
                                       "months_to_gap_below_5", "events_executed"]

    /// Outcomes as given, for summaries of made-up values.
    init(replication: Int, names: [String], values: [Double]) {
        self.replication = replication
        self.names = names
        self.values = values
    }

    public init(result: RunResult, recorder: RunRecorder, compiled: CompiledScenario) {
        replication = result.replication
        let metrics = Array(recorder.metricColumns)
        var values = result.trajectory.last ?? Array(repeating: .nan, count: metrics.count)
        let gapColumn = metrics.firstIndex(of: "gap_points")!
        var monthsToGap = Double.nan
        for (period, row) in result.trajectory.enumerated() where row[gapColumn] < 5 {
            monthsToGap = Double(period)
            break
        }
        values += [result.priceCutFractions.isEmpty ? 0 : 1, result.priceCutFractions.max() ?? 0,
                   Double(result.priceCutFractions.count), result.frontierCutHeld(compiled), result.frontierCutDepth(compiled),
                   result.frontierCutDepth(compiled, window: PersistentCut.windowDays), monthsToGap,
                   Double(result.eventsExecuted)]
        names = metrics + Self.runLevelNames
        self.values = values
    }

    /// `summary.csv`: for every outcome, its mean, standard error and 5th, 50th and
    /// 95th percentiles across replications (`metric,stat,value`), missing values skipped.
    public static func writeSummary(_ outcomes: [RunOutcomes], path: String) throws {
        let writer = try CSVWriter(path: path, columns: ["metric", "stat", "value"])
        guard let names = outcomes.first?.names else { return try writer.close() }
        for (i, name) in names.enumerated() {
            let sample = outcomes.map { $0.values[i] }.filter(\.isFinite)
            let stats = BandsAccumulator.statistics(of: sample)
            for stat in BandStatistic.allCases {
                try writer.write([name, stat.rawValue, stats[stat].map(CSVFormat.number) ?? ""])
            }
            try writer.write([name, "n", String(sample.count)])
        }
        try writer.close()
    }

    /// The header of `summary_wide.csv`.
    public static let wideSummaryColumns = ["metric", "mean", "median", "p5", "p95", "std_error", "n"]

    /// `summary_wide.csv`: the statistics of `summary.csv` with one row per outcome, for
    /// a spreadsheet (`median` is the 50th percentile).
    public static func writeWideSummary(_ outcomes: [RunOutcomes], path: String) throws {
        let writer = try CSVWriter(path: path, columns: wideSummaryColumns)
        guard let names = outcomes.first?.names else { return try writer.close() }
        for (i, name) in names.enumerated() {
            let sample = outcomes.map { $0.values[i] }.filter(\.isFinite)
            let stats = BandsAccumulator.statistics(of: sample)
            let fields = [BandStatistic.mean, .p50, .p5, .p95, .standardError].map { stats[$0].map(CSVFormat.number) ?? "" }
            try writer.write([name] + fields + [String(sample.count)])
        }
        try writer.close()
    }

    /// The statistics of outcome `name` across `outcomes`.
    public static func statistics(_ outcomes: [RunOutcomes], _ name: String) -> [BandStatistic: Double] {
        guard let i = outcomes.first?.names.firstIndex(of: name) else { return [:] }
        return BandsAccumulator.statistics(of: outcomes.map { $0.values[i] }.filter(\.isFinite))
    }
}
