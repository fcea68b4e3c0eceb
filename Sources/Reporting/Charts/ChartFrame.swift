/// A legend entry: a series name and how its swatch looks.
struct LegendEntry {
    enum Swatch {
        case line(LineStyle)
        case area
        /// Light rectangles in the colours of the banded series, side by side.
        case bands([String])
    }

    let name: String
    let color: String
    let swatch: Swatch
}

/// The parts every chart shares: the SVG root with its accessible `<title>` and
/// `<desc>`, the visible title, a plot area with grid lines and ticks, axis labels,
/// and a legend wrapped into rows under the plot. Chart types map their data to
/// plot coordinates with `x(_:)` and `y(_:)` and hand in the marks.
struct ChartFrame {
    static let width = 720.0
    static let rightMargin = 24.0
    static let plotTop = 44.0
    static let legendRowHeight = 18.0

    let id: String
    let title: String
    /// A sentence for screen readers (the SVG `<desc>`).
    let summary: String
    let xLabel: String
    let yLabel: String
    let legend: [LegendEntry]
    var leftMargin = 76.0
    var plotHeight = 260.0

    var plotWidth: Double { Self.width - leftMargin - Self.rightMargin }
    var plotBottom: Double { Self.plotTop + plotHeight }

    /// The horizontal position of an axis fraction (0 left, 1 right).
    func x(_ fraction: Double) -> Double { leftMargin + fraction * plotWidth }
    /// The vertical position of an axis fraction (0 bottom, 1 top).
    func y(_ fraction: Double) -> Double { plotBottom - fraction * plotHeight }

    /// Lays the plot out as one row per label, top to bottom (bar, box, interval and
    /// timeline charts): the left margin fits the longest label, up to `maxLeftMargin`,
    /// and every row is `rowHeight` tall.
    mutating func layOutRows(_ labels: [String], rowHeight: Double, maxLeftMargin: Double = 320) {
        leftMargin = min(maxLeftMargin, max(60, (labels.map { SVG.textWidth($0) }.max() ?? 0) + 16))
        plotHeight = max(1, Double(labels.count)) * rowHeight
    }

    /// The y ticks of a plot laid out by `layOutRows`: each label at its row's middle.
    static func rowTicks(_ labels: [String]) -> [(fraction: Double, label: String)] {
        labels.enumerated().map { index, label in (fraction: 1 - (Double(index) + 0.5) / Double(labels.count), label: label) }
    }

    /// The legend entries placed in rows: (entry, x offset from the plot's left).
    private func legendRows() -> [[(LegendEntry, Double)]] {
        var rows: [[(LegendEntry, Double)]] = [[]]
        var cursor = 0.0
        for entry in legend {
            let width = 24 + SVG.textWidth(entry.name) + 18
            if cursor > 0 && cursor + width > plotWidth {
                rows.append([])
                cursor = 0
            }
            rows[rows.count - 1].append((entry, cursor))
            cursor += width
        }
        return rows.filter { !$0.isEmpty }
    }

    /// The whole SVG: frame, ticks (as axis fractions with labels), marks, legend.
    /// `xGrid`/`yGrid` draw grid lines across the plot at the ticks.
    func render(xTicks: [(fraction: Double, label: String)], yTicks: [(fraction: Double, label: String)],
                yMinorTicks: [Double] = [], xGrid: Bool = true, yGrid: Bool = true, marks: String) -> String {
        let rows = legendRows()
        let legendTop = plotBottom + 54
        let height = legendTop + Double(rows.count) * Self.legendRowHeight + 8
        var svg = "<svg xmlns=\"\(SVG.namespace)\" id=\"\(SVG.escape(id))\" class=\"chart\""
        svg += " viewBox=\"0 0 \(SVG.number(Self.width)) \(SVG.number(height))\""
        svg += " width=\"\(SVG.number(Self.width))\" height=\"\(SVG.number(height))\""
        svg += " role=\"img\" aria-labelledby=\"\(SVG.escape(id))-title \(SVG.escape(id))-desc\""
        svg += " font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<title id=\"\(SVG.escape(id))-title\">\(SVG.escape(title))</title>\n"
        svg += "<desc id=\"\(SVG.escape(id))-desc\">\(SVG.escape(summary))</desc>\n"
        // An inline SVG's <style> applies to the whole page, so every rule is scoped
        // to the charts (a bare `.grid` once greyed the page's figure grid), and text
        // never takes a stroke: one inherited from a group would wash its fill out.
        svg += "<style>svg.chart text{stroke:none}svg.chart .gridline{stroke:#e3e3e3;stroke-width:1}svg.chart .minor{stroke:#f1f1f1;stroke-width:1}"
        svg += "svg.chart .axis{stroke:#444;stroke-width:1}svg.chart .tick{fill:#333}svg.chart .label{fill:#222}"
        svg += "svg.chart .heading{font-size:14px;font-weight:bold;fill:#222}</style>\n"
        svg += "<defs><clipPath id=\"\(SVG.escape(id))-clip\"><rect x=\"\(SVG.number(leftMargin))\" y=\"\(SVG.number(Self.plotTop - 1))\""
        svg += " width=\"\(SVG.number(plotWidth))\" height=\"\(SVG.number(plotHeight + 2))\"/></clipPath></defs>\n"
        // Over the plot, moved left as far as a long title needs to stay inside the chart
        // (a long outcome's name after a wide label column ran off its right edge).
        let headingX = Swift.max(8, Swift.min(leftMargin, Self.width - Self.rightMargin - SVG.textWidth(title, fontSize: 14)))
        svg += SVG.text(title, x: headingX, y: 22, className: "heading") + "\n"
        svg += "<g class=\"grid-lines\">\n"
        for fraction in yMinorTicks {
            svg += SVG.line(x1: x(0), y1: y(fraction), x2: x(1), y2: y(fraction), className: "minor") + "\n"
        }
        if yGrid {
            for tick in yTicks { svg += SVG.line(x1: x(0), y1: y(tick.fraction), x2: x(1), y2: y(tick.fraction), className: "gridline") + "\n" }
        }
        if xGrid {
            for tick in xTicks { svg += SVG.line(x1: x(tick.fraction), y1: y(0), x2: x(tick.fraction), y2: y(1), className: "gridline") + "\n" }
        }
        svg += "</g>\n<g class=\"marks\" clip-path=\"url(#\(SVG.escape(id))-clip)\">\n" + marks + "</g>\n"
        svg += "<g class=\"axes\">\n"
        svg += SVG.line(x1: x(0), y1: y(0), x2: x(1), y2: y(0), className: "axis") + "\n"
        svg += SVG.line(x1: x(0), y1: y(0), x2: x(0), y2: y(1), className: "axis") + "\n"
        for tick in xTicks {
            svg += SVG.line(x1: x(tick.fraction), y1: y(0), x2: x(tick.fraction), y2: y(0) + 5, className: "axis")
            svg += SVG.text(tick.label, x: x(tick.fraction), y: y(0) + 18, anchor: "middle", className: "tick") + "\n"
        }
        for tick in yTicks {
            svg += SVG.line(x1: x(0) - 5, y1: y(tick.fraction), x2: x(0), y2: y(tick.fraction), className: "axis")
            svg += SVG.text(tick.label, x: x(0) - 8, y: y(tick.fraction) + 4, anchor: "end", className: "tick") + "\n"
        }
        svg += SVG.text(xLabel, x: x(0.5), y: y(0) + 38, anchor: "middle", className: "label") + "\n"
        let yLabelX = 14.0
        let yLabelY = y(0.5)
        svg += SVG.text(yLabel, x: yLabelX, y: yLabelY, anchor: "middle", className: "label",
                        transform: "rotate(-90 \(SVG.number(yLabelX)) \(SVG.number(yLabelY)))") + "\n"
        svg += "</g>\n<g class=\"legend\">\n"
        for (rowIndex, row) in rows.enumerated() {
            let rowY = legendTop + Double(rowIndex) * Self.legendRowHeight
            for (entry, offset) in row {
                let left = leftMargin + offset
                svg += "<g class=\"legend-entry\">" + swatch(entry, left: left, middle: rowY - 4)
                svg += SVG.text(entry.name, x: left + 24, y: rowY) + "</g>\n"
            }
        }
        svg += "</g>\n</svg>\n"
        return svg
    }

    private func swatch(_ entry: LegendEntry, left: Double, middle: Double) -> String {
        switch entry.swatch {
        case .line(let style):
            return "<line x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(middle))\" x2=\"\(SVG.number(left + 18))\" y2=\"\(SVG.number(middle))\""
                + " stroke=\"\(entry.color)\" stroke-width=\"2.5\"\(style.dashArray.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
        case .area:
            return "<rect x=\"\(SVG.number(left))\" y=\"\(SVG.number(middle - 6))\" width=\"18\" height=\"12\""
                + " fill=\"\(entry.color)\" fill-opacity=\"0.85\"/>"
        case .bands(let colors):
            let width = 18 / Double(max(1, colors.count))
            return colors.enumerated().map { index, color in
                "<rect x=\"\(SVG.number(left + Double(index) * width))\" y=\"\(SVG.number(middle - 6))\" width=\"\(SVG.number(width))\""
                    + " height=\"12\" fill=\"\(color)\" fill-opacity=\"0.3\"/>"
            }.joined()
        }
    }
}
