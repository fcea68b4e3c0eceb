import Foundation
import MarketModel
import ScenarioFormat

/// The page of a sweep folder: each outcome against each parameter (a dot per run
/// and a kernel smoother), partial rank correlations as a tornado per outcome, Sobol
/// indices with warnings where the estimates cannot be trusted, then the tables.
extension HTMLReport {
    /// A Sobol interval half-width to aim for: indices known to about +-0.05.
    public static let targetHalfWidth = 0.05

    static func sweepBody(folder: String) throws -> String {
        var html = ""
        let fm = FileManager.default
        let pointsPath = folder + "/" + OutputFileNames.Sweep.points, runsPath = folder + "/" + OutputFileNames.Sweep.runs
        var baseRows: Int?
        var charts = (scatter: "", correlations: "", strongest: [String]())
        var sentences: [String] = []
        if fm.fileExists(atPath: pointsPath), fm.fileExists(atPath: runsPath) {
            let points = try CSVTable.read(path: pointsPath)
            try points.checkNumbers()
            let runs = try CSVTable.read(path: runsPath)
            try runs.checkNumbers()
            let parameters = Array(points.header.dropFirst().prefix { !$0.hasSuffix("_mean") })
            let outcomes = points.header.filter { $0.hasSuffix("_mean") && points.hasColumn(String($0.dropLast(5)) + "_std_error") }
                .map { String($0.dropLast(5)) }.filter(runs.hasColumn)
            baseRows = points.rows.count / max(1, parameters.count + 2)
            charts = try sweepCharts(runs: runs, parameters: parameters, outcomes: outcomes)
            let base = BaseScenario.describe(try BaseScenario.recorded(in: folder + "/" + OutputFileNames.Sweep.manifest))
            sentences.append("\(runs.rows.count) runs vary \(parameters.count) parameter\(parameters.count == 1 ? "" : "s") of \(base).")
            if !charts.strongest.isEmpty {
                sentences.append("What moves each outcome most, by partial rank correlation: " + charts.strongest.joined(separator: "; ") + ".")
            }
        }
        // What moves each outcome first (discovered boxes, rank correlations), then the
        // Sobol indices, then every outcome against every parameter.
        let discovered = try discoveries(folder: folder)
        sentences += discovered.sentences
        if !sentences.isEmpty {
            html += "<section id=\"answer\">\n<h2>What the sweep finds</h2>\n<div class=\"answer\">\n"
            html += sentences.map { "<p>\(SVG.escape($0))</p>\n" }.joined() + "</div>\n</section>\n"
        }
        html += discovered.html + charts.correlations
        let sensitivityPath = folder + "/" + OutputFileNames.Sweep.sensitivity
        if fm.fileExists(atPath: sensitivityPath) {
            let sensitivity = try CSVTable.read(path: sensitivityPath)
            html += "<section id=\"sensitivity\">\n<h2>Sensitivity (Sobol indices)</h2>\n"
            let indices = try sobolIndices(sensitivity)
            html += sobolWarnings(indices, baseRows: baseRows)
            html += "<div class=\"figures\">\n"
            for (index, outcome) in indices.enumerated() {
                let chart = TornadoChart(id: "tornado-\(index + 1)-chart", title: "Sobol indices of \(outcome.outcome)", indices: outcome.indices)
                html += ReportFigure(id: "fig-tornado-\(index + 1)",
                                     caption: "First-order and total Sobol indices of \(outcome.outcome) for each parameter, with 95% bootstrap intervals; largest total first.",
                                     chart: .tornado(chart)).html
            }
            html += "</div>\n" + table(sensitivity, caption: "Sobol indices with bootstrap intervals (sensitivity.csv).") + "</section>\n"
        }
        html += charts.scatter
        if fm.fileExists(atPath: pointsPath) {
            html += "<section id=\"points\">\n<h2>Sweep points</h2>\n"
            html += table(try CSVTable.read(path: pointsPath), caption: "Parameter values and outcomes per point (points.csv).", maximumRows: 500)
            html += "</section>\n"
        }
        if fm.fileExists(atPath: runsPath) {
            // A sweep stopped before its first run has a header only: zero runs to list.
            let runs = try CSVTable.read(path: runsPath, mayBeEmpty: true)
            html += "<section id=\"runs\">\n<h2>Runs</h2>\n<p>\(runs.rows.count) runs are listed in runs.csv.</p>\n</section>\n"
        }
        return html
    }

    /// The boxes `marketsim discover` wrote into `folder/discover-*/`: each box drawn
    /// within the sweep's ranges, with its coverage and density, and its peeling trajectory.
    private static func discoveries(folder: String) throws -> (html: String, sentences: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("discover-") }.sorted()
        var html = ""
        var sentences: [String] = []
        for (index, name) in names.enumerated() {
            let sub = folder + "/" + name
            guard FileManager.default.fileExists(atPath: sub + "/" + OutputFileNames.Discovery.box) else { continue }
            let box = try CSVTable.read(path: sub + "/" + OutputFileNames.Discovery.box)
            let (low, high) = (try box.numbers("low"), try box.numbers("high"))
            let (sweepLow, sweepHigh) = (try box.numbers("sweep_low"), try box.numbers("sweep_high"))
            // Each column once: the rows take their cells by index (linear in the file).
            let parameters = try box.strings("parameter")
            let rows = parameters.indices.map { row in
                DiscoveryBoxChart.Row(parameter: parameters[row], low: low[row] ?? .nan, high: high[row] ?? .nan,
                                      sweepLow: sweepLow[row] ?? .nan, sweepHigh: sweepHigh[row] ?? .nan)
            }
            var condition = name.dropFirst("discover-".count).description
            var summary = ""
            if let facts = try OutputFolderKind.jsonObject(at: sub + "/" + OutputFileNames.Discovery.facts) {
                if case .string(let text)? = facts["condition"] { condition = text }
                if case .number(let coverage)? = facts["coverage"], case .number(let density)? = facts["density"] {
                    // Shares of runs: anything else is a damaged file, not a box to describe.
                    for (key, share) in [("coverage", coverage), ("density", density)] where !(0...1).contains(share) {
                        throw InputError(path: sub + "/" + OutputFileNames.Discovery.facts,
                                         "\(key) is \(share), not a share of runs between 0 and 1")
                    }
                    summary = "coverage \(DisplayNumber.fixed(coverage, decimals: 2)) (share of the runs where \(condition) that fall in the box), "
                        + "density \(DisplayNumber.fixed(density, decimals: 2)) (share of the runs in the box where it holds)"
                    let restricted = rows.filter(\.restricted).map { "\($0.parameter) \($0.boundsText)" }
                    sentences.append("Where \(condition): a box on " + (restricted.isEmpty ? "no parameter" : HTMLReport.listed(restricted))
                        + " holds it in \(DisplayNumber.fixed(density * 100, decimals: 0)) % of its runs and takes in \(DisplayNumber.fixed(coverage * 100, decimals: 0)) % of the runs where it holds.")
                }
            }
            if html.isEmpty { html += "<section id=\"discovery\">\n<h2>Scenario discovery (PRIM)</h2>\n" }
            html += "<h3>Where \(SVG.escape(condition))</h3>\n"
            if !summary.isEmpty { html += "<p>The chosen box: \(SVG.escape(summary)).</p>\n" }
            let chart = DiscoveryBoxChart(id: "box-\(index + 1)-chart", title: "Parameter box where \(condition)", rows: rows)
            html += "<div class=\"figures\">\n" + ReportFigure(id: "fig-box-\(index + 1)",
                                 caption: "The box's bounds on each parameter within the sweep's range (\(name)/box.csv); a pale bar leaves the parameter unrestricted.",
                                 chart: .box(chart)).html + "</div>\n"
            if FileManager.default.fileExists(atPath: sub + "/" + OutputFileNames.Discovery.trajectory) {
                html += table(try CSVTable.read(path: sub + "/" + OutputFileNames.Discovery.trajectory),
                              caption: "The peeling trajectory: coverage, density and mass of each box on the way (\(name)/trajectory.csv).", maximumRows: 200)
            }
        }
        return (html.isEmpty ? "" : html + "</section>\n", sentences)
    }

    /// Scatter plots of every outcome against every parameter, then a partial rank
    /// correlation tornado per outcome.
    private static func sweepCharts(runs: CSVTable, parameters: [String], outcomes: [String]) throws
        -> (scatter: String, correlations: String, strongest: [String])
    {
        guard !parameters.isEmpty, !outcomes.isEmpty else { return ("", "", []) }
        var strongest: [String] = []
        let x = try parameters.map { try runs.numbers($0).map { $0 ?? .nan } }
        var html = "<section id=\"outcomes-by-parameter\">\n<h2>Each outcome against each parameter</h2>\n<div class=\"figures small\">\n"
        var correlations = "<section id=\"rank-correlations\">\n<h2>Which parameters move each outcome</h2>\n<div class=\"figures\">\n"
        for (o, outcome) in outcomes.enumerated() {
            let y = try runs.numbers(outcome).map { $0 ?? .nan }
            for (p, parameter) in parameters.enumerated() where zip(x[p], y).contains(where: { $0.isFinite && $1.isFinite }) {
                let chart = ScatterChart(id: "scatter-\(o + 1)-\(p + 1)-chart", title: "\(outcome) by \(parameter)",
                                         xLabel: parameter, yLabel: outcome, points: zip(x[p], y).map { (x: $0, y: $1) })
                html += ReportFigure(id: "fig-scatter-\(o + 1)-\(p + 1)",
                                     caption: "\(outcome) of each run against \(parameter), with a Gaussian-kernel smoother.",
                                     chart: .scatter(chart)).html
            }
            let coefficients = PartialRankCorrelation.coefficients(parameters: x, outcome: y)
            guard coefficients.contains(where: { $0 != nil }) else {
                correlations += "<p class=\"note\">\(SVG.escape(outcome)): no partial rank correlation is defined (too few runs with a value, or no spread).</p>\n"
                continue
            }
            if let top = zip(parameters, coefficients).compactMap({ p, c in c.map { (p, $0) } }).max(by: { abs($0.1) < abs($1.1) }) {
                strongest.append("\(outcome) with \(top.0) (\(top.1 > 0 ? "+" : "")\(DisplayNumber.fixed(top.1, decimals: 2)))")
            }
            let chart = CorrelationChart(id: "prcc-\(o + 1)-chart", title: "Partial rank correlations with \(outcome)",
                                         coefficients: zip(parameters, coefficients).map { (parameter: $0, value: $1) })
            correlations += ReportFigure(id: "fig-prcc-\(o + 1)",
                                         caption: "Partial rank correlation of \(outcome) with each parameter over \(runs.rows.count) runs: the monotone effect of one parameter with the others held fixed.",
                                         chart: .correlation(chart)).html
        }
        return (html + "</div>\n</section>\n", correlations + "</div>\n</section>\n", strongest)
    }

    /// Where Sobol estimates cannot be trusted: a first-order index above its total, an
    /// interval reaching outside [0, 1], or intervals wider than +-0.05, with the number
    /// of base rows that would narrow them to that (half-widths shrink as 1/sqrt(N)).
    static func sobolWarnings(_ outcomes: [(outcome: String, indices: [SobolIndex])], baseRows: Int?) -> String {
        var warnings: [String] = []
        var widest = 0.0
        for outcome in outcomes {
            for index in outcome.indices {
                let name = "\(outcome.outcome), \(index.parameter)"
                if index.firstOrder > index.total {
                    warnings.append("\(name): the first-order index (\(DisplayNumber.fixed(index.firstOrder, decimals: 2))) exceeds the total (\(DisplayNumber.fixed(index.total, decimals: 2))), which is impossible in the limit: estimation noise.")
                }
                for (kind, interval) in [("first-order", index.firstOrderInterval), ("total", index.totalInterval)] {
                    guard let interval else { continue }
                    widest = max(widest, (interval.upperBound - interval.lowerBound) / 2)
                    if interval.lowerBound < 0 || interval.upperBound > 1 {
                        warnings.append("\(name): the \(kind) interval [\(DisplayNumber.fixed(interval.lowerBound, decimals: 2)), \(DisplayNumber.fixed(interval.upperBound, decimals: 2))] reaches outside [0, 1].")
                    }
                }
            }
        }
        if widest > targetHalfWidth {
            var text = "The sample is too small: the widest interval is +-\(DisplayNumber.fixed(widest, decimals: 2))"
            if let baseRows, baseRows > 0 {
                // Intervals wide enough to need more than a billion rows say so rather
                // than a number no sweep could run (and Int() could not hold).
                let needed = (Double(baseRows) * pow(widest / targetHalfWidth, 2)).rounded(.up)
                text += " with \(baseRows) base rows; " + (needed <= 1e9
                    ? "about \(Int(needed)) base rows (\"samples\": \(Int(needed))) would bring it to +-\(targetHalfWidth)"
                    : "more than a billion base rows would be needed to bring it to +-\(targetHalfWidth)")
            }
            warnings.insert(text + ".", at: 0)
        }
        guard !warnings.isEmpty else { return "" }
        return "<div class=\"warnings\" id=\"sobol-warnings\"><p><strong>Read these indices with care:</strong></p>\n<ul>\n"
            + warnings.map { "<li>\(SVG.escape($0))</li>\n" }.joined() + "</ul></div>\n"
    }

    static func sobolIndices(_ table: CSVTable) throws -> [(outcome: String, indices: [SobolIndex])] {
        let outcomes = try table.strings("outcome")
        let parameters = try table.strings("parameter")
        let first = try table.numbers("first_order")
        let total = try table.numbers("total")
        func optional(_ name: String) throws -> [Double?] {
            table.hasColumn(name) ? try table.numbers(name) : Array(repeating: nil, count: table.rows.count)
        }
        let (firstLow, firstHigh) = (try optional("first_order_ci_low"), try optional("first_order_ci_high"))
        let (totalLow, totalHigh) = (try optional("total_ci_low"), try optional("total_ci_high"))
        func interval(_ low: Double?, _ high: Double?) -> ClosedRange<Double>? {
            guard let low, let high, low <= high else { return nil }
            return low...high
        }
        var order: [String] = []
        var byOutcome: [String: [SobolIndex]] = [:]
        for row in table.rows.indices {
            guard let f = first[row], let t = total[row] else { continue }
            if byOutcome[outcomes[row]] == nil { order.append(outcomes[row]) }
            byOutcome[outcomes[row], default: []].append(
                SobolIndex(parameter: parameters[row], firstOrder: f, firstOrderInterval: interval(firstLow[row], firstHigh[row]),
                           total: t, totalInterval: interval(totalLow[row], totalHigh[row])))
        }
        return order.map { (outcome: $0, indices: byOutcome[$0]!) }
    }

}
