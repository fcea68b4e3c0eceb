import Foundation
import TestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Headless Chromium (Debian's `chromium`, installed by scripts/chromium-install).
enum Browser {
    static let binary: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin"])
            .map { $0 + "/chromium" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Where screenshots are kept for review, and by CI as artefacts: `.build/artefacts/reports/`
    /// of the checkout (git-ignored with the rest of `.build`).
    static let screenshots = CLI.root + "/.build/artefacts/reports"

    /// The viewport the layout checks and screenshots use: a laptop screen's width.
    static let viewportWidth = 1400

    struct Page {
        let dom: String
        /// The page's console messages (`INFO:CONSOLE` lines of Chromium's log): a page
        /// without script logs one only for an error (a malformed SVG attribute, say).
        let console: [String]
    }

    static func run(_ arguments: [String]) throws -> CLI.Output {
        try CLI.run(program: try #require(binary), ["--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage",
                                                    "--user-data-dir=" + temporaryFolder("chromium")] + arguments)
    }

    /// Loads `file` and returns the DOM Chromium built from it and its console messages.
    static func load(_ file: String) throws -> Page {
        let result = try run(["--enable-logging=stderr", "--v=0", "--dump-dom", URL(fileURLWithPath: file).absoluteString])
        #expect(result.status == 0, "chromium failed on \(file): \(result.stderr.suffix(2000))")
        let console = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        return Page(dom: result.stdout, console: console)
    }

    /// What a reader would stumble on, measured by the browser on the laid-out page:
    /// chart text whose colour (its fill, or an inherited stroke drawn over it) has a
    /// WCAG contrast below 4.5 against the chart's background, elements wider than the
    /// viewport outside a box that scrolls them, chart text shrunk under 10 px (a chart
    /// squeezed into a narrow column), chart text labels whose boxes overlap, and chart
    /// text that runs past its chart's edges. The script goes into a copy of the page (the report itself has none)
    /// and writes one line per finding into the DOM, which Chromium dumps.
    static let layoutScript = """
        <script>
        addEventListener('load', () => {
          const findings = [];
          const width = document.documentElement.clientWidth;
          const rgb = c => { const m = /rgba?\\(([^)]*)\\)/.exec(c || ''); return m ? m[1].split(',').map(Number) : null; };
          const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          const luminance = p => 0.2126 * channel(p[0]) + 0.7152 * channel(p[1]) + 0.0722 * channel(p[2]);
          const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((u, v) => v - u); return (x + 0.05) / (y + 0.05); };
          const background = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c && (c.length < 4 || c[3] > 0)) return c; } return [255, 255, 255]; };
          const label = e => (e.closest('svg') || {}).id + ' "' + e.textContent.trim().slice(0, 60) + '"';
          for (const chart of document.querySelectorAll('svg.chart')) {
            const boxes = [];
            for (const text of chart.querySelectorAll('text')) {
              if (!text.textContent.trim()) continue;
              const style = getComputedStyle(text), back = background(chart);
              const fill = rgb(style.fill), stroke = rgb(style.stroke);
              if (fill) { const ratio = contrast(fill, back); if (ratio < 4.5) findings.push('contrast ' + label(text) + ' fill ' + style.fill + ' ratio ' + ratio.toFixed(2)); }
              if (stroke && parseFloat(style.strokeWidth) > 0) { const ratio = contrast(stroke, back); if (ratio < 4.5) findings.push('contrast ' + label(text) + ' stroke ' + style.stroke + ' ratio ' + ratio.toFixed(2)); }
              const r = text.getBoundingClientRect(), frame = chart.getBoundingClientRect();
              if (r.width > 0 && r.height > 0) boxes.push([text, r]);
              // The chart clips what runs past its edges (a long title once lost its end).
              if (r.width > 0 && (r.left < frame.left - 0.5 || r.right > frame.right + 0.5)) findings.push('outside ' + label(text) + ' runs past its chart');
              // A chart drawn narrower than its 720 px shrinks its 12 px labels with it.
              if (r.height > 0 && r.height < 10) findings.push('small ' + label(text) + ' is ' + r.height.toFixed(1) + ' px high');
            }
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
              const [a, p] = boxes[i], [b, q] = boxes[j];
              const w = Math.min(p.right, q.right) - Math.max(p.left, q.left), h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
              if (w > 1 && h > 1) findings.push('overlap ' + label(a) + ' and ' + label(b));
            }
          }
          if (document.documentElement.scrollWidth > width) findings.push('overflow the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + width + ' px viewport');
          for (const e of document.body.querySelectorAll('*')) {
            if (e.getBoundingClientRect().right <= width + 0.5) continue;
            let clipped = false;
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX) && a.getBoundingClientRect().right <= width + 0.5) { clipped = true; break; }
            }
            if (!clipped) findings.push('overflow ' + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' reaches ' + Math.round(e.getBoundingClientRect().right) + ' px');
          }
          const out = document.createElement('pre');
          out.id = 'layout-findings';
          out.textContent = findings.join('\\n');
          document.body.appendChild(out);
        });
        </script>
        """

    /// The findings of `layoutScript` on `file` laid out `viewportWidth` wide, one per line.
    static func layoutFindings(_ file: String) throws -> [String] {
        let html = String(decoding: try #require(FileManager.default.contents(atPath: file)), as: UTF8.self)
        let checked = file.replacingOccurrences(of: ".html", with: "-checked.html")
        try Data(html.replacingOccurrences(of: "</body>", with: layoutScript + "</body>").utf8).write(to: URL(fileURLWithPath: checked))
        defer { try? FileManager.default.removeItem(atPath: checked) }
        let result = try run(["--window-size=\(viewportWidth),1000", "--virtual-time-budget=5000", "--dump-dom", URL(fileURLWithPath: checked).absoluteString])
        #expect(result.status == 0, "chromium failed on \(checked): \(result.stderr.suffix(2000))")
        guard let start = result.stdout.range(of: "<pre id=\"layout-findings\">"),
              let end = result.stdout.range(of: "</pre>", range: start.upperBound..<result.stdout.endIndex) else {
            Issue.record("the layout checks did not run on \(file)")
            return []
        }
        return result.stdout[start.upperBound..<end.lowerBound].split(separator: "\n").map {
            $0.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    /// Writes a full-width screenshot of `file` to `screenshots/name.png` and returns its path.
    static func screenshot(_ file: String, name: String, height: Int = 2400) throws -> String {
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let path = screenshots + "/" + name + ".png"
        try? FileManager.default.removeItem(atPath: path)
        // A virtual-time budget lets the whole page paint before the shot is taken.
        let result = try run(["--hide-scrollbars", "--window-size=\(viewportWidth),\(height)", "--virtual-time-budget=10000", "--screenshot=" + path,
                              URL(fileURLWithPath: file).absoluteString])
        #expect(result.status == 0, "chromium could not screenshot \(file)")
        return path
    }
}

@Suite("reports in a headless browser", .serialized,
       .enabled(if: Browser.binary != nil, "chromium is not installed: run scripts/chromium-install"))
struct ReportBrowserTests {
    /// Renders `folder`'s report, loads it in Chromium, and checks what a reader sees:
    /// no console error, every chart drawn with data, a screenshot for review.
    @discardableResult
    func check(_ folder: String, name: String) throws -> XMLDocument {
        let report = try CLI.run(["report", folder])
        #expect(report.status == 0, "\(report.stderr)")
        let file = folder + "/report.html"
        let page = try Browser.load(file)
        #expect(page.console.isEmpty, "\(name): \(page.console.joined(separator: "\n"))")
        let document = try XMLDocument(xmlString: String(decoding: try #require(CLI.contents(file)), as: UTF8.self))
        // The browser built the page we wrote: as many charts in its DOM as in the file.
        let charts = try document.nodes(forXPath: "//*[local-name()='svg']")
        #expect(!charts.isEmpty, "\(name): no chart")
        #expect(page.dom.components(separatedBy: "<svg").count - 1 == charts.count, "\(name): the browser lost charts")
        for chart in charts {
            let id = try chart.nodes(forXPath: "@id").first?.stringValue ?? "?"
            let lines = try chart.nodes(forXPath: ".//*[local-name()='path'][contains(@d, 'L')]")
            let areas = try chart.nodes(forXPath: ".//*[local-name()='polygon' or local-name()='rect' or local-name()='circle'][not(ancestor::*[@class='legend'])][not(ancestor::*[local-name()='defs'])]")
            #expect(lines.count + areas.count > 0, "\(name): chart \(id) has no data drawn")
        }
        // Every chart label readable, nothing wider than the screen, no two labels on top of each other.
        let findings = try Browser.layoutFindings(file)
        #expect(findings.isEmpty, "\(name): \(findings.count) layout findings:\n\(findings.prefix(20).joined(separator: "\n"))")
        // The first screen answers in words, before any table.
        let sections = try Self.values(document, "//main/section/@id")
        #expect(sections.first == "answer", "\(name): the page opens with \(sections.first ?? "nothing")")
        #expect(try !Self.values(document, "//section[@id='answer']//p").joined().isEmpty, "\(name): the answer says nothing")
        let shot = try Browser.screenshot(file, name: name)
        #expect((try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int ?? 0) > 10_000, "\(name): blank screenshot")
        print("report screenshot (\(name)): \(shot)")
        return document
    }

    static func values(_ document: XMLDocument, _ xpath: String) throws -> [String] {
        try document.nodes(forXPath: xpath).compactMap(\.stringValue)
    }

    @Test("a single run and a replicated run")
    func runs() throws {
        let tmp = try CLI.temporaryFolder("browser-run")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        for (name, replications) in [("run", "1"), ("replicated-run", "4")] {
            let r = try CLI.run(["run", "base", "--replications", replications, "--jobs", "2", "--quiet", "--out", tmp + "/" + name])
            #expect(r.status == 0, "\(r.stderr)")
            let document = try check(tmp + "/" + name, name: name)
            // The page opens with the answer, then the headline table; the manifest comes last.
            let sections = try Self.values(document, "//main/section/@id")
            #expect(Array(sections.prefix(2)) == ["answer", "headline-section"] && sections.last == "provenance")
            #expect(try document.nodes(forXPath: "//table[@id='headline']/tbody/tr[@data-metric='gap_points']").count == 1)
        }
    }

    @Test("compare base bull bear: the first section answers how the three cases differ, from bands.csv")
    func comparison() throws {
        let tmp = try CLI.temporaryFolder("browser-compare")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let r = try CLI.run(["compare", "base", "bull", "bear", "--replications", "6", "--jobs", "2"], in: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        let folder = tmp + "/runs/compare-base-bull-bear"
        let document = try check(folder, name: "compare")
        #expect(try Self.values(document, "//main/section[2]/@id") == ["headline-section"])
        #expect(try Self.values(document, "//main/section[2]/h2") == ["How base, bull and bear differ"])
        // Every scenario's row for each headline outcome, its numbers those of bands.csv.
        let bands = try CompareCommandTests.rows(folder + "/bands.csv")
        var expected: [String: String] = [:]
        for row in bands { expected[row["scenario"]! + "|" + row["metric"]! + "|" + row["date"]! + "|" + row["stat"]!] = row["value"]! }
        let rows = try document.nodes(forXPath: "//table[@id='headline']/tbody/tr")
        #expect(rows.count >= 3 * 8)
        var checked = 0
        for case let row as XMLElement in rows {
            let scenario = try #require(row.attribute(forName: "data-scenario")?.stringValue)
            let metric = try #require(row.attribute(forName: "data-metric")?.stringValue)
            for case let cell as XMLElement in try row.nodes(forXPath: "td[@data-stat][@data-value]") {
                let stat = ["median": "p50"][cell.attribute(forName: "data-stat")!.stringValue!] ?? cell.attribute(forName: "data-stat")!.stringValue!
                let date = cell.attribute(forName: "data-date")!.stringValue!
                #expect(cell.attribute(forName: "data-value")?.stringValue == expected[scenario + "|" + metric + "|" + date + "|" + stat],
                        "\(scenario) \(metric) \(date) \(stat)")
                checked += 1
            }
        }
        #expect(checked >= 3 * 8 * 8)
        #expect(try Set(Self.values(document, "//table[@id='headline']/tbody/tr/@data-scenario")) == ["base", "bull", "bear"])
        // The last column: each case's paired difference from base at the end, as in differences.csv.
        let differences = try CompareCommandTests.rows(folder + "/differences.csv")
        let lastDate = try #require(differences.map { $0["date"]! }.max())
        for scenario in ["bull", "bear"] {
            let cell = try Self.values(document, "//table[@id='headline']/tbody/tr[@data-metric='gap_points'][@data-scenario='\(scenario)']/td[last()]/@data-value")
            let row = try #require(differences.first { $0["date"] == lastDate && $0["metric"] == "gap_points" && $0["scenario"] == scenario })
            #expect(cell == [row["mean_difference"]!])
        }
        // The theses, then overlays with one colour per scenario and difference charts.
        #expect(try Self.values(document, "//dl[@class='theses']/dt") == ["base", "bull", "bear"])
        #expect(try Self.values(document, "//figure[@id='fig-answer']//*[@class='legend-entry']/*[local-name()='text']").prefix(3)
                == ["base", "bull", "bear"])
        #expect(try Self.values(document, "//figure[@id='fig-difference-1']//*[@class='legend-entry']/*[local-name()='text']").prefix(2)
                == ["bull - base", "bear - base"])
        // A kind's shares that are zero throughout under every scenario (distillers serve
        // no token in these) get no flat chart; their profit, which training makes
        // negative, does.
        let titles = try Self.values(document, "//section[starts-with(@id, 'kinds-')]//*[local-name()='svg']/*[local-name()='title']")
        #expect(titles.contains("Economic profit to date (training included): distiller"))
        let distillerShares = bands.filter { $0["metric"] == "token_share_distiller" }.map { Double($0["value"]!) ?? 0 }
        #expect(titles.contains("Token share: distiller") == distillerShares.contains { $0 != 0 })
    }

    @Test("sweeps: a grid and a Sobol design")
    func sweeps() throws {
        let tmp = try CLI.temporaryFolder("browser-sweep")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let grid = try CLI.run(["sweep", CLI.root + "/Scenarios/sweeps/small.json", "--out", tmp + "/grid", "--quiet", "--jobs", "2"])
        #expect(grid.status == 0, "\(grid.stderr)")
        try check(tmp + "/grid", name: "sweep-grid")
        try CLI.write("""
            {"base": "\(CLI.root)/Scenarios/base.json", "design": "sobol", "samples": 8,
             "replications": 1, "seed": 3, "overrides": {"buyers.count": 100, "months": 24},
             "parameters": [
               {"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]},
               {"path": "actors.distillers[0].lag.mean_days", "name": "distiller_lag_days", "range": [15, 120]}],
             "outcomes": [{"name": "gap_points_final", "metric": "gap_points", "at": "final"}]}
            """, to: tmp + "/sobol.json")
        let sobol = try CLI.run(["sweep", tmp + "/sobol.json", "--out", tmp + "/sobol", "--quiet", "--jobs", "2"])
        #expect(sobol.status == 0, "\(sobol.stderr)")
        // With a discovered box, whose bound labels must not overlap however narrow it is.
        let gaps = try CompareCommandTests.rows(tmp + "/sobol/runs.csv").compactMap { Double($0["gap_points_final"] ?? "") }.sorted()
        let discover = try CLI.run(["discover", tmp + "/sobol", "--outcome", "gap_points_final", "--below", String(gaps[gaps.count / 2])])
        #expect(discover.status == 0, "\(discover.stderr)")
        let document = try check(tmp + "/sobol", name: "sweep-sobol")
        #expect(try Self.values(document, "//main/section/@id").prefix(2) == ["answer", "discovery"])
        #expect(try document.nodes(forXPath: "//figure[@id='fig-box-1']").count == 1)
    }

    @Test("a calibration: targets against their predictive bands, holdouts marked, the posterior and its generations")
    func calibration() throws {
        let tmp = try CLI.temporaryFolder("browser-calibration")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try CLI.write("""
            {"base": "\(CLI.root)/Scenarios/base.json", "particles": 12, "replications": 1, "generations": 2, "seed": 5,
             "overrides": {"buyers.count": 100, "months": 38},
             "parameters": [
               {"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]},
               {"path": "actors.open_labs[0].distillation.efficiency", "name": "open_lab_distillation_efficiency", "range": [0.2, 1.2]}],
             "targets": [
               {"name": "gap_2024_10", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 17.5, "interval": [15, 20]},
               {"name": "share_2025", "fact": "X7", "metric": "token_share_open_weights", "window": ["2025-01-01", "2025-12-01"],
                "observed": 0.3, "sd": 0.05, "role": "holdout"}]}
            """, to: tmp + "/history.json")
        let r = try CLI.run(["calibrate", tmp + "/history.json", "--out", tmp + "/calibration", "--quiet", "--jobs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let document = try check(tmp + "/calibration", name: "calibration")
        // Both targets are on the page, the holdout named as such.
        let text = try Self.values(document, "//main").joined()
        #expect(text.contains("gap_2024_10") && text.contains("share_2025") && text.contains("holdout"))
        // The answer counts the targets inside their predictive band as targets.csv marks them.
        let targets = try CompareCommandTests.rows(tmp + "/calibration/targets.csv")
        func inside(_ role: String) -> Int { targets.filter { $0["role"] == role && $0["inside"] == "yes" }.count }
        // And how many parameters learnt nothing, as contraction.csv marks them.
        let contraction = try CompareCommandTests.rows(tmp + "/calibration/contraction.csv")
        let nothing = contraction.filter { $0["learnt_nothing"] == "yes" }.count
        #expect(try Self.values(document, "//section[@id='answer']//p").first
                == "This calibration fits the parameters of base, which argues convergence (the central case) to the facts. "
                + "The posterior's 90% predictive band contains the observation for \(inside("fit")) of 1 fitted target and \(inside("holdout")) of 1 held-out target. "
                + "\(nothing) of \(contraction.count) parameters learnt nothing (posterior SD above 0.9 of the prior's).")
    }
}
