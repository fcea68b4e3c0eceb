/// A comparison's end-of-horizon outcomes as plain text for a terminal, within 100
/// columns: one block per scenario compared with the reference, one line per outcome
/// with the reference's mean, the scenario's mean, their mean paired difference and its
/// 95 % interval. Numbers have three significant figures (`DisplayNumber.Quantity`:
/// money in K, M, B; shares in percent, their differences in points). A mean taken over
/// only some replications (an outcome that happened in some, such as the month the gap
/// fell under 5 points) says over how many; an outcome whose mean sits far from its
/// median (a skewed spread) gets a median line under it. Sections of outcomes may have a
/// heading line (who captures the value; the detail measures that do not say so). Above
/// the blocks, `ranking` orders the scenarios by total surplus.
public enum ComparisonTable {
    /// Outcome rows under a heading line (none: the rows alone).
    public struct Section: Sendable {
        public let heading: String?
        public let outcomes: [String]

        public init(_ outcomes: [String], heading: String? = nil) {
            self.heading = heading
            self.outcomes = outcomes
        }
    }

    /// The table, each line ending in `\n`; `sections` pick and order the outcomes
    /// (default: all the reference has, under no heading). A section none of whose
    /// outcomes the comparison has is left out, heading and all.
    public static func render(_ comparison: ScenarioComparison, sections: [Section]? = nil) -> String {
        let reference = comparison.members[0]
        var blocks: [String] = []
        for (member, final) in zip(comparison.members.dropFirst(), comparison.finalComparisons()) {
            let pairs = min(reference.outcomes.count, member.outcomes.count)
            var table = [["outcome", header(reference.label), header(member.label), "difference", "95 % interval"]]
            for section in sections ?? [Section(final.comparisons.map(\.outcome))] {
                var rows: [[String]] = []
                for name in section.outcomes {
                    guard let paired = final.comparisons.first(where: { $0.outcome == name }) else { continue }
                    let quantity = DisplayNumber.Quantity(outcome: name)
                    let a = OutcomeSample(reference.outcomes, name), b = OutcomeSample(member.outcomes, name)
                    var difference = paired.n == 0 ? "-" : quantity.difference(paired.meanDifference)
                    if paired.n > 0 && paired.n < pairs { difference += " (n \(paired.n))" }
                    let interval = paired.differenceInterval95.map {
                        "[" + quantity.difference($0.lowerBound) + ", " + quantity.difference($0.upperBound) + "]"
                    } ?? "-"
                    rows.append([name, a.mean(quantity), b.mean(quantity), difference, interval])
                    if a.skewed || b.skewed {
                        rows.append(["  median", a.median(quantity), b.median(quantity), "", ""])
                    }
                }
                if let heading = section.heading, !rows.isEmpty { table.append([heading + ":"]) }
                table += rows
                // Shares of a total that is not positive are left undefined: say where.
                if section.outcomes.contains(ValueCapture.totalMetric) {
                    for (label, outcomes) in [(reference.label, reference.outcomes), (member.label, member.outcomes)] {
                        let undefined = OutcomeSample(outcomes, ValueCapture.totalMetric).values.filter { $0 <= 0 }.count
                        if undefined > 0 { table.append(["  \(label): " + ValueCapture.undefinedNote(undefined, of: outcomes.count)]) }
                    }
                }
            }
            blocks.append("\(member.label) - \(reference.label), \(pairs) paired replications:\n" + TextTable.render(table))
        }
        return blocks.joined(separator: "\n")
    }

    /// The scenarios ranked by `outcome`'s mean at the end of the horizon, largest first
    /// (by default total surplus to date, the denominator of who captures the value),
    /// each beside its mean paired difference from the reference and that difference's
    /// 95 % interval (`ScenarioComparison.ranked`); `end` is the date the outcome is read
    /// at. Empty when the reference lacks the outcome.
    public static func ranking(_ comparison: ScenarioComparison, end: String,
                               outcome: String = ValueCapture.totalMetric) -> String {
        let reference = comparison.members[0]
        let quantity = DisplayNumber.Quantity(outcome: outcome)
        let ranked = comparison.ranked(by: outcome)
        guard ranked.contains(where: { $0.label == reference.label }) else { return "" }
        var table = [["scenario", "mean", "difference from " + header(reference.label), "95 % interval"]]
        for (rank, scenario) in ranked.enumerated() {
            var row = ["\(rank + 1). " + scenario.label, quantity.format(scenario.mean)]
            if scenario.label == reference.label {
                row += ["reference", ""]
            } else if let difference = scenario.paired, difference.n > 0 {
                row += [quantity.difference(difference.meanDifference), difference.differenceInterval95.map {
                    "[" + quantity.difference($0.lowerBound) + ", " + quantity.difference($0.upperBound) + "]"
                } ?? "-"]
            } else {
                row += ["-", "-"]
            }
            table.append(row)
        }
        let title = outcome == ValueCapture.totalMetric
            ? "Total surplus to \(end) (buyers' surplus + all economic profit), largest first"
            : "\(outcome) at \(end), largest first"
        return title + ":\n" + TextTable.render(table)
    }

    /// A label short enough for a column header (the block's title names it in full).
    static func header(_ label: String) -> String {
        label.count <= 12 ? label : label.prefix(11) + "…"
    }
}

/// Plain-text tables for a terminal.
public enum TextTable {
    /// Rows as columns: the first left-aligned, the rest right-aligned, under a rule. A
    /// row of one cell after the first is a heading line across the columns, which sets
    /// no width.
    public static func render(_ table: [[String]]) -> String {
        var widths = Array(repeating: 0, count: table[0].count)
        for row in table where row.count == widths.count {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        var lines = table.map { row in
            row.count == 1 && widths.count > 1 ? row[0] : row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1)
        return lines.map { $0 + "\n" }.joined()
    }
}

/// One scenario's values of one outcome over the replications where it has one
/// (`marketsim run` and `compare` summarise outcomes alike, so the two agree).
struct OutcomeSample {
    let values: [Double]
    let replications: Int
    let statistics: [BandStatistic: Double]

    /// How far a mean may sit from its median, relative to the larger of the two,
    /// before a summary prints the median too.
    static let medianGap = 0.1

    init(_ outcomes: [RunOutcomes], _ name: String) {
        let index = outcomes.first?.names.firstIndex(of: name)
        values = index.map { i in outcomes.map { $0.values[i] }.filter(\.isFinite) } ?? []
        replications = outcomes.count
        statistics = BandsAccumulator.statistics(of: values)
    }

    /// The mean, with the count where it covers only some replications.
    func mean(_ quantity: DisplayNumber.Quantity) -> String {
        guard let mean = statistics[.mean] else { return "-" }
        return quantity.format(mean) + (values.count < replications ? " (n \(values.count))" : "")
    }

    func median(_ quantity: DisplayNumber.Quantity) -> String {
        statistics[.p50].map(quantity.format) ?? "-"
    }

    /// Whether the mean sits far enough from the median to mislead read alone.
    var skewed: Bool {
        guard let mean = statistics[.mean], let median = statistics[.p50] else { return false }
        return abs(mean - median) > OutcomeSample.medianGap * max(abs(mean), abs(median))
    }
}
