import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit
import TestSupport
import Testing
@testable import Experiments

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
        for name in deterministicFiles {
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

@Suite("Runs that share a scenario")
struct SharedScenarioTests {
    @Test("replications sharing their point's compiled scenario write the bytes of runs that each compile their own")
    func sharedScenarioChangesNoByte() throws {
        // 4 points x 3 replications: the cache is on, and the points differ, so a
        // replication handed another point's scenario would change the trajectories.
        let path = try writeSweepFile(sweepText(["replications": "3"]))
        let sweep = MarketSweep(file: try SweepFile.load(path), trajectories: true)
        let folder = temporaryFolder()
        try sweep.run(folder: folder, options: testOptions(jobs: 2, chunkSize: 1))

        let d = sweep.file.definition
        let points = try d.points()
        var fresh = Data(CSVFormat.line(MarketSweep.trajectoryColumns).utf8)
        for runID in 0..<d.runCount {
            let spec = RunSpec(runID: runID, pointID: runID / d.replications, replication: runID % d.replications,
                               seed: d.seed(ofRun: runID), parameterNames: d.parameters.map(\.name),
                               parameterValues: Array(points.point(runID / d.replications)))
            fresh.append(contentsOf: try sweep.simulate(spec, trajectory: true).lines)
        }
        #expect(try contents(folder + "/" + OutputFileNames.Sweep.trajectories) == fresh)
    }

    @Test("the cache compiles a point once, keeps the most recently used points and keeps no failure")
    func cacheCompilesOncePerPoint() throws {
        let compiled = try ScenarioFile.load(repositoryRoot + "/Scenarios/base.json").compiled
        let cache = ScenarioCache(capacity: 2)
        var compiles: [[Double]] = []
        func ask(_ point: [Double]) {
            _ = cache.compiled(point) { () -> CompiledScenario in
                compiles.append(point)
                return compiled
            }
        }
        for point in [[1.0, 2], [1, 2], [3, 4], [1, 2], [5, 6], [1, 2], [3, 4]] { ask(point) }
        // [1, 2] is used again before [5, 6] arrives, so [3, 4] is the one evicted.
        #expect(compiles == [[1, 2], [3, 4], [5, 6], [3, 4]])

        struct Failure: Error {}
        for _ in 0..<2 {
            #expect(throws: Failure.self) { _ = try cache.compiled([7]) { () throws(Failure) -> CompiledScenario in throw Failure() } }
        }
        #expect(ScenarioCache.forRuns(replications: 1, lookAhead: 32) == nil)
        #expect(ScenarioCache.forRuns(replications: 4, lookAhead: 32)?.capacity == 10)
    }
}

@Suite("Throughput figures")
struct ThroughputTests {
    @Test("runs per second and per core are runs / seconds and that / jobs")
    func figures() {
        let t = RunThroughput(runs: 120, seconds: 4, jobs: 2)
        #expect(t.runsPerSecond == 30 && t.runsPerSecondPerCore == 15)
        #expect(t.manifestFields.map(\.key) == ["session_wall_seconds", "session_runs_per_second", "session_runs_per_second_per_core"])
        #expect(t.manifestFields.map(\.value) == [4, 30, 15])
        #expect(t.consoleLine == "marketsim: 120 runs in 4.0 s: 30 runs/s, 15 runs/s per core (2 jobs)")
        #expect(RunThroughput(runs: 3, seconds: 0, jobs: 1).runsPerSecond == 0)
        #expect(RunThroughput(runs: 1, seconds: 0.4, jobs: 1).consoleLine == "marketsim: 1 run in 0.4 s: 2.5 runs/s, 2.5 runs/s per core (1 job)")
    }

    @Test("a sweep's summary and manifest.json give the session's runs, runs per second and per core, consistent with its wall time and jobs")
    func sweepReportsThroughput() throws {
        let folder = temporaryFolder()
        let summary = try MarketSweep(file: try SweepFile.load(smallSweep)).run(folder: folder, options: testOptions(jobs: 2))
        let manifest = try #require(try JSONSerialization.jsonObject(with: contents(folder + "/" + OutputFileNames.Sweep.manifest)) as? [String: Any])
        #expect(manifest["runs_executed_this_session"] as? Int == 4)
        #expect(throughputProblems(manifest, runs: 4, jobs: 2) == [])
        let throughput = try #require(summary.throughput)
        #expect(throughput.runs == 4 && throughput.jobs == 2)
        #expect(throughput.manifestFields.map { String(format: "%.3f", $0.value) }
            == throughput.manifestFields.map { String(format: "%.3f", (manifest[$0.key] as! NSNumber).doubleValue) })
    }
}
