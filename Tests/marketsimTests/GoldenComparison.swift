import Foundation
import Reporting

/// How far a number in a golden fixture may move on another platform: a run is a pure
/// function of scenario and seed, but its last bits depend on the C library's `exp`,
/// `log` and `pow` and on fused multiply-adds, which differ between platforms by an ulp
/// or so per call; over a run those add up to far less than this.
struct GoldenTolerance: Sendable {
    var relative = 1e-9
    var absolute = 1e-9

    func allows(_ expected: Double, _ actual: Double) -> Bool {
        if expected.isNaN || actual.isNaN { return expected.isNaN && actual.isNaN }
        if expected == actual { return true }
        return abs(actual - expected) <= absolute + relative * max(abs(expected), abs(actual))
    }
}

/// A fresh output CSV against its golden fixture, cell by cell: what moved, each as one
/// line naming the file, the column, the row's date and key, and by how much.
enum GoldenComparison {
    /// The columns that say which row a cell is in (its date apart), in the order named.
    static let keyColumns = ["scenario", "reference", "replication", "run_id", "point_id", "actor", "organization",
                             "kind", "model", "metric", "stat", "outcome"]

    /// At most this many cells are listed per file; the count says how many moved.
    static let listed = 20

    static func differences(file: String, expected: CSVTable, actual: CSVTable,
                            tolerance: GoldenTolerance = GoldenTolerance()) -> [String] {
        guard expected.header == actual.header else {
            let missing = expected.header.filter { !actual.header.contains($0) }
            let added = actual.header.filter { !expected.header.contains($0) }
            return ["\(file): the columns differ: missing \(missing), new \(added)"
                    + (missing.isEmpty && added.isEmpty ? ", reordered" : "")]
        }
        var found: [String] = []
        if expected.rows.count != actual.rows.count {
            found.append("\(file): \(actual.rows.count) rows, the fixture has \(expected.rows.count)")
        }
        var moved = 0
        for (row, (want, got)) in zip(expected.rows, actual.rows).enumerated() {
            for (column, name) in expected.header.enumerated() where want[column] != got[column] {
                let a = Double(want[column]), b = Double(got[column])
                if let a, let b, tolerance.allows(a, b) { continue }
                moved += 1
                guard moved <= listed else { continue }
                let change = if let a, let b {
                    "\(got[column]), the fixture \(want[column]): moved \(b - a) (relative \(abs(b - a) / max(abs(a), abs(b))))"
                } else {
                    "\"\(got[column])\", the fixture \"\(want[column])\""
                }
                found.append("\(file): \(name) \(place(row: row, of: expected)): \(change)")
            }
        }
        if moved > listed { found.append("\(file): \(moved) cells moved, \(moved - listed) more not listed") }
        return found
    }

    /// Where row `row` is: its date and key columns, or its number.
    static func place(row: Int, of table: CSVTable) -> String {
        let values = table.rows[row]
        let key = keyColumns.compactMap { name in table.header.firstIndex(of: name).map { "\(name) \(values[$0])" } }
        let date = table.header.firstIndex(of: "date").map { "at \(values[$0]) " } ?? ""
        return date + "(" + (key.isEmpty ? "row \(row + 1)" : key.joined(separator: ", ")) + ")"
    }
}
