/// The pieces every chart is written with. marketsim writes its SVG by hand: no
/// charting library for Swift on Linux writes self-contained SVG (the Swift ones
/// draw through Apple frameworks or a browser), and a chart is only lines,
/// polygons, rectangles and text, so a few string builders keep the output
/// dependency-free, fully under control (accessible titles, no scripts, no fonts
/// or stylesheets fetched from anywhere) and byte-for-byte deterministic.
enum SVG {
    /// The namespace of the root element, the one URL in a chart.
    static let namespace = "http://www.w3.org/2000/svg"

    /// Text escaped for XML character data and attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A coordinate: at most two decimals, trailing zeros dropped (`12.5`, `3`).
    static func number(_ value: Double) -> String {
        var text = DisplayNumber.fixed(value, decimals: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A text element; `anchor` is `start`, `middle` or `end`.
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start",
                     className: String? = nil, transform: String? = nil) -> String {
        var attributes = "x=\"\(number(x))\" y=\"\(number(y))\""
        if anchor != "start" { attributes += " text-anchor=\"\(anchor)\"" }
        if let className { attributes += " class=\"\(className)\"" }
        if let transform { attributes += " transform=\"\(transform)\"" }
        return "<text \(attributes)>\(escape(content))</text>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" class=\"\(className)\"/>"
    }

    /// A list of points for a `points` or path attribute.
    static func points(_ points: [(x: Double, y: Double)]) -> String {
        points.map { number($0.x) + "," + number($0.y) }.joined(separator: " ")
    }

    /// Approximate width of `text` at the charts' 12 px sans-serif, for layout
    /// (legend wrapping, label margins); generous so labels never overlap.
    static func textWidth(_ text: String, fontSize: Double = 12) -> Double {
        Double(text.count) * fontSize * 0.6
    }
}

/// The colours of series, in order: the Okabe-Ito palette, distinguishable with
/// the common colour-vision deficiencies, minus its yellow (too pale on white).
enum ChartPalette {
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C8C8C"]

    static func color(_ index: Int) -> String { colors[index % colors.count] }

    /// The palette slot of the scenario in place `position` of a comparison: blue,
    /// vermillion, then reddish purple before green, because base and bear often run
    /// together and blue and green bands laid over each other blend into one teal.
    static func scenario(_ position: Int) -> Int { [0, 1, 3, 2, 4, 5, 6, 7][position % colors.count] }
}

/// How a line is drawn. Scenarios on one chart each take their own style as well as
/// their own colour, so a reader who cannot tell the colours apart, or a line that
/// runs on top of another (bear's quality is base's), still reads.
public enum LineStyle: Sendable {
    case solid, dashed, dotted, dashDot

    /// The SVG `stroke-dasharray`, `nil` for a solid line.
    var dashArray: String? {
        switch self {
        case .solid: nil
        case .dashed: "6 3"
        case .dotted: "1.5 3"
        case .dashDot: "8 3 1.5 3"
        }
    }

    /// The style of the scenario in place `index` of a comparison.
    static func scenario(_ index: Int) -> LineStyle { [.solid, .dashed, .dotted, .dashDot][index % 4] }
}
