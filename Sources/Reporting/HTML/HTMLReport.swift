import Foundation
import MarketModel

/// The report of an output folder as one self-contained HTML file: inline CSS and
/// inline SVG charts, no script and no reference to anything outside the file, so it
/// can be mailed, archived or opened offline and always looks the same. The markup is
/// also well-formed XML (XHTML-compatible), which keeps it checkable by a parser.
///
/// What the page holds depends on the folder's kind: a run shows quality, gaps,
/// prices, shares and value capture over time (with bands across replications when
/// there are several) under a headline table of key outcomes; a comparison opens with
/// the scenarios' key outcomes and differences, then overlays, paired differences and
/// small multiples by actor kind; a sweep shows its points and, for a Sobol design, a
/// tornado chart of sensitivity indices per outcome; a calibration shows its targets
/// against the posterior predictive bands, the posterior and its generations. Provenance (the manifest, with
/// fingerprints) comes last.
public enum HTMLReport {
    /// The page for the output folder at `folder`.
    public static func render(folder: String) throws -> String {
        let kind = try OutputFolderKind.detect(folder: folder)
        let manifest = try ManifestFacts.read(folder: folder)
        var body = ""
        switch kind {
        case .run, .replicatedRun: body = try runBody(folder: folder)
        case .compare: body = try comparisonBody(folder: folder)
        case .sweep: body = try sweepBody(folder: folder)
        case .calibration: body = try calibrationBody(folder: folder)
        }
        let name = manifest.scenarioName ?? manifest.facts.first { $0.key == "scenarios" }?.value
            ?? URL(fileURLWithPath: folder).lastPathComponent
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        page += "<title>marketsim \(kind.rawValue): \(SVG.escape(name))</title>\n<style>\(stylesheet)</style>\n</head>\n<body>\n"
        page += "<header>\n<h1>marketsim \(kind.rawValue): \(SVG.escape(name))</h1>\n"
        page += "</header>\n<main>\n" + body
        page += "<section id=\"provenance\">\n<h2>Provenance</h2>\n" + factsList(manifest, kind: kind) + "</section>\n</main>\n"
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
        try OutputError.checking("write", path) { try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) }
        return path
    }

    // MARK: Kinds

    private static func runBody(folder: String) throws -> String {
        let run = try RunData.load(folder: folder)
        let name = try ManifestFacts.read(folder: folder).scenarioName ?? "run"
        let answer = ReportAnswer(cases: [ReportAnswer.Case(label: name, argues: try ScenarioCase.argues(name: name, folder: folder), run: run,
                                                            summary: try ReportAnswer.summary(folder: folder))],
                                  differences: [:])
        var html = answerSection(answer, question: "What \(name) answers")
        html += "<section id=\"headline-section\">\n<h2>Key outcomes</h2>\n"
        if let thesis = try ComparisonData.text("thesis", folder: folder) { html += "<p class=\"thesis\"><strong>\(SVG.escape(thesis))</strong></p>\n" }
        if let description = try ComparisonData.text("description", folder: folder) { html += "<p>\(SVG.escape(description))</p>\n" }
        html += HeadlineTable(scenarios: [(name, run)], differences: [:]).html() + "</section>\n"
        let timeline = try timelineFigure(folder: folder, id: "events", title: "Events: releases, distillations, price moves, incidents",
                                          dates: run.dates)
        for section in RunCharts(run: run, idPrefix: "", titleSuffix: "").sections() {
            html += "<section id=\"\(SVG.escape(section.id))\">\n<h2>\(SVG.escape(section.heading))</h2>\n<div class=\"figures\">\n"
            html += section.figures.map(\.html).joined()
            // The timeline sits beside the gap charts, on the same dates.
            if section.id == "gap", let timeline { html += timeline.html }
            html += "</div>\n</section>\n"
        }
        let summaryPath = folder + "/summary.csv"
        if FileManager.default.fileExists(atPath: summaryPath) {
            let summary = try CSVTable.read(path: summaryPath)
            try summary.checkNumbers(except: ["metric", "stat"])
            html += "<section id=\"summary\">\n<h2>Summary</h2>\n"
            html += table(try wide(summary), caption: "Final-period and run-level outcomes across replications, one row per metric (summary.csv).")
            html += "</section>\n"
        }
        return html
    }

    /// A long `metric,stat,value` table as one row per metric and one column per
    /// statistic (in order of first appearance); a table of another shape as it is.
    static func wide(_ long: CSVTable) throws -> CSVTable {
        guard let metricColumn = long.columnIndex("metric"), let statColumn = long.columnIndex("stat"),
              let valueColumn = long.columnIndex("value") else { return long }
        var metrics: [String] = []
        var statistics: [String] = []
        var values: [String: [String: String]] = [:]
        for row in long.rows {
            let (metric, statistic) = (row[metricColumn], row[statColumn])
            if values[metric] == nil { metrics.append(metric) }
            if !statistics.contains(statistic) { statistics.append(statistic) }
            values[metric, default: [:]][statistic] = row[valueColumn]
        }
        var text = CSVFormat.line(["metric"] + statistics)
        for metric in metrics { text += CSVFormat.line([metric] + statistics.map { values[metric]![$0] ?? "" }) }
        return try CSVTable(text: text, path: long.path)
    }

    // MARK: Pieces

    /// The first section of a run's or a comparison's page: the answer in words, then its chart.
    static func answerSection(_ answer: ReportAnswer, question: String) -> String {
        var html = "<section id=\"answer\">\n<h2>\(SVG.escape(question))</h2>\n" + answer.html()
        if let figure = answer.figure() { html += "<div class=\"lead\">\n" + figure.html + "</div>\n" }
        return html + "</section>\n"
    }

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
        dl.facts,dl.theses{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.facts dt,dl.theses dt{font-weight:bold}\
        dl.facts dd,dl.theses dd{margin:0;overflow-wrap:anywhere}\
        .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:1em}\
        .figures.small{grid-template-columns:repeat(auto-fill,minmax(460px,1fr))}\
        figure{margin:0 0 1em 0;min-width:0}figcaption{font-size:.9em;color:#444}svg.chart{width:100%;height:auto}\
        .answer p{font-size:1.05em;max-width:62em;line-height:1.45}.answer p.note{font-size:.9em}.lead{max-width:760px}\
        .table{overflow-x:auto;max-width:100%}table.headline th[colspan]{text-align:center;border-bottom:1px solid #999}\
        table.headline tr.group-start>*{border-top:1px solid #999}td.significant{font-weight:bold}table.headline td{white-space:nowrap}\
        table{border-collapse:collapse;font-size:.9em;margin:.5em 0}caption{text-align:left;color:#444;padding-bottom:.3em}\
        th,td{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left}td.number{text-align:right;font-variant-numeric:tabular-nums}\
        .warnings{background:#fff4e5;border-left:4px solid #e69f00;padding:.3em 1em;margin:1em 0}\
        .note,footer{color:#666;font-size:.9em}
        """
}
