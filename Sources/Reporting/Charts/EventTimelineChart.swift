import MarketModel
import ScenarioFormat

/// When things happened in one replication: one row per event kind (releases,
/// distillations, price cuts, incidents...), a tick at each event's date, on the same
/// date axis as the time-series charts so it can be read beside the gap and prices.
public struct EventTimelineChart: Sendable {
    public var id: String
    public var title: String
    /// (kind, dates) in display order.
    public var rows: [(kind: String, dates: [CalendarDate])]
    public var start: CalendarDate
    public var end: CalendarDate

    public init(id: String, title: String, rows: [(kind: String, dates: [CalendarDate])], start: CalendarDate, end: CalendarDate) {
        self.id = id
        self.title = title
        self.rows = rows
        self.start = start
        self.end = end
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        let rowHeight = 22.0
        let total = rows.reduce(0) { $0 + $1.dates.count }
        var frame = ChartFrame(id: id, title: title,
                               summary: "Timeline of \(total) events in \(rows.count) kinds, \(start) to \(end).",
                               xLabel: "date", yLabel: "", legend: [])
        let labels = rows.map { $0.kind.replacingOccurrences(of: "_", with: " ") }
        frame.layOutRows(labels, rowHeight: rowHeight, maxLeftMargin: 260)
        let span = Double(Swift.max(1, end.daysSinceEpoch - start.daysSinceEpoch))
        func x(_ date: CalendarDate) -> Double { frame.x(Double(date.daysSinceEpoch - start.daysSinceEpoch) / span) }
        var marks = ""
        for (index, row) in rows.enumerated() {
            let middle = ChartFrame.plotTop + (Double(index) + 0.5) * rowHeight
            marks += "<g class=\"event-kind\"><title>\(SVG.escape(row.kind)): \(row.dates.count)</title>"
            for date in row.dates {
                marks += "<rect x=\"\(SVG.number(x(date) - 1.5))\" y=\"\(SVG.number(middle - 7))\" width=\"3\" height=\"14\""
                marks += " fill=\"\(ChartPalette.color(index))\"><title>\(SVG.escape(row.kind)) \(date)</title></rect>"
            }
            marks += "</g>\n"
        }
        let xTicks = DateTicks.ticks(from: start, to: end).map { (fraction: ($0.value - Double(start.daysSinceEpoch)) / span, label: $0.label) }
        return frame.render(xTicks: xTicks, yTicks: ChartFrame.rowTicks(labels), yGrid: false, marks: marks)
    }
}
