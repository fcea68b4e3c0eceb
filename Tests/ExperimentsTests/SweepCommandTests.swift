import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit
import Testing
@testable import Experiments

/// Scenarios/sweeps/small.json: a 2 x 2 grid, one replication, 200 buyers, 24 months.
let smallSweep = repositoryRoot + "/Scenarios/sweeps/small.json"

/// The files of a sweep folder that must not depend on how it was executed.
let marketSweepFiles = [OutputFileNames.Sweep.definition, OutputFileNames.Sweep.state, OutputFileNames.Sweep.runs, OutputFileNames.Sweep.points]

@Suite("Market sweep through the library")
struct MarketSweepTests {
    @Test("runs.csv and points.csv are the same bytes for 1 and 2 workers")
    func workersDoNotMatter() throws {
        let file = try SweepFile.load(smallSweep)
        let sweep = MarketSweep(file: file)
        try sweep.validatePoints(jobs: 2)
        let one = temporaryFolder(), two = temporaryFolder()
        try sweep.run(folder: one, options: testOptions(jobs: 1))
        try sweep.run(folder: two, options: testOptions(jobs: 2, chunkSize: 1))
        for name in marketSweepFiles {
            #expect(try contents(one + "/" + name) == contents(two + "/" + name), "\(name) differs")
        }
        let rows = try String(contentsOfFile: one + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + 4)
    }

    @Test("a run's outcomes equal the base scenario run by hand with the point's values as --set overrides")
    func outcomesMatchAHandRun() throws {
        let file = try SweepFile.load(smallSweep)
        let d = file.definition
        let folder = temporaryFolder()
        try MarketSweep(file: file).run(folder: folder, options: testOptions(jobs: 2))
        let lines = try String(contentsOfFile: folder + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        // Run 3 is the grid's last point: coding distillability 0.7, distiller lag 90 days.
        let row = lines[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(row[0] == "3")
        #expect(Double(row[header.firstIndex(of: "coding_distillability")!]) == 0.7)
        #expect(Double(row[header.firstIndex(of: "distiller_lag_days")!]) == 90)

        let loaded = try ScenarioFile.load(repositoryRoot + "/Scenarios/base.json", overrides: [
            "buyers.count=200", "months=36", "segments[0].distillability=0.7", "actors.distillers[0].lag.mean_days=90",
        ])
        // Common random numbers and one replication: every run has replication 0's seed.
        #expect(d.seed(ofRun: 3) == StreamSeeding.derive(11, 0))
        #expect(UInt64(row[3]) == StreamSeeding.derive(11, 0))
        var simulation = MarketSimulation(compiled: loaded.compiled, seed: StreamSeeding.derive(11, 0), replication: 0)
        let result = try simulation.run()
        let columns = Array(RunRecorder(compiled: loaded.compiled).metricColumns)
        let gap = result.trajectory.map { $0[columns.firstIndex(of: "gap_points")!] }
        let share = result.trajectory.map { $0[columns.firstIndex(of: "token_share_infra")!] }.filter(\.isFinite)
        let codingGap = result.trajectory.map { $0[columns.firstIndex(of: "gap_points_coding")!] }
        let june2025 = loaded.compiled.reportDates.firstIndex(of: CalendarDate(iso: "2025-06-01")!)!
        func field(_ name: String) -> Double? { Double(row[header.firstIndex(of: name)!]) }
        #expect(field("gap_points_final") == gap.last!)
        #expect(field("gap_points_coding_2025_06") == codingGap[june2025])
        #expect(field("gap_points_max") == gap.filter(\.isFinite).max()!)
        #expect(field("months_to_gap_below_8") == gap.firstIndex { $0 < 8 }.map(Double.init))
        #expect(field("token_share_infra_mean") == share.reduce(0, +) / Double(share.count))
    }
}

/// The `marketsim` executable built next to the test bundle (`swift build --build-tests`
/// puts both in the same folder).
func marketsimExecutable() -> String? {
    var folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                   Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
    folders += Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }.map { $0.bundleURL.deletingLastPathComponent() }
    return folders.map { $0.appendingPathComponent("marketsim").path }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// What one `marketsim` process did.
struct ProcessOutcome {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs `marketsim` with `arguments` in the repository's root, outside any Slurm array.
func marketsim(_ arguments: [String]) throws -> ProcessOutcome {
    let executable = try #require(marketsimExecutable(), "build marketsim first: swift build --build-tests")
    let folder = temporaryFolder("process")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let outPath = folder + "/stdout", errPath = folder + "/stderr"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
    process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_") }
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    try process.run()
    process.waitUntilExit()
    return ProcessOutcome(status: process.terminationStatus,
                          standardOutput: try String(contentsOfFile: outPath, encoding: .utf8),
                          standardError: try String(contentsOfFile: errPath, encoding: .utf8))
}

/// Expects the deterministic files (and trajectories.csv when `trajectories`) of two
/// sweep folders to be the same bytes.
func expectSameSweep(_ a: String, _ b: String, trajectories: Bool = true,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
    for name in marketSweepFiles + (trajectories ? [OutputFileNames.Sweep.trajectories] : []) {
        #expect(try contents(a + "/" + name) == contents(b + "/" + name), "\(name) differs", sourceLocation: sourceLocation)
    }
}

@Suite("marketsim sweep")
struct SweepCommandTests {
    @Test("--jobs 1 and --jobs 2 write the same bytes, trajectories included; `sweep run FILE` is `sweep FILE`")
    func jobs() throws {
        let one = temporaryFolder(), two = temporaryFolder(), spelled = temporaryFolder()
        let a = try marketsim(["sweep", smallSweep, "--out", one, "--jobs", "1", "--quiet", "--trajectories"])
        #expect(a.status == 0, "\(a.standardError)")
        #expect(a.standardOutput.isEmpty)
        let b = try marketsim(["sweep", smallSweep, "--out", two, "--jobs", "2", "--quiet", "--trajectories"])
        #expect(b.status == 0, "\(b.standardError)")
        try expectSameSweep(one, two)
        let c = try marketsim(["sweep", "run", smallSweep, "--out", spelled, "--jobs", "2", "--trajectories"])
        #expect(c.status == 0, "\(c.standardError)")
        #expect(c.standardOutput.contains("4 runs (4 points x 1 replication, grid)"))
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
        #expect(try marketsim(["sweep", smallSweep, "--out", whole, "--quiet", "--trajectories"]).status == 0)
        #expect(try marketsim(["sweep", smallSweep, "--out", first, "--shard", "1/2", "--quiet", "--trajectories"]).status == 0)
        #expect(try marketsim(["sweep", smallSweep, "--out", second, "--shard", "2/2", "--quiet", "--trajectories"]).status == 0)
        let shardRows = try String(contentsOfFile: first + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n")
        #expect(shardRows.count == 1 + 2)
        let merge = try marketsim(["sweep", "merge", second, first, "--out", merged])
        #expect(merge.status == 0, "\(merge.standardError)")
        #expect(merge.standardOutput.contains("merged 2 shards"))
        try expectSameSweep(whole, merged)
    }

    @Test("an interrupted sweep resumed with --resume equals the uninterrupted one byte for byte")
    func interruptAndResume() throws {
        let whole = temporaryFolder(), interrupted = temporaryFolder()
        #expect(try marketsim(["sweep", smallSweep, "--out", whole, "--quiet", "--trajectories"]).status == 0)
        let stopped = try marketsim(["sweep", smallSweep, "--out", interrupted, "--jobs", "1", "--quiet",
                                     "--trajectories", "--stop-after-runs", "1"])
        #expect(stopped.status == 130)
        #expect(stopped.standardError.contains("resume with: marketsim sweep \(smallSweep) --out \(interrupted) --resume --trajectories"))
        let journal = try String(contentsOfFile: interrupted + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n")
        #expect(journal.count >= 2 && journal.count < 5)
        #expect(!FileManager.default.fileExists(atPath: interrupted + "/" + OutputFileNames.Sweep.points))
        let again = try marketsim(["sweep", smallSweep, "--out", interrupted, "--quiet"])
        #expect(again.status != 0)
        #expect(again.standardError.contains("--resume"))
        let resumed = try marketsim(["sweep", smallSweep, "--out", interrupted, "--jobs", "2", "--resume", "--trajectories"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        try expectSameSweep(whole, interrupted)
    }

    @Test("a bad sweep file or option fails with the problem on stderr and writes nothing")
    func badFile() throws {
        let path = try writeSweepFile(sweepText(["replicatons": "2"], removing: ["replications"]))
        let out = temporaryFolder()
        let result = try marketsim(["sweep", path, "--out", out])
        #expect(result.status == 1)
        #expect(result.standardError.contains("\(path): replicatons: unknown key (did you mean \"replications\"?)"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let bad = try marketsim(["sweep", smallSweep, "--out", out, "--shard", "3/2"])
        #expect(bad.status == 1)
        #expect(bad.standardError.contains("--shard") || bad.standardError.contains("shard 3/2"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("`schema --sweep` prints the sweep file's JSON Schema: its keys, the required ones, no extends; every shipped sweep's keys are in it")
    func schema() throws {
        let result = try marketsim(["schema", "--sweep"])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
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
        let both = try marketsim(["schema", "--sweep", "--calibration"])
        #expect(both.status != 0)
        #expect(both.standardError.contains("not both"))
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
        let executable = try #require(marketsimExecutable())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
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
        #expect(try marketsim(["sweep", file, "--out", whole, "--quiet"]).status == 0)
        let (status, stderr) = try Self.interrupt(file, out: killed, after: 10, signal: signal)
        let done = (try? String(contentsOfFile: killed + "/runs.csv", encoding: .utf8))?.split(separator: "\n").count ?? 0
        #expect(done < 161, "the sweep finished before it was interrupted; make it longer")
        #expect(status != 0)
        if signal == SIGINT { #expect(stderr.contains("--resume"), "\(stderr)") }
        let resumed = try marketsim(["sweep", file, "--out", killed, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        try expectSameSweep(whole, killed, trajectories: false)
    }
}

@Suite("Sweep progress and report")
struct SweepProgressTests {
    @Test("A progress line (runs done/total, rate, time left) on a terminal; nothing when piped")
    func progressOnTerminal() throws {
        let executable = try #require(marketsimExecutable())
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("util-linux `script` is needed to give the sweep a terminal")
            return
        }
        let out = temporaryFolder("tty")
        let log = temporaryFolder("tty-log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(executable) sweep \(smallSweep) --out \(out)", log]
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let typescript = try String(contentsOfFile: log, encoding: .utf8)
        #expect(typescript.contains("runs 4/4 (100.0%)"), "\(typescript)")
        #expect(typescript.contains("runs/s") && typescript.contains("ETA"))

        let piped = try marketsim(["sweep", smallSweep, "--out", temporaryFolder("piped")])
        #expect(piped.status == 0)
        #expect(!piped.standardError.contains("runs/s"), "\(piped.standardError)")
    }

    @Test("The report of a Sobol sweep has a tornado chart of the indices")
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
        let sweep = try marketsim(["sweep", file, "--out", out, "--quiet"])
        #expect(sweep.status == 0, "\(sweep.standardError)")
        #expect(FileManager.default.fileExists(atPath: out + "/sensitivity.csv"))
        let report = try marketsim(["report", out])
        #expect(report.status == 0, "\(report.standardError)")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("coding_distillability") && html.contains("distiller_lag"))
        #expect(html.lowercased().contains("sobol"))
        #expect(html.components(separatedBy: "<svg").count > 1)
    }
}
