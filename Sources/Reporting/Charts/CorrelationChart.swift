/// Partial rank correlations of one outcome with each parameter as a tornado: one
/// horizontal bar per parameter from zero, on a fixed -1 to 1 axis, the strongest
/// (largest absolute value) on top, positive and negative in two colours.
public struct CorrelationChart: Sendable {
    public var id: String
    public var title: String
    /// (parameter, coefficient); a `nil` coefficient (undefined) is listed without a bar.
    public var coefficients: [(parameter: String, value: Double?)]

    public init(id: String, title: String, coefficients: [(parameter: String, value: Double?)]) {
        self.id = id
        self.title = title
        self.coefficients = coefficients
    }

    /// The rows top to bottom: largest absolute coefficient first, undefined last.
    public var ordered: [(parameter: String, value: Double?)] {
        coefficients.sorted { (abs($0.value ?? -1), $1.parameter) > (abs($1.value ?? -1), $0.parameter) }
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        let rows = ordered
        let rowHeight = 24.0
        let axis = ValueAxis.linear(minimum: -1, maximum: 1, targetCount: 5)
        let (up, down) = (ChartPalette.color(0), ChartPalette.color(1))
        var frame = ChartFrame(id: id, title: title,
                               summary: "Horizontal bar chart of partial rank correlation coefficients for \(rows.count) parameters, strongest first.",
                               xLabel: "partial rank correlation (-1 to 1)", yLabel: "",
                               legend: [LegendEntry(name: "raises the outcome", color: up, swatch: .area),
                                        LegendEntry(name: "lowers the outcome", color: down, swatch: .area)])
        frame.layOutRows(rows.map(\.parameter), rowHeight: rowHeight)
        func x(_ value: Double) -> Double { frame.x(axis.fraction(value)!) }
        var marks = SVG.line(x1: x(0), y1: frame.y(0), x2: x(0), y2: frame.y(1), className: "axis") + "\n"
        for (row, item) in rows.enumerated() {
            guard let value = item.value else { continue }
            let top = ChartFrame.plotTop + Double(row) * rowHeight + 5
            marks += "<rect x=\"\(SVG.number(Swift.min(x(0), x(value))))\" y=\"\(SVG.number(top))\" width=\"\(SVG.number(abs(x(value) - x(0))))\""
            marks += " height=\"14\" fill=\"\(value >= 0 ? up : down)\"><title>\(SVG.escape(item.parameter)): \(DisplayNumber.fixed(value, decimals: 3))</title></rect>\n"
        }
        return frame.render(xTicks: axis.frameTicks, yTicks: ChartFrame.rowTicks(rows.map(\.parameter)), yGrid: false, marks: marks)
    }
}
