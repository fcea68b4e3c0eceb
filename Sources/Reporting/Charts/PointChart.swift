/// A chart of numeric x against numeric y: points (a posterior's pairwise scatter,
/// sized by weight) or a polyline with markers (a calibration's tolerance per
/// generation), on linear axes fitted to the data.
public struct PointChart: Sendable {
    /// One point; `size` scales its radius (1: the default 3 px).
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var size: Double

        public init(x: Double, y: Double, size: Double = 1) {
            self.x = x
            self.y = y
            self.size = size
        }
    }

    public var id: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var points: [Point]
    /// Join the points in order with a line.
    public var connected: Bool
    /// The x values are counts (generations): ticks at whole numbers only.
    public var integerX: Bool

    public init(id: String, title: String, xLabel: String, yLabel: String, points: [Point], connected: Bool = false,
                integerX: Bool = false) {
        self.id = id
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
        self.connected = connected
        self.integerX = integerX
    }

    /// The chart as a standalone `<svg>` element; non-finite points are left out.
    public func svg() -> String {
        let shown = points.filter { $0.x.isFinite && $0.y.isFinite }
        let xAxis = ValueAxis.linear(minimum: shown.map(\.x).min() ?? 0, maximum: shown.map(\.x).max() ?? 1, integer: integerX)
        let yAxis = ValueAxis.linear(minimum: shown.map(\.y).min() ?? 0, maximum: shown.map(\.y).max() ?? 1)
        let color = ChartPalette.color(0)
        var frame = ChartFrame(id: id, title: title,
                               summary: "\(connected ? "Line" : "Scatter") chart of \(yLabel) against \(xLabel), \(shown.count) points.",
                               xLabel: xLabel, yLabel: yLabel, legend: [])
        frame.plotHeight = 240
        func position(_ p: Point) -> (x: Double, y: Double) {
            (frame.x(xAxis.fraction(p.x)!), frame.y(yAxis.fraction(p.y)!))
        }
        var marks = ""
        if connected && shown.count > 1 {
            marks += "<polyline points=\"\(SVG.points(shown.map(position)))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
        }
        for p in shown {
            let (x, y) = position(p)
            marks += "<circle cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"\(SVG.number(3 * max(0.3, p.size)))\""
                + " fill=\"\(color)\" fill-opacity=\"\(connected ? "1" : "0.45")\"/>\n"
        }
        return frame.render(xTicks: xAxis.frameTicks, yTicks: yAxis.frameTicks, marks: marks)
    }
}
