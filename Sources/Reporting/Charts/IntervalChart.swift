/// Observations against predictions, one row per target: the observation's interval
/// as a black whisker with the observed value as a tick, the predictive band as a bar
/// with its mean as a dot. Every row is drawn on its own scale, in units of half the
/// observation's interval around the observed value, so targets in points, months and
/// shares share one axis; held-out targets are drawn in a second colour.
public struct IntervalChart: Sendable {
    /// One target.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var observed: Double
        public var interval: ClosedRange<Double>
        public var predictiveMean: Double
        public var predictiveBand: ClosedRange<Double>?
        public var heldOut: Bool

        public init(label: String, observed: Double, interval: ClosedRange<Double>, predictiveMean: Double,
                    predictiveBand: ClosedRange<Double>?, heldOut: Bool) {
            self.label = label
            self.observed = observed
            self.interval = interval
            self.predictiveMean = predictiveMean
            self.predictiveBand = predictiveBand
            self.heldOut = heldOut
        }

        /// `value` in units of half the interval, from the observed value.
        public func scaled(_ value: Double) -> Double {
            (value - observed) / ((interval.upperBound - interval.lowerBound) / 2)
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

    /// The chart as a standalone `<svg>` element. Bands beyond 6 half-intervals are
    /// clipped at the plot's edge.
    public func svg() -> String {
        let rowHeight = 28.0
        var extremes = [-1.5, 1.5]
        for row in rows {
            for value in [row.predictiveMean, row.predictiveBand?.lowerBound, row.predictiveBand?.upperBound].compactMap({ $0 })
            where value.isFinite {
                extremes.append(max(-6, min(6, row.scaled(value))))
            }
        }
        let axis = ValueAxis.linear(minimum: extremes.min()!, maximum: extremes.max()!)
        let fitColor = ChartPalette.color(0), holdoutColor = ChartPalette.color(3)
        var frame = ChartFrame(id: id, title: title,
                               summary: "For \(rows.count) targets, the posterior predictive band and mean against the observation and its interval, in units of half that interval.",
                               xLabel: "(value - observed) / half the observation's interval", yLabel: "",
                               legend: [LegendEntry(name: "predictive 90% band, fit target", color: fitColor, swatch: .area),
                                        LegendEntry(name: "predictive 90% band, holdout", color: holdoutColor, swatch: .area),
                                        LegendEntry(name: "observation and its interval", color: "#222222", swatch: .line(.solid))])
        frame.layOutRows(rows.map(\.label), rowHeight: rowHeight, maxLeftMargin: 340)
        func x(_ scaled: Double) -> Double { frame.x(axis.fraction(scaled)!) }
        var marks = ""
        for (index, row) in rows.enumerated() {
            let middle = ChartFrame.plotTop + (Double(index) + 0.5) * rowHeight
            let color = row.heldOut ? holdoutColor : fitColor
            marks += "<g class=\"target\"><title>\(SVG.escape(row.label)): observed \(DisplayNumber.significant(row.observed))"
            marks += " [\(DisplayNumber.significant(row.interval.lowerBound)), \(DisplayNumber.significant(row.interval.upperBound))], predicted "
            marks += "\(DisplayNumber.significant(row.predictiveMean))"
            if let band = row.predictiveBand {
                marks += " [\(DisplayNumber.significant(band.lowerBound)), \(DisplayNumber.significant(band.upperBound))]"
            }
            marks += "</title>"
            if let band = row.predictiveBand, band.lowerBound.isFinite, band.upperBound.isFinite {
                let left = x(max(-7, row.scaled(band.lowerBound))), right = x(min(7, row.scaled(band.upperBound)))
                marks += "<rect x=\"\(SVG.number(left))\" y=\"\(SVG.number(middle - 7))\" width=\"\(SVG.number(max(1, right - left)))\""
                marks += " height=\"14\" fill=\"\(color)\" fill-opacity=\"0.45\"/>"
            }
            if row.predictiveMean.isFinite {
                marks += "<circle cx=\"\(SVG.number(x(max(-7, min(7, row.scaled(row.predictiveMean))))))\" cy=\"\(SVG.number(middle))\" r=\"4\" fill=\"\(color)\"/>"
            }
            marks += "<path d=\"M\(SVG.number(x(-1))),\(SVG.number(middle - 5)) v10 M\(SVG.number(x(-1))),\(SVG.number(middle))"
            marks += " H\(SVG.number(x(1))) M\(SVG.number(x(1))),\(SVG.number(middle - 5)) v10 M\(SVG.number(x(0))),\(SVG.number(middle - 8)) v16\""
            marks += " stroke=\"#222222\" stroke-width=\"1.5\" fill=\"none\"/></g>\n"
        }
        return frame.render(xTicks: axis.frameTicks, yTicks: ChartFrame.rowTicks(rows.map(\.label)), yGrid: false, marks: marks)
    }
}
