import Foundation
import MarketModel
@testable import Reporting
import Testing
import ScenarioFormat

@Suite("SVG charts")
struct ChartTests {
    private let dates = (0..<25).map { CalendarDate(year: 2026 + ($0 / 12), month: $0 % 12 + 1, day: 1)! }

    private func priceChart() -> TimeSeriesChart {
        let frontier = dates.indices.map { Optional(15.0 * pow(0.9, Double($0))) }
        let open = dates.indices.map { $0 < 3 ? nil : Optional(0.6 * pow(0.85, Double($0))) }
        return TimeSeriesChart(id: "prices", title: "Prices <log> & more", yLabel: "price (USD per million tokens)", scale: .log10,
                               series: [TimeSeries(name: "frontier", dates: dates, values: frontier),
                                        TimeSeries(name: "best open \"MoE\"", dates: dates, values: open, dashed: true)])
    }

    @Test("a series is zero throughout only when no value and no band bound differs from zero")
    func zeroThroughout() {
        let zeros = dates.indices.map { $0 < 3 ? nil : Optional(0.0) }
        #expect(TimeSeries(name: "distiller", dates: dates, values: zeros).isZeroThroughout)
        #expect(TimeSeries(name: "distiller", dates: dates, values: zeros, band: (zeros, zeros)).isZeroThroughout)
        var spike = zeros
        spike[20] = 1e-9
        #expect(!TimeSeries(name: "distiller", dates: dates, values: spike).isZeroThroughout)
        #expect(!TimeSeries(name: "distiller", dates: dates, values: zeros, band: (zeros, spike)).isZeroThroughout)
    }

    @Test("scenario lines differ in colour and dash pattern, and the legend shows each pattern")
    func scenarioStyles() throws {
        let series = (0..<4).map { position in
            var s = TimeSeries(name: "scenario \(position)", dates: dates, values: dates.indices.map { Optional(Double($0)) })
            s.colorIndex = ChartPalette.scenario(position)
            s.style = LineStyle.scenario(position)
            return s
        }
        let document = try parseXML(TimeSeriesChart(id: "styles", title: "styles", yLabel: "value", series: series).svg())
        let strokes = try xpathValues(document, "//*[local-name()='g'][@class='series']/*[local-name()='path']/@stroke")
        let dashes = try document.nodes(forXPath: "//*[local-name()='g'][@class='series']/*[local-name()='path']").map {
            try $0.nodes(forXPath: "@stroke-dasharray").first?.stringValue ?? "solid"
        }
        #expect(Set(strokes).count == 4 && Set(dashes).count == 4, "\(strokes) \(dashes)")
        let legendDashes = try document.nodes(forXPath: "//*[@class='legend-entry']/*[local-name()='line']").map {
            try $0.nodes(forXPath: "@stroke-dasharray").first?.stringValue ?? "solid"
        }
        #expect(legendDashes == dashes)
    }

    @Test("log axis ticks sit at powers of ten covering the data")
    func logTicks() {
        let axis = ValueAxis.log10(minimum: 0.012, maximum: 15)
        #expect(axis.ticks.map(\.value) == [0.01, 0.1, 1, 10, 100])
        #expect(axis.ticks.map(\.label) == ["0.01", "0.1", "1", "10", "100"])
        #expect(axis.domain == 0.01...100)
        #expect(ValueAxis.log10(minimum: 2000, maximum: 3e6).ticks.map(\.label) == ["1k", "10k", "100k", "1M", "10M"])
        for tick in axis.ticks {
            let exponent = log10(tick.value)
            #expect(abs(exponent - exponent.rounded()) < 1e-12)
        }
    }

    @Test("linear ticks are nice steps covering the data")
    func linearTicks() {
        let axis = ValueAxis.linear(minimum: 61.3, maximum: 88.9)
        #expect(axis.ticks.map(\.value) == [60, 65, 70, 75, 80, 85, 90])
        #expect(ValueAxis.linear(minimum: 0, maximum: 1).ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(ValueAxis.linear(minimum: 0, maximum: 2.3e9).ticks.map(\.label) == ["0.0", "0.5B", "1.0B", "1.5B", "2.0B", "2.5B"])
        // Counts (generations) take whole steps: two generations are not five ticks apart.
        #expect(ValueAxis.linear(minimum: 0, maximum: 1, integer: true).ticks.map(\.label) == ["0", "1"])
        #expect(ValueAxis.linear(minimum: 1, maximum: 1, integer: true).ticks.map(\.label) == ["0", "1", "2"])
        #expect(ValueAxis.linear(minimum: 0, maximum: 12, integer: true).ticks.map(\.value) == [0, 2, 4, 6, 8, 10, 12])
    }

    @Test("a long title moves left to stay inside its chart; a short one stays over the plot")
    func longTitle() throws {
        let labels: [(parameter: String, value: Double?)] = [("frontier_reasoning_distillability", 0.5), ("lag", -0.2)]
        func headingX(_ title: String) throws -> Double {
            let svg = CorrelationChart(id: "c", title: title, coefficients: labels).svg()
            let match = try #require(svg.firstMatch(of: /<text x="([0-9.]+)" y="22" class="heading">/))
            return try #require(Double(match.1))
        }
        let long = "Partial rank correlations with value_share_frontier_lab_final"
        let x = try headingX(long)
        #expect(x >= 8 && x + SVG.textWidth(long, fontSize: 14) <= ChartFrame.width - ChartFrame.rightMargin, "\(x)")
        // The left margin fits the longest label: 33 characters at 7.2 px, plus 16.
        #expect(try headingX("Short") == 33 * 7.2 + 16)
    }

    @Test("date ticks fall on month starts, yearly over long spans")
    func dateTicks() {
        let start = CalendarDate(year: 2026, month: 1, day: 1)!
        let monthly = DateTicks.ticks(from: start, to: CalendarDate(year: 2026, month: 7, day: 1)!)
        #expect(monthly.map(\.label) == ["Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026", "Jul 2026"])
        let yearly = DateTicks.ticks(from: start, to: CalendarDate(year: 2031, month: 12, day: 1)!)
        #expect(yearly.map(\.label) == ["2026", "2027", "2028", "2029", "2030", "2031"])
        #expect(yearly.map(\.value) == (2026...2031).map { Double(CalendarDate(year: $0, month: 1, day: 1)!.daysSinceEpoch) })
    }

    @Test("a line chart is well-formed XML with a title, escaped text and every series in the legend")
    func lineChart() throws {
        let svg = priceChart().svg()
        let document = try parseXML(svg)
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(try xpathValues(document, "/*[local-name()='svg']/*[local-name()='title']") == ["Prices <log> & more"])
        let legend = try xpathValues(document, "//*[local-name()='g'][@class='legend-entry']/*[local-name()='text']")
        #expect(legend == ["frontier", "best open \"MoE\""])
        let ticks = try xpathValues(document, "//*[local-name()='text'][@class='tick']")
        #expect(ticks.contains("0.01") && ticks.contains("1") && ticks.contains("10") && ticks.contains("100"))
        #expect(ticks.contains("Jan 2026") || ticks.contains("2026"))
        #expect(try xpathValues(document, "//*[local-name()='path'][@stroke-dasharray]").count == 1)
        #expect(svg == priceChart().svg())
    }

    @Test("a missing value breaks the line instead of bridging it")
    func missingBreaksLine() throws {
        let values: [Double?] = [1, 2, nil, 4, 5]
        let chart = TimeSeriesChart(id: "gap", title: "gap", yLabel: "points",
                                    series: [TimeSeries(name: "overall", dates: Array(dates.prefix(5)), values: values)])
        let document = try parseXML(chart.svg())
        let d = try #require(try xpathValues(document, "//*[local-name()='g'][@class='series']/*[local-name()='path']/@d").first)
        #expect(d.filter { $0 == "M" }.count == 2)
    }

    @Test("bands draw a shaded polygon per series and a legend note")
    func bands() throws {
        let mean = dates.indices.map { Optional(Double($0)) }
        let chart = TimeSeriesChart(id: "b", title: "banded", yLabel: "points", series: [
            TimeSeries(name: "gap", dates: dates, values: mean,
                       band: (low: mean.map { $0.map { $0 - 1 } }, high: mean.map { $0.map { $0 + 1 } })),
        ])
        let document = try parseXML(chart.svg())
        #expect(try document.nodes(forXPath: "//*[local-name()='polygon'][@class='band']").count == 1)
        #expect(try xpathValues(document, "//*[@class='legend-entry']/*[local-name()='text']").count == 2)
    }

    @Test("a stacked share chart stacks to its totals and lists every kind")
    func stackedShares() throws {
        let kinds = ["frontier lab", "open lab", "infra"]
        let shares: [[Double?]] = [[0.7, 0.6], [0.2, 0.25], [0.1, 0.15]]
        let series = zip(kinds, shares).map { TimeSeries(name: $0, dates: Array(dates.prefix(2)), values: $1) }
        #expect(ShareChart.isStackable(series))
        let document = try parseXML(ShareChart(id: "s", title: "token share", yLabel: "share (0-1)", series: series).svg())
        #expect(try xpathValues(document, "//*[@class='legend-entry']/*[local-name()='text']") == kinds)
        #expect(try document.nodes(forXPath: "//*[local-name()='polygon'][@class='series']").count == 3)
        let over = [TimeSeries(name: "x", dates: Array(dates.prefix(1)), values: [0.8]),
                    TimeSeries(name: "y", dates: Array(dates.prefix(1)), values: [0.5])]
        #expect(!ShareChart.isStackable(over))
    }

    @Test("a tornado chart orders parameters by total index and draws both bars with whiskers")
    func tornado() throws {
        let chart = TornadoChart(id: "t", title: "Sensitivity of gap_points", indices: [
            SobolIndex(parameter: "distillation.lag_weeks", firstOrder: 0.1, firstOrderInterval: 0.05...0.15, total: 0.2, totalInterval: 0.1...0.3),
            SobolIndex(parameter: "frontier.price_cut.fraction", firstOrder: 0.5, firstOrderInterval: 0.4...0.6, total: 0.7, totalInterval: 0.6...0.8),
        ])
        #expect(chart.orderedIndices.map(\.parameter) == ["frontier.price_cut.fraction", "distillation.lag_weeks"])
        let document = try parseXML(chart.svg())
        #expect(try document.nodes(forXPath: "//*[local-name()='g'][@class='parameter']/*[local-name()='rect']").count == 4)
        #expect(try document.nodes(forXPath: "//*[local-name()='g'][@class='parameter']/*[local-name()='path']").count == 4)
        #expect(try xpathValues(document, "//*[@class='legend-entry']/*[local-name()='text']") == ["first-order index", "total index", "95% bootstrap interval"])
        let labels = try xpathValues(document, "//*[local-name()='text'][@class='tick']")
        #expect(labels.contains("frontier.price_cut.fraction") && labels.contains("distillation.lag_weeks"))
    }
}
