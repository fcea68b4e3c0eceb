import Foundation
import TestSupport
import Testing

@Suite("marketsim run", .serialized)
struct RunCommandTests {
    static let small = ["--set", "buyers.count=300", "--set", "months=24", "--replications", "3"]

    @Test("Same scenario and seed give byte-identical CSV, whatever --jobs")
    func byteIdentical() throws {
        let tmp = try CLI.temporaryFolder("identical")
        let one = try CLI.run(["run", "Scenarios/base.json", "--out", tmp + "/one", "--jobs", "1", "--quiet"] + Self.small)
        let two = try CLI.run(["run", "Scenarios/base.json", "--out", tmp + "/two", "--jobs", "2", "--quiet"] + Self.small)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.status == 0, "\(two.stderr)")
        for file in ["trajectories.csv", "actors.csv", "organizations.csv", "events.csv", "bands.csv", "summary.csv", "summary_wide.csv", "scenario.json"] {
            let a = try #require(CLI.contents(tmp + "/one/" + file), "\(file) missing")
            #expect(a == CLI.contents(tmp + "/two/" + file), "\(file) differs between --jobs 1 and 2")
        }
        let lines = String(decoding: CLI.contents(tmp + "/one/trajectories.csv")!, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1 + 3 * 25, "header + 3 replications x 25 reports")
        #expect(lines[0].hasPrefix("replication,date,day,frontier_quality,best_open_quality,gap_points,gap_months"))
    }

    @Test("summary_wide.csv has one row per metric with the statistics of summary.csv")
    func wideSummary() throws {
        let tmp = try CLI.temporaryFolder("wide")
        #expect(try CLI.run(["run", "base", "--out", tmp + "/r", "--quiet"] + Self.small).status == 0)
        let long = try CompareCommandTests.rows(tmp + "/r/summary.csv")
        let wide = try CompareCommandTests.rows(tmp + "/r/summary_wide.csv")
        var expected: [String: String] = [:]
        for row in long { expected[row["metric"]! + "|" + row["stat"]!] = row["value"]! }
        #expect(wide.count == Set(long.map { $0["metric"]! }).count && wide.count > 50)
        for row in wide {
            let metric = row["metric"]!
            for (column, stat) in [("mean", "mean"), ("median", "p50"), ("p5", "p5"), ("p95", "p95"), ("std_error", "std_error"), ("n", "n")] {
                #expect(row[column] == expected[metric + "|" + stat], "\(metric) \(column)")
            }
        }
    }

    @Test("The issue's required trajectory columns are all there")
    func requiredColumns() throws {
        let tmp = try CLI.temporaryFolder("columns")
        let r = try CLI.run(["run", "base", "--out", tmp + "/r", "--quiet"] + Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        let header = String(decoding: CLI.contents(tmp + "/r/trajectories.csv")!, as: UTF8.self)
            .split(separator: "\n")[0].split(separator: ",").map(String.init)
        for column in ["replication", "date", "frontier_quality", "best_open_quality", "gap_points", "gap_months",
                       "frontier_quality_coding", "best_open_quality_coding", "frontier_price_usd_per_mtok",
                       "best_open_price_usd_per_mtok", "buyer_spend_usd", "seller_revenue_usd", "token_share_proprietary",
                       "token_share_open_lab", "token_share_infra", "profit_usd_frontier_lab", "profit_usd_open_lab",
                       "profit_usd_distiller", "profit_usd_infra"] {
            #expect(header.contains(column), "missing \(column)")
        }
    }

    @Test("A shipped scenario runs by name from any folder; the default output folder comes from its name")
    func byName() throws {
        let tmp = try CLI.temporaryFolder("byname")
        let r = try CLI.run(["run", "bull.json", "--quiet"] + Self.small, in: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: tmp + "/runs/bull/trajectories.csv"))
        let scenarios = try CLI.run(["scenarios"], in: tmp)
        #expect(scenarios.stdout.contains("bull.json") && scenarios.stdout.contains("bear.json") && scenarios.stdout.contains("base.json"))
    }

    @Test("An existing run is never overwritten silently; --force replaces it")
    func noOverwrite() throws {
        let tmp = try CLI.temporaryFolder("overwrite")
        #expect(try CLI.run(["run", "base", "--out", tmp + "/r", "--quiet"] + Self.small).status == 0)
        let before = CLI.contents(tmp + "/r/trajectories.csv")
        let again = try CLI.run(["run", "base", "--out", tmp + "/r", "--quiet", "--seed", "9"] + Self.small)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exists") && again.stderr.contains("--force"))
        #expect(CLI.contents(tmp + "/r/trajectories.csv") == before)
        let forced = try CLI.run(["run", "base", "--out", tmp + "/r", "--quiet", "--seed", "9", "--force"] + Self.small)
        #expect(forced.status == 0)
        #expect(CLI.contents(tmp + "/r/trajectories.csv") != before)
    }

    @Test("The manifest records seed, replications, scenario hash and a fingerprint that repeats")
    func manifest() throws {
        let tmp = try CLI.temporaryFolder("manifest")
        #expect(try CLI.run(["run", "base", "--out", tmp + "/a", "--quiet"] + Self.small).status == 0)
        #expect(try CLI.run(["run", "base", "--out", tmp + "/b", "--quiet", "--jobs", "1"] + Self.small).status == 0)
        func field(_ folder: String, _ key: String) throws -> String {
            let json = try JSONSerialization.jsonObject(with: CLI.contents(tmp + "/\(folder)/manifest.json")!) as! [String: Any]
            return "\(json[key]!)"
        }
        #expect(try field("a", "fingerprint") == field("b", "fingerprint"))
        #expect(try field("a", "scenario_hash") == field("b", "scenario_hash"))
        #expect(try field("a", "replications") == "3")
        #expect(try field("a", "seed") == "20240101")
    }

    @Test("An organisation playing several roles (H11) is reported per role and in total")
    func organisations() throws {
        let tmp = try CLI.temporaryFolder("orgs")
        #expect(try CLI.run(["run", "base", "--out", tmp + "/r", "--quiet"] + Self.small).status == 0)
        func rows(_ file: String) -> [[String]] {
            String(decoding: CLI.contents(tmp + "/r/" + file)!, as: UTF8.self).split(separator: "\n")
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let actors = rows("actors.csv"), orgs = rows("organizations.csv")
        // Cells by column name, so that a column added or moved leaves the test reading the same field.
        let a = { (name: String) in actors[0].firstIndex(of: name)! }, o = { (name: String) in orgs[0].firstIndex(of: name)! }
        let alibaba = orgs.filter { $0[o("organization")] == "alibaba" }
        #expect(alibaba.count == 3 * 25)
        #expect(alibaba.allSatisfy { $0[o("roles")] == "infra+open_lab" })
        for row in alibaba {
            let roles = actors.filter {
                $0[a("replication")] == row[o("replication")] && $0[a("date")] == row[o("date")] && $0[a("organization")] == "alibaba"
            }
            #expect(roles.map { $0[a("actor")] }.sorted() == ["alibaba-cloud", "qwen"])
            let sum = roles.reduce(0.0) { $0 + Double($1[a("profit_usd")])! }
            #expect(abs(sum - Double(row[o("profit_usd")])!) <= 1e-9 * max(1, abs(sum)))
        }
    }

    /// Each actor kind's cumulative profit at the last date of `folder`'s actors.csv, per
    /// replication: kind -> replication -> the sum over the kind's actors.
    static func profitByKind(_ folder: String) throws -> [String: [String: Double]] {
        let actors = try CompareCommandTests.rows(folder + "/actors.csv")
        let last = try #require(actors.map { $0["date"]! }.max())
        var sums: [String: [String: Double]] = [:]
        for row in actors where row["date"] == last {
            sums[row["kind"]!, default: [:]][row["replication"]!, default: 0] += try #require(Double(row["cumulative_profit_usd"]!))
        }
        return sums
    }

    /// A console amount back as a number: "-55.2 B" is -55.2e9; nil for anything not money ("61.5 %").
    static func money(_ text: String) -> Double? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard let number = parts.first.flatMap({ Double($0) }) else { return nil }
        guard parts.count > 1 else { return number }
        return ["K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12][String(parts[1])].map { number * $0 }
    }

    @Test("The console summary headlines the shares of total surplus as trajectories.csv holds them, summing to 1, and profits as actors.csv sums them; margin and spend shares only as detail")
    func consoleSummary() throws {
        let tmp = try CLI.temporaryFolder("summary")
        let r = try CLI.run(["run", "base", "--out", tmp + "/r"] + Self.small)
        #expect(r.status == 0)
        for phrase in ["quality gap, points", "months behind", "token share, infrastructure"] {
            #expect(r.stdout.contains(phrase), "missing \(phrase)")
        }
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex(of: "Who captures the value: shares of total surplus to date, levels in USD:"), "\(r.stdout)")
        let detail = try #require(lines.firstIndex { $0.hasPrefix("Detail, not who captures the value") }, "\(r.stdout)")
        #expect(heading < detail)
        for (index, line) in lines.enumerated() where line.contains("margin") || line.contains("spend") {
            #expect(index >= detail, "a share of margin or spend above the detail heading: \(line)")
        }
        #expect(lines[detail...].contains { $0.hasPrefix("  gross-margin share to date, frontier labs") && $0.contains(" %") })
        /// The mean a line under the value heading prints for `label` (after the 46 columns of indented label).
        func printed(_ label: String) throws -> String {
            let line = try #require(lines[heading..<detail].first { $0.hasPrefix("  " + label + " ") }, "no \(label): \(r.stdout)")
            return String(line.dropFirst(46)).components(separatedBy: "   (p5")[0].components(separatedBy: ", median")[0]
        }
        func amount(_ label: String) throws -> Double {
            let text = try printed(label)
            return try #require(Self.money(text), "\(label) is no amount of money: \(text)")
        }
        // Three significant figures: within half a unit of the third digit of the mean over replications.
        for (kind, replications) in try Self.profitByKind(tmp + "/r") {
            let name = ["frontier_lab": "frontier labs", "open_lab": "open labs", "distiller": "distillers", "infra": "infrastructure"][kind]!
            let mean = replications.values.reduce(0, +) / 3
            let printed = try amount(name + ", economic profit, USD")
            #expect(abs(printed - mean) <= 0.005 * abs(mean), "\(name): printed \(printed), actors.csv \(mean)")
        }
        let trajectories = try CompareCommandTests.rows(tmp + "/r/trajectories.csv")
        let last = try #require(trajectories.map { $0["date"]! }.max())
        let final = trajectories.filter { $0["date"] == last }
        #expect(final.count == 3)
        func mean(_ column: String) throws -> Double {
            try final.map { try #require(Double($0[column] ?? ""), "\(column): \($0[column] ?? "no such column")") }.reduce(0, +) / 3
        }
        for (label, column) in [("buyers' surplus, USD", "cumulative_buyer_surplus_usd"),
                                ("total surplus (buyers + all profit), USD", "cumulative_total_surplus_usd")] {
            let (printed, expected) = (try amount(label), try mean(column))
            #expect(abs(printed - expected) <= 0.005 * abs(expected), "\(label): printed \(printed), trajectories.csv \(expected)")
        }
        // The shares: each the mean of its own column at the last date, to three significant
        // figures; in every replication the columns (buyers and the four kinds) sum to 1, and
        // so do the printed shares, to their rounding (a share may pass 100 % where kinds lose money).
        // A replication whose total to date is not positive has no shares (empty
        // columns: a ratio to a loss would rank it as a gain); the console then says how
        // many, and its means are over the rest, with their count.
        let parties = [("buyers", "buyers"), ("frontier labs", "frontier_lab"), ("open labs", "open_lab"),
                       ("distillers", "distiller"), ("infrastructure", "infra")]
        let defined = final.filter { $0["surplus_share_buyers"] != "" }
        for row in final where row["surplus_share_buyers"] == "" {
            let total = try #require(Double(row["cumulative_total_surplus_usd"] ?? ""))
            #expect(total <= 0, "replication \(row["replication"]!): no shares at a total of \(total)")
            #expect(parties.allSatisfy { row["surplus_share_" + $0.1] == "" })
        }
        #expect(!defined.isEmpty)
        if defined.count < final.count {
            #expect(r.stdout.contains("shares undefined in \(final.count - defined.count) of 3 replications"), "\(r.stdout)")
        }
        for row in defined {
            let sum = try parties.map { try #require(Double(row["surplus_share_" + $0.1] ?? "")) }.reduce(0, +)
            #expect(abs(sum - 1) < 1e-9, "replication \(row["replication"]!): shares sum to \(sum)")
        }
        func definedMean(_ column: String) throws -> Double {
            try defined.map { try #require(Double($0[column] ?? "")) }.reduce(0, +) / Double(defined.count)
        }
        var (printedSum, rounding) = (0.0, 0.0)
        for (name, suffix) in parties {
            let text = try printed(name + ", share of the total").components(separatedBy: " (n ")[0]
            let percent = try #require(text.hasSuffix(" %") ? Double(text.dropLast(2)) : nil, "\(name): \(text) is no share")
            let expected = try definedMean("surplus_share_" + suffix) * 100
            #expect(abs(percent - expected) <= 0.005 * abs(expected) + 1e-9, "\(name): printed \(text), trajectories.csv \(expected) %")
            printedSum += percent
            rounding += 0.005 * abs(percent)
        }
        // Three significant figures: each printed share within half a unit of its third digit.
        #expect(abs(printedSum - 100) <= rounding + 1e-9, "the printed shares sum to \(printedSum) %, rounding \(rounding)")
    }
}

@Suite("Documentation in step with the program")
struct DocumentationTests {
    @Test("Every trajectory column has a unit and a meaning")
    func everyColumnDescribed() throws {
        let csv = try CLI.run(["columns", "--csv"])
        #expect(csv.status == 0)
        let rows = csv.stdout.split(separator: "\n").dropFirst()
        #expect(rows.filter { $0.hasPrefix("trajectories.csv,") }.count > 60)
        let tmp = try CLI.temporaryFolder("dictionary")
        #expect(try CLI.run(["run", "base", "--out", tmp + "/r", "--quiet", "--replications", "1", "--set", "months=2",
                             "--set", "buyers.count=20"]).status == 0)
        let header = String(decoding: CLI.contents(tmp + "/r/trajectories.csv")!, as: UTF8.self).split(separator: "\n")[0]
        let described = Set(rows.filter { $0.hasPrefix("trajectories.csv,") }.map { $0.split(separator: ",")[1] })
        for column in header.split(separator: ",") { #expect(described.contains(column), "\(column) undocumented") }
    }
}

@Suite("marketsim run, interrupted", .serialized)
struct RunInterruptTests {
    /// Starts a long run, waits for its staging folder, sends `signal`; returns the status.
    static func interrupt(out: String, signal: Int32) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["run", "base", "--out", out, "--replications", "400", "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let parent = (out as NSString).deletingLastPathComponent
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let staged = (try? FileManager.default.contentsOfDirectory(atPath: parent))?.contains { $0.contains(".partial-") } ?? false
            if staged { break }
            usleep(2_000)
        }
        usleep(100_000)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("Ctrl-C leaves no output folder and no staging folder, and exits 130")
    func sigint() throws {
        let tmp = try CLI.temporaryFolder("sigint")
        let status = try Self.interrupt(out: tmp + "/r", signal: SIGINT)
        #expect(status == 130)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
    }

    @Test("kill -9 leaves no output folder; the next run cleans the dead staging folder up")
    func sigkill() throws {
        let tmp = try CLI.temporaryFolder("sigkill")
        _ = try Self.interrupt(out: tmp + "/r", signal: SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: tmp + "/r"))
        let r = try CLI.run(["run", "base", "--out", tmp + "/r", "--replications", "2", "--set", "months=3", "--quiet"])
        #expect(r.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp) == ["r"])
    }
}
