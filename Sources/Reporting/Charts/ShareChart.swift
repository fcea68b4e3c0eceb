import MarketModel
import ScenarioFormat

/// Shares (0 to 1) over calendar dates: stacked areas when the series are parts of
/// one whole (token shares by actor kind), or plain lines when they need not add up
/// (value capture, which a loss-making kind can push below zero).
public struct ShareChart: Sendable {
    public enum Style: Sendable {
        case stacked
        case lines
    }

    public var id: String
    public var title: String
    /// The value axis label: "share of tokens served (0-1)".
    public var yLabel: String
    public var series: [TimeSeries]
    public var style: Style

    /// Dates before the first with any share are left out: a month in which nothing
    /// was sold has no shares, and drawing it as zero would ramp every area up from nothing.
    public init(id: String, title: String, yLabel: String, series: [TimeSeries], style: Style = .stacked) {
        self.id = id
        self.title = title
        self.yLabel = yLabel
        self.style = style
        let dates = series.first?.dates ?? []
        let first = dates.indices.first { index in
            series.contains { $0.dates == dates && ($0.values[index] ?? 0) != 0 }
        } ?? 0
        self.series = series.map { s in
            guard s.dates == dates, first > 0 else { return s }
            var trimmed = TimeSeries(name: s.name, dates: Array(s.dates[first...]), values: Array(s.values[first...]),
                                     band: s.band.map { (Array($0.low[first...]), Array($0.high[first...])) })
            trimmed.style = s.style
            trimmed.colorIndex = s.colorIndex
            return trimmed
        }
    }

    /// Whether the series can honestly be stacked: all values within 0...1 and
    /// every date's total at most 1 (a little rounding allowed).
    public static func isStackable(_ series: [TimeSeries]) -> Bool {
        guard let dates = series.first?.dates, series.allSatisfy({ $0.dates == dates }) else { return false }
        for index in dates.indices {
            var total = 0.0
            for s in series {
                guard let value = s.values[index] else { continue }
                if value < -1e-9 || value > 1 + 1e-9 { return false }
                total += value
            }
            if total > 1 + 1e-6 { return false }
        }
        return true
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        switch style {
        case .lines:
            let data = TimeSeriesChart(id: id, title: title, yLabel: yLabel, series: series).dataRange
            let range = Swift.min(0, data?.lowerBound ?? 0)...Swift.max(1, (data?.upperBound ?? 1) <= 1 + 1e-6 ? 1 : data!.upperBound)
            return TimeSeriesChart(id: id, title: title, yLabel: yLabel, series: series, valueRange: range).svg()
        case .stacked:
            return stackedSVG()
        }
    }

    private func stackedSVG() -> String {
        let dates = series.first?.dates ?? []
        let start = dates.min() ?? CalendarDate(year: 2026, month: 1, day: 1)!
        var end = dates.max() ?? start
        if end.daysSinceEpoch == start.daysSinceEpoch { end = CalendarDate(daysSinceEpoch: start.daysSinceEpoch + 30) }
        let xSpan = Double(end.daysSinceEpoch - start.daysSinceEpoch)
        var tops = Array(repeating: 0.0, count: dates.count)
        var layers: [(lower: [Double], upper: [Double])] = []
        for s in series {
            let lower = tops
            for index in dates.indices { tops[index] += Swift.max(0, s.values[index] ?? 0) }
            layers.append((lower, tops))
        }
        // Shares that add up to 1 up to rounding keep the axis at exactly 0-1.
        let top = tops.max() ?? 1
        let axis = ValueAxis.linear(minimum: 0, maximum: top <= 1 + 1e-6 ? 1 : top, targetCount: 6)
        let legend = series.enumerated().map { LegendEntry(name: $1.name, color: ChartPalette.color($0), swatch: .area) }
        let frame = ChartFrame(id: id, title: title,
                               summary: "Stacked area chart of \(series.map(\.name).joined(separator: ", ")) by date, \(start) to \(end).",
                               xLabel: "date", yLabel: yLabel, legend: legend)
        func x(_ index: Int) -> Double { frame.x(Double(dates[index].daysSinceEpoch - start.daysSinceEpoch) / xSpan) }
        func y(_ value: Double) -> Double { frame.y(axis.fraction(value)!) }
        var marks = ""
        for (index, s) in series.enumerated() {
            let layer = layers[index]
            let upper = dates.indices.map { (x: x($0), y: y(layer.upper[$0])) }
            let lower = dates.indices.reversed().map { (x: x($0), y: y(layer.lower[$0])) }
            marks += "<polygon class=\"series\" points=\"\(SVG.points(upper + lower))\" fill=\"\(ChartPalette.color(index))\""
            marks += " fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>\(SVG.escape(s.name))</title></polygon>\n"
        }
        let xTicks = DateTicks.ticks(from: start, to: end).map { (fraction: ($0.value - Double(start.daysSinceEpoch)) / xSpan, label: $0.label) }
        return frame.render(xTicks: xTicks, yTicks: axis.frameTicks, marks: marks)
    }
}
