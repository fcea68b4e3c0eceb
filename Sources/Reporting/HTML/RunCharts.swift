/// A chart with its place on the page: the figure id and the caption under it.
struct ReportFigure {
    enum Chart {
        case lines(TimeSeriesChart)
        case share(ShareChart)
        case tornado(TornadoChart)
        case scatter(ScatterChart)
        case correlation(CorrelationChart)
        case timeline(EventTimelineChart)
        case box(DiscoveryBoxChart)
        case histogram(HistogramChart)
        case intervals(IntervalChart)
        case points(PointChart)

        var svg: String {
            switch self {
            case .lines(let chart): chart.svg()
            case .share(let chart): chart.svg()
            case .tornado(let chart): chart.svg()
            case .scatter(let chart): chart.svg()
            case .correlation(let chart): chart.svg()
            case .timeline(let chart): chart.svg()
            case .box(let chart): chart.svg()
            case .histogram(let chart): chart.svg()
            case .intervals(let chart): chart.svg()
            case .points(let chart): chart.svg()
            }
        }
    }

    let id: String
    let caption: String
    var chart: Chart

    var html: String {
        "<figure id=\"\(SVG.escape(id))\">\n" + chart.svg + "<figcaption>\(SVG.escape(caption))</figcaption>\n</figure>\n"
    }
}

/// The charts of one run, chosen by the columns present: a column family missing
/// from the file (no open model in the scenario, no constant-capability levels)
/// leaves its chart out rather than failing, and unknown extra columns are ignored
/// unless they match a family's name pattern.
struct RunCharts {
    let run: RunData
    /// Prefixes figure and chart ids, so two runs can share a page.
    let idPrefix: String
    /// Added to titles ("(A: bull)") when two runs share a page.
    let titleSuffix: String

    private var bandNote: String {
        run.hasBands
            ? " Lines are means across \(run.replications) replications; shaded bands span the 5th to 95th percentile."
            : ""
    }

    private func title(_ text: String) -> String { titleSuffix.isEmpty ? text : text + " " + titleSuffix }

    private func figure(_ id: String, _ caption: String, _ chart: ReportFigure.Chart) -> ReportFigure {
        ReportFigure(id: "fig-" + idPrefix + id, caption: caption, chart: chart)
    }

    private func lines(_ id: String, title text: String, yLabel: String, scale: AxisScale = .linear,
                       includeZero: Bool = false, series: [TimeSeries?], caption: String) -> ReportFigure? {
        let present = series.compactMap { $0 }
        guard !present.isEmpty else { return nil }
        let chart = TimeSeriesChart(id: idPrefix + id + "-chart", title: title(text), yLabel: yLabel, scale: scale,
                                    series: present, includeZero: includeZero)
        return figure(id, caption + bandNote, .lines(chart))
    }

    /// The suffixes of the metrics named `prefix` + suffix, in column order.
    func suffixes(of prefix: String) -> [String] {
        run.metrics.filter { $0.hasPrefix(prefix) && $0.count > prefix.count }.map { String($0.dropFirst(prefix.count)) }
    }

    /// Columns named like a kind's share that are not one: the open-weight share is the
    /// sum of two kinds' (stacking it would count them twice), and the share below full
    /// width cuts across kinds.
    static let notKinds: Set<String> = ["token_share_open_weights", "token_share_below_full_width"]

    static func readable(_ name: String) -> String { name.replacingOccurrences(of: "_", with: " ") }

    // MARK: Families

    static let qualityLabel = "quality (benchmark points, 0-100)"

    func overallQuality() -> ReportFigure? {
        lines("quality-overall", title: "Quality, overall: frontier vs best open", yLabel: Self.qualityLabel,
              series: [run.series("frontier_quality", name: "frontier"),
                       run.series("best_open_quality", name: "best open", dashed: true)],
              caption: "Overall quality of the best proprietary (frontier) model and the best open-weight model, by month.")
    }

    func segmentQuality() -> [ReportFigure] {
        suffixes(of: "frontier_quality_").compactMap { segment in
            lines("quality-\(segment)", title: "Quality, \(Self.readable(segment)): frontier vs best open", yLabel: Self.qualityLabel,
                  series: [run.series("frontier_quality_" + segment, name: "frontier"),
                           run.series("best_open_quality_" + segment, name: "best open", dashed: true)],
                  caption: "Quality in the \(Self.readable(segment)) segment, frontier against the best open-weight model.")
        }
    }

    func gapPoints() -> ReportFigure? {
        gap("gap_points", id: "gap-points", title: "Quality gap in points", yLabel: "gap (benchmark points)",
            caption: "Frontier quality minus best open quality, overall (solid, with its band) and per segment (dashed, means only).")
    }

    func gapMonths() -> ReportFigure? {
        gap("gap_months", id: "gap-months", title: "Quality gap as a time lag", yLabel: "gap (months behind the frontier)",
            caption: "How many months ago the frontier had the quality the best open model has now, overall (solid, with its band) and per segment (dashed, means only).")
    }

    /// A gap metric overall, with its band, and per segment (`metric_<segment>`), means only.
    private func gap(_ metric: String, id: String, title text: String, yLabel: String, caption: String) -> ReportFigure? {
        lines(id, title: text, yLabel: yLabel, includeZero: true,
              series: [run.series(metric, name: "overall")]
                + suffixes(of: metric + "_").map { run.series(metric + "_" + $0, name: Self.readable($0), dashed: true, withBand: false) },
              caption: caption)
    }

    func prices() -> ReportFigure? {
        let levels = suffixes(of: "cc_price_usd_per_mtok_q").sorted { (Double($0) ?? .infinity, $0) < (Double($1) ?? .infinity, $1) }
        return lines("prices", title: "Prices (log scale)", yLabel: "price (USD per million tokens, log scale)", scale: .log10,
                     series: [run.series("frontier_price_usd_per_mtok", name: "frontier"),
                              run.series("best_open_price_usd_per_mtok", name: "best open")]
                        + levels.map { run.series("cc_price_usd_per_mtok_q" + $0, name: "cheapest with quality >= \($0)", dashed: true) },
                     caption: "Blended price per million tokens of the frontier model, the best open model, and the cheapest offering at or above fixed overall quality levels (constant-capability prices).")
    }

    private func shares(_ id: String, prefix: String, title text: String, yLabel: String, caption: String) -> ReportFigure? {
        let series = suffixes(of: prefix).filter { !Self.notKinds.contains(prefix + $0) }
            .compactMap { run.series(prefix + $0, name: Self.readable($0)) }.filter { !$0.isZeroThroughout }
        guard !series.isEmpty else { return nil }
        let style: ShareChart.Style = ShareChart.isStackable(series) ? .stacked : .lines
        let chart = ShareChart(id: idPrefix + id + "-chart", title: title(text), yLabel: yLabel, series: series, style: style)
        return figure(id, caption + (style == .stacked ? " Means across replications are stacked." : bandNote), .share(chart))
    }

    func tokenShares() -> ReportFigure? {
        shares("token-shares", prefix: "token_share_", title: "Token share by actor kind", yLabel: "share of tokens served (0-1)",
               caption: "Share of all tokens served by each kind of seller, by month.")
    }

    func spendShares() -> ReportFigure? {
        shares("spend-shares", prefix: "spend_share_", title: "Spend share by actor kind", yLabel: "share of buyer spend (0-1)",
               caption: "Share of all buyer spend received by each kind of seller, by month.")
    }

    func valueShares() -> ReportFigure? {
        shares("value-shares", prefix: "value_share_", title: "Share of cumulative gross margin by actor kind", yLabel: "share of gross margin to date (0-1)",
               caption: "Share of the gross margin (revenue less serving cost, before training) earned since the start by each kind of actor (M7). Not a measure of who captures the value: a kind can take most of the margin and still lose money on training.")
    }

    func surplusShares() -> ReportFigure? {
        shares("surplus-shares", prefix: "surplus_share_", title: "Who captures the value: shares of total surplus to date",
               yLabel: "share of total surplus to date",
               caption: "Buyers' surplus and each kind's economic profit (training included) accumulated since the start, as shares "
                   + "of their sum, total surplus: the report's measure of who captures the value. A loss is a negative share.")
    }

    func profit() -> ReportFigure? {
        lines("profit", title: "Economic profit by actor kind, per month", yLabel: "profit (USD per month)", includeZero: true,
              series: suffixes(of: "profit_usd_").map { run.series("profit_usd_" + $0, name: Self.readable($0)) },
              caption: "Revenue minus every cost, training and distillation included, of each kind of actor in each month.")
    }

    func cumulativeProfit() -> ReportFigure? {
        lines("cumulative-profit", title: "Economic profit to date by actor kind", yLabel: "cumulative economic profit (USD)", includeZero: true,
              series: suffixes(of: "cumulative_profit_usd_").map { run.series("cumulative_profit_usd_" + $0, name: Self.readable($0)) },
              caption: "Economic profit accumulated since the start of the scenario by each kind of actor, training and distillation included: the levels beside the kinds' shares of total surplus.")
    }

    /// Buyers' surplus and the total it is part of, as levels in money: the headline's
    /// shares are their ratios at the end.
    func buyerSurplus() -> ReportFigure? {
        lines("buyer-surplus", title: "Buyers' surplus and total surplus to date", yLabel: "cumulative surplus (USD)", includeZero: true,
              series: [run.series(ValueCapture.totalMetric, name: "total surplus"), run.series(ValueCapture.surplusMetric, name: "buyers")],
              caption: "Total surplus (buyers' surplus plus every kind's economic profit) and buyers' surplus, accumulated since the start. "
                  + ValueCapture.surplusNote)
    }

    /// Every chart of a run, grouped into titled sections (empty sections dropped).
    func sections() -> [(id: String, heading: String, figures: [ReportFigure])] {
        let all: [(String, String, [ReportFigure])] = [
            ("quality", "Quality", [overallQuality()].compactMap { $0 } + segmentQuality()),
            ("gap", "The gap", [gapPoints(), gapMonths()].compactMap { $0 }),
            ("prices", "Prices", [prices()].compactMap { $0 }),
            ("shares", "Market shares", [tokenShares()].compactMap { $0 }),
            ("value", "Who captures the value", [surplusShares(), buyerSurplus(), cumulativeProfit(), profit()].compactMap { $0 }),
            ("value-detail", "Detail: other measures of value (not recommended for headlines)", [spendShares(), valueShares()].compactMap { $0 }),
        ]
        return all.filter { !$0.2.isEmpty }.map { (id: idPrefix + $0.0, heading: $0.1, figures: $0.2) }
    }
}
