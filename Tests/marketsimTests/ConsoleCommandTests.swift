import Foundation
import TestSupport
import Testing

/// What the commands print for a person: the facts, the cases the scenarios argue (and
/// the case of the scenario a sweep, a discovery or a calibration varies), nothing but
/// errors under --quiet, compare's table within 100 columns and agreeing
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

    @Test("every command takes --quiet; those that print only their answer print the same answer with it")
    func quietEverywhere() throws {
        let help = try CLI.run(["--help"])
        let listed = help.stdout.components(separatedBy: "SUBCOMMANDS:\n").last?.components(separatedBy: "\n\n").first ?? ""
        let commands = listed.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .map { String($0.split(separator: " ")[0]) }
        #expect(commands.count == 12 && commands.contains("facts"), "\(commands)")
        // `sweep` is a group: its options are those of its default subcommand, `sweep run`.
        for words in commands.map({ $0 == "sweep" ? ["sweep", "run"] : [$0] }) + [["sweep", "merge"]] {
            let shown = try CLI.run(words + ["--help"])
            #expect(shown.stdout.contains("--quiet"), "\(words.joined(separator: " ")) --help lists no --quiet")
        }
        for arguments in [["scenarios"], ["schema"], ["columns"], ["costs"], ["facts", "H1"]] {
            let plain = try CLI.run(arguments), quiet = try CLI.run(arguments + ["--quiet"])
            #expect(quiet.status == 0 && !plain.stdout.isEmpty && quiet.stdout == plain.stdout, "\(arguments[0]): \(quiet.stderr)")
        }
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

        let detail = try #require(table.firstIndex { $0.hasPrefix("Detail, not who captures the value") }, "\(compared.stdout)")
        // Who captures the value: each kind's profit to date as the runs' actors.csv sum it,
        // the paired difference and its 95 % t-interval (4 pairs: t = 3.182) to three figures.
        let heading = try #require(table.firstIndex(of: "Who captures the value: shares of total surplus to date, levels in USD:"),
                                   "\(compared.stdout)")
        #expect(table[heading..<detail].filter { $0.hasPrefix("surplus_share_") }.count == 5, "buyers and one row per kind")
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

    @Test("compare ranks the scenarios in the order of their mean total surplus as the written trajectories.csv and compare.csv hold it")
    func totalSurplusRanking() throws {
        let tmp = try CLI.temporaryFolder("compare-ranking")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let (base, bull) = try Self.tinyScenarios(in: tmp, months: 36)
        try CLI.write("""
            {"extends": "\(CLI.root)/Scenarios/bear.json", "name": "tiny-bear", "buyers": {"count": 100}, "months": 36}
            """, to: tmp + "/tiny-bear.json")
        let compared = try CLI.run(["compare", base, bull, tmp + "/tiny-bear.json", "--replications", "3", "--jobs", "2",
                                    "--out", tmp + "/compare"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let lines = compared.stdout.split(separator: "\n").map(String.init)
        let title = try #require(lines.firstIndex { $0.hasPrefix("Total surplus to 2026-01-01 ") }, "\(compared.stdout)")
        let rows = lines[(title + 3)..<(title + 6)].map {
            $0.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        // Each scenario's mean of cumulative_total_surplus_usd at the last date, from the file compare wrote.
        let trajectories = try CompareCommandTests.rows(tmp + "/compare/trajectories.csv")
        let last = try #require(trajectories.map { $0["date"]! }.max())
        var means: [String: Double] = [:]
        for row in trajectories where row["date"] == last {
            means[row["scenario"]!, default: 0] += try #require(Double(row["cumulative_total_surplus_usd"] ?? "")) / 3
        }
        #expect(means.count == 3)
        let expected = means.sorted { $0.value > $1.value }.map(\.key)
        #expect(rows.map { $0[0] } == expected.enumerated().map { "\($0.offset + 1). \($0.element)" }, "\(rows) against \(means)")
        for row in rows {
            let label = String(row[0].split(separator: " ")[1])
            let printed = try #require(RunCommandTests.money(row[1]), "\(row)")
            #expect(abs(printed - means[label]!) <= 0.005 * abs(means[label]!), "\(label): printed \(printed), trajectories.csv \(means[label]!)")
            #expect(label == "tiny-base" ? row[2] == "reference" : row[2].hasPrefix("+") || row[2].hasPrefix("-"), "\(row)")
        }
        // compare.csv's rows of the total give the same order: each scenario's mean and the reference's.
        let totals = try CompareCommandTests.rows(tmp + "/compare/compare.csv").filter { $0["outcome"] == "cumulative_total_surplus_usd" }
        var fromCompare = try Dictionary(uniqueKeysWithValues: totals.map { ($0["scenario"]!, try #require(Double($0["mean"]!))) })
        let reference: Double = try #require(totals.first.flatMap { Double($0["mean_reference"]!) })
        fromCompare["tiny-base"] = reference
        #expect(fromCompare.sorted { $0.value > $1.value }.map(\.key) == expected, "\(fromCompare) against \(expected)")
    }

    @Test("calibrate says which scenario it fits and ends with its fitted and held-out targets, as targets.csv has them")
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
                // The console prints three significant figures, trailing zeros kept (0.560):
                // some number on the line must be the predictive mean to that precision.
                let predicted = try #require(Double(target["predictive_mean"]!))
                let numbers = line.split(separator: " ").compactMap { Double($0) }
                #expect(numbers.contains { abs($0 - predicted) <= 0.005 * abs(predicted) }, "\(line) against \(predicted)")
            }
        }

        // It says which scenario it fits, and so does its report; a folder from before the
        // record still reads, naming no scenario.
        let argued = "base, which argues convergence (the central case)"
        #expect(lines.first == "calibration \(tmp)/tiny.json of \(argued)", "\(r.stdout)")
        #expect(lines.dropFirst().first == "\(tmp)/calibration: 6 particles, 2 generations; it ran every generation the file asks for")
        #expect(try Self.object(tmp + "/calibration/manifest.json")["base_scenario"] as? String == "base")
        for (forget, expected) in [(false, argued), (true, "an unnamed scenario (the folder predates marketsim recording it)")] {
            if forget { try Self.forgetBaseScenario(tmp + "/calibration/manifest.json") }
            let report = try CLI.run(["report", tmp + "/calibration", "--quiet"])
            #expect(report.status == 0, "\(report.stderr)")
            let page = String(decoding: try #require(CLI.contents(tmp + "/calibration/report.html")), as: UTF8.self)
            #expect(page.contains("<p>This calibration fits the parameters of \(expected) to the facts. "), "forgotten: \(forget)")
        }
    }

    @Test("discover says when its density target is missed and what the trajectory reaches")
    func discoverTargetMissed() throws {
        let tmp = try CLI.temporaryFolder("discover-target")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        #expect(try CLI.run(["sweep", "small", "--jobs", "1", "--quiet", "--out", tmp + "/sweep"]).status == 0)
        let discover = ["discover", tmp + "/sweep", "--outcome", "gap_points_final", "--above", "12", "--minimum-mass", "0.4"]
        // Scenarios/sweeps/small.json: one run of four above 12 (12.42; the others 10.73,
        // 9.50, 7.74); peeling stops at half the runs.
        let missed = try CLI.run(discover + ["--density", "0.9"])
        #expect(missed.status == 0, "\(missed.stderr)")
        #expect(missed.stdout.contains("The density target 0.90 was not reached"), "\(missed.stdout)")
        #expect(missed.stdout.contains("reaches 0.500") && missed.stdout.contains("--density 0.50 or less"), "\(missed.stdout)")
        let met = try CLI.run(discover + ["--density", "0.5", "--force"])
        #expect(met.status == 0 && !met.stdout.contains("not reached"), "\(met.stdout)")
    }

    @Test("discover's trajectory fits 100 columns: a box of several restrictions continues under the box column")
    func discoverWithinWidth() throws {
        let tmp = try CLI.temporaryFolder("discover-width")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        // docs/experiments.md's example: 64 runs of the gap sweep at 300 buyers.
        let swept = try CLI.run(["sweep", "gap", "--samples", "64", "--replications", "1", "--set", "buyers.count=300",
                                 "--jobs", "2", "--quiet", "--out", tmp + "/sweep"])
        #expect(swept.status == 0, "\(swept.stderr)")
        let discovered = try CLI.run(["discover", tmp + "/sweep", "--outcome", "gap_points_final", "--above", "2.5"])
        #expect(discovered.status == 0, "\(discovered.stderr)")
        let lines = discovered.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("written to ") }
        for line in lines { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        let continued = lines.filter { $0.hasPrefix(String(repeating: " ", count: 32)) }
        #expect(!continued.isEmpty, "no step needed a second line: \(discovered.stdout)")
        for line in continued { #expect(line.dropFirst(32).contains(" in [") || line.dropFirst(32).contains(" = "), "\(line)") }
    }

    /// The JSON object in the file at `path`.
    static func object(_ path: String) throws -> [String: Any] {
        let data = try #require(CLI.contents(path), "cannot read \(path)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path): not a JSON object")
    }

    /// Rewrites the manifest at `path` without the base scenario's record, as a folder
    /// written before marketsim recorded it has it.
    static func forgetBaseScenario(_ path: String) throws {
        var manifest = try object(path)
        manifest["base_scenario"] = nil
        manifest["base_scenario_argues"] = nil
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: path))
    }

    @Test("sweep, merge and discover record and state the scenario the sweep varies and its case; so does the report, and an older folder without the record still reads")
    func sweepStatesItsCase() throws {
        let tmp = try CLI.temporaryFolder("sweep-case")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        // Scenarios/sweeps/small.json varies base.json, which argues convergence.
        let argued = "base, which argues convergence (the central case)"
        let swept = try CLI.run(["sweep", "small", "--jobs", "1", "--out", tmp + "/sweep"])
        #expect(swept.status == 0, "\(swept.stderr)")
        #expect(swept.stdout.split(separator: "\n").first.map(String.init) == "sweep \(CLI.root)/Scenarios/sweeps/small.json of \(argued)",
                "\(swept.stdout)")
        let manifest = try Self.object(tmp + "/sweep/manifest.json")
        #expect(manifest["base_scenario"] as? String == "base" && manifest["base_scenario_argues"] as? String == "convergence")

        // One run of the four ends above a 12-point gap (12.42; the others 10.73, 9.50 and
        // 7.74), so the box narrows to that run's level of each parameter.
        let discover = ["discover", tmp + "/sweep", "--outcome", "gap_points_final", "--above", "12", "--force"]
        let discovered = try CLI.run(discover)
        #expect(discovered.stdout.hasPrefix("discovery in a sweep of \(argued)\n"), "\(discovered.stdout)")
        // A grid's box narrows to one level of each parameter: said as such, without trailing zeros.
        #expect(discovered.stdout.contains("  coding_distillability = 0.4, distiller_lag_days = 90\n"), "\(discovered.stdout)")
        let facts = try Self.object(tmp + "/sweep/discover-gap_points_final/discover.json")
        #expect(facts["base_scenario"] as? String == "base" && facts["base_scenario_argues"] as? String == "convergence")

        #expect(try CLI.run(["report", tmp + "/sweep", "--quiet"]).status == 0)
        let page = String(decoding: try #require(CLI.contents(tmp + "/sweep/report.html")), as: UTF8.self)
        #expect(page.contains("<p>4 runs vary 2 parameters of \(argued).</p>"), "the report's opening does not say the case")

        // A folder from before the record: the report and discover name no scenario, and say why.
        try Self.forgetBaseScenario(tmp + "/sweep/manifest.json")
        let older = try CLI.run(["report", tmp + "/sweep", "--quiet"])
        #expect(older.status == 0, "\(older.stderr)")
        let olderPage = String(decoding: try #require(CLI.contents(tmp + "/sweep/report.html")), as: UTF8.self)
        #expect(olderPage.contains("<p>4 runs vary 2 parameters of an unnamed scenario (the folder predates marketsim recording it).</p>"))
        #expect(try CLI.run(discover).stdout.hasPrefix("discovery in a sweep of an unnamed scenario"))

        // Shards record it too, and their merge keeps it; merge --quiet prints nothing.
        for k in 1...2 {
            let shard = try CLI.run(["sweep", "small", "--jobs", "1", "--quiet", "--shard", "\(k)/2", "--out", tmp + "/shard\(k)"])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merged = try CLI.run(["sweep", "merge", tmp + "/shard1", tmp + "/shard2", "--out", tmp + "/merged", "--quiet"])
        #expect(merged.status == 0 && merged.stdout.isEmpty, "\(merged.stdout)\(merged.stderr)")
        #expect(try Self.object(tmp + "/merged/manifest.json")["base_scenario"] as? String == "base")
    }
}
