/// Paired comparisons as a plain-text table for a terminal: outcome names left,
/// numbers right-aligned, money grouped by thousands (the CSV never is), and the
/// 95 % interval of B - A in brackets.
public enum ComparisonTable {
    /// The table, one line per comparison under a header and a rule, each line
    /// ending in `\n`.
    public static func render(_ comparisons: [PairedComparison], labelA: String = "A", labelB: String = "B") -> String {
        let header: [String] = ["outcome", "mean \(labelA)", "mean \(labelB)", "\(labelB) - \(labelA)",
                                "std error", "95% interval", "n"]
        var table: [[String]] = [header]
        for comparison in comparisons {
            table.append(cells(comparison))
        }
        var widths = Array(repeating: 0, count: header.count)
        for row in table {
            for (column, cell) in row.enumerated() { widths[column] = Swift.max(widths[column], cell.count) }
        }
        var lines: [String] = []
        for row in table {
            var padded: [String] = []
            for (column, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                padded.append(column == 0 ? cell + padding : padding + cell)
            }
            lines.append(padded.joined(separator: "  "))
        }
        lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1)
        return lines.map { $0 + "\n" }.joined()
    }

    private static func cells(_ comparison: PairedComparison) -> [String] {
        let money = DisplayNumber.isMoney(comparison.outcome)
        func format(_ value: Double) -> String {
            money ? DisplayNumber.money(value) : DisplayNumber.significant(value)
        }
        var interval = "-"
        if let range = comparison.differenceInterval95 {
            interval = "[" + format(range.lowerBound) + ", " + format(range.upperBound) + "]"
        }
        return [comparison.outcome, format(comparison.meanA), format(comparison.meanB),
                format(comparison.meanDifference),
                comparison.differenceStandardError.map(format) ?? "-", interval, String(comparison.n)]
    }
}
