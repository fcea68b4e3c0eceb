import MarketModel
import ScenarioFormat

/// The table a report opens with: each scenario's key outcomes at two dates (the middle
/// and the end of the horizon) as mean, median, 5th and 95th percentile across
/// replications, and for a comparison each scenario's paired difference from the
/// reference at the end with its 95 % interval. Every number cell carries its exact
/// value (`data-value`) beside the rounded text, so a reader or a test can check it
/// against `bands.csv`.
struct HeadlineTable {
    /// The outcomes shown, in reading order, with what each is in words and units.
    static let outcomes: [(metric: String, label: String)] = [
        ("gap_points", "quality gap, overall (points)"),
        ("segment_gap_points", "quality gap, mean of the segment gaps (points)"),
        ("gap_points_frontier_reasoning", "quality gap, frontier reasoning (points)"),
        ("gap_months", "quality gap as a time lag (months)"),
        ("frontier_price_usd_per_mtok", "frontier price (USD per million tokens)"),
        ("best_open_price_usd_per_mtok", "best open price (USD per million tokens)"),
        ("token_share_open_weights", "share of tokens served on open weights"),
        // Who captures the value, in the one measure the report recommends: shares of
        // total surplus to date (buyers' surplus plus economic profit, training included),
        // each beside its level (USD, M = million, B = billion, T = trillion). Spend and
        // gross-margin shares are in the report's detail section.
        ("cumulative_total_surplus_usd", "total surplus to date: buyers' surplus + economic profit (USD)"),
        ("surplus_share_buyers", "buyers' share of total surplus to date"),
        ("cumulative_buyer_surplus_usd", "buyers' surplus to date, against not using a model (USD)"),
        ("surplus_share_frontier_lab", "frontier labs' share of total surplus to date"),
        ("cumulative_profit_usd_frontier_lab", "frontier labs' economic profit to date, training included (USD)"),
        ("surplus_share_open_lab", "open labs' share of total surplus to date"),
        ("cumulative_profit_usd_open_lab", "open labs' economic profit to date, training included (USD)"),
        ("surplus_share_distiller", "distillers' share of total surplus to date"),
        ("cumulative_profit_usd_distiller", "distillers' economic profit to date, training included (USD)"),
        ("surplus_share_infra", "infrastructure's share of total surplus to date"),
        ("cumulative_profit_usd_infra", "infrastructure's economic profit to date (USD)"),
    ]

    static let statistics: [(BandStatistic, String)] = [(.mean, "mean"), (.p50, "median"), (.p5, "p5"), (.p95, "p95")]

    let scenarios: [(label: String, run: RunData)]
    /// For a comparison: differences[metric][label] from the reference.
    let differences: [String: [String: ComparisonData.Difference]]

    /// The middle and the last date of the first scenario's horizon.
    var dates: [CalendarDate] {
        let all = scenarios[0].run.dates
        guard let last = all.last else { return [] }
        let middle = all[all.count / 2]
        return middle == last ? [last] : [middle, last]
    }

    func html() -> String {
        let dates = dates
        let comparing = scenarios.count > 1
        let outcomes = Self.outcomes.filter { outcome in scenarios.contains { $0.run.hasMetric(outcome.metric) } }
        // One run has one value per outcome: four equal columns would only repeat it.
        let statistics = scenarios[0].run.replications > 1 ? Self.statistics : [(BandStatistic.mean, "value")]
        let statisticCount = statistics.count
        var html = "<div class=\"table\"><table id=\"headline\" class=\"headline\">\n<caption>"
        html += SVG.escape(caption(dates)) + "</caption>\n<thead><tr><th rowspan=\"2\">outcome</th>"
        if comparing { html += "<th rowspan=\"2\">scenario</th>" }
        for date in dates { html += "<th colspan=\"\(statisticCount)\" class=\"date\">\(date)</th>" }
        if comparing, let last = dates.last {
            html += "<th rowspan=\"2\">difference from \(SVG.escape(scenarios[0].label)) at \(last) (95% interval)</th>"
        }
        html += "</tr>\n<tr>"
        for _ in dates { html += statistics.map { "<th>\($0.1)</th>" }.joined() }
        html += "</tr></thead>\n<tbody>\n"
        for outcome in outcomes {
            for (position, scenario) in scenarios.enumerated() {
                html += "<tr data-metric=\"\(SVG.escape(outcome.metric))\" data-scenario=\"\(SVG.escape(scenario.label))\""
                html += position == 0 ? " class=\"group-start\">" : ">"
                if position == 0 {
                    html += "<th scope=\"rowgroup\" rowspan=\"\(scenarios.count)\">\(SVG.escape(outcome.label))</th>"
                }
                if comparing { html += "<td class=\"scenario\">\(SVG.escape(scenario.label))</td>" }
                for date in dates {
                    let index = scenario.run.dates.firstIndex(of: date)
                    for (statistic, name) in statistics {
                        let value = index.flatMap { scenario.run.statistic(statistic, outcome.metric, at: $0) }
                        html += cell(value, metric: outcome.metric, attributes: " data-stat=\"\(name)\" data-date=\"\(date)\"")
                    }
                }
                if comparing { html += differenceCell(outcome.metric, scenario: scenario.label, position: position, date: dates.last) }
                html += "</tr>\n"
            }
        }
        return html + "</tbody>\n</table></div>\n"
    }

    private func caption(_ dates: [CalendarDate]) -> String {
        let replications = scenarios[0].run.replications
        var text = "Key outcomes at \(dates.map(\.description).joined(separator: " and "))"
        text += replications > 1 ? ": mean, median, 5th and 95th percentile across \(replications) replications" : " (one run)"
        if scenarios.count > 1 {
            text += "; the last column is the mean paired difference from \(scenarios[0].label) on common random numbers"
        }
        return text + ". Money in USD: M = million, B = billion, T = trillion."
    }

    /// Short for a table that must fit a screen: money in millions, billions or trillions
    /// (the exact value stays in `data-value`), smaller amounts and prices to three significant
    /// figures, shares to three decimals, the rest to three digits.
    static func format(_ value: Double, metric: String) -> String {
        if DisplayNumber.isMoney(metric) {
            if abs(value) >= 1e12 { return DisplayNumber.significant(value / 1e12, digits: 3) + " T" }
            if abs(value) >= 1e9 { return DisplayNumber.significant(value / 1e9, digits: 3) + " B" }
            if abs(value) >= 1e6 { return DisplayNumber.significant(value / 1e6, digits: 3) + " M" }
            // Prices to three significant figures: two decimals printed every open price
            // as 0.04 and their differences as 0.00.
            return DisplayNumber.compact(value, digits: 3)
        }
        if metric.contains("share") { return DisplayNumber.fixed(value, decimals: 3) }
        return DisplayNumber.significant(value, digits: 3)
    }

    private func cell(_ value: Double?, metric: String, attributes: String) -> String {
        guard let value, value.isFinite else { return "<td class=\"number\"\(attributes)>-</td>" }
        return "<td class=\"number\"\(attributes) data-value=\"\(CSVFormat.number(value))\">\(SVG.escape(Self.format(value, metric: metric)))</td>"
    }

    private func differenceCell(_ metric: String, scenario: String, position: Int, date: CalendarDate?) -> String {
        guard position > 0 else { return "<td class=\"reference\">reference</td>" }
        guard let date, let difference = differences[metric]?[scenario], let index = difference.dates.firstIndex(of: date),
              let mean = difference.mean[index] else { return "<td>-</td>" }
        var text = Self.format(mean, metric: metric)
        if let low = difference.low[index], let high = difference.high[index] {
            text += " [" + Self.format(low, metric: metric) + ", " + Self.format(high, metric: metric) + "]"
        }
        let excludesZero = (difference.low[index] ?? 0) > 0 || (difference.high[index] ?? 0) < 0
        return "<td class=\"number\(excludesZero ? " significant" : "")\" data-value=\"\(CSVFormat.number(mean))\">\(SVG.escape(text))</td>"
    }
}
