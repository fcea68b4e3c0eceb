/// A box found by scenario discovery: one row per parameter, the sweep's range as a grey
/// track from 0 to 1 and the box's range on it as a coloured bar, with both bounds
/// written at its ends; an unrestricted parameter spans the whole track.
public struct DiscoveryBoxChart: Sendable {
    /// One parameter's bounds in the box and in the sweep.
    public struct Row: Sendable {
        public var parameter: String
        public var low: Double
        public var high: Double
        public var sweepLow: Double
        public var sweepHigh: Double

        public init(parameter: String, low: Double, high: Double, sweepLow: Double, sweepHigh: Double) {
            self.parameter = parameter
            self.low = low
            self.high = high
            self.sweepLow = sweepLow
            self.sweepHigh = sweepHigh
        }

        /// Where `value` sits in the sweep's range, 0 to 1.
        func fraction(_ value: Double) -> Double {
            sweepHigh > sweepLow ? Swift.min(1, Swift.max(0, (value - sweepLow) / (sweepHigh - sweepLow))) : 0
        }

        var restricted: Bool { low > sweepLow || high < sweepHigh }

        /// The box's bounds in words: "0.3 to 0.55", "103 M to 972 M" for money, or
        /// the one value a box down to one level of a grid holds.
        var boundsText: String {
            let (a, b) = (DisplayNumber.parameter(low, name: parameter), DisplayNumber.parameter(high, name: parameter))
            return a == b ? "= \(a)" : "\(a) to \(b)"
        }
    }

    public var id: String
    public var title: String
    public var rows: [Row]

    public init(id: String, title: String, rows: [Row]) {
        self.id = id
        self.title = title
        self.rows = rows
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        // Each row holds its bar and, under it, one "low to high" label: two labels at
        // the bar's ends overlapped each other wherever the box was narrow.
        let rowHeight = 36.0
        var frame = ChartFrame(id: id, title: title,
                               summary: "The box's range of each of \(rows.count) parameters within the sweep's range.",
                               xLabel: "position in the sweep's range (0 = its lowest value, 1 = its highest)", yLabel: "",
                               legend: [LegendEntry(name: "the sweep's range", color: "#dddddd", swatch: .area),
                                        LegendEntry(name: "the box", color: ChartPalette.color(0), swatch: .area)])
        frame.layOutRows(rows.map(\.parameter), rowHeight: rowHeight)
        var marks = ""
        for (index, row) in rows.enumerated() {
            let top = ChartFrame.plotTop + Double(index) * rowHeight + 4
            marks += "<rect x=\"\(SVG.number(frame.x(0)))\" y=\"\(SVG.number(top))\" width=\"\(SVG.number(frame.plotWidth))\" height=\"14\" fill=\"#dddddd\"/>"
            let (left, right) = (frame.x(row.fraction(row.low)), frame.x(row.fraction(row.high)))
            marks += "<rect class=\"box\" x=\"\(SVG.number(left))\" y=\"\(SVG.number(top))\" width=\"\(SVG.number(Swift.max(2, right - left)))\" height=\"14\""
            marks += " fill=\"\(ChartPalette.color(0))\" fill-opacity=\"\(row.restricted ? "0.9" : "0.35")\">"
            marks += "<title>\(SVG.escape(row.parameter)): \(SVG.escape(row.boundsText))</title></rect>"
            // Centred under the bar, kept inside the plot.
            let label = row.boundsText
            let half = SVG.textWidth(label) / 2
            let middle = Swift.min(Swift.max((left + right) / 2, frame.x(0) + half), frame.x(1) - half)
            marks += SVG.text(label, x: middle, y: top + 27, anchor: "middle", className: "tick") + "\n"
        }
        let xTicks = [0.0, 0.25, 0.5, 0.75, 1].map { (fraction: $0, label: DisplayNumber.fixed($0, decimals: 2)) }
        return frame.render(xTicks: xTicks, yTicks: ChartFrame.rowTicks(rows.map(\.parameter)), yGrid: false, marks: marks)
    }
}
