import MarketModel
import ScenarioFormat

/// The few lines a person reads after a run: where the gap, prices and shares ended up
/// and who captured the value (`ValueCapture`: buyers' and each actor kind's share of
/// total surplus with its level in USD, the spend and gross-margin shares last, under a
/// detail heading), each as its mean (with the median where the spread is skewed, and n
/// where the outcome exists in only some replications) and its 5-95 % range across
/// replications, numbers as `compare` prints them (`DisplayNumber.Quantity`).
public enum RunConsoleSummary {
    public static func render(_ outcomes: [RunOutcomes], scenario: Scenario, folder: String) -> String {
        let end = scenario.startDate.firstOfMonth(addingMonths: scenario.months)
        var lines = ["\(scenario.name): \(outcomes.count) replication\(outcomes.count == 1 ? "" : "s"), "
                     + "\(scenario.startDate) to \(end), written to \(folder)", ""]
        /// `perReplication`: the outcome is one yes-or-no per replication, so its mean is
        /// a share of replications and its median and range across them say nothing.
        func line(_ label: String, _ name: String, perReplication: Bool = false) {
            let sample = OutcomeSample(outcomes, name)
            guard sample.statistics[.mean] != nil else { return }
            let quantity = DisplayNumber.Quantity(outcome: name)
            var text = "  " + label.padding(toLength: 44, withPad: " ", startingAt: 0) + sample.mean(quantity)
            if sample.skewed && !perReplication { text += ", median " + sample.median(quantity) }
            if sample.values.count > 1, !perReplication, let lo = sample.statistics[.p5], let hi = sample.statistics[.p95] {
                text += "   (p5-p95 " + quantity.format(lo) + " to " + quantity.format(hi) + ")"
            }
            lines.append(text)
        }
        /// The lines `body` adds under `heading`; no heading over none.
        func section(_ heading: String, _ body: () -> Void) {
            let start = lines.count
            body()
            if lines.count > start { lines.insert(heading + ":", at: start) }
        }
        lines.append("At \(end):")
        line("quality gap, points", "gap_points")
        line("quality gap, months behind the frontier", "gap_months")
        line("frontier-reasoning gap, points", "gap_points_frontier_reasoning")
        line("frontier price, USD per M tokens (blended)", "frontier_price_usd_per_mtok")
        line("best open price, USD per M tokens", "best_open_price_usd_per_mtok")
        line("token share, proprietary", "token_share_proprietary")
        line("token share, open-lab APIs", "token_share_open_lab")
        line("token share, infrastructure providers", "token_share_infra")
        section(ValueCapture.heading) {
            line("total surplus (buyers + all profit), USD", ValueCapture.totalMetric)
            for party in ValueCapture.parties {
                line(party.name + ", share of the total", party.share)
                line(party.name + (party.name == "buyers" ? "' surplus, USD" : ", economic profit, USD"), party.level)
            }
            let undefined = OutcomeSample(outcomes, ValueCapture.totalMetric).values.filter { $0 <= 0 }.count
            if undefined > 0 { lines.append("  " + ValueCapture.undefinedNote(undefined, of: outcomes.count)) }
        }
        lines.append("Over the run:")
        line("replications with a price cut", "price_cut_any", perReplication: true)
        line("replications with a held 2025 cut (H7)", "frontier_cut_held", perReplication: true)
        line("deepest held 2025 cut, one decision", "frontier_cut_fraction")
        line("deepest held 2025 cut, in 90 days", "frontier_cut_fraction_90d")
        line("largest price cut", "largest_price_cut_fraction")
        line("months until the gap fell under 5 points", "months_to_gap_below_5")
        section(ValueCapture.detailHeading) {
            for detail in ValueCapture.detailMetrics { line(detail.label, detail.metric) }
        }
        return lines.joined(separator: "\n")
    }
}
