import Foundation
import Testing
@testable import MarketModel
import ScenarioFormat
import SimulationKit
import TestSupport

/// Capability on an open-ended index, benchmarks as its saturating readouts, and the gap
/// as a time lag measured on the index (issue 24, item 1).
@Suite("Capability index and its readouts")
struct CapabilityIndexTests {
    /// The logit market (`LogitChoiceTests.scenario`: one segment, whose readout has the
    /// default midpoint 26 and slope 1; no runs end within the year) with the frontier at
    /// 50 (index 26), the open lab at 26.894 (index 25), the history in capability.
    static let market = [
        "months=6", "buyers.count=200",
        "actors.frontier[0].initial_quality.coding=50",
        "actors.open_labs[0].initial_quality.coding=26.894142136999512",
        #"frontier_history=[{"date": "2023-01-01", "capability": 24.5}, {"date": "2024-01-01", "capability": 25.5}]"#,
    ]

    static func load(_ overrides: [String]) throws -> ScenarioFile.Loaded {
        let file = try TemporaryFolder("index").write("index.json", LogitChoiceTests.scenario)
        return try ScenarioFile.load(file, overrides: market + overrides)
    }

    static func run(aggregateSlope: Double, distillers: String = "[]", events: String = "[]", teachers: String = "{}") throws -> (RunResult, RunRecorder) {
        let loaded = try load([#"aggregate_readout={"soft_limit": 100, "midpoint_log10_compute": 26, "slope_per_decade": \#(aggregateSlope)}"#,
                               "actors.distillers=\(distillers)", "events=\(events)", "teachers=\(teachers)"])
        var sim = MarketSimulation(compiled: loaded.compiled, seed: 11, replication: 0)
        return (try sim.run(), RunRecorder(compiled: loaded.compiled))
    }

    @Test("A readout and its inverse: the index a quality reads comes back, and the ends stay finite")
    func readoutInverse() {
        var s = Segment()
        (s.softLimit, s.midpointLog10Compute, s.slopePerDecade) = (90, 25.5, 1.3)
        for index in stride(from: 20.0, through: 32, by: 0.25) {
            #expect(abs(s.capability(quality: s.quality(log10Compute: index)) - index) < 1e-9)
        }
        // 45 is half of 90: the midpoint; 0 and the soft limit read as a billionth inside them.
        #expect(abs(s.capability(quality: 45) - 25.5) < 1e-12)
        #expect(s.capability(quality: 0).isFinite && s.capability(quality: 90).isFinite && s.capability(quality: 0) < s.capability(quality: 90))
        // A point at the midpoint moves the index by 4 / (S k) decades.
        #expect(abs(s.capability(quality: 45.001) - 25.5 - 0.001 * s.decadesPerPoint) < 1e-8)
        var r = Readout()
        (r.softLimit, r.midpointLog10Compute, r.slopePerDecade) = (100, 26, 3)
        #expect(abs(r.capability(quality: r.quality(index: 27.2)) - 27.2) < 1e-9)
    }

    @Test("The gap in months is read on the index, by hand, whatever the aggregate benchmark; the gap in points is that benchmark's")
    func lagOnTheIndex() throws {
        let (steep, recorder) = try Self.run(aggregateSlope: 3)
        let (gentle, _) = try Self.run(aggregateSlope: 1)
        let months = recorder.metricIndex("gap_months"), points = recorder.metricIndex("gap_points")
        let frontier = recorder.metricIndex("frontier_capability"), open = recorder.metricIndex("best_open_capability")
        for (period, row) in steep.trajectory.enumerated() {
            // The open model's index, 25, is where the history's straight line from 24.5
            // (2023-01-01, 731 days before the start) to 25.5 (2024-01-01, 366 days
            // before) stood halfway: 548.5 days before the start.
            let day = steep.trajectoryDays[period]
            #expect(abs(row[months] - (day + 548.5) / Days.perMonth) < 1e-9, "month \(period): \(row[months])")
            #expect(row[months] == gentle.trajectory[period][months])
            #expect(abs(row[frontier] - 26) < 1e-9 && abs(row[open] - 25) < 1e-9)
            // Points: 50 against 100 / (1 + e^(slope x 1)): 45.2574 at slope 3, 23.1059 at 1.
            #expect(abs(row[points] - 45.2574) < 1e-3)
            #expect(abs(gentle.trajectory[period][points] - 23.1059) < 1e-3)
        }
    }

    @Test("A distiller closes its share of the teacher's lead on the index, not on the points, by hand")
    func distillationOnTheIndex() throws {
        // The frontier releases a model reading 73.106 (index 27) in February; ten days
        // later a distiller of efficiency 0.6 (0.3 of the lead at distillability 0.5)
        // distils it onto the open lab's 25: index 25.6, reading 100 / (1 + e^0.4) =
        // 40.131. On the points it would have read 26.894 + 0.3 x 46.212 = 40.758.
        let distiller = """
        [{"id": "d", "lag": {"mean_days": 10, "cv": 0}, "cost_fraction": 0.01, "efficiency": 0.6,
          "active_params_b": 32, "total_params_b": 32}]
        """
        let release = """
        [{"date": "2025-02-01", "type": "release", "actor": "lab", "quality": {"coding": 73.10585786300049}}]
        """
        let (result, recorder) = try Self.run(aggregateSlope: 1, distillers: distiller, events: release)
        let student = try #require(result.events.first { $0.kind == .distillation })
        let reads = try #require(student.qualityOverall)
        #expect(abs(reads - 40.1312) < 1e-3, "student reads \(reads)")
        let last = try #require(result.trajectory.last)
        #expect(abs(last[recorder.metricIndex("best_open_capability")] - 25.6) < 1e-9)
        #expect(abs(last[recorder.metricIndex("best_open_quality_coding")] - 40.1312) < 1e-3)
        #expect(abs(last[recorder.metricIndex("frontier_capability")] - 27) < 1e-9)
        // A distiller waits for a teacher (`teachers`): the release reads 73.1 in coding,
        // short of a minimum of 75, so nothing is distilled; at 73 it is a teacher.
        let (untaught, _) = try Self.run(aggregateSlope: 1, distillers: distiller, events: release,
                                         teachers: #"{"segment": "coding", "min_quality": 75}"#)
        #expect(!untaught.events.contains { $0.kind == .distillation })
        let (taught, _) = try Self.run(aggregateSlope: 1, distillers: distiller, events: release,
                                       teachers: #"{"segment": "coding", "min_quality": 73}"#)
        #expect(taught.events.contains { $0.kind == .distillation })
    }

    @Test("A history point with both a quality and a capability, or neither, is refused with its path")
    func historyPointOneOfTwo() throws {
        for point in [#"{"date": "2024-01-01", "quality": 40, "capability": 25}"#, #"{"date": "2024-01-01"}"#] {
            do {
                _ = try Self.load(["frontier_history=[\(point)]"])
                Issue.record("\(point) was accepted")
            } catch {
                #expect("\(error)".contains("frontier_history[0]") && "\(error)".contains("one of the two"), "\(error)")
            }
        }
    }
}
