import Foundation

/// Several scenarios run on common random numbers (replication r of each on the same
/// seed), joined into one comparison folder: the scenarios' rows in one tidy
/// `trajectories.csv` and one `bands.csv` with a `scenario` column, and the paired
/// differences of every other scenario against the first (the reference), month by
/// month in `differences.csv` and at the end of the horizon in `compare.csv`.
///
/// A difference is taken replication by replication (same replication id, same date),
/// so its interval reflects only what the scenarios change; a scenario compared with
/// itself differs by exactly zero.
public struct ScenarioComparison: Sendable {
    /// One scenario of the comparison: its label (the `scenario` column and its run
    /// folder's name), the run folder, and its end-of-horizon outcomes per replication.
    public struct Member: Sendable {
        public let label: String
        public let folder: String
        public let outcomes: [RunOutcomes]

        public init(label: String, folder: String, outcomes: [RunOutcomes]) {
            self.label = label
            self.folder = folder
            self.outcomes = outcomes
        }
    }

    /// The reference first, then the scenarios compared with it.
    public let members: [Member]

    /// - Precondition: at least two members.
    public init(members: [Member]) {
        precondition(members.count >= 2, "a comparison needs at least two scenarios")
        self.members = members
    }

    /// The header of `compare.csv`.
    public static let compareColumns = ["scenario", "reference", "outcome"] + PairedComparison.statisticColumns
    /// The header of `differences.csv`.
    public static let differenceColumns = ["date", "metric", "scenario", "reference"] + PairedComparison.statisticColumns

    /// Folder-safe, distinct labels for scenarios named `names`: a name given twice gets
    /// `-2`, `-3`... so each keeps its own run folder.
    public static func labels(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { name in
            seen[name, default: 0] += 1
            return seen[name]! == 1 ? name : "\(name)-\(seen[name]!)"
        }
    }

    /// The end-of-horizon comparisons of each other member against the reference: every
    /// outcome of the reference present in both, in the reference's order.
    public func finalComparisons() -> [(label: String, comparisons: [PairedComparison])] {
        let reference = members[0]
        return members.dropFirst().map { member in
            let comparisons = (reference.outcomes.first?.names ?? []).enumerated().compactMap { index, name -> PairedComparison? in
                guard let other = member.outcomes.first?.names.firstIndex(of: name) else { return nil }
                let pairs = Swift.min(reference.outcomes.count, member.outcomes.count)
                return PairedComparison(outcome: name,
                                        a: reference.outcomes.prefix(pairs).map { Self.present($0.values[index]) },
                                        b: member.outcomes.prefix(pairs).map { Self.present($0.values[other]) })
            }
            return (member.label, comparisons)
        }
    }

    private static func present(_ value: Double) -> Double? { value.isFinite ? value : nil }

    /// The members ranked by `outcome`'s mean over their replications at the end, largest
    /// first (a tie keeps the order given), each with its paired comparison against the
    /// reference from `finalComparisons` (none for the reference); a member without the
    /// outcome is left out.
    public func ranked(by outcome: String = ValueCapture.totalMetric) -> [(label: String, mean: Double, paired: PairedComparison?)] {
        let paired = Dictionary(uniqueKeysWithValues: finalComparisons().map { final in
            (final.label, final.comparisons.first { $0.outcome == outcome })
        })
        return members.enumerated().compactMap { position, member -> (Int, (label: String, mean: Double, paired: PairedComparison?))? in
            OutcomeSample(member.outcomes, outcome).statistics[.mean].map { (position, (member.label, $0, paired[member.label] ?? nil)) }
        }.sorted { ($0.1.mean, -$0.0) > ($1.1.mean, -$1.0) }.map(\.1)
    }

    /// Writes `trajectories.csv`, `bands.csv`, `differences.csv` and `compare.csv` into
    /// `folder`, reading each member's run folder.
    public func write(into folder: String) throws {
        let trajectories = try members.map { try CSVTable.read(path: $0.folder + "/trajectories.csv") }
        try writeTrajectories(trajectories, path: folder + "/" + OutputFileNames.Compare.trajectories)
        try writeBands(path: folder + "/" + OutputFileNames.Compare.bands)
        try writeDifferences(trajectories, path: folder + "/" + OutputFileNames.Compare.differences)
        let compare = try CSVWriter(path: folder + "/" + OutputFileNames.Compare.compare, columns: Self.compareColumns)
        for (label, comparisons) in finalComparisons() {
            for comparison in comparisons {
                try compare.write([label, members[0].label, comparison.outcome] + comparison.statisticFields)
            }
        }
        try compare.close()
    }

    /// The metric columns of a trajectories table (all but the row keys).
    static func metricColumns(_ table: CSVTable) -> [String] {
        table.header.filter { !["replication", "date", "day"].contains($0) }
    }

    /// Every member's rows under one header: `scenario`, the row keys, then the union of
    /// the metric columns (the reference's first); a metric a scenario lacks is empty.
    private func writeTrajectories(_ tables: [CSVTable], path: String) throws {
        var metrics: [String] = []
        var known: Set<String> = []
        for table in tables {
            for metric in Self.metricColumns(table) where known.insert(metric).inserted { metrics.append(metric) }
        }
        let keys = ["replication", "date", "day"]
        let writer = try CSVWriter(path: path, columns: ["scenario"] + keys + metrics)
        for (member, table) in zip(members, tables) {
            let columns = (keys + metrics).map { table.columnIndex($0) }
            for row in table.rows {
                try writer.write([member.label] + columns.map { $0.map { row[$0] } ?? "" })
            }
        }
        try writer.close()
    }

    /// Every member's `bands.csv` rows with a `scenario` column in front.
    private func writeBands(path: String) throws {
        let writer = try CSVWriter(path: path, columns: ["scenario"] + BandsAccumulator.columns)
        for member in members {
            let table = try CSVTable.read(path: member.folder + "/bands.csv")
            let columns = try BandsAccumulator.columns.map { try table.requireColumn($0) }
            for row in table.rows { try writer.write([member.label] + columns.map { row[$0] }) }
        }
        try writer.close()
    }

    /// For every date of the reference, every metric, and every other member: the
    /// paired difference over the replications both have at that date.
    private func writeDifferences(_ tables: [CSVTable], path: String) throws {
        let panels = try tables.map(Panel.init)
        let reference = panels[0]
        let writer = try CSVWriter(path: path, columns: Self.differenceColumns)
        for date in reference.dates {
            for metric in reference.metrics {
                guard let a = try reference.values(metric, date) else { continue }
                for (member, panel) in zip(members, panels).dropFirst() {
                    guard let b = try panel.values(metric, date) else { continue }
                    let replications = Set(a.keys).intersection(b.keys).sorted()
                    guard !replications.isEmpty else { continue }
                    let comparison = PairedComparison(outcome: metric, a: replications.map { a[$0]! }, b: replications.map { b[$0]! })
                    try writer.write([date, metric, member.label, members[0].label] + comparison.statisticFields)
                }
            }
        }
        try writer.close()
    }

    /// A trajectories table indexed by (metric, date, replication).
    private struct Panel {
        let table: CSVTable
        let dates: [String]
        let metrics: [String]
        let metricColumn: [String: Int]
        /// rows[date][replication]: the row index.
        let rows: [String: [Int: Int]]

        init(_ table: CSVTable) throws {
            self.table = table
            let replicationColumn = try table.requireColumn("replication")
            let dateColumn = try table.requireColumn("date")
            var dates: [String] = []
            var rows: [String: [Int: Int]] = [:]
            for (index, row) in table.rows.enumerated() {
                guard let replication = Int(row[replicationColumn]) else {
                    throw InputError(path: table.path, line: table.lineNumbers[index],
                                     "column replication: \"\(row[replicationColumn])\" is not an integer")
                }
                let date = row[dateColumn]
                if rows[date] == nil { dates.append(date) }
                rows[date, default: [:]][replication] = index
            }
            self.dates = dates.sorted()
            self.rows = rows
            metrics = ScenarioComparison.metricColumns(table)
            metricColumn = Dictionary(metrics.map { ($0, table.columnIndex($0)!) }, uniquingKeysWith: { first, _ in first })
        }

        /// The metric's value per replication at `date` (missing values `nil`); `nil`
        /// when the panel has no such metric or date.
        func values(_ metric: String, _ date: String) throws -> [Int: Double?]? {
            guard let column = metricColumn[metric], let byReplication = rows[date] else { return nil }
            var values: [Int: Double?] = [:]
            for (replication, row) in byReplication { values[replication] = try table.number(row: row, column: column) }
            return values
        }
    }
}
