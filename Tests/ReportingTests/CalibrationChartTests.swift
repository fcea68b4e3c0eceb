import Foundation
@testable import Reporting
import Testing

@Suite("Calibration charts")
struct CalibrationChartTests {
    @Test("a weighted histogram puts each value's weight in its bin, the maximum in the last")
    func histogramBins() {
        let chart = HistogramChart(id: "h", title: "h", xLabel: "x", values: [0, 1, 2, 3], weights: [1, 1, 1, 2], bins: 3)
        let (edges, totals) = chart.binned()
        #expect(edges == [0, 1, 2, 3])
        #expect(totals == [1, 1, 3])
    }

    @Test("the interval chart scales each target by half its interval and draws well-formed SVG")
    func intervals() throws {
        let row = IntervalChart.Row(label: "gap <H1>", observed: 17.5, interval: 15...20, predictiveMean: 20,
                                    predictiveBand: 16...25, heldOut: false)
        #expect(row.scaled(20) == 1)
        #expect(row.scaled(15) == -1)
        #expect(row.scaled(25) == 3)
        let holdout = IntervalChart.Row(label: "share", observed: 0.3, interval: 0.2...0.4, predictiveMean: 0.1,
                                        predictiveBand: nil, heldOut: true)
        let svg = IntervalChart(id: "t", title: "targets", rows: [row, holdout]).svg()
        let document = try parseXML(svg)
        #expect(try xpathValues(document, "//*[local-name()='g'][@class='target']").count == 2)
        // One band: the holdout has none.
        #expect(try xpathValues(document, "//*[local-name()='g'][@class='target']/*[local-name()='rect']").count == 1)
        for chart in [PointChart(id: "s", title: "s", xLabel: "a", yLabel: "b",
                                   points: [.init(x: 1, y: 2), .init(x: .nan, y: 1), .init(x: 3, y: 4, size: 2)]).svg(),
                      HistogramChart(id: "h", title: "h", xLabel: "x", values: [1, 2], weights: [0.5, 0.5]).svg()] {
            _ = try parseXML(chart)
        }
        let scatter = try parseXML(PointChart(id: "s", title: "s", xLabel: "a", yLabel: "b",
                                                points: [.init(x: 1, y: 2), .init(x: .nan, y: 1), .init(x: 3, y: 4)]).svg())
        #expect(try xpathValues(scatter, "//*[local-name()='circle']").count == 2)
    }
}
