import MarketModel
import ScenarioFormat

/// One named series over calendar dates, with an optional band (say the 5th to
/// 95th percentile across replications) drawn shaded behind its line. A missing
/// value (`nil`) breaks the line and the band.
public struct TimeSeries: Sendable {
    public var name: String
    public var dates: [CalendarDate]
    public var values: [Double?]
    public var band: (low: [Double?], high: [Double?])?
    /// The line's dash pattern: dashed tells a second group apart (best open against
    /// frontier); scenarios take one style each, so lines that coincide stay readable.
    public var style: LineStyle
    /// The palette slot of its colour (default: its place in the chart), so that one
    /// scenario keeps one colour in every chart of a page.
    public var colorIndex: Int?

    /// - Precondition: one value (and band bound) per date.
    public init(name: String, dates: [CalendarDate], values: [Double?],
                band: (low: [Double?], high: [Double?])? = nil, dashed: Bool = false) {
        precondition(values.count == dates.count, "series \(name): \(values.count) values for \(dates.count) dates")
        if let band {
            precondition(band.low.count == dates.count && band.high.count == dates.count,
                         "series \(name): band bounds need one value per date")
        }
        self.name = name
        self.dates = dates
        self.values = values
        self.band = band
        self.style = dashed ? .dashed : .solid
    }
}

extension TimeSeries {
    /// Whether every value and band bound is zero or missing: a chart of only such
    /// series says nothing (no distiller serves a token in base) and is left out.
    public var isZeroThroughout: Bool {
        values.allSatisfy { ($0 ?? 0) == 0 }
            && (band.map { $0.low.allSatisfy { ($0 ?? 0) == 0 } && $0.high.allSatisfy { ($0 ?? 0) == 0 } } ?? true)
    }
}

/// A line chart over calendar dates: month- or year-stepped date ticks, a linear or
/// log-10 value axis with nice ticks and its unit in the label, one coloured line
/// per series with optional shaded bands, and a legend. The SVG is deterministic:
/// the same series give the same bytes.
public struct TimeSeriesChart: Sendable {
    /// The SVG element id (unique within a page; internal ids derive from it).
    public var id: String
    public var title: String
    /// The value axis label, with its unit: "quality (benchmark points, 0-100)".
    public var yLabel: String
    public var scale: AxisScale
    public var series: [TimeSeries]
    /// Widen a linear axis to include zero (for gaps, money, counts).
    public var includeZero: Bool
    /// A fixed value range (say the same for charts meant to sit side by side);
    /// `nil` fits the data.
    public var valueRange: ClosedRange<Double>?
    /// What the shaded bands are, for the legend.
    public var bandMeaning = "5th to 95th percentile across replications"
    /// A darker line at zero (for differences, whose sign is the point).
    public var zeroLine = false
    /// A labelled threshold drawn across the plot (say the 5-point gap the report counts months to).
    public var referenceLine: (value: Double, label: String)?

    public init(id: String, title: String, yLabel: String, scale: AxisScale = .linear,
                series: [TimeSeries], includeZero: Bool = false, valueRange: ClosedRange<Double>? = nil) {
        self.id = id
        self.title = title
        self.yLabel = yLabel
        self.scale = scale
        self.series = series
        self.includeZero = includeZero
        self.valueRange = valueRange
    }

    /// The smallest and largest drawable values of the series and bands.
    public var dataRange: ClosedRange<Double>? {
        var values: [Double] = []
        for s in series {
            values += s.values.compactMap { $0 }
            if let band = s.band { values += band.low.compactMap { $0 } + band.high.compactMap { $0 } }
        }
        let drawable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        guard let low = drawable.min(), let high = drawable.max() else { return nil }
        return low...high
    }

    func valueAxis() -> ValueAxis {
        let range = valueRange ?? dataRange
        switch scale {
        case .linear:
            var low = range?.lowerBound ?? 0
            var high = range?.upperBound ?? 1
            if includeZero { (low, high) = (Swift.min(low, 0), Swift.max(high, 0)) }
            if let reference = referenceLine?.value { (low, high) = (Swift.min(low, reference), Swift.max(high, reference)) }
            return ValueAxis.linear(minimum: low, maximum: high)
        case .log10:
            return ValueAxis.log10(minimum: range?.lowerBound ?? 1, maximum: range?.upperBound ?? 10)
        }
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        let allDates = series.flatMap(\.dates)
        let start = allDates.min() ?? CalendarDate(year: 2026, month: 1, day: 1)!
        var end = allDates.max() ?? start
        if end.daysSinceEpoch == start.daysSinceEpoch { end = CalendarDate(daysSinceEpoch: start.daysSinceEpoch + 30) }
        let axis = valueAxis()
        let xSpan = Double(end.daysSinceEpoch - start.daysSinceEpoch)
        func xFraction(_ date: CalendarDate) -> Double { Double(date.daysSinceEpoch - start.daysSinceEpoch) / xSpan }

        func color(_ index: Int) -> String { ChartPalette.color(series[index].colorIndex ?? index) }
        var legend: [LegendEntry] = series.indices.map { index in
            LegendEntry(name: series[index].name, color: color(index), swatch: .line(series[index].style))
        }
        let banded = series.indices.filter { series[$0].band != nil }
        if !banded.isEmpty {
            // The swatch shows each banded series' own colour, as the bands are drawn.
            legend.append(LegendEntry(name: "shaded: \(bandMeaning)", color: color(banded[0]),
                                      swatch: .bands(banded.map(color))))
        }
        let frame = ChartFrame(id: id, title: title,
                               summary: "Line chart of \(series.map(\.name).joined(separator: ", ")) by date, \(start) to \(end).",
                               xLabel: "date", yLabel: yLabel, legend: legend)
        func point(_ date: CalendarDate, _ value: Double?) -> (x: Double, y: Double)? {
            guard let value, value.isFinite, let fraction = axis.fraction(value) else { return nil }
            return (frame.x(xFraction(date)), frame.y(fraction))
        }

        var marks = ""
        for (index, s) in series.enumerated() {
            guard let band = s.band else { continue }
            for run in Self.runs(s.dates.indices.map { i -> ((x: Double, y: Double), (x: Double, y: Double))? in
                guard let low = point(s.dates[i], band.low[i]), let high = point(s.dates[i], band.high[i]) else { return nil }
                return (low, high)
            }) {
                let outline = run.map(\.1) + run.map(\.0).reversed()
                marks += "<polygon class=\"band\" points=\"\(SVG.points(outline))\" fill=\"\(color(index))\""
                marks += " fill-opacity=\"0.18\" stroke=\"none\"><title>\(SVG.escape(s.name)): \(SVG.escape(bandMeaning))</title></polygon>\n"
            }
        }
        for (index, s) in series.enumerated() {
            let stroke = color(index)
            let runs = Self.runs(s.dates.indices.map { point(s.dates[$0], s.values[$0]) })
            guard !runs.isEmpty else { continue }
            var path = ""
            var dots = ""
            for run in runs {
                path += "M" + run.map { SVG.number($0.x) + "," + SVG.number($0.y) }.joined(separator: " L")
                if run.count == 1 {
                    dots += "<circle cx=\"\(SVG.number(run[0].x))\" cy=\"\(SVG.number(run[0].y))\" r=\"2.5\" fill=\"\(stroke)\"/>"
                }
            }
            marks += "<g class=\"series\"><title>\(SVG.escape(s.name))</title>"
            marks += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\""
            marks += s.style.dashArray.map { " stroke-dasharray=\"\($0)\"/>" } ?? "/>"
            marks += dots + "</g>\n"
        }
        if zeroLine, scale == .linear, let zero = axis.fraction(0), (0...1).contains(zero) {
            marks += SVG.line(x1: frame.x(0), y1: frame.y(zero), x2: frame.x(1), y2: frame.y(zero), className: "axis") + "\n"
        }
        if let reference = referenceLine, let fraction = axis.fraction(reference.value), (0...1).contains(fraction) {
            let y = frame.y(fraction)
            marks += "<line x1=\"\(SVG.number(frame.x(0)))\" y1=\"\(SVG.number(y))\" x2=\"\(SVG.number(frame.x(1)))\" y2=\"\(SVG.number(y))\""
            marks += " stroke=\"#444\" stroke-width=\"1\" stroke-dasharray=\"2 4\"/>"
            // At the left end, where a falling gap is still far above its threshold.
            marks += SVG.text(reference.label, x: frame.x(0) + 4, y: y - 4, className: "label") + "\n"
        }
        let xTicks = DateTicks.ticks(from: start, to: end).map { (fraction: ($0.value - Double(start.daysSinceEpoch)) / xSpan, label: $0.label) }
        let yTicks = axis.ticks.compactMap { tick in axis.fraction(tick.value).map { (fraction: $0, label: tick.label) } }
        return frame.render(xTicks: xTicks, yTicks: yTicks, yMinorTicks: axis.minorTicks.compactMap(axis.fraction), marks: marks)
    }

    /// Splits a sequence at its missing entries into runs of present ones.
    static func runs<T>(_ items: [T?]) -> [[T]] {
        var runs: [[T]] = []
        var current: [T] = []
        for item in items {
            if let item {
                current.append(item)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}
