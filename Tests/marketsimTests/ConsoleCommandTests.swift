import Foundation
import TestSupport
import Testing

/// What the commands print for a person: the facts, the cases the scenarios argue,
/// nothing but errors under --quiet, compare's table within 100 columns and agreeing
/// with run's, and discover's word when its density target is missed.
@Suite("Console output", .serialized)
struct ConsoleCommandTests {
    /// base and bull at 100 buyers: a few seconds a replication even in a debug build.
    static func tinyScenarios(in folder: String, months: Int) throws -> (base: String, bull: String) {
        for name in ["base", "bull"] {
            try CLI.write("""
                {"extends": "\(CLI.root)/Scenarios/\(name).json", "name": "tiny-\(name)", "buyers": {"count": 100}, "months": \(months)}
                """, to: folder + "/tiny-\(name).json")
        }
        return (folder + "/tiny-base.json", folder + "/tiny-bull.json")
    }

    @Test("facts lists every id of docs/facts.md and prints one with its value, date and source; an unknown id fails")
    func facts() throws {
        let listed = try CLI.run(["facts"])
        #expect(listed.status == 0, "\(listed.stderr)")
        for id in ["H1", "H11", "P6", "C3", "M10", "X1", "X17"] {
            #expect(listed.stdout.contains("\n  \(id) "), "\(id) missing from the listing")
        }
        let one = try CLI.run(["facts", "x12"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("X12 (X: independent cross-checks"))
        #expect(one.stdout.contains("value:       -67 %") && one.stdout.contains("when:        Nov 2025"), "\(one.stdout)")
        #expect(one.stdout.contains("source:"))
        let unknown = try CLI.run(["facts", "H1", "Z9"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.isEmpty, "nothing printed for a request that failed: \(unknown.stdout)")
        #expect(unknown.stderr.contains("no fact Z9 in ") && unknown.stderr.contains("docs/facts.md"), "\(unknown.stderr)")
    }

    @Test("scenarios says which case each shipped scenario argues, open.json the case against proprietary labs")
    func scenariosArgue() throws {
        let listed = try CLI.run(["scenarios"])
        #expect(listed.status == 0, "\(listed.stderr)")
        for line in ["base.json: argues convergence", "bull.json: argues the proprietary moat",
                     "bear.json: argues open source's adoption friction", "open.json: argues open weights win fast"] {
            #expect(listed.stdout.contains("\n  \(line)\n"), "\(line) missing from \(listed.stdout)")
        }
    }

    @Test("--quiet leaves standard output empty for run, compare, sweep, discover, report and validate, and writes the files")
    func quiet() throws {
        let tmp = try CLI.temporaryFolder("quiet")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let (base, bull) = try Self.tinyScenarios(in: tmp, months: 12)
        let commands: [([String], String)] = [
            (["run", base, "--replications", "2", "--out", tmp + "/run"], tmp + "/run/summary.csv"),
            (["compare", base, bull, "--replications", "2", "--out", tmp + "/compare"], tmp + "/compare/compare.csv"),
            (["sweep", "small", "--out", tmp + "/sweep"], tmp + "/sweep/runs.csv"),
            (["discover", tmp + "/sweep", "--outcome", "gap_points_final", "--above", "5"],
             tmp + "/sweep/discover-gap_points_final/box.csv"),
            (["report", tmp + "/compare"], tmp + "/compare/report.html"),
            (["validate", base, bull], base),
        ]
        for (arguments, written) in commands {
            let result = try CLI.run(arguments + ["--quiet"] + (["run", "compare", "sweep"].contains(arguments[0]) ? ["--jobs", "2"] : []))
            #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments[0]) --quiet printed \(result.stdout)")
            #expect(FileManager.default.fileExists(atPath: written), "\(arguments[0]) wrote no \(written)")
        }
        // validate --quiet still names a bad file.
        try CLI.write(#"{"extends": "\#(base)", "months": -1}"#, to: tmp + "/bad.json")
        let bad = try CLI.run(["validate", tmp + "/bad.json", "--quiet"])
        #expect(bad.status == 1 && bad.stderr.contains("bad.json") && bad.stderr.contains("months"), "\(bad.stderr)")
    }

    @Test("compare's table fits 100 columns, and its conditional mean and n are run's")
    func compareTable() throws {
        let tmp = try CLI.temporaryFolder("compare-table")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let (base, bull) = try Self.tinyScenarios(in: tmp, months: 48)
        let compared = try CLI.run(["compare", base, bull, "--replications", "4", "--jobs", "2", "--out", tmp + "/compare"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let lines = compared.stdout.split(separator: "\n").map(String.init)
        let table = lines.drop { !$0.hasPrefix("tiny-bull - tiny-base") }
        #expect(table.count > 20, "\(compared.stdout)")
        for line in table { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        let ran = try CLI.run(["run", base, "--replications", "4", "--jobs", "2", "--out", tmp + "/run"])
        #expect(ran.status == 0, "\(ran.stderr)")
        // The reference's cell (the second column) is what run prints after its label.
        let row = try #require(table.first { $0.hasPrefix("months_to_gap_below_5 ") })
        let cells = row.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let runLine = try #require(ran.stdout.split(separator: "\n").first { $0.contains("months until the gap fell under 5 points") })
        #expect(runLine.contains("points    " + cells[1]), "compare \(cells[1]) against run: \(runLine)")

        // Who captures the value: each kind's profit to date as the runs' actors.csv sum it,
        // the paired difference and its 95 % t-interval (4 pairs: t = 3.182) to three figures.
        let heading = try #require(table.firstIndex(of: "Who captures the value: economic profit to date, training included (USD):"),
                                   "\(compared.stdout)")
        let detail = try #require(table.firstIndex { $0.hasPrefix("Detail, not who captures the value") }, "\(compared.stdout)")
        #expect(table[heading..<detail].filter { $0.hasPrefix("cumulative_profit_usd_") }.count == 4, "one row per kind")
        for (index, line) in zip(table.indices, table) where line.hasPrefix("value_share_") || line.hasPrefix("spend_share_") {
            #expect(index > detail, "a share of margin or spend above the detail heading: \(line)")
        }
        let baseProfit = try RunCommandTests.profitByKind(tmp + "/compare/tiny-base")
        let bullProfit = try RunCommandTests.profitByKind(tmp + "/compare/tiny-bull")
        func close(_ text: String, _ expected: Double) -> Bool {
            RunCommandTests.money(text).map { abs($0 - expected) <= 0.005 * abs(expected) } ?? false
        }
        for kind in Set(baseProfit.keys).union(bullProfit.keys) {
            let replications = (0..<4).map(String.init)
            let a: [Double] = replications.map { baseProfit[kind]?[$0] ?? 0 }
            let b: [Double] = replications.map { bullProfit[kind]?[$0] ?? 0 }
            let differences: [Double] = zip(a, b).map { $1 - $0 }
            let mean = differences.reduce(0, +) / 4
            let squares: [Double] = differences.map { ($0 - mean) * ($0 - mean) }
            let sd = (squares.reduce(0, +) / 3).squareRoot()
            let row = try #require(table[heading..<detail].first { $0.hasPrefix("cumulative_profit_usd_\(kind) ") }, "\(kind)")
            let cells: [String] = row.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let interval = cells[4].trimmingCharacters(in: CharacterSet(charactersIn: "[]")).components(separatedBy: ", ")
            #expect(close(cells[1], a.reduce(0, +) / 4) && close(cells[2], b.reduce(0, +) / 4) && close(cells[3], mean), "\(row)")
            #expect(close(interval[0], mean - 3.182446 * sd / 2) && close(interval[1], mean + 3.182446 * sd / 2), "\(row)")
        }
    }

    @Test("calibrate ends with its fitted and held-out targets, as targets.csv has them")
    func calibrateTable() throws {
        let tmp = try CLI.temporaryFolder("calibrate-table")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try CLI.write("""
            {"base": "\(CLI.root)/Scenarios/base.json", "particles": 6, "generations": 2, "seed": 5,
             "overrides": {"buyers.count": 100, "months": 38},
             "parameters": [{"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]}],
             "targets": [
               {"name": "gap_2024_10", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 17.5, "interval": [15, 20]},
               {"name": "share_2025", "fact": "X7", "metric": "token_share_open_weights", "window": ["2025-01-01", "2025-12-01"],
                "observed": 0.3, "sd": 0.05, "role": "holdout"}]}
            """, to: tmp + "/tiny.json")
        let r = try CLI.run(["calibrate", tmp + "/tiny.json", "--out", tmp + "/calibration", "--jobs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CompareCommandTests.rows(tmp + "/calibration/targets.csv")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        for (role, heading) in [("fit", "Fitted"), ("holdout", "Held out")] {
            let targets = rows.filter { $0["role"] == role }
            let inside = targets.filter { $0["inside"] == "yes" }.count
            #expect(lines.contains("\(heading): \(inside) of \(targets.count) observations inside the 90 % predictive band"),
                    "\(r.stdout)")
            for target in targets {
                let line = try #require(lines.first { $0.hasPrefix(target["target"]! + " ") }, "\(r.stdout)")
                #expect(line.contains(" \(target["fact"]!) ") && line.hasSuffix(target["inside"]!), "\(line)")
                let predicted = try #require(Double(target["predictive_mean"]!))
                #expect(line.contains(" " + String(format: "%.3g", predicted) + " "), "\(line) against \(predicted)")
            }
        }
    }

    @Test("discover says when its density target is missed and what the trajectory reaches")
    func discoverTargetMissed() throws {
        let tmp = try CLI.temporaryFolder("discover-target")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        #expect(try CLI.run(["sweep", "small", "--jobs", "1", "--quiet", "--out", tmp + "/sweep"]).status == 0)
        let discover = ["discover", tmp + "/sweep", "--outcome", "gap_points_final", "--above", "6", "--minimum-mass", "0.4"]
        // Scenarios/sweeps/small.json: one run of four above 6 (6.37; the others 5.31,
        // 4.71, 3.93); peeling stops at half the runs.
        let missed = try CLI.run(discover + ["--density", "0.9"])
        #expect(missed.status == 0, "\(missed.stderr)")
        #expect(missed.stdout.contains("The density target 0.90 was not reached"), "\(missed.stdout)")
        #expect(missed.stdout.contains("reaches 0.500") && missed.stdout.contains("--density 0.50 or less"), "\(missed.stdout)")
        let met = try CLI.run(discover + ["--density", "0.5", "--force"])
        #expect(met.status == 0 && !met.stdout.contains("not reached"), "\(met.stdout)")
    }
}
