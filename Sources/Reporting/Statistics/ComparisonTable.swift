/// Paired comparisons as a plain-text table for a terminal: outcome names left,
/// numbers right-aligned, money grouped by thousands (the CSV never is), and for each
/// scenario compared with the reference its mean, its mean difference and the 95 %
/// interval of that difference in brackets.
public enum ComparisonTable {
    /// The table of one scenario (B) against a reference (A).
    public static func render(_ comparisons: [PairedComparison], labelA: String = "A", labelB: String = "B") -> String {
        render(reference: labelA, members: [(labelB, comparisons)])
    }

    /// The table, one line per outcome of the first member's comparisons under a header
    /// and a rule, each line ending in `\n`; an outcome a member lacks shows `-`.
    public static func render(reference: String, members: [(label: String, comparisons: [PairedComparison])],
                              outcomes: [String]? = nil) -> String {
        var header = ["outcome", "mean \(reference)"]
        for member in members { header += ["mean \(member.label)", "\(member.label) - \(reference)", "95% interval"] }
        var table: [[String]] = [header]
        let names = outcomes ?? members.first?.comparisons.map(\.outcome) ?? []
        for name in names {
            let found = members.map { member in member.comparisons.first { $0.outcome == name } }
            guard let any = found.compactMap({ $0 }).first else { continue }
            let format = formatter(name)
            var row = [name, format(any.meanA)]
            for comparison in found {
                guard let comparison else {
                    row += ["-", "-", "-"]
                    continue
                }
                var interval = "-"
                if let range = comparison.differenceInterval95 {
                    interval = "[" + format(range.lowerBound) + ", " + format(range.upperBound) + "]"
                }
                row += [format(comparison.meanB), format(comparison.meanDifference), interval]
            }
            table.append(row)
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

    private static func formatter(_ outcome: String) -> (Double) -> String {
        DisplayNumber.isMoney(outcome) ? { DisplayNumber.money($0) } : { DisplayNumber.significant($0) }
    }
}
