import Foundation
import MarketModel

/// The report of an output folder as one self-contained HTML file: inline CSS and
/// inline SVG charts, no script and no reference to anything outside the file, so it
/// can be mailed, archived or opened offline and always looks the same. The markup is
/// also well-formed XML (XHTML-compatible), which keeps it checkable by a parser.
///
/// What the page holds depends on the folder's kind: a run shows quality, gaps,
/// prices, shares and value capture over time (with bands across replications when
/// there are several); a comparison shows A and B side by side on shared axes and
/// the paired-difference table; a sweep shows its points and, for a Sobol design,
/// a tornado chart of sensitivity indices per outcome; a calibration shows its targets
/// against the posterior predictive bands, the posterior and its generations.
public enum HTMLReport {
    /// The page for the output folder at `folder`.
    public static func render(folder: String) throws -> String {
        let kind = try OutputFolderKind.detect(folder: folder)
        let manifest = try ManifestFacts.read(folder: folder)
        var body = ""
        switch kind {
        case .run, .replicatedRun: body = try runBody(folder: folder)
        case .compare: body = try compareBody(folder: folder)
        case .sweep: body = try sweepBody(folder: folder)
        case .calibration: body = try calibrationBody(folder: folder)
        }
        let name = manifest.scenarioName ?? URL(fileURLWithPath: folder).lastPathComponent
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        page += "<title>marketsim \(kind.rawValue): \(SVG.escape(name))</title>\n<style>\(stylesheet)</style>\n</head>\n<body>\n"
        page += "<header>\n<h1>marketsim \(kind.rawValue): \(SVG.escape(name))</h1>\n"
        page += factsList(manifest, kind: kind) + "</header>\n<main>\n" + body + "</main>\n"
        page += "<footer><p>Written by marketsim \(SVG.escape(MarketsimVersion.string)) from the files in this folder.</p></footer>\n"
        page += "</body>\n</html>\n"
        return page
    }

    /// Writes `report.html` into `folder` (replacing an earlier one in one rename)
    /// and returns its path.
    @discardableResult
    public static func write(folder: String) throws -> String {
        let html = try render(folder: folder)
        let path = folder + "/report.html"
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw OutputError("cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }

    // MARK: Kinds

    private static func runBody(folder: String) throws -> String {
        let run = try RunData.load(folder: folder)
        var html = ""
        for section in RunCharts(run: run, idPrefix: "", titleSuffix: "").sections() {
            html += "<section id=\"\(SVG.escape(section.id))\">\n<h2>\(SVG.escape(section.heading))</h2>\n"
            html += section.figures.map(\.html).joined() + "</section>\n"
        }
        let summaryPath = folder + "/summary.csv"
        if FileManager.default.fileExists(atPath: summaryPath) {
            let summary = try CSVTable.read(path: summaryPath)
            html += "<section id=\"summary\">\n<h2>Summary</h2>\n" + table(summary, caption: "Final-period and run-level outcomes (summary.csv).") + "</section>\n"
        }
        return html
    }

    private static func compareBody(folder: String) throws -> String {
        let compare = try CSVTable.read(path: folder + "/compare.csv")
        let labelA = try label(folder: folder + "/a", fallback: "A")
        let labelB = try label(folder: folder + "/b", fallback: "B")
        var html = "<section id=\"differences\">\n<h2>Paired differences</h2>\n"
        html += "<p>A is \(SVG.escape(labelA)), B is \(SVG.escape(labelB)); both ran on the same seeds, so each difference B - A is taken replication by replication.</p>\n"
        html += table(compare, caption: "Mean of A, mean of B, mean paired difference B - A with its standard error and 95% t-interval, and the number of pairs (compare.csv).")
        html += "</section>\n"
        let fm = FileManager.default
        guard fm.fileExists(atPath: folder + "/a/trajectories.csv"), fm.fileExists(atPath: folder + "/b/trajectories.csv") else {
            return html
        }
        let a = RunCharts(run: try RunData.load(folder: folder + "/a"), idPrefix: "a-", titleSuffix: "(A: \(labelA))").keyFigures()
        let b = RunCharts(run: try RunData.load(folder: folder + "/b"), idPrefix: "b-", titleSuffix: "(B: \(labelB))").keyFigures()
        html += "<section id=\"side-by-side\">\n<h2>A and B side by side</h2>\n"
        html += "<p>Each pair of charts shares its value axis.</p>\n"
        for var left in a {
            guard var right = b.first(where: { $0.id.dropFirst("fig-b-".count) == left.id.dropFirst("fig-a-".count) }) else { continue }
            shareValueAxis(&left, &right)
            html += "<div class=\"pair\">\n" + left.html + right.html + "</div>\n"
        }
        html += "</section>\n"
        return html
    }

    private static func shareValueAxis(_ left: inout ReportFigure, _ right: inout ReportFigure) {
        guard case .lines(var l) = left.chart, case .lines(var r) = right.chart else { return }
        let ranges = [l.dataRange, r.dataRange].compactMap { $0 }
        guard let low = ranges.map(\.lowerBound).min(), let high = ranges.map(\.upperBound).max() else { return }
        l.valueRange = low...high
        r.valueRange = low...high
        left.chart = .lines(l)
        right.chart = .lines(r)
    }

    private static func label(folder: String, fallback: String) throws -> String {
        try ManifestFacts.read(folder: folder).scenarioName ?? fallback
    }

    private static func sweepBody(folder: String) throws -> String {
        var html = ""
        let fm = FileManager.default
        let sensitivityPath = folder + "/sensitivity.csv"
        if fm.fileExists(atPath: sensitivityPath) {
            let sensitivity = try CSVTable.read(path: sensitivityPath)
            html += "<section id=\"sensitivity\">\n<h2>Sensitivity (Sobol indices)</h2>\n"
            for (index, outcome) in try sobolIndices(sensitivity).enumerated() {
                let chart = TornadoChart(id: "tornado-\(index + 1)-chart", title: "Sensitivity of \(outcome.outcome)", indices: outcome.indices)
                html += ReportFigure(id: "fig-tornado-\(index + 1)",
                                     caption: "First-order and total Sobol indices of \(outcome.outcome) for each parameter, with 95% bootstrap intervals; largest total first.",
                                     chart: .tornado(chart)).html
            }
            html += table(sensitivity, caption: "Sobol indices with bootstrap intervals (sensitivity.csv).") + "</section>\n"
        }
        let pointsPath = folder + "/points.csv"
        if fm.fileExists(atPath: pointsPath) {
            html += "<section id=\"points\">\n<h2>Sweep points</h2>\n"
            html += table(try CSVTable.read(path: pointsPath), caption: "Parameter values and outcomes per point (points.csv).", maximumRows: 500)
            html += "</section>\n"
        }
        let runsPath = folder + "/runs.csv"
        if fm.fileExists(atPath: runsPath) {
            let runs = try CSVTable.read(path: runsPath)
            html += "<section id=\"runs\">\n<h2>Runs</h2>\n<p>\(runs.rows.count) runs are listed in runs.csv.</p>\n</section>\n"
        }
        return html
    }

    private static func sobolIndices(_ table: CSVTable) throws -> [(outcome: String, indices: [SobolIndex])] {
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

    // MARK: Pieces

    private static func factsList(_ manifest: ManifestFacts, kind: OutputFolderKind) -> String {
        var html = "<dl class=\"facts\">\n<dt>kind</dt><dd>\(kind.rawValue)</dd>\n"
        for fact in manifest.facts {
            html += "<dt>\(SVG.escape(fact.key))</dt><dd>\(SVG.escape(fact.value))</dd>\n"
        }
        if manifest.facts.isEmpty { html += "<dt>manifest</dt><dd>none (no manifest.json in the folder)</dd>\n" }
        return html + "</dl>\n"
    }

    /// A CSV table as an HTML table; numbers shortened for reading (money grouped by
    /// thousands), every other cell as written.
    static func table(_ csv: CSVTable, caption: String, maximumRows: Int = .max) -> String {
        var html = "<div class=\"table\"><table>\n<caption>\(SVG.escape(caption))</caption>\n<thead><tr>"
        html += csv.header.map { "<th>\(SVG.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        let moneyRow = csv.columnIndex("metric") ?? csv.columnIndex("outcome")
        for row in csv.rows.prefix(maximumRows) {
            let money = moneyRow.map { DisplayNumber.isMoney(row[$0]) } ?? false
            html += "<tr>"
            for (column, cell) in row.enumerated() {
                let moneyColumn = money || DisplayNumber.isMoney(csv.header[column])
                if let value = Double(cell), !["replication", "n", "seed", "point", "run"].contains(csv.header[column]) {
                    let text = moneyColumn ? DisplayNumber.money(value) : (value == value.rounded() && abs(value) < 1e15
                        ? DisplayNumber.fixed(value, decimals: 0) : DisplayNumber.significant(value))
                    html += "<td class=\"number\">\(SVG.escape(text))</td>"
                } else {
                    html += "<td>\(SVG.escape(cell))</td>"
                }
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        if csv.rows.count > maximumRows {
            html += "<p class=\"note\">The first \(maximumRows) of \(csv.rows.count) rows are shown; the file has them all.</p>\n"
        }
        return html
    }

    private static let stylesheet = """
        body{font-family:sans-serif;margin:1.5em auto;max-width:1500px;padding:0 1em;color:#222}\
        h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\
        dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.facts dt{font-weight:bold}dl.facts dd{margin:0}\
        figure{display:inline-block;margin:.5em 1em 1.5em 0;vertical-align:top;max-width:100%}\
        figcaption{font-size:.9em;color:#444;max-width:720px}svg.chart{max-width:100%;height:auto}\
        .pair{display:flex;flex-wrap:wrap;gap:0 1em}.table{overflow-x:auto}\
        table{border-collapse:collapse;font-size:.9em;margin:.5em 0}caption{text-align:left;color:#444;padding-bottom:.3em}\
        th,td{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left}td.number{text-align:right;font-variant-numeric:tabular-nums}\
        .note,footer{color:#666;font-size:.9em}
        """
}
