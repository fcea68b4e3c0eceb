import Foundation
import MarketModel

#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing
@testable import Reporting
import ScenarioFormat

/// A small trajectories.csv: `replications` replications of 14 monthly periods,
/// two segments, three actor kinds, no open model in the first two months.
/// `buyerSurplus`: buyers' surplus per month (USD), the same in every replication.
private func trajectories(replications: Int, buyerSurplus: Double = 1e9) -> String {
    let kinds = ["frontier_lab", "open_lab", "infra"]
    var columns = ["replication", "date", "day", "frontier_quality", "best_open_quality", "gap_points", "gap_months"]
    for segment in ["coding", "frontier_reasoning"] {
        columns += ["frontier_quality_\(segment)", "best_open_quality_\(segment)", "gap_points_\(segment)"]
    }
    columns += ["frontier_price_usd_per_mtok", "best_open_price_usd_per_mtok", "cc_price_usd_per_mtok_q60", "cc_price_usd_per_mtok_q80"]
    for prefix in ["token_share_", "spend_share_", "profit_usd_", "cumulative_profit_usd_", "value_share_"] {
        columns += kinds.map { prefix + $0 }
    }
    columns += ["cumulative_buyer_surplus_usd", "cumulative_total_surplus_usd", "surplus_share_buyers"] + kinds.map { "surplus_share_" + $0 }
    columns.append("unknown_extra_metric")
    var text = CSVFormat.line(columns)
    for replication in 0..<replications {
        var day = 0
        for month in 0..<14 {
            let date = CalendarDate(year: 2026 + month / 12, month: month % 12 + 1, day: 1)!
            let noise = Double(replication) * 0.5
            let frontier = 80 + Double(month) * 0.4 + noise
            let open: Double? = month < 2 ? nil : 65 + Double(month) * 1.1 + noise
            var row: [Double?] = [Double(replication), nil, Double(day), frontier, open, open.map { frontier - $0 }, open.map { _ in 14 - Double(month) * 0.5 }]
            for offset in [0.0, 8.0] {
                row += [frontier - offset, open.map { $0 - offset * 1.5 }, open.map { frontier - offset - ($0 - offset * 1.5) }]
            }
            row += [15 * pow(0.95, Double(month)), open.map { _ in 0.6 * pow(0.9, Double(month)) }, 0.3 * pow(0.9, Double(month)), 9 * pow(0.93, Double(month))]
            let openShare = min(0.5, 0.02 * Double(month) + noise / 100)
            for shares in [[1 - openShare - 0.05, openShare, 0.05], [1 - openShare / 2 - 0.03, openShare / 2, 0.03]] {
                row += shares.map { Optional($0) }
            }
            row += [2e8 - Double(month) * 1e7, 1e6 * Double(month), 3e5]
            let profits = [2e8 * Double(month + 1), 1e6 * Double(month * (month + 1) / 2), 3e5 * Double(month + 1)]
            row += profits.map { Optional($0) }
            row += [0.9, 0.07, 0.03]
            let buyers = buyerSurplus * Double(month + 1), total = buyerSurplus * Double(month + 1) + profits.reduce(0, +)
            row += [buyers, total] + ([buyers] + profits).map { Optional($0 / total) }
            row.append(42)
            var fields = row.map { $0.map(CSVFormat.number) ?? "" }
            fields[1] = date.description
            text += CSVFormat.line(fields)
            day += CalendarDate.daysIn(month: date.month, year: date.year)
        }
    }
    return text
}

private let manifest = """
    {"scenario": "bull", "seed": 42, "replications": 3, "version": "0.1.0",
     "command": ["marketsim", "run", "Scenarios/bull.json"], "timings": {"wall_seconds": 1.5}}
    """

@Suite("HTML report")
struct HTMLReportTests {
    private func checkSelfContained(_ html: String) throws -> XMLDocument {
        let document = try parseXML(html)
        #expect(!html.lowercased().contains("<script"))
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
        #expect(!withoutNamespace.contains("href") && !withoutNamespace.contains("src="))
        // Every chart sits in a figure with an id and a caption, and has a title.
        let figures = try document.nodes(forXPath: "//figure")
        #expect(!figures.isEmpty)
        #expect(try document.nodes(forXPath: "//figure[@id and figcaption]").count == figures.count)
        #expect(try document.nodes(forXPath: "//figure/*[local-name()='svg']").count == figures.count)
        #expect(try document.nodes(forXPath: "//*[local-name()='svg']").count == figures.count)
        #expect(try document.nodes(forXPath: "//*[local-name()='svg']/*[local-name()='title']").count == figures.count)
        let ids = try xpathValues(document, "//@id")
        #expect(Set(ids).count == ids.count)
        return document
    }

    private func legend(_ document: XMLDocument, figure id: String) throws -> [String] {
        try xpathValues(document, "//figure[@id='\(id)']//*[@class='legend-entry']/*[local-name()='text']")
    }

    @Test("a single run: one chart per family, series named in legends, manifest facts on top")
    func singleRun() throws {
        let folder = try TemporaryFolder()
        try folder.write("trajectories.csv", trajectories(replications: 1))
        try folder.write("manifest.json", manifest)
        try folder.write("summary.csv", "metric,stat,value\ngap_points,final,5.5\ncumulative_profit_usd_open_lab,final,91000000\n")
        #expect(try OutputFolderKind.detect(folder: folder.path) == .run)
        let path = try HTMLReport.write(folder: folder.path)
        #expect(path == folder.path + "/report.html")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let document = try checkSelfContained(html)
        let figureIDs = try xpathValues(document, "//figure/@id")
        #expect(figureIDs == ["fig-answer", "fig-quality-overall", "fig-quality-coding", "fig-quality-frontier_reasoning", "fig-gap-points",
                              "fig-gap-months", "fig-prices", "fig-token-shares", "fig-surplus-shares", "fig-buyer-surplus",
                              "fig-cumulative-profit", "fig-profit",
                              "fig-spend-shares", "fig-value-shares"])
        // The page opens with the answer, its numbers those of the generator above at the
        // last month (13): frontier 85.2, open 79.3; the first gap is month 2's 80.8 - 67.2;
        // profits to date 2e8 x 14, 1e6 x 91 and 3e5 x 14 and buyers' surplus 1e9 x 14, so total
        // surplus 16.8952 B: buyers 14 / 16.8952 = 82.86 %, frontier labs 2.8 / 16.8952 = 16.57 %,
        // open labs 0.091 / 16.8952 = 0.5386 %, infrastructure 0.0042 / 16.8952 = 0.02486 %.
        #expect(try xpathValues(document, "//main/section[1]/@id") == ["answer"])
        #expect(try xpathValues(document, "//section[@id='answer']//p[not(@class)]") == [
            "Under bull, which argues the proprietary moat (the bull case for proprietary labs, so against open source), the open-weight quality gap is 5.90 points by 2027-02-01, a lag of 7.50 months, from 13.6 points at 2026-03-01.",
            "Who captures the value, as shares of total surplus to date (buyers' surplus plus every kind's economic profit, training included): of 16.9 B, buyers 82.9 % (14.0 B), frontier labs 16.6 % (2.80 B), open labs 0.539 % (91.0 M), infrastructure 0.0249 % (4.20 M).",
        ])
        // One run: one value per outcome and date, not four equal statistics.
        #expect(try xpathValues(document, "//table[@id='headline']/thead/tr[2]/th") == ["value", "value"])
        // Spend and gross-margin shares only in the detail section, never in the headline table.
        #expect(try xpathValues(document, "//section[@id='value-detail']//figure/@id") == ["fig-spend-shares", "fig-value-shares"])
        let headline = try xpathValues(document, "//table[@id='headline']/tbody/tr/@data-metric")
        #expect(headline.filter { $0.hasPrefix("spend_share") || $0.hasPrefix("value_share") } == [], "\(headline)")
        #expect(headline.contains("surplus_share_buyers") && headline.contains("cumulative_total_surplus_usd"), "\(headline)")
        #expect(try legend(document, figure: "fig-quality-coding") == ["frontier", "best open"])
        #expect(try legend(document, figure: "fig-prices") == ["frontier", "best open", "cheapest with quality >= 60", "cheapest with quality >= 80"])
        #expect(try legend(document, figure: "fig-token-shares") == ["frontier lab", "open lab", "infra"])
        #expect(try legend(document, figure: "fig-gap-points") == ["overall", "coding", "frontier reasoning"])
        let priceTicks = try xpathValues(document, "//figure[@id='fig-prices']//*[@class='tick']")
        #expect(priceTicks.contains("0.1") && priceTicks.contains("1") && priceTicks.contains("10"))
        #expect(priceTicks.contains("2026") || priceTicks.contains("Jan 2026"))
        let facts = try xpathValues(document, "//dl[@class='facts']/dt")
        #expect(Array(facts.prefix(5)) == ["kind", "scenario", "seed", "replications", "version"])
        #expect(try xpathValues(document, "//dl[@class='facts']/dd")[1...2] == ["bull", "42"])
        #expect(html.contains("91,000,000"))
        #expect(!html.contains("unknown_extra_metric"))
        #expect(try HTMLReport.render(folder: folder.path) == html)
    }

    @Test("replications: bands from bands.csv or computed, shaded in every line chart")
    func replicatedRun() throws {
        let folder = try TemporaryFolder()
        let text = trajectories(replications: 3)
        try folder.write("trajectories.csv", text)
        #expect(try OutputFolderKind.detect(folder: folder.path) == .replicatedRun)
        let computed = try checkSelfContained(HTMLReport.render(folder: folder.path))
        let bands = try BandsAccumulator(trajectories: CSVTable(text: text, path: "trajectories.csv"))
        try bands.write(path: folder.path + "/bands.csv")
        let html = try HTMLReport.render(folder: folder.path)
        let document = try checkSelfContained(html)
        #expect(try document.nodes(forXPath: "//figure[@id='fig-gap-points']//*[local-name()='polygon'][@class='band']").count == 1, "only the overall gap keeps its band among the segment lines")
        #expect(try legend(document, figure: "fig-quality-overall").last == "shaded: 5th to 95th percentile across replications")
        #expect(try xpathValues(computed, "//figure/@id") == xpathValues(document, "//figure/@id"))
        #expect(try xpathValues(document, "//table[@id='headline']/thead/tr[2]/th") == ["mean", "median", "p5", "p95", "mean", "median", "p5", "p95"])
    }

    @Test("a comparison: the headline table per scenario from bands, theses, overlays and paired differences")
    func compareFolder() throws {
        let folder = try TemporaryFolder()
        var members: [ScenarioComparison.Member] = []
        for (label, text) in [("bear", trajectories(replications: 3)),
                              ("bull", trajectories(replications: 3, buyerSurplus: 2e9).replacingOccurrences(of: ",80", with: ",70"))] {
            try folder.write("\(label)/trajectories.csv", text)
            try BandsAccumulator(trajectories: CSVTable(text: text, path: "t")).write(path: folder.path + "/\(label)/bands.csv")
            try folder.write("\(label)/scenario.json", "{\"name\": \"\(label)\", \"description\": \"The \(label) thesis.\"}")
            members.append(ScenarioComparison.Member(label: label, folder: folder.path + "/" + label, outcomes: []))
        }
        try ScenarioComparison(members: members).write(into: folder.path)
        // Members without run outcomes give compare.csv a header only, which report takes
        // for a file cut short: one row of a final-period outcome, as a real comparison has.
        let compare = try String(contentsOfFile: folder.path + "/compare.csv", encoding: .utf8)
        try folder.write("compare.csv", compare + "bull,bear,gap_points" + String(repeating: ",", count: PairedComparison.statisticColumns.count) + "\n")
        try folder.write("manifest.json", "{\"kind\": \"compare\", \"scenarios\": [\"bear\", \"bull\"], \"replications\": 3}")
        #expect(try OutputFolderKind.detect(folder: folder.path) == .compare)
        let document = try checkSelfContained(HTMLReport.render(folder: folder.path))
        #expect(Array(try xpathValues(document, "//main/section/@id").prefix(2)) == ["answer", "headline-section"])
        // The answer names the case with the wider gap at the end, as the headline table has it.
        let gaps = try ["bear", "bull"].map { label in
            (label, Double(try xpathValues(document, "//table[@id='headline']/tbody/tr[@data-metric='gap_points'][@data-scenario='\(label)']/td[@data-stat='mean'][@data-date='2027-02-01']/@data-value")[0])!)
        }
        let widest = try #require(gaps.max { $0.1 < $1.1 }).0
        #expect(try xpathValues(document, "//section[@id='answer']//p")[0].hasPrefix("By 2027-02-01 the open-weight quality gap is widest under \(widest),"))
        #expect(try xpathValues(document, "//main/section/@id").last == "provenance")
        // gap_points at the last date (2027-02-01): bear's mean is the mean over replications 0, 1, 2.
        let bearMean = try xpathValues(document, "//table[@id='headline']/tbody/tr[@data-metric='gap_points'][@data-scenario='bear']/td[@data-stat='mean'][@data-date='2027-02-01']/@data-value")
        let frontier = 80 + 13 * 0.4, open = 65 + 13 * 1.1
        #expect(bearMean.count == 1 && abs(Double(bearMean[0])! - (frontier - open)) < 1e-9)
        let difference = try xpathValues(document, "//table[@id='headline']/tbody/tr[@data-metric='gap_points'][@data-scenario='bull']/td[last()]/@data-value")
        #expect(difference.count == 1)
        // Which case each scenario argues, from the shipped scenarios' names when scenario.json has no "argues".
        #expect(try xpathValues(document, "//dl[@class='theses']/dd") == [
            "Argues open source's adoption friction (the bear case for open source). The bear thesis.",
            "Argues the proprietary moat (the bull case for proprietary labs, so against open source). The bull thesis."])
        #expect(try legend(document, figure: "fig-answer") == ["bear", "bull", "shaded: 5th to 95th percentile across replications"])
        #expect(try legend(document, figure: "fig-difference-1") == ["bull - bear", "shaded: 95% interval of the mean paired difference"])
        // Total surplus at 2027-02-01: bear's buyers 1e9 x 14 and profits 2.8952 B, 16.8952 B;
        // bull's buyers 2e9 x 14, 30.8952 B, so bull ranks first and is 14.0 B above bear in every pair.
        let total = try xpathValues(document, "//section[@id='answer']//p")[1]
        #expect(total
            == "Total surplus to 2027-02-01 (buyers' surplus plus every kind's economic profit), largest first: "
            + "bull 30.9 B (30.9 B to 30.9 B), bear 16.9 B (16.9 B to 16.9 B); against bear, bull +14.0 B [+14.0 B, +14.0 B].", "\(total)")
        #expect(try xpathValues(document, "//section[@id='answer']//p")[2].hasPrefix(
            "Who captures the value, as shares of total surplus to date (buyers' surplus plus every kind's economic profit, training included): "
            + "under bear buyers 82.9 % (14.0 B), frontier labs 16.6 % (2.80 B)"))
        // One small chart per party (buyers and three kinds) for the shares of total surplus; one per actor kind
        // in the other families, all scenarios in each, share axes from 0 to 1.
        #expect(try document.nodes(forXPath: "//section[@id='kinds-1']//figure").count == 4)
        #expect(try document.nodes(forXPath: "//section[@id='kinds-3']//figure").count == 3)
        let ticks = try xpathValues(document, "//figure[@id='fig-kind-3-1']//*[@class='tick']")
        #expect(ticks.contains("0.0") && ticks.contains("1.0") && !ticks.contains("1.2"), "\(ticks)")
    }

    @Test("a Sobol sweep: a tornado chart per outcome and the points table")
    func sweepFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("manifest.json", "{\"scenario\": \"sweeps/distillation\", \"design\": \"sobol\"}")
        try folder.write("points.csv", "point,actors.distiller.lag_weeks,gap_points\n0,4,5.25\n1,12,8.5\n")
        try folder.write("runs.csv", "run,point,replication,seed\n0,0,0,11\n1,1,0,12\n")
        try folder.write("sensitivity.csv", """
            parameter,outcome,first_order,first_order_ci_low,first_order_ci_high,total,total_ci_low,total_ci_high
            actors.distiller.lag_weeks,gap_points,0.6,0.5,0.7,0.7,0.6,0.8
            segments.coding.distillability,gap_points,0.2,0.1,0.3,0.25,0.15,0.35
            actors.distiller.lag_weeks,value_share_open_lab,0.1,0,0.2,0.15,0.05,0.25

            """)
        #expect(try OutputFolderKind.detect(folder: folder.path) == .sweep)
        let document = try checkSelfContained(HTMLReport.render(folder: folder.path))
        #expect(try xpathValues(document, "//figure/@id") == ["fig-tornado-1", "fig-tornado-2"])
        #expect(try xpathValues(document, "//figure[@id='fig-tornado-1']//*[local-name()='svg']/*[local-name()='title']") == ["Sobol indices of gap_points"])
        #expect(try xpathValues(document, "//section[@id='points']//tbody/tr").count == 2)
        // Its manifest predates the record of the base scenario: the opening says so.
        let opening = try xpathValues(document, "//section[@id='answer']//p").first
        #expect(opening == "2 runs vary 2 parameters of an unnamed scenario (the folder predates marketsim recording it).", "\(opening ?? "no answer")")
    }

    @Test("headline cells: prices to three significant figures, money in M and B, shares to three decimals", arguments: [
        (0.0453, "best_open_price_usd_per_mtok", "0.0453"),
        (0.00412, "best_open_price_usd_per_mtok", "0.00412"),
        (180.42, "frontier_price_usd_per_mtok", "180"),
        (-59.94e9, "cumulative_profit_usd_frontier_lab", "-59.9 B"),
        (754e6, "cumulative_profit_usd_open_lab", "754 M"),
        (0.9634, "token_share_open_weights", "0.963"),
    ])
    func headlineFormat(value: Double, metric: String, expected: String) {
        #expect(HeadlineTable.format(value, metric: metric) == expected)
    }

    @Test("a folder that is not marketsim output is an error naming it")
    func notOutput() throws {
        let folder = try TemporaryFolder()
        try folder.write("notes.txt", "hello")
        let error = try #require(throws: InputError.self) { try HTMLReport.render(folder: folder.path) }
        #expect(error.path == folder.path)
        #expect(error.description.contains("not a marketsim output folder"))
        let missing = try #require(throws: InputError.self) { try HTMLReport.render(folder: folder.path + "/nope") }
        #expect(missing.description == folder.path + "/nope: no such folder")
    }

    @Test("a malformed trajectories file names the file, line and column")
    func malformed() throws {
        let folder = try TemporaryFolder()
        try folder.write("trajectories.csv", "replication,date,day,gap_points\n0,2026-01-01,0,5\n0,2026-02-30,31,4\n")
        let error = try #require(throws: InputError.self) { try HTMLReport.render(folder: folder.path) }
        #expect(error.description == folder.path + "/trajectories.csv:3:3: column date: \"2026-02-30\" is not a YYYY-MM-DD date")
    }
}
