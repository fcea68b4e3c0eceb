import MarketModel
import Testing
@testable import Reporting

/// What `run` and `compare` print: numbers to three significant figures with units,
/// medians beside skewed means, n beside means over some replications, within 100 columns.
@Suite("Console tables")
struct ConsoleTableTests {
    /// Replications of a scenario with the given values per outcome (NaN: did not happen).
    static func outcomes(_ columns: [String: [Double]]) -> [RunOutcomes] {
        let names = columns.keys.sorted()
        let count = columns.values.first!.count
        return (0..<count).map { r in RunOutcomes(replication: r, names: names, values: names.map { columns[$0]![r] }) }
    }

    /// base and bull as `compare` would hold them, without run folders (the table reads none).
    static let comparison: ScenarioComparison = {
        let base = outcomes([
            "best_open_price_usd_per_mtok": [0.0412, 0.0401, 0.0398, 0.0420],
            "cumulative_profit_usd_frontier_lab": [-55.2e9, -54.8e9, -56.1e9, -55.5e9],
            "frontier_price_usd_per_mtok": [5.2, 5.4, 5.6, 301],
            "months_to_gap_below_5": [30, 34, .nan, 33],
            "token_share_proprietary": [0.312, 0.305, 0.298, 0.301],
            "gap_points_frontier_reasoning": [4, 5, 6, 5],
            "value_share_frontier_lab": [0.61, 0.60, 0.63, 0.62],
        ])
        let bull = outcomes([
            "best_open_price_usd_per_mtok": [0.0398, 0.0391, 0.0385, 0.0403],
            "cumulative_profit_usd_frontier_lab": [-12.0e9, -11.5e9, -13.3e9, -12.4e9],
            "frontier_price_usd_per_mtok": [8.1, 8.3, 8.0, 8.2],
            "months_to_gap_below_5": [.nan, 40, .nan, 41],
            "token_share_proprietary": [0.402, 0.398, 0.410, 0.406],
            "gap_points_frontier_reasoning": [14, 15, 16, 15],
            "value_share_frontier_lab": [0.81, 0.80, 0.83, 0.82],
        ])
        return ScenarioComparison(members: [.init(label: "base", folder: "", outcomes: base),
                                            .init(label: "bull-with-a-long-name", folder: "", outcomes: bull)])
    }()

    static func row(_ text: String, _ outcome: String) -> String? {
        text.split(separator: "\n").map(String.init).first { $0.hasPrefix(outcome + " ") }
    }

    /// compare's sections: the outcomes, then value capture as every headline measures it, then the detail.
    static let sections: [ComparisonTable.Section] = [
        .init(["gap_points_frontier_reasoning", "frontier_price_usd_per_mtok", "best_open_price_usd_per_mtok",
               "token_share_proprietary", "months_to_gap_below_5"]),
        .init(ValueCapture.headlineMetrics, heading: ValueCapture.heading),
        .init(ValueCapture.detailMetrics.map(\.metric), heading: ValueCapture.detailHeading),
    ]

    @Test("compare's table fits 100 columns with the longest outcome names, labels and headings")
    func width() {
        let text = ComparisonTable.render(Self.comparison, sections: Self.sections)
        let lines = text.split(separator: "\n")
        // Title, header, rule, 5 outcomes and a median, 2 headings with a row each.
        #expect(lines.count == 13, "\(text)")
        for line in lines { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
    }

    @Test("Prices keep three significant figures, money has units, shares are percent and differences points")
    func figures() throws {
        let text = ComparisonTable.render(Self.comparison)
        let price = try #require(Self.row(text, "best_open_price_usd_per_mtok"))
        // Means 0.040775 and 0.039425: fixed two decimals printed 0.04 for both and 0.00 between.
        #expect(price.contains("0.0408") && price.contains("0.0394") && price.contains("-0.00135"), "\(price)")
        let profit = try #require(Self.row(text, "cumulative_profit_usd_frontier_lab"))
        #expect(profit.contains("-55.4 B") && profit.contains("-12.3 B") && profit.contains("+43.1 B"), "\(profit)")
        let share = try #require(Self.row(text, "token_share_proprietary"))
        #expect(share.contains("30.4 %") && share.contains("40.4 %") && share.contains("+10.0 pp"), "\(share)")
    }

    @Test("A parameter's bound reads without trailing zeros, money with units", arguments: [
        (0.4, "coding_distillability", "0.4"), (90, "distiller_lag_days", "90"), (0.02404, "distillability", "0.02404"),
        (119.4, "distiller_lag_days", "119.4"), (-1.25, "shift", "-1.25"), (1234.4, "buyers", "1234"),
        (103_053_651, "open_lab_funding_2026_usd", "103 M"), (0, "shift", "0"),
    ])
    func parameterBounds(value: Double, name: String, expected: String) {
        #expect(DisplayNumber.parameter(value, name: name) == expected)
    }

    @Test("A skewed mean gets its median; a mean over some replications its n, as run prints it")
    func medianAndN() throws {
        let text = ComparisonTable.render(Self.comparison)
        let lines = text.split(separator: "\n").map(String.init)
        let price = try #require(lines.firstIndex { $0.hasPrefix("frontier_price_usd_per_mtok ") })
        // base: mean 79.3, median 5.5 (one replication at 301).
        #expect(lines[price].contains("79.3"))
        #expect(lines[price + 1].hasPrefix("  median") && lines[price + 1].contains("5.50"), "\(lines[price + 1])")
        let gap = try #require(lines.firstIndex { $0.hasPrefix("gap_points_frontier_reasoning ") })
        #expect(!lines[gap + 1].hasPrefix("  median"), "a symmetric spread needs no median")
        // base reached it in 3 of 4 replications (mean 32.3), bull in 2 (40.5); both in 2 (differences 6 and 8).
        let months = try #require(Self.row(text, "months_to_gap_below_5"))
        #expect(months.contains("32.3 (n 3)") && months.contains("40.5 (n 2)") && months.contains("+7.00 (n 2)"), "\(months)")
        var scenario = Scenario()
        scenario.name = "base"
        let run = RunConsoleSummary.render(Self.comparison.members[0].outcomes, scenario: scenario, folder: "runs/base")
        #expect(run.contains("32.3 (n 3)"), "run and compare print the same conditional mean: \(run)")
        #expect(run.contains("79.3, median 5.50"), "\(run)")
    }

    @Test("A share of replications has no p5-p95 range; zero prints as 0; tiny values in scientific notation")
    func shareOfReplicationsAndZeros() {
        var scenario = Scenario()
        scenario.name = "s"
        let run = RunConsoleSummary.render(Self.outcomes(["price_cut_any": [1, 1, 0, 1]]), scenario: scenario, folder: "f")
        let line = run.split(separator: "\n").first { $0.contains("replications with a price cut") }
        #expect(line.map { $0.hasSuffix("75.0 %") } == true, "\(line ?? "")")
        #expect(DisplayNumber.compact(0) == "0" && DisplayNumber.compact(-0.0) == "0")
        #expect(DisplayNumber.compact(-8.9e-19) == "-8.90e-19")
        #expect(DisplayNumber.compact(1_234_567, units: true) == "1.23 M")
    }

    @Test("Who captures the value is shares of total surplus and their levels under its heading; margin shares only under the detail heading")
    func valueCapture() throws {
        let compared = ComparisonTable.render(Self.comparison, sections: Self.sections).split(separator: "\n").map(String.init)
        let heading = try #require(compared.firstIndex(of: ValueCapture.heading + ":"), "\(compared)")
        #expect(compared[heading + 1].hasPrefix("cumulative_profit_usd_frontier_lab ") && compared[heading + 1].contains("+43.1 B"))
        let detail = try #require(compared.firstIndex(of: ValueCapture.detailHeading + ":"), "\(compared)")
        #expect(compared[detail + 1].hasPrefix("value_share_frontier_lab ") && compared[detail + 1].contains("+20.0 pp"))
        // A section none of whose outcomes the comparison has gets no heading.
        let absent = ComparisonTable.render(Self.comparison, sections: [Self.sections[0], .init(["cumulative_profit_usd_distiller"], heading: "absent")])
        #expect(!absent.contains("absent"), "\(absent)")

        var scenario = Scenario()
        scenario.name = "base"
        let run = RunConsoleSummary.render(Self.comparison.members[0].outcomes, scenario: scenario, folder: "runs/base")
            .split(separator: "\n").map(String.init)
        let profit = try #require(run.firstIndex(of: ValueCapture.heading + ":"), "\(run)")
        #expect(run[profit + 1].hasPrefix("  frontier labs, economic profit, USD ") && run[profit + 1].contains("-55.4 B"), "\(run)")
        let margin = try #require(run.firstIndex { $0.contains("gross-margin share to date, frontier labs") }, "\(run)")
        #expect(margin == run.count - 1 && run[margin - 1] == ValueCapture.detailHeading + ":", "\(run)")
        #expect(run[margin].contains("61.5 %"), "\(run[margin])")
    }

    /// Three scenarios' total surplus to date by replication (the reference in the middle),
    /// with the shares each replication's columns would hold.
    static func surplus(_ label: String, totals: [Double]) -> ScenarioComparison.Member {
        .init(label: label, folder: "", outcomes: outcomes([
            "cumulative_total_surplus_usd": totals,
            "surplus_share_buyers": totals.map { $0 > 0 ? 0.9 : .nan },
            "surplus_share_frontier_lab": totals.map { $0 > 0 ? 0.1 : .nan },
        ]))
    }

    @Test("compare ranks the scenarios by mean total surplus, with the paired difference from the reference and its t-interval")
    func ranking() throws {
        // Means: base 1.5 T, bull 2.25 T, bear 1.0 T; bull - base 0.8, 0.7, 0.8, 0.7 T (mean 0.75 T,
        // sd 0.0577 T, t(3) 3.182: +/- 0.0919 T); bear - base -0.5 T in every pair (no spread).
        let comparison = ScenarioComparison(members: [
            Self.surplus("base", totals: [1.4e12, 1.5e12, 1.6e12, 1.5e12]),
            Self.surplus("bull", totals: [2.2e12, 2.2e12, 2.4e12, 2.2e12]),
            Self.surplus("bear", totals: [0.9e12, 1.0e12, 1.1e12, 1.0e12]),
        ])
        let lines = ComparisonTable.ranking(comparison, end: "2030-01-01").split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("Total surplus to 2030-01-01"), "\(lines)")
        let rows = lines.dropFirst(3).map { $0.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        #expect(rows.map { $0[0] } == ["1. bull", "2. base", "3. bear"], "\(lines)")
        #expect(rows[0][1...3] == ["2.25 T", "+750 B", "[+658 B, +842 B]"], "\(rows[0])")
        #expect(rows[1][1...2] == ["1.50 T", "reference"], "\(rows[1])")
        #expect(rows[2][1...3] == ["1.00 T", "-500 B", "[-500 B, -500 B]"], "\(rows[2])")
        for line in lines { #expect(line.count <= 100, "\(line)") }
        // No total surplus among the outcomes: no ranking.
        #expect(ComparisonTable.ranking(Self.comparison, end: "2030-01-01").isEmpty)
    }

    @Test("Where total surplus is not positive the shares are undefined, and run and compare say so")
    func undefinedShares() throws {
        var scenario = Scenario()
        scenario.name = "s"
        // One replication of four ends with a negative total: its shares are empty, as the columns leave them.
        let member = Self.surplus("s", totals: [2e9, -1e9, 3e9, 3e9])
        let run = RunConsoleSummary.render(member.outcomes, scenario: scenario, folder: "f").split(separator: "\n").map(String.init)
        let buyers = try #require(run.first { $0.hasPrefix("  buyers, share of the total ") }, "\(run)")
        #expect(buyers.contains("90.0 % (n 3)"), "\(buyers)")
        #expect(run.contains("  " + ValueCapture.undefinedNote(1, of: 4)), "\(run)")
        let none = RunConsoleSummary.render(Self.surplus("s", totals: [-2e9, -1e9]).outcomes, scenario: scenario, folder: "f")
        #expect(!none.contains("buyers, share of the total") && none.contains("shares undefined: total surplus to date is not positive in any replication"),
                "\(none)")
        let compared = ComparisonTable.render(ScenarioComparison(members: [Self.surplus("base", totals: [2e9, 2e9, 3e9, 3e9]), member]),
                                              sections: Self.sections)
        #expect(compared.contains("  s: shares undefined in 1 of 4 replications") && !compared.contains("  base: shares undefined"),
                "\(compared)")
    }
}
