import SimulationKit

/// The statistics `bands.csv` holds for every (period, metric), in file order.
public enum BandStatistic: String, CaseIterable, Sendable {
    case mean
    case standardError = "std_error"
    case p5
    case p50
    case p95

    /// The quantile level of a percentile statistic.
    var quantileLevel: Double? {
        switch self {
        case .p5: 0.05
        case .p50: 0.5
        case .p95: 0.95
        case .mean, .standardError: nil
        }
    }
}

/// Per-period bands across replications: for every report period and metric, the
/// mean, the standard error of the mean, and the 5th, 50th and 95th percentiles
/// (type-7 quantiles) of the replications' values, missing values skipped.
///
/// Values are kept per replication and reduced in replication order, so the result
/// (down to the last bit of every mean) does not depend on the order in which
/// parallel workers deliver their replications. Memory is replications x periods x
/// metrics doubles.
public struct BandsAccumulator: Sendable {
    /// The metric names, in the column order of `trajectories.csv`.
    public let metrics: [String]
    private var dates: [Int: String] = [:]
    /// values[period][replication] = that replication's row (NaN where missing).
    private var values: [Int: [Int: [Double]]] = [:]

    public init(metrics: [String]) {
        self.metrics = metrics
    }

    /// Records one replication's values at one period, one per metric in `metrics`
    /// order; a non-finite value is missing (as `CSVFormat.number` writes it).
    /// - Precondition: one value per metric, each (replication, period) once, and
    ///   one date per period.
    public mutating func add(replication: Int, period: Int, date: String, values row: [Double]) {
        precondition(row.count == metrics.count, "bands: \(row.count) values for \(metrics.count) metrics")
        if let known = dates[period] {
            precondition(known == date, "bands: period \(period) has dates \(known) and \(date)")
        } else {
            dates[period] = date
        }
        precondition(values[period]?[replication] == nil, "bands: replication \(replication) period \(period) added twice")
        values[period, default: [:]][replication] = row
    }

    /// The statistics of one (period, metric): each `nil` where undefined (no
    /// values at all; the standard error also with a single value).
    public func statistics(period: Int, metric: Int) -> [BandStatistic: Double] {
        guard let byReplication = values[period] else { return [:] }
        let sample = byReplication.keys.sorted().compactMap { replication -> Double? in
            let value = byReplication[replication]![metric]
            return value.isFinite ? value : nil
        }
        return Self.statistics(of: sample)
    }

    /// The band statistics of a sample (missing values already removed).
    public static func statistics(of sample: [Double]) -> [BandStatistic: Double] {
        guard !sample.isEmpty else { return [:] }
        let moments = RunningMoments(sample)
        let sorted = sample.sorted()
        var result: [BandStatistic: Double] = [.mean: moments.mean]
        if sample.count > 1 { result[.standardError] = moments.standardError }
        for statistic in BandStatistic.allCases {
            if let level = statistic.quantileLevel { result[statistic] = Quantiles.quantile(sorted: sorted, level) }
        }
        return result
    }

    /// The periods seen, ascending.
    public var periods: [Int] { values.keys.sorted() }

    /// The rows of `bands.csv` (without the header): period ascending, then metric in
    /// column order, then statistic in `BandStatistic` order; an undefined statistic
    /// is an empty field, so every (period, metric) has all five rows.
    public func rows() -> [[String]] {
        var rows: [[String]] = []
        for period in periods {
            let date = dates[period]!
            for (index, metric) in metrics.enumerated() {
                let stats = statistics(period: period, metric: index)
                for statistic in BandStatistic.allCases {
                    rows.append([date, metric, statistic.rawValue, stats[statistic].map(CSVFormat.number) ?? ""])
                }
            }
        }
        return rows
    }

    /// The header of `bands.csv`.
    public static let columns = ["date", "metric", "stat", "value"]

    /// Writes `bands.csv` at `path`.
    public func write(path: String) throws {
        let writer = try CSVWriter(path: path, columns: Self.columns)
        for row in rows() { try writer.write(row) }
        try writer.close()
    }
}

extension BandsAccumulator {
    /// The bands of a `trajectories.csv` read back: every column but `replication`,
    /// `date` and `day` is a metric; periods are the distinct dates in order of
    /// first appearance (ISO dates, so also chronological).
    public init(trajectories table: CSVTable) throws {
        let replicationColumn = try table.requireColumn("replication")
        let dateColumn = try table.requireColumn("date")
        let metricColumns = table.header.indices.filter { !["replication", "date", "day"].contains(table.header[$0]) }
        self.init(metrics: metricColumns.map { table.header[$0] })
        var periodOfDate: [String: Int] = [:]
        for row in table.rows.indices {
            let cells = table.rows[row]
            guard let replication = Int(cells[replicationColumn]) else {
                throw InputError(path: table.path, line: table.lineNumbers[row],
                                 "column replication: \"\(cells[replicationColumn])\" is not an integer")
            }
            let date = cells[dateColumn]
            let period: Int
            if let known = periodOfDate[date] {
                period = known
            } else {
                period = periodOfDate.count
                periodOfDate[date] = period
            }
            if values[period]?[replication] != nil {
                throw InputError(path: table.path, line: table.lineNumbers[row],
                                 "replication \(replication) has a second row for \(date)")
            }
            let row = try metricColumns.map { try table.number(row: row, column: $0) ?? .nan }
            add(replication: replication, period: period, date: date, values: row)
        }
    }
}
