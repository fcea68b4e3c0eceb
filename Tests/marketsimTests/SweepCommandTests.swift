import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit
import TestSupport
import Testing
@testable import Experiments

/// The files of a sweep folder that must not depend on how it was executed.
let marketSweepFiles = [OutputFileNames.Sweep.definition, OutputFileNames.Sweep.state, OutputFileNames.Sweep.runs, OutputFileNames.Sweep.points]

/// Expects the deterministic files (and trajectories.csv when `trajectories`) of two
/// sweep folders to be the same bytes.
func expectSameSweep(_ a: String, _ b: String, trajectories: Bool = true,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
    for name in marketSweepFiles + (trajectories ? [OutputFileNames.Sweep.trajectories] : []) {
        #expect(CLI.contents(a + "/" + name) == CLI.contents(b + "/" + name), "\(name) differs", sourceLocation: sourceLocation)
    }
}

@Suite("marketsim sweep")
struct SweepCommandTests {
    @Test("--jobs 1 and --jobs 2 write the same bytes, trajectories included; `sweep run FILE` is `sweep FILE`")
    func jobs() throws {
        let one = temporaryFolder(), two = temporaryFolder(), spelled = temporaryFolder()
        let a = try CLI.run(["sweep", smallSweep, "--out", one, "--jobs", "1", "--quiet", "--trajectories"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.isEmpty)
        let b = try CLI.run(["sweep", smallSweep, "--out", two, "--jobs", "2", "--quiet", "--trajectories"])
        #expect(b.status == 0, "\(b.stderr)")
        try expectSameSweep(one, two)
        let c = try CLI.run(["sweep", "run", smallSweep, "--out", spelled, "--jobs", "2", "--trajectories"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("4 runs (4 points x 1 replication, grid)"))
        try expectSameSweep(one, spelled)
        #expect(!FileManager.default.fileExists(atPath: one + "/trajectories.parts"))
        // 4 runs x 37 monthly reports x every metric column, plus the header.
        let loaded = try SweepFile.load(smallSweep)
        let metrics = RunRecorder(compiled: loaded.base.compiled).metricColumns.count
        let lines = try String(contentsOfFile: one + "/" + OutputFileNames.Sweep.trajectories, encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 1 + 4 * 37 * metrics)
        #expect(lines[0] == "run_id,date,metric,value")
        #expect(lines[1].hasPrefix("0,2023-01-01,"))
        #expect(lines.last!.hasPrefix("3,2026-01-01,"))
    }

    @Test("two shards merged equal the single-machine sweep byte for byte")
    func shardsAndMerge() throws {
        let whole = temporaryFolder(), first = temporaryFolder(), second = temporaryFolder(), merged = temporaryFolder()
        #expect(try CLI.run(["sweep", smallSweep, "--out", whole, "--quiet", "--trajectories"]).status == 0)
        #expect(try CLI.run(["sweep", smallSweep, "--out", first, "--shard", "1/2", "--quiet", "--trajectories"]).status == 0)
        #expect(try CLI.run(["sweep", smallSweep, "--out", second, "--shard", "2/2", "--quiet", "--trajectories"]).status == 0)
        let shardRows = try String(contentsOfFile: first + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n")
        #expect(shardRows.count == 1 + 2)
        let merge = try CLI.run(["sweep", "merge", second, first, "--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("merged 2 shards"))
        try expectSameSweep(whole, merged)
    }

    @Test("an interrupted sweep resumed with --resume equals the uninterrupted one byte for byte")
    func interruptAndResume() throws {
        let whole = temporaryFolder(), interrupted = temporaryFolder()
        #expect(try CLI.run(["sweep", smallSweep, "--out", whole, "--quiet", "--trajectories"]).status == 0)
        let stopped = try CLI.run(["sweep", smallSweep, "--out", interrupted, "--jobs", "1", "--quiet",
                                     "--trajectories", "--stop-after-runs", "1"])
        #expect(stopped.status == 130)
        #expect(stopped.stderr.contains("resume with: marketsim sweep \(smallSweep) --out \(interrupted) --resume --trajectories"))
        let journal = try String(contentsOfFile: interrupted + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n")
        #expect(journal.count >= 2 && journal.count < 5)
        #expect(!FileManager.default.fileExists(atPath: interrupted + "/" + OutputFileNames.Sweep.points))
        let again = try CLI.run(["sweep", smallSweep, "--out", interrupted, "--quiet"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("--resume"))
        let resumed = try CLI.run(["sweep", smallSweep, "--out", interrupted, "--jobs", "2", "--resume", "--trajectories"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try expectSameSweep(whole, interrupted)
    }

    @Test("a bad sweep file or option fails with the problem on stderr and writes nothing")
    func badFile() throws {
        let path = try writeSweepFile(sweepText(["replicatons": "2"], removing: ["replications"]))
        let out = temporaryFolder()
        let result = try CLI.run(["sweep", path, "--out", out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path): replicatons: unknown key (did you mean \"replications\"?)"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let bad = try CLI.run(["sweep", smallSweep, "--out", out, "--shard", "3/2"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--shard") || bad.stderr.contains("shard 3/2"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("`schema --sweep` prints the sweep file's JSON Schema: its keys, the required ones, no extends; every shipped sweep's keys are in it")
    func schema() throws {
        let result = try CLI.run(["schema", "--sweep"])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["title"] as? String == "marketsim sweep")
        #expect(document["if"] == nil)
        #expect(document["additionalProperties"] as? Bool == false)
        let properties = try #require(document["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["description", "base", "design", "samples", "replications", "seed",
                                         "common_random_numbers", "overrides", "parameters", "outcomes"])
        #expect(document["required"] as? [String] == ["base", "design", "parameters", "outcomes"])
        let design = try #require(properties["design"] as? [String: Any])
        #expect(design["enum"] as? [String] == ["grid", "random", "lhs", "sobol"])
        let parameter = try #require((properties["parameters"] as? [String: Any])?["items"] as? [String: Any])
        let parameterKeys = Set(try #require(parameter["properties"] as? [String: Any]).keys)
        let outcome = try #require((properties["outcomes"] as? [String: Any])?["items"] as? [String: Any])
        let outcomeKeys = Set(try #require(outcome["properties"] as? [String: Any]).keys)
        let topKeys = Set(properties.keys)
        for name in ["gap", "small", "sobol"] {
            let path = ScenarioFile.shippedFolder + "/sweeps/\(name).json"
            let file = try JSONParser.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
            let written = Set(try #require(file.object).keys)
            #expect(written.isSubset(of: topKeys), "\(name)")
            for p in file["parameters"]?.array ?? [] {
                let keys = Set(try #require(p.object).keys)
                #expect(keys.isSubset(of: parameterKeys), "\(name)")
            }
            for o in file["outcomes"]?.array ?? [] {
                let keys = Set(try #require(o.object).keys)
                #expect(keys.isSubset(of: outcomeKeys), "\(name)")
            }
        }
        let both = try CLI.run(["schema", "--sweep", "--calibration"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("not both"))
    }
}

/// Real interruptions of a running `marketsim sweep` process: SIGKILL (nothing can be
/// flushed) and SIGINT (Ctrl-C), each at a moment when some runs are done, then
/// `--resume`, compared byte for byte with an uninterrupted sweep.
@Suite("marketsim sweep, killed and resumed", .serialized)
struct SweepKillTests {
    /// A sweep long enough to be caught mid-way: 160 runs of a 300-buyer base.
    static func sweepFile() throws -> String {
        let folder = temporaryFolder("kill-sweep")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/kill.json"
        try """
        {"base": "\(repositoryRoot)/Scenarios/base.json", "design": "lhs", "samples": 80, "replications": 2, "seed": 4,
         "overrides": {"buyers.count": 300},
         "parameters": [{"path": "segments[0].distillability", "range": [0.3, 0.8]}],
         "outcomes": [{"name": "gap", "metric": "gap_points", "at": "final"}]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Starts a sweep, waits until `rows` runs are in runs.csv, sends `signal`, and
    /// returns the exit status and standard error.
    static func interrupt(_ file: String, out: String, after rows: Int, signal: Int32) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["sweep", file, "--out", out, "--jobs", "1", "--quiet"]
        let errPath = temporaryFolder("kill-stderr")
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: out + "/runs.csv", encoding: .utf8)) ?? ""
            if text.split(separator: "\n").count > rows { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    @Test("kill -9 mid-sweep, then --resume: identical to an uninterrupted sweep", arguments: [SIGKILL, SIGINT])
    func killAndResume(_ signal: Int32) throws {
        let file = try Self.sweepFile()
        let whole = temporaryFolder(), killed = temporaryFolder()
        #expect(try CLI.run(["sweep", file, "--out", whole, "--quiet"]).status == 0)
        let (status, stderr) = try Self.interrupt(file, out: killed, after: 10, signal: signal)
        let done = (try? String(contentsOfFile: killed + "/runs.csv", encoding: .utf8))?.split(separator: "\n").count ?? 0
        #expect(done < 161, "the sweep finished before it was interrupted; make it longer")
        #expect(status != 0)
        if signal == SIGINT { #expect(stderr.contains("--resume"), "\(stderr)") }
        let resumed = try CLI.run(["sweep", file, "--out", killed, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try expectSameSweep(whole, killed, trajectories: false)
    }
}

@Suite("Sweep progress and report")
struct SweepProgressTests {
    @Test("A progress line (runs done/total, rate, time left) on a terminal; nothing when piped")
    func progressOnTerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("util-linux `script` is needed to give the sweep a terminal")
            return
        }
        let out = temporaryFolder("tty")
        let log = temporaryFolder("tty-log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(CLI.binary) sweep \(smallSweep) --out \(out)", log]
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let typescript = try String(contentsOfFile: log, encoding: .utf8)
        #expect(typescript.contains("runs 4/4 (100.0%)"), "\(typescript)")
        #expect(typescript.contains("runs/s") && typescript.contains("ETA"))
        // The session's throughput after the summary, on the terminal only.
        #expect(typescript.contains("marketsim: 4 runs in ") && typescript.contains(" runs/s per core ("), "\(typescript)")

        let piped = try CLI.run(["sweep", smallSweep, "--out", temporaryFolder("piped")])
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("runs/s"), "\(piped.stderr)")
    }

    @Test("A Sobol sweep prints its largest total indices within 100 columns, says when they are not settled, and its report has a tornado chart")
    func sobolReport() throws {
        let folder = temporaryFolder("sobol-sweep")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/sobol.json"
        try """
        {"base": "\(repositoryRoot)/Scenarios/base.json", "design": "sobol", "samples": 16, "replications": 1, "seed": 2,
         "overrides": {"buyers.count": 100, "months": 24},
         "parameters": [{"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]},
                        {"path": "actors.distillers[0].lag.mean_days", "name": "distiller_lag", "range": [15, 120]}],
         "outcomes": [{"name": "gap", "metric": "gap_points", "at": "final"}]}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let out = folder + "/out"
        let sweep = try CLI.run(["sweep", file, "--out", out])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/sensitivity.csv"))
        // Each parameter's total index and interval as sensitivity.csv has them, a line each.
        let lines = sweep.stdout.split(separator: "\n").map(String.init)
        let table = try #require(lines.firstIndex(of: "Largest total Sobol indices, with 95 % bootstrap intervals:"), "\(sweep.stdout)")
        for line in lines[table...] { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        #expect(lines[table...].contains("gap"))
        var unsettled = false
        for row in try CompareCommandTests.rows(out + "/sensitivity.csv") {
            let (total, low, high) = (Double(row["total"]!)!, Double(row["total_ci_low"]!)!, Double(row["total_ci_high"]!)!)
            unsettled = unsettled || low < 0 || high > 1 || (high - low) / 2 > 0.05
            let words = [row["parameter"]!] + String(format: "%.2f [%.2f, %.2f]", total, low, high).split(separator: " ").map(String.init)
            #expect(lines[table...].contains { $0.hasPrefix("  ") && $0.split(separator: " ").map(String.init) == words },
                    "\(words) in \(sweep.stdout)")
        }
        #expect(sweep.stdout.contains("the indices are not settled") == unsettled, "\(sweep.stdout)")
        let report = try CLI.run(["report", out])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("coding_distillability") && html.contains("distiller_lag"))
        #expect(html.lowercased().contains("sobol"))
        #expect(html.components(separatedBy: "<svg").count > 1)
    }
}
