/// A weighted histogram on equal bins between the data's extremes: a posterior
/// marginal, each particle counted by its importance weight.
public struct HistogramChart: Sendable {
    public var id: String
    public var title: String
    public var xLabel: String
    public var values: [Double]
    public var weights: [Double]
    public var bins: Int

    public init(id: String, title: String, xLabel: String, values: [Double], weights: [Double], bins: Int = 20) {
        self.id = id
        self.title = title
        self.xLabel = xLabel
        self.values = values
        self.weights = weights
        self.bins = bins
    }

    /// Each bin's total weight, left to right, and the bins' edges.
    public func binned() -> (edges: [Double], totals: [Double]) {
        let finite = zip(values, weights).filter { $0.0.isFinite && $0.1.isFinite }
        let low = finite.map(\.0).min() ?? 0
        var high = finite.map(\.0).max() ?? 1
        if high <= low { high = low + 1 }
        let width = (high - low) / Double(bins)
        var totals = [Double](repeating: 0, count: bins)
        for (value, weight) in finite {
            totals[min(bins - 1, Int((value - low) / width))] += weight
        }
        return ((0...bins).map { low + Double($0) * width }, totals)
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        let (edges, totals) = binned()
        let xAxis = ValueAxis.linear(minimum: edges.first!, maximum: edges.last!)
        let yAxis = ValueAxis.linear(minimum: 0, maximum: max(totals.max() ?? 1, 1e-12))
        var frame = ChartFrame(id: id, title: title,
                               summary: "Histogram of \(xLabel) over \(bins) bins, weighted.",
                               xLabel: xLabel, yLabel: "weight", legend: [])
        frame.plotHeight = 200
        var marks = ""
        for (i, total) in totals.enumerated() where total > 0 {
            let left = frame.x(xAxis.fraction(edges[i])!), right = frame.x(xAxis.fraction(edges[i + 1])!)
            let top = frame.y(yAxis.fraction(total)!)
            marks += "<rect x=\"\(SVG.number(left))\" y=\"\(SVG.number(top))\" width=\"\(SVG.number(max(0, right - left - 1)))\""
            marks += " height=\"\(SVG.number(frame.y(0) - top))\" fill=\"\(ChartPalette.color(0))\">"
            marks += "<title>\(DisplayNumber.significant(edges[i]))-\(DisplayNumber.significant(edges[i + 1])): \(DisplayNumber.significant(total))</title></rect>\n"
        }
        return frame.render(xTicks: xAxis.frameTicks, yTicks: yAxis.frameTicks, xGrid: false, marks: marks)
    }
}
