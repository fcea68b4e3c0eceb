import Foundation
import TestSupport
import Testing

/// The cases of issue 9 (a mutation fuzz campaign's findings), each kept as a regression
/// test: names that could replace the working folder, work the machine cannot hold,
/// hangs on accepted values, quadratic rejection, dates past 9999, output left after a
/// failure, and lax reading of CSV and sweep folders. Each failed on the main of the day.
@Suite("Reliability: the fuzz campaign's cases", .serialized)
struct ReliabilityTests {
    static let base = CLI.root + "/Scenarios/base.json"
    static let small = ["--set", "buyers.count=40", "--set", "months=3"]

    /// A scenario extending base.json with `body` (JSON members) in a new folder.
    static func scenario(_ body: String, name: String = "\"probe\"") throws -> (folder: String, file: String) {
        let tmp = try CLI.temporaryFolder("rel")
        let file = tmp + "/s.json"
        try CLI.write("{\"extends\": \"\(base)\", \"name\": \(name)\(body.isEmpty ? "" : ", " + body)}", to: file)
        return (tmp, file)
    }

    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    // MARK: 1. Names

    @Test("A scenario name that is not an identifier is rejected by validate and run",
          arguments: ["\"..\"", "\"\"", "\".\"", "\"a/b\"", "\"a\\tb\"", "\"/tmp/x\"", "\".hidden\"", "\"a\\nb\"", "\"a b\""])
    func unsafeNames(_ name: String) throws {
        let (tmp, file) = try Self.scenario("", name: name)
        let check = try CLI.run(["validate", file])
        #expect(check.status != 0, "validate accepted the name \(name)")
        #expect(check.stderr.contains(file) && check.stderr.contains("name"), "\(check.stderr)")
        let work = tmp + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try CLI.write("keep me", to: work + "/beside.txt")
        let run = try CLI.run(["run", file, "--force", "--quiet"] + Self.small, in: work, timeout: 120)
        #expect(run.status != 0)
        #expect(CLI.contents(work + "/beside.txt") == Data("keep me".utf8), "a file beside the run was deleted")
        #expect(Self.entries(work) == ["beside.txt"], "something was written: \(Self.entries(work))")
    }

    @Test("Names made of letters, digits, -, _ and . are accepted")
    func safeNames() throws {
        let (_, file) = try Self.scenario("", name: "\"bull-2026_v1.2\"")
        let check = try CLI.run(["validate", file])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test("--out that resolves to the working folder or a parent is refused even with --force", arguments: [".", "..", "./", "runs/.."])
    func outReplacingTheWorkingFolder(_ out: String) throws {
        let tmp = try CLI.temporaryFolder("out")
        let work = tmp + "/a/work"
        try FileManager.default.createDirectory(atPath: work + "/runs", withIntermediateDirectories: true)
        try CLI.write("keep me", to: work + "/beside.txt")
        try CLI.write("keep me too", to: tmp + "/a/sibling.txt")
        let r = try CLI.run(["run", "base", "--out", out, "--force", "--quiet"] + Self.small, in: work, timeout: 120)
        #expect(r.status != 0)
        #expect(r.stderr.contains("working folder") || r.stderr.contains("root folder"), "\(r.stderr)")
        #expect(CLI.contents(work + "/beside.txt") == Data("keep me".utf8))
        #expect(CLI.contents(tmp + "/a/sibling.txt") == Data("keep me too".utf8))
        let sweep = try CLI.run(["sweep", CLI.root + "/Scenarios/sweeps/small.json", "--out", out, "--force", "--quiet"],
                                in: work, timeout: 120)
        #expect(sweep.status != 0)
        #expect(CLI.contents(work + "/beside.txt") == Data("keep me".utf8))
    }

    @Test("An extends holding a NUL character is rejected, not read up to the NUL")
    func extendsWithNUL() throws {
        let tmp = try CLI.temporaryFolder("nul")
        try CLI.write("{\"extends\": \"\(Self.base)\\u0000junk\", \"name\": \"probe\"}", to: tmp + "/s.json")
        let r = try CLI.run(["validate", tmp + "/s.json"])
        #expect(r.status != 0)
        #expect(r.stderr.contains(tmp + "/s.json") && r.stderr.contains("extends") && r.stderr.contains("NUL"), "\(r.stderr)")
    }

    // MARK: 2 and 6. Limits from resources

    @Test("A sweep of a billion samples is refused with the limit, not a crash", arguments: [1_000_000_000, 100_000_000])
    func hugeSamples(_ samples: Int) throws {
        let tmp = try CLI.temporaryFolder("samples")
        let file = tmp + "/sweep.json"
        try CLI.write("""
            {"base": "\(Self.base)", "design": "lhs", "samples": \(samples), "overrides": {"buyers.count": 10},
             "parameters": [{"path": "segments[0].distillability", "range": [0.3, 0.8]}],
             "outcomes": [{"name": "gap", "metric": "gap_points"}]}
            """, to: file)
        let r = try CLI.run(["sweep", file, "--out", tmp + "/out", "--quiet"], timeout: 120)
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains(file) && r.stderr.contains("samples"), "\(r.stderr)")
        #expect(Self.entries(tmp) == ["sweep.json"])
    }

    @Test("A 3,000 x 3,000 grid is refused before it starts")
    func hugeGrid() throws {
        let tmp = try CLI.temporaryFolder("grid")
        let file = tmp + "/sweep.json"
        try CLI.write("""
            {"base": "\(Self.base)", "design": "grid", "overrides": {"buyers.count": 10},
             "parameters": [{"path": "segments[0].distillability", "range": [0.3, 0.8], "grid_levels": 3000},
                            {"path": "segments[1].distillability", "range": [0.3, 0.8], "grid_levels": 3000}],
             "outcomes": [{"name": "gap", "metric": "gap_points"}]}
            """, to: file)
        let r = try CLI.run(["sweep", file, "--out", tmp + "/out", "--quiet"], timeout: 120)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(file) && r.stderr.contains("9000000 points"), "\(r.stderr)")
        #expect(Self.entries(tmp) == ["sweep.json"])
    }

    @Test("A grid whose point count overflows a 64-bit integer is refused, not a crash")
    func overflowingGrid() throws {
        let tmp = try CLI.temporaryFolder("overflow")
        let file = tmp + "/sweep.json"
        let parameters = (0..<5).map { "{\"path\": \"segments[\($0)].distillability\", \"range\": [0.1, 0.9], \"grid_levels\": 1000000}" }
        try CLI.write("""
            {"base": "\(Self.base)", "design": "grid", "parameters": [\(parameters.joined(separator: ", "))],
             "outcomes": [{"name": "gap", "metric": "gap_points"}]}
            """, to: file)
        let s = try CLI.run(["sweep", file, "--out", tmp + "/out", "--quiet"], timeout: 120)
        #expect(s.status == 1, "exit \(s.status): \(s.stderr)")
        #expect(s.stderr.contains("points"), "\(s.stderr)")
        #expect(Self.entries(tmp) == ["sweep.json"])
    }

    @Test("A run whose estimated memory exceeds --max-memory is refused with the estimate and the limit")
    func memoryLimit() throws {
        let tmp = try CLI.temporaryFolder("memory")
        let r = try CLI.run(["run", "base", "--set", "buyers.count=20000000", "--replications", "1", "--max-memory", "1G",
                             "--out", tmp + "/out", "--quiet"], timeout: 120)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("base.json") && r.stderr.contains("20000000 buyers") && r.stderr.contains("GB")
                && r.stderr.contains("--max-memory 1G"), "\(r.stderr)")
        #expect(Self.entries(tmp).isEmpty)
        // The same work fits a limit above its estimate; and compare and sweep check too.
        let fits = try CLI.run(["run", "base", "--max-memory", "64G", "--replications", "1", "--out", tmp + "/ok", "--quiet"] + Self.small,
                               timeout: 120)
        #expect(fits.status == 0, "\(fits.stderr)")
        let compare = try CLI.run(["compare", "bull", "bear", "--replications", "2", "--max-memory", "1M", "--out", tmp + "/c"],
                                  timeout: 120)
        #expect(compare.status == 1 && compare.stderr.contains("--max-memory 1M"), "\(compare.stderr)")
        let sweep = try CLI.run(["sweep", "Scenarios/sweeps/small.json", "--max-memory", "1M", "--out", tmp + "/s"], timeout: 120)
        #expect(sweep.status == 1 && sweep.stderr.contains("small.json") && sweep.stderr.contains("--max-memory 1M"), "\(sweep.stderr)")
        #expect(Self.entries(tmp) == ["ok"])
        let bad = try CLI.run(["run", "base", "--max-memory", "lots", "--out", tmp + "/x"])
        #expect(bad.status != 0 && bad.stderr.contains("--max-memory"))
    }

    @Test("A sweep parameter over buyers.count is estimated at its top, not at the base's value")
    func sweepEstimateAtTheHeaviestCorner() throws {
        let tmp = try CLI.temporaryFolder("corner")
        let file = tmp + "/sweep.json"
        try CLI.write("""
            {"base": "\(Self.base)", "design": "grid", "overrides": {"months": 3},
             "parameters": [{"path": "buyers.count", "levels": [10, 20000000]}],
             "outcomes": [{"name": "gap", "metric": "gap_points"}]}
            """, to: file)
        let r = try CLI.run(["sweep", file, "--out", tmp + "/out", "--max-memory", "4G", "--quiet"], timeout: 120)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("20000000 buyers"), "\(r.stderr)")
        #expect(Self.entries(tmp) == ["sweep.json"])
    }

    @Test("Command-line options have the limits of their keys in a file")
    func optionLimits() throws {
        let tmp = try CLI.temporaryFolder("options")
        for arguments in [["run", "base", "--replications", "1000000000"], ["run", "base", "--replications", "0"],
                          ["run", "base", "--seed", "9007199254740993"], ["compare", "bull", "bear", "--replications", "1000000000"],
                          ["run", "base", "--jobs", "100000"]] {
            let r = try CLI.run(arguments + ["--out", tmp + "/out", "--quiet"], timeout: 60)
            #expect(r.status != 0 && !r.timedOut, "\(arguments) was accepted")
            #expect(r.stderr.contains(arguments[arguments.count - 2]), "\(arguments): \(r.stderr)")
            #expect(Self.entries(tmp).isEmpty)
        }
        let file = try CLI.run(["validate", "base", "--set", "replications=1000000000"])
        #expect(file.status != 0, "the file's key has the same limit")
    }

    // MARK: 3. Output left after a failure

    @Test("A newline in a parameter or outcome name is rejected before any folder exists",
          arguments: ["\"parameters\": [{\"path\": \"segments[0].distillability\", \"name\": \"a\\nb\", \"levels\": [0.5]}], \"outcomes\": [{\"name\": \"gap\", \"metric\": \"gap_points\"}]",
                      "\"parameters\": [{\"path\": \"segments[0].distillability\", \"levels\": [0.5]}], \"outcomes\": [{\"name\": \"gap\\r\\n\", \"metric\": \"gap_points\"}]"])
    func newlineInColumnName(_ body: String) throws {
        let tmp = try CLI.temporaryFolder("newline")
        let file = tmp + "/sweep.json"
        try CLI.write("{\"base\": \"\(Self.base)\", \"design\": \"grid\", \"overrides\": {\"buyers.count\": 10, \"months\": 2}, \(body)}", to: file)
        let r = try CLI.run(["sweep", file, "--out", tmp + "/out", "--quiet"], timeout: 120)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(file) && r.stderr.contains("name"), "\(r.stderr)")
        #expect(Self.entries(tmp) == ["sweep.json"], "left behind: \(Self.entries(tmp))")
        let resumed = try CLI.run(["sweep", file, "--out", tmp + "/out", "--resume", "--quiet"], timeout: 120)
        #expect(resumed.status == 1)
        #expect(Self.entries(tmp) == ["sweep.json"])
    }

    // MARK: 4. Hangs on accepted values

    @Test("Durations below a day are rejected (they scheduled billions of events a day)",
          arguments: ["\"buyers\": {\"review_interval_days\": 1e-9}", "\"buyers\": {\"review_interval_days\": 0.001}",
                      "\"actors\": {\"frontier\": [{\"id\": \"openai\", \"release_interval\": {\"mean_days\": 0.001}}]}",
                      "\"actors\": {\"frontier\": [{\"id\": \"openai\", \"release_interval\": {\"mean_days\": 1e-320}}]}",
                      "\"actors\": {\"distillers\": [{\"id\": \"deepseek\", \"lag\": {\"mean_days\": 0.5}}]}",
                      "\"pricing\": {\"review_days\": 0.01}"])
    func subDayDurations(_ body: String) throws {
        let (_, file) = try Self.scenario(body)
        let r = try CLI.run(["validate", file], timeout: 60)
        #expect(r.status != 0, "accepted: \(body)")
        #expect(r.stderr.contains(file) && r.stderr.contains("is not in 1...36500"), "\(r.stderr)")
    }

    @Test("A one-day review interval is accepted and finishes")
    func oneDayFloorRuns() throws {
        let (tmp, file) = try Self.scenario("\"buyers\": {\"review_interval_days\": 1}, \"actors\": {\"frontier\": [{\"id\": \"openai\", \"release_interval\": {\"mean_days\": 1}}]}")
        let r = try CLI.run(["run", file, "--replications", "1", "--out", tmp + "/out", "--quiet"] + Self.small, timeout: 120)
        #expect(r.status == 0 && !r.timedOut, "\(r.stderr)")
    }

    // MARK: 5. Quadratic rejection

    @Test("A 2 MB outcome metric is rejected with a short message")
    func hugeMetric() throws {
        let tmp = try CLI.temporaryFolder("huge")
        let file = tmp + "/sweep.json"
        let metric = String(repeating: "gap_points", count: 200_000)
        try CLI.write("""
            {"base": "\(Self.base)", "design": "grid", "overrides": {"buyers.count": 10},
             "parameters": [{"path": "segments[0].distillability", "levels": [0.5]}],
             "outcomes": [{"name": "gap", "metric": "\(metric)"}, {"name": "x", "metric": "gap_points", "at": "\(metric)"}]}
            """, to: file)
        let r = try CLI.run(["sweep", file, "--out", tmp + "/out", "--quiet"], timeout: 120)
        #expect(r.status == 1 && !r.timedOut)
        #expect(r.stderr.contains(file) && r.stderr.contains("outcomes[0].metric") && r.stderr.contains("outcomes[1].at"), "\(r.stderr.prefix(500))")
        #expect(r.stderr.utf8.count < 2_000, "the message echoes the value: \(r.stderr.utf8.count) bytes")
        let (_, scenario) = try Self.scenario("\"events\": [{\"date\": \"2027-01-01\", \"type\": \"\(metric)\"}], \"\(metric)\": 1")
        let v = try CLI.run(["validate", scenario], timeout: 120)
        #expect(v.status == 1 && !v.timedOut)
        #expect(v.stderr.contains("events[0].type") && v.stderr.utf8.count < 2_000, "\(v.stderr.utf8.count) bytes")
    }

    // MARK: 7. Dates

    @Test("A horizon that ends past 9999-12-31 is rejected; one that ends in 9999 is not")
    func datesStayISO() throws {
        let (_, late) = try Self.scenario("\"start_date\": \"9999-12-31\", \"frontier_history\": [], \"events\": []")
        let r = try CLI.run(["validate", late])
        #expect(r.status != 0)
        #expect(r.stderr.contains(late) && r.stderr.contains("start_date") && r.stderr.contains("9999"), "\(r.stderr)")
        let (tmp, edge) = try Self.scenario("\"start_date\": \"9999-01-01\", \"months\": 11, \"frontier_history\": [], \"events\": []")
        let ok = try CLI.run(["run", edge, "--replications", "1", "--set", "buyers.count=20", "--out", tmp + "/out", "--quiet"], timeout: 120)
        #expect(ok.status == 0, "\(ok.stderr)")
        let text = String(decoding: CLI.contents(tmp + "/out/trajectories.csv") ?? Data(), as: UTF8.self)
        #expect(text.contains("9999-12-01") && !text.contains("10000-"))
    }

    // MARK: 8. Reading folders back

    /// A small replicated run folder to damage.
    static func runFolder() throws -> String {
        let tmp = try CLI.temporaryFolder("report")
        let r = try CLI.run(["run", "base", "--replications", "2", "--out", tmp + "/run", "--quiet"] + Self.small, timeout: 120)
        #expect(r.status == 0, "\(r.stderr)")
        return tmp + "/run"
    }

    static func edit(_ path: String, _ change: (String) -> String) throws {
        let text = String(decoding: CLI.contents(path)!, as: UTF8.self)
        try CLI.write(change(text), to: path)
    }

    @Test("report reads CSV with CRLF line endings (RFC 4180's own)")
    func reportCRLF() throws {
        let run = try Self.runFolder()
        for file in ["trajectories.csv", "bands.csv", "summary.csv"] {
            try Self.edit(run + "/" + file) { $0.replacingOccurrences(of: "\n", with: "\r\n") }
        }
        let r = try CLI.run(["report", run])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: run + "/report.html"))
    }

    @Test("report rejects damaged CSV with file, line and column, and writes no report",
          arguments: [("trajectories.csv", "nan"), ("trajectories.csv", "abc"), ("bands.csv", "abc"), ("summary.csv", "abc"),
                      ("trajectories.csv", "header only"), ("bands.csv", "header only"), ("bands.csv", "cut at a line"),
                      ("bands.csv", "cut mid-line")])
    func reportDamaged(_ file: String, _ damage: String) throws {
        let run = try Self.runFolder()
        var expectedLine = ""
        try Self.edit(run + "/" + file) { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            switch damage {
            case "header only": return lines[0] + "\n"
            case "cut at a line": return lines.prefix(lines.count / 2).joined(separator: "\n") + "\n"
            case "cut mid-line": return String(text.prefix(text.count / 2 + 3))
            default:
                // The last field of line 3 (a number in every one of these files).
                var fields = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                expectedLine = ":3:\(lines[2].count - fields.last!.count + 1):"
                fields[fields.count - 1] = damage
                lines[2] = fields.joined(separator: ",")
                return lines.joined(separator: "\n")
            }
        }
        let r = try CLI.run(["report", run])
        #expect(r.status != 0, "\(file) \(damage) accepted")
        #expect(r.stderr.contains(run + "/" + file), "\(r.stderr)")
        if !expectedLine.isEmpty { #expect(r.stderr.contains(run + "/" + file + expectedLine), "\(r.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: run + "/report.html"))
    }

    @Test("sweep merge says plainly when sweep-state.json is missing or the folder is a run")
    func mergeMessages() throws {
        let tmp = try CLI.temporaryFolder("merge")
        let sweep = try CLI.run(["sweep", "Scenarios/sweeps/small.json", "--out", tmp + "/s", "--quiet", "--shard", "1/1"], timeout: 300)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        try FileManager.default.removeItem(atPath: tmp + "/s/sweep-state.json")
        let missing = try CLI.run(["sweep", "merge", tmp + "/s", "--out", tmp + "/m"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("sweep-state.json") && missing.stderr.contains(tmp + "/s"), "\(missing.stderr)")
        #expect(!missing.stderr.contains("NSCocoaErrorDomain") && !missing.stderr.contains("Code="), "\(missing.stderr)")
        let run = try Self.runFolder()
        let notSweep = try CLI.run(["sweep", "merge", run, "--out", tmp + "/m"])
        #expect(notSweep.status != 0)
        #expect(notSweep.stderr.contains(run) && notSweep.stderr.contains("a run folder"), "\(notSweep.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp + "/m"))
    }

    @Test("sweep merge reads runs.csv strictly: CRLF as LF, nan as damage named by file, line and column")
    func mergeReadsStrictly() throws {
        let tmp = try CLI.temporaryFolder("strictmerge")
        for k in 1...2 {
            let r = try CLI.run(["sweep", "Scenarios/sweeps/small.json", "--out", tmp + "/shard-\(k)", "--shard", "\(k)/2", "--quiet"], timeout: 300)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let shards = [tmp + "/shard-1", tmp + "/shard-2"]
        #expect(try CLI.run(["sweep", "merge"] + shards + ["--out", tmp + "/plain"]).status == 0)
        try Self.edit(tmp + "/shard-1/runs.csv") { $0.replacingOccurrences(of: "\n", with: "\r\n") }
        let crlf = try CLI.run(["sweep", "merge"] + shards + ["--out", tmp + "/crlf"])
        #expect(crlf.status == 0, "\(crlf.stderr)")
        #expect(CLI.contents(tmp + "/crlf/runs.csv") == CLI.contents(tmp + "/plain/runs.csv"))
        var column = 0
        try Self.edit(tmp + "/shard-2/runs.csv") { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            column = lines[1].count - fields.last!.count + 1
            fields[fields.count - 1] = "nan"
            lines[1] = fields.joined(separator: ",")
            return lines.joined(separator: "\n")
        }
        let damaged = try CLI.run(["sweep", "merge"] + shards + ["--out", tmp + "/damaged"])
        #expect(damaged.status != 0)
        #expect(damaged.stderr.contains(tmp + "/shard-2/runs.csv:2:\(column):") && damaged.stderr.contains("nan"), "\(damaged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp + "/damaged"))
    }
}
