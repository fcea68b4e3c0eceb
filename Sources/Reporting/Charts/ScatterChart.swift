import Foundation

/// An outcome against one parameter of a sweep: one dot per run, and a smoother through
/// them (a Gaussian-kernel weighted mean, Nadaraya-Watson, with a bandwidth of a tenth
/// of the parameter's range), so a trend shows through the replications' noise.
public struct ScatterChart: Sendable {
    public var id: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// (parameter value, outcome value) per run; non-finite pairs are not drawn.
    public var points: [(x: Double, y: Double)]

    public init(id: String, title: String, xLabel: String, yLabel: String, points: [(x: Double, y: Double)]) {
        self.id = id
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
    }

    /// The smoother at `count` evenly spaced parameter values across the data's range.
    public func smoother(count: Int = 40) -> [(x: Double, y: Double)] {
        let data = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard let low = data.map(\.x).min(), let high = data.map(\.x).max(), high > low else { return [] }
        let bandwidth = (high - low) / 10
        return (0..<count).map { step in
            let x = low + (high - low) * Double(step) / Double(count - 1)
            var weights = 0.0, sum = 0.0
            for point in data {
                let z = (point.x - x) / bandwidth
                let weight = exp(-0.5 * z * z)
                weights += weight
                sum += weight * point.y
            }
            return (x, sum / weights)
        }
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        let data = points.filter { $0.x.isFinite && $0.y.isFinite }
        let xAxis = ValueAxis.linear(minimum: data.map(\.x).min() ?? 0, maximum: data.map(\.x).max() ?? 1, targetCount: 5)
        let yAxis = ValueAxis.linear(minimum: data.map(\.y).min() ?? 0, maximum: data.map(\.y).max() ?? 1, targetCount: 5)
        var frame = ChartFrame(id: id, title: title,
                               summary: "Scatter plot of \(yLabel) against \(xLabel), \(data.count) runs, with a kernel smoother.",
                               xLabel: xLabel, yLabel: yLabel,
                               legend: [LegendEntry(name: "run", color: ChartPalette.color(0), swatch: .area),
                                        LegendEntry(name: "kernel smoother", color: ChartPalette.color(1), swatch: .line(.solid))])
        frame.plotHeight = 220
        func position(_ point: (x: Double, y: Double)) -> (x: Double, y: Double) {
            (frame.x(xAxis.fraction(point.x)!), frame.y(yAxis.fraction(point.y)!))
        }
        var marks = ""
        for point in data {
            let p = position(point)
            marks += "<circle cx=\"\(SVG.number(p.x))\" cy=\"\(SVG.number(p.y))\" r=\"2.5\" fill=\"\(ChartPalette.color(0))\" fill-opacity=\"0.45\"/>"
        }
        marks += "\n"
        let curve = smoother().map(position)
        if curve.count > 1 {
            marks += "<path class=\"smoother\" d=\"M" + curve.map { SVG.number($0.x) + "," + SVG.number($0.y) }.joined(separator: " L")
            marks += "\" fill=\"none\" stroke=\"\(ChartPalette.color(1))\" stroke-width=\"2\"/>\n"
        }
        return frame.render(xTicks: xAxis.frameTicks, yTicks: yAxis.frameTicks, marks: marks)
    }
}
