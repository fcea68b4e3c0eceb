/// The Sobol indices of one parameter for one outcome, with bootstrap intervals,
/// as in a row of `sensitivity.csv`.
public struct SobolIndex: Sendable, Equatable {
    public var parameter: String
    public var firstOrder: Double
    public var firstOrderInterval: ClosedRange<Double>?
    public var total: Double
    public var totalInterval: ClosedRange<Double>?

    public init(parameter: String, firstOrder: Double, firstOrderInterval: ClosedRange<Double>? = nil,
                total: Double, totalInterval: ClosedRange<Double>? = nil) {
        self.parameter = parameter
        self.firstOrder = firstOrder
        self.firstOrderInterval = firstOrderInterval
        self.total = total
        self.totalInterval = totalInterval
    }
}

/// A tornado chart of Sobol indices for one outcome: one row per parameter, most
/// influential (largest total index) on top, a first-order bar and a total bar
/// each with its confidence-interval whisker.
public struct TornadoChart: Sendable {
    public var id: String
    public var title: String
    public var indices: [SobolIndex]

    public init(id: String, title: String, indices: [SobolIndex]) {
        self.id = id
        self.title = title
        self.indices = indices
    }

    /// The rows top to bottom: total index descending, ties by parameter name.
    public var orderedIndices: [SobolIndex] {
        indices.sorted { ($0.total, $1.parameter) > ($1.total, $0.parameter) }
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        let rows = orderedIndices
        let rowHeight = 30.0
        var extremes: [Double] = [0]
        for index in rows {
            extremes += [index.firstOrder, index.total]
            if let interval = index.firstOrderInterval { extremes += [interval.lowerBound, interval.upperBound] }
            if let interval = index.totalInterval { extremes += [interval.lowerBound, interval.upperBound] }
        }
        let finite = extremes.filter(\.isFinite)
        let axis = ValueAxis.linear(minimum: finite.min()!, maximum: Swift.max(finite.max()!, 0.1), targetCount: 6)
        let firstColor = ChartPalette.color(5)
        let totalColor = ChartPalette.color(0)
        var frame = ChartFrame(id: id, title: title,
                               summary: "Horizontal bar chart of first-order and total Sobol indices for \(rows.count) parameters, largest total first.",
                               xLabel: "Sobol index (share of outcome variance: 0-1 when well estimated)", yLabel: "",
                               legend: [LegendEntry(name: "first-order index", color: firstColor, swatch: .area),
                                        LegendEntry(name: "total index", color: totalColor, swatch: .area),
                                        LegendEntry(name: "95% bootstrap interval", color: "#222222", swatch: .line(.solid))])
        frame.layOutRows(rows.map(\.parameter), rowHeight: rowHeight)
        func x(_ value: Double) -> Double { frame.x(axis.fraction(value)!) }
        var marks = ""
        marks += SVG.line(x1: x(0), y1: frame.y(0), x2: x(0), y2: frame.y(1), className: "axis") + "\n"
        for (row, index) in rows.enumerated() {
            let top = ChartFrame.plotTop + Double(row) * rowHeight
            let bars: [(String, Double, ClosedRange<Double>?, String, Double)] = [
                ("first-order", index.firstOrder, index.firstOrderInterval, firstColor, top + 4),
                ("total", index.total, index.totalInterval, totalColor, top + 15),
            ]
            marks += "<g class=\"parameter\"><title>\(SVG.escape(index.parameter))</title>"
            for (kind, value, interval, color, barTop) in bars where value.isFinite {
                let left = Swift.min(x(0), x(value))
                marks += "<rect x=\"\(SVG.number(left))\" y=\"\(SVG.number(barTop))\" width=\"\(SVG.number(abs(x(value) - x(0))))\""
                marks += " height=\"10\" fill=\"\(color)\"><title>\(SVG.escape(index.parameter)) \(kind): \(DisplayNumber.fixed(value, decimals: 3))</title></rect>"
                if let interval, interval.lowerBound.isFinite, interval.upperBound.isFinite {
                    let middle = barTop + 5
                    marks += "<path d=\"M\(SVG.number(x(interval.lowerBound))),\(SVG.number(middle - 4)) v8 M\(SVG.number(x(interval.lowerBound))),\(SVG.number(middle))"
                    marks += " H\(SVG.number(x(interval.upperBound))) M\(SVG.number(x(interval.upperBound))),\(SVG.number(middle - 4)) v8\""
                    marks += " stroke=\"#222222\" stroke-width=\"1.2\" fill=\"none\"/>"
                }
            }
            marks += "</g>\n"
        }
        return frame.render(xTicks: axis.frameTicks, yTicks: ChartFrame.rowTicks(rows.map(\.parameter)), yGrid: false, marks: marks)
    }
}
