import Foundation
import MarketModel
import ScenarioFormat

/// The case a scenario argues, in the words a reader needs to place it: `base` is the
/// central case, while `bull` and `bear` both lean proprietary (bull for proprietary
/// labs, bear against open source), which their names alone do not say.
enum ScenarioCase {
    /// The shipped scenarios by name, for folders whose `scenario.json` has no `argues`.
    static let shipped: [String: String] = [
        "base": "convergence (the central case)",
        "bull": "the proprietary moat (the bull case for proprietary labs, so against open source)",
        "bear": "open source's adoption friction (the bear case for open source)",
    ]

    /// The scenario's own `argues` text when its run folder has one, else the shipped
    /// scenario's of that name, else nothing (a user's scenario argues what its thesis says).
    static func argues(name: String, folder: String) throws -> String? {
        try ComparisonData.text("argues", folder: folder) ?? shipped[name]
    }
}

/// The sentences a report opens with, computed from the folder's numbers: which case
/// leads and by how much (the quality gap in points and months, with intervals), for a
/// comparison the scenarios ranked by total surplus, and who captures the value, in the
/// one measure every headline uses (`ValueCapture`: shares of total surplus).
struct ReportAnswer {
    /// A scenario's numbers as the answer needs them.
    struct Case {
        let label: String
        let argues: String?
        let run: RunData
        /// summary.csv's statistics by metric (for months to a gap under 5 points and its n).
        let summary: [String: [String: Double]]
    }

    let cases: [Case]
    /// For a comparison: differences[metric][label] from the first case.
    let differences: [String: [String: ComparisonData.Difference]]

    /// summary.csv of `folder` as [metric: [stat: value]]; empty when the folder has none.
    static func summary(folder: String) throws -> [String: [String: Double]] {
        let path = folder + "/summary.csv"
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let table = try CSVTable.read(path: path)
        let (metrics, stats, values) = (try table.strings("metric"), try table.strings("stat"), try table.numbers("value"))
        var result: [String: [String: Double]] = [:]
        for row in metrics.indices { if let value = values[row] { result[metrics[row], default: [:]][stats[row]] = value } }
        return result
    }

    private var reference: Case { cases[0] }

    /// The last date of the reference's horizon.
    private var end: CalendarDate? { reference.run.dates.last }

    private func last(_ statistic: BandStatistic, _ metric: String, _ run: RunData) -> Double? {
        run.dates.isEmpty ? nil : run.statistic(statistic, metric, at: run.dates.count - 1)
    }

    /// "2.82 points (5th-95th percentile 2.28 to 3.43)": a level with its spread across replications.
    private func level(_ metric: String, _ run: RunData, unit: String = "") -> String? {
        guard let mean = last(.mean, metric, run) else { return nil }
        var text = HeadlineTable.format(mean, metric: metric) + unit
        if run.replications > 1, let low = last(.p5, metric, run), let high = last(.p95, metric, run) {
            text += " (" + HeadlineTable.format(low, metric: metric) + " to " + HeadlineTable.format(high, metric: metric) + ")"
        }
        return text
    }

    /// "+1.26 [0.807, 1.71]": the mean paired difference from the reference at the end, with
    /// its 95 % interval; with `points`, a share's in percentage points ("+2.1 pp [1.5 pp, 2.7 pp]").
    private func difference(_ metric: String, _ label: String, points: Bool = false) -> String? {
        guard let end, let difference = differences[metric]?[label], let index = difference.dates.firstIndex(of: end),
              let mean = difference.mean[index] else { return nil }
        let format = { (value: Double) in
            points ? DisplayNumber.Quantity.share.difference(value)
                : (value > 0 ? "+" : "") + HeadlineTable.format(value, metric: metric)
        }
        var text = format(mean)
        if let low = difference.low[index], let high = difference.high[index] {
            text += " [" + format(low) + ", " + format(high) + "]"
        }
        return text
    }

    /// "35 months (6 of 6 replications)": the mean over the replications where the gap
    /// fell under 5 points, with how many did, or "never" when none did.
    private func belowFive(_ scenario: Case) -> String? {
        let replications = max(1, scenario.run.replications)
        guard let statistics = scenario.summary["months_to_gap_below_5"] else { return nil }
        let n = Int(statistics["n"] ?? 0)
        guard n > 0, let mean = statistics["mean"] else { return "never (in none of \(replications) replications)" }
        let months = DisplayNumber.significant(mean, digits: 2)
        return replications > 1 ? "\(months) months (\(n) of \(replications) replications)" : "\(months) months"
    }

    private func named(_ scenario: Case) -> String {
        scenario.argues.map { "\(scenario.label), which argues \($0)" } ?? scenario.label
    }

    /// Who captures the value in `run`: buyers' and each kind's share of total surplus to
    /// date, largest first, each with its level ("buyers 85.2 % (1.02 T)"); where the mean
    /// total is not positive, the levels alone and a word that the shares are undefined.
    private func capture(_ run: RunData) -> String? {
        guard let total = last(.mean, ValueCapture.totalMetric, run) else { return nil }
        // A kind with nothing at all (no distiller in the scenario) is left out.
        let parties = ValueCapture.parties.compactMap { party -> (name: String, share: Double?, level: String)? in
            guard let level = last(.mean, party.level, run), level != 0 else { return nil }
            return (party.name, total > 0 ? last(.mean, party.share, run) : nil, HeadlineTable.format(level, metric: party.level))
        }
        guard total > 0 else {
            return "total surplus to date is \(HeadlineTable.format(total, metric: ValueCapture.totalMetric)), not positive, "
                + "so its shares are undefined; the levels: " + parties.map { "\($0.name) \($0.level)" }.joined(separator: ", ")
        }
        return parties.sorted { ($0.share ?? -.infinity) > ($1.share ?? -.infinity) }.map { party in
            "\(party.name) " + (party.share.map { DisplayNumber.Quantity.share.format($0) + " (\(party.level))" } ?? party.level)
        }.joined(separator: ", ")
    }

    private static let captureLead = "Who captures the value, as shares of total surplus to date (buyers' surplus plus every "
        + "kind's economic profit, training included): "

    /// The sentences, as HTML paragraphs.
    func html() -> String {
        guard let end else { return "" }
        var sentences: [String] = []

        if cases.count == 1 {
            let scenario = reference
            if let gap = level("gap_points", scenario.run, unit: " points") {
                var text = "Under \(named(scenario)), the open-weight quality gap is \(gap) by \(end)"
                if let months = level("gap_months", scenario.run, unit: " months") { text += ", a lag of \(months)" }
                // From the first month with an open model to measure against.
                if let values = scenario.run.values("gap_points"), let first = values.firstIndex(where: { $0 != nil }) {
                    text += ", from \(HeadlineTable.format(values[first]!, metric: "gap_points")) points at \(scenario.run.dates[first])"
                }
                if let below = belowFive(scenario) { text += "; it first fell under 5 points after \(below)" }
                sentences.append(text + ".")
            }
            if let total = level(ValueCapture.totalMetric, scenario.run), let capture = capture(scenario.run) {
                sentences.append(Self.captureLead + "of \(total), " + capture + ".")
            }
        } else {
            let byGap = cases.filter { last(.mean, "gap_points", $0.run) != nil }
                .sorted { last(.mean, "gap_points", $0.run)! > last(.mean, "gap_points", $1.run)! }
            if let widest = byGap.first, let narrowest = byGap.last {
                var text = "By \(end) the open-weight quality gap is widest under \(widest.label), \(level("gap_points", widest.run, unit: " points")!), "
                text += "and narrowest under \(narrowest.label), \(level("gap_points", narrowest.run, unit: " points")!)"
                let others = cases.dropFirst().compactMap { scenario -> String? in
                    guard let points = difference("gap_points", scenario.label) else { return nil }
                    var part = "\(scenario.label) \(points) points"
                    if let months = difference("gap_months", scenario.label) { part += " (\(months) months of lag)" }
                    return part
                }
                if !others.isEmpty { text += "; against \(reference.label), " + HTMLReport.listed(others) }
                let below = cases.compactMap { scenario in belowFive(scenario).map { "\($0) under \(scenario.label)" } }
                if !below.isEmpty {
                    text += ". It first fell under 5 points after " + HTMLReport.listed(below) + ", averaged over the replications where it did"
                }
                sentences.append(text + ".")
            }
            // The scenarios ranked by total surplus, each difference paired on common random numbers.
            let byTotal = cases.filter { last(.mean, ValueCapture.totalMetric, $0.run) != nil }
                .sorted { last(.mean, ValueCapture.totalMetric, $0.run)! > last(.mean, ValueCapture.totalMetric, $1.run)! }
            if !byTotal.isEmpty {
                var text = "Total surplus to \(end) (buyers' surplus plus every kind's economic profit), largest first: "
                text += byTotal.map { "\($0.label) \(level(ValueCapture.totalMetric, $0.run)!)" }.joined(separator: ", ")
                let others = cases.dropFirst().compactMap { scenario in
                    difference(ValueCapture.totalMetric, scenario.label).map { "\(scenario.label) \($0)" }
                }
                if !others.isEmpty { text += "; against \(reference.label), " + HTMLReport.listed(others) }
                sentences.append(text + ".")
            }
            let captured = cases.compactMap { scenario in capture(scenario.run).map { "under \(scenario.label) " + $0 } }
            if !captured.isEmpty {
                var text = Self.captureLead + captured.joined(separator: "; ")
                let buyers = ValueCapture.parties[0].share
                let changes = cases.dropFirst().compactMap { scenario in
                    difference(buyers, scenario.label, points: true).map { "\(scenario.label) \($0)" }
                }
                if !changes.isEmpty { text += "; buyers' share against \(reference.label): " + HTMLReport.listed(changes) }
                sentences.append(text + ".")
            }
            let argued = cases.compactMap { scenario in scenario.argues.map { "\(scenario.label) argues \($0)" } }
            if !argued.isEmpty { sentences.append("What each case argues: " + argued.joined(separator: "; ") + ".") }
        }
        guard !sentences.isEmpty else { return "" }
        var html = "<div class=\"answer\">\n" + sentences.map { "<p>\(SVG.escape($0))</p>\n" }.joined()
        var note = "Values are at the end of the horizon."
        if reference.run.replications > 1 {
            note += " Ranges in parentheses are the 5th to 95th percentile across \(reference.run.replications) replications"
            note += cases.count > 1 ? "; brackets are 95% intervals of the mean paired difference on common random numbers." : "."
        }
        note += " " + ValueCapture.surplusNote
        html += "<p class=\"note\">\(SVG.escape(note))</p>\n</div>\n"
        return html
    }

    /// The one chart under the sentences: the quality gap over time, one line per case
    /// with its band, and the 5-point line the answer counts months to.
    func figure() -> ReportFigure? {
        let series = cases.enumerated().compactMap { position, scenario -> TimeSeries? in
            guard var s = scenario.run.series("gap_points", name: cases.count > 1 ? scenario.label : "overall gap") else { return nil }
            s.style = LineStyle.scenario(position)
            s.colorIndex = ChartPalette.scenario(position)
            return s
        }
        guard !series.isEmpty else { return nil }
        var chart = TimeSeriesChart(id: "answer-chart", title: "The open-weight quality gap" + (cases.count > 1 ? ": " + HTMLReport.listed(cases.map(\.label)) : ""),
                                    yLabel: "gap (benchmark points)", series: series, includeZero: true)
        chart.referenceLine = (value: 5, label: "5 points")
        let bands = reference.run.replications > 1 ? " Shaded: 5th to 95th percentile across \(reference.run.replications) replications." : ""
        return ReportFigure(id: "fig-answer", caption: "Frontier quality minus the best open model's, overall, by month." + bands, chart: .lines(chart))
    }
}
