import MarketModel
import ScenarioFormat

/// The few lines a person reads after a run: where the gap, prices, shares and value
/// capture ended up (mean and the 5-95 % range across replications).
public enum RunConsoleSummary {
    public static func render(_ outcomes: [RunOutcomes], scenario: Scenario, folder: String) -> String {
        let end = scenario.startDate.firstOfMonth(addingMonths: scenario.months)
        var lines = ["\(scenario.name): \(outcomes.count) replication\(outcomes.count == 1 ? "" : "s"), "
                     + "\(scenario.startDate) to \(end), written to \(folder)", ""]
        func line(_ label: String, _ name: String, percent: Bool = false, money: Bool = false) {
            let stats = RunOutcomes.statistics(outcomes, name)
            guard let mean = stats[.mean] else { return }
            func format(_ v: Double) -> String {
                if percent { return DisplayNumber.fixed(v * 100, decimals: 1) + " %" }
                if money { return DisplayNumber.money(v) }
                return DisplayNumber.significant(v)
            }
            var text = "  " + label.padding(toLength: 44, withPad: " ", startingAt: 0) + format(mean)
            if outcomes.count > 1, let lo = stats[.p5], let hi = stats[.p95] {
                text += "   (p5-p95 " + format(lo) + " to " + format(hi) + ")"
            }
            lines.append(text)
        }
        lines.append("At \(end):")
        line("quality gap, points", "gap_points")
        line("quality gap, months behind the frontier", "gap_months")
        line("frontier-reasoning gap, points", "gap_points_frontier_reasoning")
        line("frontier price, USD per M tokens (blended)", "frontier_price_usd_per_mtok")
        line("best open price, USD per M tokens", "best_open_price_usd_per_mtok")
        line("token share, proprietary", "token_share_proprietary", percent: true)
        line("token share, open-lab APIs", "token_share_open_lab", percent: true)
        line("token share, infrastructure providers", "token_share_infra", percent: true)
        line("value capture, frontier labs", "value_share_frontier_lab", percent: true)
        line("value capture, open labs", "value_share_open_lab", percent: true)
        line("value capture, infrastructure", "value_share_infra", percent: true)
        line("cumulative profit, frontier labs", "cumulative_profit_usd_frontier_lab", money: true)
        line("cumulative profit, infrastructure", "cumulative_profit_usd_infra", money: true)
        lines.append("Over the run:")
        line("replications with a price cut", "price_cut_any", percent: true)
        line("largest price cut", "largest_price_cut_fraction", percent: true)
        line("months until the gap fell under 5 points", "months_to_gap_below_5")
        return lines.joined(separator: "\n")
    }
}
