import SimulationKit

/// One outcome of scenario A and scenario B compared on common random numbers:
/// replication i of A and of B ran on the same seed, so the difference B - A is
/// taken replication by replication and its spread (not the spread of A and B
/// apart) sets the interval. Positive differences mean B is higher.
///
/// The arithmetic is symmetric by construction: swapping A and B negates the mean
/// difference and both interval bounds exactly (IEEE subtraction and Welford's
/// update commute with negation), and A against itself gives exact zeros.
public struct PairedComparison: Sendable, Equatable {
    public let outcome: String
    /// The number of pairs with both values present.
    public let n: Int
    public let meanA: Double
    public let meanB: Double
    /// The mean of B - A over the pairs.
    public let meanDifference: Double
    /// The standard error of the mean difference; `nil` with fewer than two pairs.
    public let differenceStandardError: Double?
    /// The two-sided 95 % Student-t interval of the mean difference (n - 1 degrees
    /// of freedom); `nil` with fewer than two pairs.
    public let differenceInterval95: ClosedRange<Double>?

    /// Compares `a[i]` with `b[i]` for every replication i; a pair with either value
    /// missing (`nil` or non-finite) is left out.
    /// - Precondition: `a` and `b` have one entry per replication each, equally many.
    public init(outcome: String, a: [Double?], b: [Double?]) {
        precondition(a.count == b.count, "paired comparison of \(outcome): \(a.count) replications of A, \(b.count) of B")
        self.outcome = outcome
        var momentsA = RunningMoments()
        var momentsB = RunningMoments()
        var differences = RunningMoments()
        for (x, y) in zip(a, b) {
            guard let x, let y, x.isFinite, y.isFinite else { continue }
            momentsA.add(x)
            momentsB.add(y)
            differences.add(y - x)
        }
        n = differences.count
        meanA = n > 0 ? momentsA.mean : .nan
        meanB = n > 0 ? momentsB.mean : .nan
        meanDifference = n > 0 ? differences.mean : .nan
        if n > 1 {
            let halfWidth = differences.confidenceHalfWidth(level: 0.95)
            differenceStandardError = differences.standardError
            differenceInterval95 = (differences.mean - halfWidth)...(differences.mean + halfWidth)
        } else {
            differenceStandardError = nil
            differenceInterval95 = nil
        }
    }

    /// The statistic columns of `compare.csv` and `differences.csv` (after the columns
    /// that say what is compared): the reference is the first scenario, "mean" the other.
    public static let statisticColumns = ["n", "mean_reference", "mean", "mean_difference", "std_error",
                                          "ci95_low", "ci95_high"]

    /// This comparison's statistics as CSV fields (undefined values empty).
    public var statisticFields: [String] {
        [String(n), CSVFormat.number(meanA), CSVFormat.number(meanB), CSVFormat.number(meanDifference),
         differenceStandardError.map(CSVFormat.number) ?? "",
         differenceInterval95.map { CSVFormat.number($0.lowerBound) } ?? "",
         differenceInterval95.map { CSVFormat.number($0.upperBound) } ?? ""]
    }

    /// Compares every outcome present in both `a` and `b` (in `a`'s order).
    public static func compare(a: ReplicationOutcomes, b: ReplicationOutcomes) -> [PairedComparison] {
        a.names.compactMap { name in
            guard let valuesA = a.values(of: name), let valuesB = b.values(of: name) else { return nil }
            let pairs = Swift.min(valuesA.count, valuesB.count)
            return PairedComparison(outcome: name, a: Array(valuesA.prefix(pairs)), b: Array(valuesB.prefix(pairs)))
        }
    }

}

/// Outcome values per replication (one value per outcome per replication, in
/// replication order), the input of a paired comparison.
public struct ReplicationOutcomes: Sendable {
    /// The outcome names, in a fixed order.
    public let names: [String]
    /// values[k][r]: outcome `names[k]` of the r-th replication (ascending ids).
    public let columns: [[Double?]]

    public init(names: [String], columns: [[Double?]]) {
        precondition(names.count == columns.count, "one column of values per outcome name")
        self.names = names
        self.columns = columns
    }

    /// The values of one outcome, per replication.
    public func values(of name: String) -> [Double?]? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    /// The last period of every replication of a `trajectories.csv`: every metric
    /// column (all but `replication`, `date`, `day`) is an outcome, read at the
    /// replication's latest date.
    public static func finalPeriod(of table: CSVTable) throws -> ReplicationOutcomes {
        let replicationColumn = try table.requireColumn("replication")
        let dateColumn = try table.requireColumn("date")
        let metricColumns = table.header.indices.filter { !["replication", "date", "day"].contains(table.header[$0]) }
        var lastRow: [Int: Int] = [:]
        for row in table.rows.indices {
            guard let replication = Int(table.rows[row][replicationColumn]) else {
                throw InputError(path: table.path, line: table.lineNumbers[row],
                                 "column replication: \"\(table.rows[row][replicationColumn])\" is not an integer")
            }
            if let previous = lastRow[replication], table.rows[previous][dateColumn] > table.rows[row][dateColumn] { continue }
            lastRow[replication] = row
        }
        let rows = lastRow.keys.sorted().map { lastRow[$0]! }
        let columns = try metricColumns.map { column in try rows.map { try table.number(row: $0, column: column) } }
        return ReplicationOutcomes(names: metricColumns.map { table.header[$0] }, columns: columns)
    }
}
