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

    /// Where screenshots are kept for review: `.build/report-screenshots/` of the checkout.
    static let screenshots = CLI.root + "/.build/report-screenshots"

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

    /// Writes a full-width screenshot of `file` to `screenshots/name.png` and returns its path.
    static func screenshot(_ file: String, name: String, height: Int = 2400) throws -> String {
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let path = screenshots + "/" + name + ".png"
        try? FileManager.default.removeItem(atPath: path)
        // A virtual-time budget lets the whole page paint before the shot is taken.
        let result = try run(["--hide-scrollbars", "--window-size=1500,\(height)", "--virtual-time-budget=10000", "--screenshot=" + path,
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
        let shot = try Browser.screenshot(file, name: name)
        #expect((try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int ?? 0) > 10_000, "\(name): blank screenshot")
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
            // The page opens with the headline table; the manifest comes last.
            let sections = try Self.values(document, "//main/section/@id")
            #expect(sections.first == "headline-section" && sections.last == "provenance")
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
        #expect(try Self.values(document, "//main/section[1]/@id") == ["headline-section"])
        #expect(try Self.values(document, "//main/section[1]/h2") == ["How base, bull and bear differ"])
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
        #expect(try Self.values(document, "//figure[@id='fig-overlay-1']//*[@class='legend-entry']/*[local-name()='text']").prefix(3)
                == ["base", "bull", "bear"])
        #expect(try Self.values(document, "//figure[@id='fig-difference-1']//*[@class='legend-entry']/*[local-name()='text']").prefix(2)
                == ["bull - base", "bear - base"])
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
        try check(tmp + "/sobol", name: "sweep-sobol")
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
    }
}
