import Foundation
import TestSupport
import Testing

/// The Jupyter notebooks under Notebooks/ are committed without outputs, and they run,
/// headless, against output freshly made by the `marketsim` binary of this build: a
/// renamed column or a changed file layout breaks this suite, not a user's analysis.
///
/// Serialized: the end-to-end tests share the repository's .venv, which
/// scripts/python-env creates on first use (pip installs requirements.txt; allow a
/// minute) and later only checks.
@Suite("Notebooks", .serialized)
struct NotebookTests {
    /// Each shipped notebook, the environment variable naming its input folder, and the
    /// command its first code cell says makes that folder.
    static let shipped: [(file: String, variable: String, command: String)] = [
        ("bull_vs_bear.ipynb", "MARKETSIM_COMPARE_DIR",
         "marketsim compare bull bear --replications 20 --out runs/compare-bull-bear"),
        ("sweep_analysis.ipynb", "MARKETSIM_SWEEP_DIR", "marketsim sweep Scenarios/sweeps/gap.json"),
        ("calibration.ipynb", "MARKETSIM_CALIBRATION_DIR",
         "marketsim calibrate Scenarios/calibration/history.json --out runs/calibrate-history"),
    ]

    @Test("every committed notebook is stored without outputs or execution counts")
    func committedWithoutOutputs() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: NotebookTools.notebooks)
            .filter { $0.hasSuffix(".ipynb") }.sorted()
        #expect(Set(Self.shipped.map(\.file)).isSubset(of: files), "Notebooks/ holds \(files)")
        for file in files {
            let cells = try NotebookTools.cells(of: NotebookTools.notebooks + "/" + file)
            #expect(cells.contains { $0["cell_type"] as? String == "code" }, "\(file) has no code cell")
            for (index, cell) in cells.enumerated() where cell["cell_type"] as? String == "code" {
                let outputs = try #require(cell["outputs"] as? [Any], "\(file) cell \(index): no outputs list")
                #expect(outputs.isEmpty, "\(file) cell \(index) was committed with \(outputs.count) outputs; clear them")
                #expect(cell["execution_count"] is NSNull, "\(file) cell \(index) was committed with an execution count")
            }
        }
    }

    @Test("each notebook's first code cell names its input command and environment variable")
    func statesItsInput() throws {
        for notebook in Self.shipped {
            let cells = try NotebookTools.cells(of: NotebookTools.notebooks + "/" + notebook.file)
            let first = try #require(cells.first { $0["cell_type"] as? String == "code" })
            let source = NotebookTools.source(first)
            #expect(source.contains(notebook.command), "\(notebook.file) does not state `\(notebook.command)`")
            #expect(source.contains("os.environ.get(\"\(notebook.variable)\""),
                    "\(notebook.file) does not read \(notebook.variable)")
        }
    }

    @Test("the notebooks measure who captures the value by shares of total surplus beside economic profit, never by a share of spend or margin")
    func valueIsEconomicProfit() throws {
        for notebook in Self.shipped {
            let cells = try NotebookTools.cells(of: NotebookTools.notebooks + "/" + notebook.file)
            for cell in cells where cell["cell_type"] as? String == "code" {
                let source = NotebookTools.source(cell)
                for detail in ["value_share_", "margin_share_", "spend_share_"] {
                    #expect(!source.contains(detail), "\(notebook.file) cell \(cell["id"] ?? "") plots \(detail)*")
                }
            }
        }
        let cells = try NotebookTools.cells(of: NotebookTools.notebooks + "/bull_vs_bear.ipynb")
        let value = try #require(cells.first { $0["id"] as? String == "value" })
        #expect(NotebookTools.source(value).contains("band(ax, name, f\"cumulative_profit_usd_{kind}\""))
        #expect(NotebookTools.source(value).contains("economic profit to date"), "the profit charts are not labelled as such")
        // The headline measure: buyers' and each kind's share of total surplus, as the reports have it.
        #expect(NotebookTools.source(value).contains("\"surplus_share_buyers\"")
                && NotebookTools.source(value).contains("f\"surplus_share_{kind}\""), "the value cell plots no shares of total surplus")
        let chart = try #require(cells.first { $0["id"] as? String == "compare-chart" })
        #expect(NotebookTools.source(chart).contains("startswith(\"cumulative_profit_usd_\")"))
    }

    @Test("the notebooks run on the venv's kernel against fresh compare and sweep output",
          .enabled(if: NotebookTools.python3 != nil, "python3 is not on the PATH; it is needed to create .venv"),
          .timeLimit(.minutes(10)))
    func runAgainstFreshOutput() throws {
        let venv = try NotebookTools.pythonEnvironment()
        let scratch = try CLI.temporaryFolder("notebooks")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let compare = scratch + "/compare", sweep = scratch + "/sweep", executed = scratch + "/executed"

        let compared = try CLI.run(["compare", "bull", "bear", "--replications", "4", "--out", compare], in: scratch)
        try #require(compared.status == 0, "marketsim compare failed: \(compared.stderr)")
        let swept = try CLI.run(["sweep", Repository.root + "/Scenarios/sweeps/small.json", "--out", sweep], in: scratch)
        try #require(swept.status == 0, "marketsim sweep failed: \(swept.stderr)")
        // A calibration of two parameters to two facts, holding one out: 12 particles,
        // 2 generations of 100-buyer, 38-month runs.
        let calibrationFile = scratch + "/tiny-calibration.json", calibration = scratch + "/calibration"
        try Data("""
            {"base": "\(Repository.root)/Scenarios/base.json", "particles": 12, "generations": 2, "seed": 3,
             "overrides": {"buyers.count": 100, "months": 38},
             "parameters": [
               {"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]},
               {"path": "actors.open_labs[0].distillation.efficiency", "name": "open_lab_distillation_efficiency", "range": [0.2, 1.2]}],
             "targets": [
               {"name": "gap_2024_10", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 17.5, "interval": [15, 20]},
               {"name": "gap_2026_02", "fact": "H2", "metric": "gap_points", "at": "2026-02-01", "observed": 6, "interval": [5, 7]},
               {"name": "gap_months_2024_11", "fact": "X1", "metric": "gap_months", "at": "2024-11-01", "observed": 12,
                "interval": [5, 22], "role": "holdout"}]}
            """.utf8).write(to: URL(fileURLWithPath: calibrationFile))
        let calibrated = try CLI.run(["calibrate", calibrationFile, "--out", calibration, "--quiet"], in: scratch)
        try #require(calibrated.status == 0, "marketsim calibrate failed: \(calibrated.stderr)")

        let before = try NotebookTools.snapshot(NotebookTools.notebooks)
        let result = try CLI.run(program: Repository.root + "/scripts/run-notebooks",
                                 ["--out", executed, "--timeout", "90"], in: scratch,
                                 environment: ["MARKETSIM_COMPARE_DIR": compare, "MARKETSIM_SWEEP_DIR": sweep,
                                               "MARKETSIM_CALIBRATION_DIR": calibration])
        #expect(result.status == 0, "scripts/run-notebooks failed:\n\(result.stderr)")
        #expect(try NotebookTools.snapshot(NotebookTools.notebooks) == before, "running the notebooks changed Notebooks/")
        for notebook in Self.shipped {
            #expect(result.stdout.contains("\(notebook.file): "), "no report for \(notebook.file): \(result.stdout)")
        }
        // The runner prints the kernel's own sys.prefix, so this is the kernel that ran.
        #expect(result.stdout.components(separatedBy: "(kernel \(venv))").count == Self.shipped.count + 1,
                "a kernel other than \(venv) ran: \(result.stdout)")

        let bull = try NotebookTools.executedCells(executed + "/bull_vs_bear.ipynb")
        #expect(bull.contains { $0.text.contains("reading \(compare)") })
        #expect(bull.contains { $0.text.contains("reference = bull, compared: bear; 4 paired replications") })
        for cell in bull where cell.source.contains("plt.show()") {
            #expect(cell.images == 1, "bull_vs_bear.ipynb cell \(cell.id) drew \(cell.images) figures")
        }

        let calibrationCells = try NotebookTools.executedCells(executed + "/calibration.ipynb")
        #expect(calibrationCells.contains { $0.text.contains("reading \(calibration)") })
        #expect(calibrationCells.contains { $0.text.contains("12 particles") && $0.text.contains("2 generations") })
        #expect(calibrationCells.contains { $0.text.contains("observations inside the predictive 90 % band: fit") })
        for cell in calibrationCells where cell.source.contains("plt.show()") {
            #expect(cell.images == 1, "calibration.ipynb cell \(cell.id) drew \(cell.images) figures")
        }

        // small.json is a 2 x 2 grid with one replication: four runs, no sensitivity.csv.
        let sweepCells = try NotebookTools.executedCells(executed + "/sweep_analysis.ipynb")
        #expect(sweepCells.contains { $0.text.contains("reading \(sweep)") })
        #expect(sweepCells.contains { $0.text.contains("design grid: 4 points, 4 runs, 1 replications per point") })
        let sensitivity = try #require(sweepCells.first { $0.id == "sensitivity" })
        #expect(sensitivity.text.contains("No sensitivity section"))
        #expect(sensitivity.images == 0)
        for cell in sweepCells where cell.source.contains("plt.show()") && cell.id != "sensitivity" {
            #expect(cell.images == 1, "sweep_analysis.ipynb cell \(cell.id) drew \(cell.images) figures")
        }
    }

    @Test("the sweep notebook charts the Sobol indices of a sobol sweep",
          .enabled(if: NotebookTools.python3 != nil, "python3 is not on the PATH; it is needed to create .venv"),
          .timeLimit(.minutes(10)))
    func chartsSobolIndices() throws {
        _ = try NotebookTools.pythonEnvironment()
        let scratch = try CLI.temporaryFolder("notebooks")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // Saltelli with N = 8 base rows and k = 2 parameters: 8 (2 + 2) = 32 small runs.
        let sweepFile = scratch + "/tiny-sobol.json", sweep = scratch + "/sweep", executed = scratch + "/executed"
        try Data("""
            {"base": "\(Repository.root)/Scenarios/base.json", "design": "sobol", "samples": 8,
             "replications": 1, "seed": 3, "overrides": {"buyers.count": 100, "months": 24},
             "parameters": [
               {"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]},
               {"path": "actors.distillers[0].lag.mean_days", "name": "distiller_lag_days", "range": [15, 120]}],
             "outcomes": [{"name": "gap_points_final", "metric": "gap_points", "at": "final"}]}
            """.utf8).write(to: URL(fileURLWithPath: sweepFile))
        let swept = try CLI.run(["sweep", sweepFile, "--out", sweep, "--quiet"], in: scratch)
        try #require(swept.status == 0, "marketsim sweep failed: \(swept.stderr)")

        let result = try CLI.run(program: Repository.root + "/scripts/run-notebooks",
                                 ["--out", executed, "--timeout", "90",
                                  NotebookTools.notebooks + "/sweep_analysis.ipynb"],
                                 in: scratch, environment: ["MARKETSIM_SWEEP_DIR": sweep])
        #expect(result.status == 0, "scripts/run-notebooks failed:\n\(result.stderr)")
        let cells = try NotebookTools.executedCells(executed + "/sweep_analysis.ipynb")
        #expect(cells.contains { $0.text.contains("design sobol: 32 points, 32 runs") })
        let sensitivity = try #require(cells.first { $0.id == "sensitivity" })
        #expect(sensitivity.images == 1)
        #expect(sensitivity.text.contains("distiller_lag_days"), "the indices table is not shown")
    }

    @Test("the runner fails on a broken notebook, naming the notebook and the cell",
          .enabled(if: NotebookTools.python3 != nil, "python3 is not on the PATH; it is needed to create .venv"),
          .timeLimit(.minutes(10)))
    func failsOnBrokenNotebook() throws {
        _ = try NotebookTools.pythonEnvironment()
        let scratch = try CLI.temporaryFolder("notebooks")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let broken = scratch + "/broken.ipynb"
        try NotebookTools.writeNotebook(to: broken, cells: [
            ("fine", "total = 1 + 1"),
            ("divides-by-zero", "ratio = total / 0"),
            ("never-reached", "print('unreachable')"),
        ])
        let result = try CLI.run(program: Repository.root + "/scripts/run-notebooks", ["--timeout", "60", broken],
                                 in: scratch)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(broken): cell 1 (id divides-by-zero): ratio = total / 0"), "\(result.stderr)")
        #expect(result.stderr.contains("ZeroDivisionError"))
        #expect(!result.stdout.contains("code cells ran"))
    }
}

/// Paths, processes and notebook JSON for NotebookTests.
enum NotebookTools {
    static let notebooks = Repository.root + "/Notebooks"

    /// python3 on the PATH, which scripts/python-env builds the venv from.
    static let python3: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":").map { $0 + "/python3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Creates or checks .venv with scripts/python-env; returns the venv folder.
    static func pythonEnvironment() throws -> String {
        let result = try CLI.run(program: Repository.root + "/scripts/python-env", [])
        try #require(result.status == 0, "scripts/python-env failed:\n\(result.stderr)")
        let python = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(python.hasSuffix("/bin/python"), "scripts/python-env printed \(python)")
        return String(python.dropLast("/bin/python".count))
    }

    /// Every file under `folder` with its bytes.
    static func snapshot(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in FileManager.default.enumerator(atPath: folder)?.compactMap({ $0 as? String }) ?? [] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue {
                files[name] = FileManager.default.contents(atPath: folder + "/" + name)
            }
        }
        return files
    }

    static func cells(of path: String) throws -> [[String: Any]] {
        let data = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path): not a JSON object")
        #expect(notebook["nbformat"] as? Int == 4, "\(path): not an nbformat 4 notebook")
        return try #require(notebook["cells"] as? [[String: Any]], "\(path): no cells")
    }

    /// nbformat stores a cell's source as one string or as a list of lines.
    static func source(_ cell: [String: Any]) -> String {
        if let lines = cell["source"] as? [String] { return lines.joined() }
        return cell["source"] as? String ?? ""
    }

    /// An executed code cell: its id, source, the text it printed or displayed, and how
    /// many PNG figures it produced.
    struct ExecutedCell {
        let id: String
        let source: String
        let text: String
        let images: Int
    }

    static func executedCells(_ path: String) throws -> [ExecutedCell] {
        try cells(of: path).filter { $0["cell_type"] as? String == "code" }.map { cell in
            let outputs = cell["outputs"] as? [[String: Any]] ?? []
            let text = outputs.map { output -> String in
                let data = output["data"] as? [String: Any]
                let value = output["text"] ?? data?["text/plain"]
                return (value as? [String])?.joined() ?? value as? String ?? ""
            }.joined()
            let images = outputs.filter { ($0["data"] as? [String: Any])?["image/png"] != nil }.count
            return ExecutedCell(id: cell["id"] as? String ?? "", source: source(cell), text: text, images: images)
        }
    }

    /// Writes an nbformat 4.5 notebook of code cells (id, source).
    static func writeNotebook(to path: String, cells: [(id: String, source: String)]) throws {
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"]],
            "cells": cells.map { cell -> [String: Any] in
                ["cell_type": "code", "id": cell.id, "metadata": [String: Any](), "execution_count": NSNull(),
                 "outputs": [Any](), "source": cell.source]
            },
        ]
        try JSONSerialization.data(withJSONObject: notebook, options: [.sortedKeys])
            .write(to: URL(fileURLWithPath: path))
    }
}
