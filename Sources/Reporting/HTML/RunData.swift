import Foundation
import MarketModel
import ScenarioFormat

/// The time series of one run folder, ready to chart: for each metric, one value
/// per date, and with replications the mean plus the 5th and 95th percentiles.
/// Bands come from `bands.csv` when the run wrote it, otherwise they are computed
/// from `trajectories.csv`.
struct RunData {
    let dates: [CalendarDate]
    /// Metric names in file column order.
    let metrics: [String]
    let replications: Int
    private let center: [String: [Double?]]
    private let low: [String: [Double?]]
    private let high: [String: [Double?]]
    private var median: [String: [Double?]] = [:]

    var hasBands: Bool { !low.isEmpty }

    func hasMetric(_ name: String) -> Bool { center[name] != nil }

    /// The metric's values per date (means across replications when there are several).
    func values(_ metric: String) -> [Double?]? { center[metric] }

    /// The metric's statistic at date index `index`: the mean, median (p50), 5th or 95th
    /// percentile across replications (a single run's value for each).
    func statistic(_ statistic: BandStatistic, _ metric: String, at index: Int) -> Double? {
        let source: [String: [Double?]]
        switch statistic {
        case .mean, .standardError: source = center
        case .p50: source = median.isEmpty ? center : median
        case .p5: source = low.isEmpty ? center : low
        case .p95: source = high.isEmpty ? center : high
        }
        guard let values = source[metric], values.indices.contains(index) else { return nil }
        return values[index]
    }

    /// A chartable series for `metric`, with its band when there are replications (and
    /// `withBand`, so a chart can keep one band among many lines);
    /// `nil` when the metric is absent or has no value at all.
    func series(_ metric: String, name: String, dashed: Bool = false, withBand: Bool = true) -> TimeSeries? {
        guard let values = center[metric], values.contains(where: { $0 != nil }) else { return nil }
        var band: (low: [Double?], high: [Double?])?
        if withBand, let low = low[metric], let high = high[metric] { band = (low, high) }
        return TimeSeries(name: name, dates: dates, values: values, band: band, dashed: dashed)
    }

    /// Loads the run in `folder`.
    static func load(folder: String) throws -> RunData {
        let trajectories = try CSVTable.read(path: folder + "/trajectories.csv")
        // Every cell but the date is a number, charted or not: a damaged file fails here.
        try trajectories.checkNumbers(except: ["date"])
        let replicationIDs = try trajectories.strings("replication")
        let distinct = Set(replicationIDs)
        let bandsPath = folder + "/bands.csv"
        // One replication has no spread to shade: its values are drawn as they are.
        if distinct.count > 1 {
            let bands = FileManager.default.fileExists(atPath: bandsPath)
                ? try CSVTable.read(path: bandsPath) : try bandsTable(from: trajectories)
            let run = try fromBands(bands, replications: distinct.count)
            // bands.csv covers every date and metric of trajectories.csv: a file cut at a
            // line break between two dates is complete in itself, but not against this.
            let dates = Set(try trajectories.strings("date"))
            let metrics = trajectories.header.filter { !["replication", "date", "day"].contains($0) }
            guard Set(run.dates.map(\.description)) == dates, run.metrics == metrics else {
                throw InputError(path: bands.path, line: (bands.lineNumbers.last ?? 1) + 1,
                                 "\(run.dates.count) dates and \(run.metrics.count) metrics where trajectories.csv has \(dates.count) and \(metrics.count): rows are missing (was the file cut short?)")
            }
            return run
        }
        let dateColumn = try trajectories.requireColumn("date")
        let dates = try trajectories.rows.indices.map { try trajectories.date(row: $0, column: dateColumn) }
        let metricColumns = trajectories.header.indices.filter { !["replication", "date", "day"].contains(trajectories.header[$0]) }
        var center: [String: [Double?]] = [:]
        for column in metricColumns { center[trajectories.header[column]] = try trajectories.numbers(column: column) }
        return RunData(dates: dates, metrics: metricColumns.map { trajectories.header[$0] }, replications: distinct.count,
                       center: center, low: [:], high: [:])
    }

    private static func bandsTable(from trajectories: CSVTable) throws -> CSVTable {
        let accumulator = try BandsAccumulator(trajectories: trajectories)
        let text = CSVFormat.line(BandsAccumulator.columns) + accumulator.rows().map(CSVFormat.line).joined()
        return try CSVTable(text: text, path: trajectories.path + " (bands computed)")
    }

    /// The run of one scenario of a comparison's `bands.csv` (rows whose `scenario` is `label`).
    static func load(comparisonBands table: CSVTable, scenario label: String, replications: Int) throws -> RunData {
        let scenarioColumn = try table.requireColumn("scenario")
        return try fromBands(table, replications: replications,
                             rows: table.rows.indices.filter { table.rows[$0][scenarioColumn] == label })
    }

    private static func fromBands(_ table: CSVTable, replications: Int, rows: [Int]? = nil) throws -> RunData {
        try table.requireRows()
        let selected = rows ?? Array(table.rows.indices)
        let dateColumn = try table.requireColumn("date")
        let metricColumn = try table.requireColumn("metric")
        let statColumn = try table.requireColumn("stat")
        let valueColumn = try table.requireColumn("value")
        var dateIndex: [CalendarDate: Int] = [:]
        var dates: [CalendarDate] = []
        var metrics: [String] = []
        var known: Set<String> = []
        for row in selected {
            let date = try table.date(row: row, column: dateColumn)
            if dateIndex[date] == nil { dateIndex[date] = dates.count; dates.append(date) }
            let metric = table.rows[row][metricColumn]
            if known.insert(metric).inserted { metrics.append(metric) }
        }
        let order = dates.indices.sorted { dates[$0] < dates[$1] }
        var position = Array(repeating: 0, count: dates.count)
        for (rank, index) in order.enumerated() { position[index] = rank }
        var center: [String: [Double?]] = [:]
        var low: [String: [Double?]] = [:]
        var high: [String: [Double?]] = [:]
        var median: [String: [Double?]] = [:]
        let empty = [Double?](repeating: nil, count: dates.count)
        for metric in metrics { (center[metric], low[metric], high[metric], median[metric]) = (empty, empty, empty, empty) }
        // bands.csv has every statistic of every metric at every date, once: a file cut
        // at a line break, or with rows lost or repeated, shows in the count.
        var seen = Set<String>()
        let statistics = Set(BandStatistic.allCases.map(\.rawValue))
        for row in selected {
            let metric = table.rows[row][metricColumn]
            let slot = position[dateIndex[try table.date(row: row, column: dateColumn)]!]
            let value = try table.number(row: row, column: valueColumn)
            let stat = table.rows[row][statColumn]
            guard statistics.contains(stat) else {
                throw table.error(row: row, column: statColumn, "column stat: \"\(stat)\" is not one of \(BandStatistic.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard seen.insert("\(slot),\(metric),\(stat)").inserted else {
                throw table.error(row: row, column: statColumn, "\(metric) \(stat) at \(dates[dateIndex[try table.date(row: row, column: dateColumn)]!]) appears twice")
            }
            switch stat {
            case BandStatistic.mean.rawValue: center[metric]![slot] = value
            case BandStatistic.p5.rawValue: low[metric]![slot] = value
            case BandStatistic.p95.rawValue: high[metric]![slot] = value
            case BandStatistic.p50.rawValue: median[metric]![slot] = value
            default: break
            }
        }
        let expected = dates.count * metrics.count * statistics.count
        guard selected.count == expected else {
            throw InputError(path: table.path, line: (table.lineNumbers.last ?? 1) + 1,
                             "\(selected.count) rows where \(dates.count) dates x \(metrics.count) metrics x \(statistics.count) statistics make \(expected): rows are missing (was the file cut short?)")
        }
        var run = RunData(dates: order.map { dates[$0] }, metrics: metrics, replications: replications,
                          center: center, low: low, high: high)
        run.median = median
        return run
    }
}
