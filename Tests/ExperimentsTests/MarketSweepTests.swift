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
