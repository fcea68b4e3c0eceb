import Foundation
import MarketModel

/// The page of a comparison folder, in the order a reader asks: how do the scenarios
/// differ (the headline table), what each assumes, the scenarios on one axis, their
/// paired differences from the reference with intervals, then shares, profit and value
/// capture by actor kind as small multiples, and the end-of-horizon table.
extension HTMLReport {
    /// The metrics overlaid (and differenced), with chart titles and value labels.
    static let comparedMetrics: [(metric: String, title: String, unit: String, log: Bool)] = [
        ("gap_points", "Quality gap, overall", "gap (benchmark points)", false),
        ("gap_points_frontier_reasoning", "Quality gap, frontier reasoning", "gap (benchmark points)", false),
        ("gap_months", "Quality gap as a time lag", "gap (months behind the frontier)", false),
        ("frontier_price_usd_per_mtok", "Frontier price", "price (USD per million tokens, log scale)", true),
        ("best_open_price_usd_per_mtok", "Best open price", "price (USD per million tokens, log scale)", true),
        ("token_share_open_weights", "Share of tokens served on open weights", "share of tokens (0-1)", false),
        ("cumulative_total_surplus_usd", "Total surplus to date", "cumulative total surplus (USD)", false),
        ("cumulative_buyer_surplus_usd", "Buyers' surplus to date", "cumulative buyers' surplus (USD)", false),
    ]

    /// The per-kind families drawn as small multiples: one small chart per actor kind
    /// (and buyers, for the shares of total surplus), the scenarios overlaid in each.
    /// Shares of total surplus are the recommended measure of who captures the value,
    /// with economic profit as their levels; spend and gross-margin shares follow as
    /// detail. Buyers' surplus against not using a model keeps the total positive, so
    /// its shares are ratios of a total that does not change sign.
    static let kindFamilies: [(prefix: String, title: String, unit: String, share: Bool, detail: Bool)] = [
        ("surplus_share_", "Share of total surplus to date", "share of total surplus to date", true, false),
        ("cumulative_profit_usd_", "Economic profit to date (training included)", "cumulative economic profit (USD)", false, false),
        ("token_share_", "Token share", "share of tokens served (0-1)", true, false),
        ("spend_share_", "Spend share", "share of buyer spend (0-1)", true, true),
        ("value_share_", "Share of cumulative gross margin (before training)", "share of gross margin (0-1)", true, true),
    ]

    static func comparisonBody(folder: String) throws -> String {
        let data = try ComparisonData.load(folder: folder)
        let labels = data.scenarios.map(\.label)
        let answer = ReportAnswer(cases: data.scenarios.map { ReportAnswer.Case(label: $0.label, argues: $0.argues, run: $0.run, summary: $0.summary) },
                                  differences: data.differences)
        var html = answerSection(answer, question: "Which case leads, by how much, and who captures the value")
        html += "<section id=\"headline-section\">\n<h2>How \(SVG.escape(listed(labels))) differ</h2>\n"
        html += "<p>\(labels.count) scenarios on common random numbers: replication r of each ran on the same seed, "
        html += "so differences are the scenarios' doing, not chance. \(SVG.escape(data.reference)) is the reference.</p>\n"
        html += HeadlineTable(scenarios: data.scenarios.map { ($0.label, $0.run) }, differences: data.differences).html()
        html += "</section>\n<section id=\"scenarios\">\n<h2>What each scenario assumes</h2>\n<dl class=\"theses\">\n"
        for scenario in data.scenarios {
            html += "<dt>\(SVG.escape(scenario.label))</dt><dd>"
            if let argues = scenario.argues { html += "Argues \(SVG.escape(argues)). " }
            if let thesis = scenario.thesis { html += "<strong>\(SVG.escape(thesis))</strong> " }
            html += SVG.escape(scenario.description ?? "(no description)") + "</dd>\n"
        }
        html += "</dl>\n</section>\n"

        html += "<section id=\"overlays\">\n<h2>The scenarios on one axis</h2>\n<div class=\"figures\">\n"
        // The overall gap is the answer's chart, at the top of the page.
        for (index, item) in comparedMetrics.enumerated() where item.metric != "gap_points" {
            // Each scenario its own colour and line style, so one that coincides with
            // another (bear's quality is base's) stays visible on top of it.
            let series = data.scenarios.enumerated().compactMap { position, scenario -> TimeSeries? in
                guard var s = scenario.run.series(item.metric, name: scenario.label) else { return nil }
                s.colorIndex = ChartPalette.scenario(position)
                s.style = LineStyle.scenario(position)
                return s
            }
            guard !series.isEmpty else { continue }
            var chart = TimeSeriesChart(id: "overlay-\(index + 1)-chart", title: "\(item.title): \(listed(labels))",
                                        yLabel: item.unit, scale: item.log ? .log10 : .linear, series: series,
                                        includeZero: !item.log)
            if item.unit.hasSuffix("(0-1)") { chart.valueRange = 0...1 }
            html += ReportFigure(id: "fig-overlay-\(index + 1)",
                                 caption: "\(item.title) under each scenario: means across \(data.replications) replications, shaded 5th to 95th percentile.",
                                 chart: .lines(chart)).html
        }
        html += "</div>\n</section>\n"

        let timelines = try data.scenarios.enumerated().compactMap { index, scenario in
            try timelineFigure(folder: folder + "/" + scenario.label, id: "events-\(index + 1)",
                               title: "Events under \(scenario.label)", dates: scenario.run.dates)
        }
        if !timelines.isEmpty {
            html += "<section id=\"events\">\n<h2>Events, first replication of each scenario (same seed)</h2>\n<div class=\"figures\">\n"
            html += timelines.map(\.html).joined() + "</div>\n</section>\n"
        }

        html += "<section id=\"differences\">\n<h2>Paired differences from \(SVG.escape(data.reference))</h2>\n<div class=\"figures\">\n"
        for (index, item) in comparedMetrics.enumerated() {
            guard let byScenario = data.differences[item.metric] else { continue }
            let series = data.scenarios.enumerated().dropFirst().compactMap { position, scenario -> TimeSeries? in
                guard let difference = byScenario[scenario.label], difference.mean.contains(where: { $0 != nil }) else { return nil }
                var s = TimeSeries(name: "\(scenario.label) - \(data.reference)", dates: difference.dates, values: difference.mean,
                                   band: (difference.low, difference.high))
                s.colorIndex = ChartPalette.scenario(position)
                s.style = LineStyle.scenario(position)
                return s
            }
            guard !series.isEmpty else { continue }
            let unit = item.unit.replacingOccurrences(of: ", log scale", with: "").replacingOccurrences(of: " (0-1)", with: "")
            var chart = TimeSeriesChart(id: "difference-\(index + 1)-chart", title: "\(item.title): difference from \(data.reference)",
                                        yLabel: "difference in " + unit, series: series, includeZero: true)
            chart.bandMeaning = "95% interval of the mean paired difference"
            chart.zeroLine = true
            html += ReportFigure(id: "fig-difference-\(index + 1)",
                                 caption: "Mean paired difference of \(item.metric) from \(data.reference), month by month, with its 95% t-interval over replications (differences.csv). Above zero: higher than \(data.reference).",
                                 chart: .lines(chart)).html
        }
        html += "</div>\n</section>\n"

        for (familyIndex, family) in kindFamilies.enumerated() {
            let reference = data.scenarios[0].run
            let kinds = reference.metrics.filter { $0.hasPrefix(family.prefix) && !RunCharts.notKinds.contains($0) }
            guard !kinds.isEmpty else { continue }
            let heading = family.detail ? "Detail: \(family.title.prefix(1).lowercased() + family.title.dropFirst()) by actor kind" : "\(family.title) by actor kind"
            html += "<section id=\"kinds-\(familyIndex + 1)\">\n<h2>\(SVG.escape(heading))</h2>\n"
            if family.detail {
                html += "<p class=\"note\">" + SVG.escape(ValueCapture.detailNote) + " Economic profit, above, is.</p>\n"
            }
            html += "<div class=\"figures small\">\n"
            for (kindIndex, metric) in kinds.enumerated() {
                let kind = RunCharts.readable(String(metric.dropFirst(family.prefix.count)))
                let series = data.scenarios.enumerated().compactMap { position, scenario -> TimeSeries? in
                    guard var s = scenario.run.series(metric, name: scenario.label) else { return nil }
                    s.colorIndex = ChartPalette.scenario(position)
                    s.style = LineStyle.scenario(position)
                    return s
                }
                // A kind with nothing under any scenario (no distiller sells a token) gets no chart.
                guard !series.isEmpty, !series.allSatisfy(\.isZeroThroughout) else { continue }
                var chart = TimeSeriesChart(id: "kind-\(familyIndex + 1)-\(kindIndex + 1)-chart", title: "\(family.title): \(kind)",
                                            yLabel: family.unit, series: series, includeZero: true)
                // Shares keep the 0-1 axis (rounding may put a percentile a hair outside it).
                if family.share, let range = chart.dataRange, range.lowerBound >= -1e-9, range.upperBound <= 1 + 1e-9 {
                    chart.valueRange = 0...1
                }
                html += ReportFigure(id: "fig-kind-\(familyIndex + 1)-\(kindIndex + 1)",
                                     caption: "\(family.title) of \(kind) actors (\(metric)) under each scenario; shaded 5th to 95th percentile.",
                                     chart: .lines(chart)).html
            }
            html += "</div>\n</section>\n"
        }

        let comparePath = folder + "/compare.csv"
        if FileManager.default.fileExists(atPath: comparePath) {
            html += "<section id=\"end-of-horizon\">\n<h2>Every outcome at the end of the horizon</h2>\n"
            let compare = try CSVTable.read(path: comparePath)
            try compare.checkNumbers(except: ["outcome", "scenario", "reference"])
            html += table(compare,
                          caption: "For each scenario against the reference: pairs, means, mean paired difference with its standard error and 95% t-interval (compare.csv).")
            html += "</section>\n"
        }
        return html
    }

    /// "a, b and c".
    static func listed(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
