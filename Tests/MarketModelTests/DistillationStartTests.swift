import Foundation
@testable import MarketModel
import ScenarioFormat
import TestSupport
import Testing

/// Distillation starts for a reason (issue 24, item 2): when a teacher exists and the
/// distiller's budget allows, not on a scenario date.
@Suite("Distillation starts when a teacher exists and the budget allows")
struct DistillationStartTests {
    /// The logit market (`LogitChoiceTests.scenario`) with a frontier lab reading 73.106
    /// in coding (index 27) that never releases again, and whose start model cost 1M USD
    /// a year x 36,500 days = 100M; an open lab releasing every 100 days exactly, funded
    /// at `openFunding` USD a year and nothing else, distilling at 3 % of the teacher's
    /// cost (3M USD).
    static func load(openFunding: Double, teachers: String = "{}") throws -> ScenarioFile.Loaded {
        let file = try TemporaryFolder("teachers").write("teachers.json", LogitChoiceTests.scenario)
        return try ScenarioFile.load(file, overrides: [
            "months=8", "buyers.count=100", "teachers=\(teachers)",
            "actors.frontier[0].initial_quality.coding=73.10585786300049",
            #"actors.frontier[0].research={"margin_share": 0, "funding": [{"date": "2025-01-01", "usd_per_year": 1000000}]}"#,
            "actors.open_labs[0].initial_quality.coding=26.894142136999512",
            #"actors.open_labs[0].release_interval={"mean_days": 100, "cv": 0}"#,
            #"actors.open_labs[0].research={"margin_share": 0, "size_exponent": 0, "funding": [{"date": "2025-01-01", "usd_per_year": \#(openFunding)}]}"#,
            #"actors.open_labs[0].distillation={"efficiency": 0.6, "cost_fraction": 0.03}"#,
        ])
    }

    /// The open lab's releases: (day, cost booked with it: the run's budget plus the distillation).
    static func releases(openFunding: Double, teachers: String = "{}") throws -> [(day: Double, cost: Double)] {
        var sim = MarketSimulation(compiled: try load(openFunding: openFunding, teachers: teachers).compiled, seed: 11, replication: 0)
        let result = try sim.run()
        return result.events.filter { $0.kind == .openRelease }.map { ($0.day, $0.costUsd ?? .nan) }
    }

    @Test("An open lab distils when the money it accrued during its run covers the cost, and pays for it from the next run, by hand")
    func budgetAllows() throws {
        // 36.5M a year is 10M a run. The first run was paid by the start's 10M; at its end
        // the 10M accrued covers the 3M distillation: 13M booked, 7M left for the next
        // run, whose release books 7M + 3M.
        let funded = try Self.releases(openFunding: 36_500_000)
        try #require(funded.count >= 2)
        #expect(abs(funded[0].day - 100) < 1e-9 && abs(funded[1].day - 200) < 1e-9)
        #expect(abs(funded[0].cost - 13_000_000) < 1e-3, "\(funded[0].cost)")
        #expect(abs(funded[1].cost - 10_000_000) < 1e-3, "\(funded[1].cost)")
        // A tenth of the funding accrues 1M a run: never enough for a 3M distillation.
        let poor = try Self.releases(openFunding: 3_650_000)
        try #require(poor.count >= 2)
        #expect(poor.allSatisfy { abs($0.cost - 1_000_000) < 1e-3 }, "\(poor)")
    }

    @Test("Nothing is distilled until a frontier model is a teacher: a readout below the rule's minimum teaches nothing")
    func teacherExists() throws {
        // The frontier reads 73.1 in coding: a minimum of 75 makes it no teacher (10M a
        // release, nothing distilled); a minimum of 70 makes it one (13M, then 10M).
        let none = try Self.releases(openFunding: 36_500_000, teachers: #"{"segment": "coding", "min_quality": 75}"#)
        #expect(none.count >= 2 && none.allSatisfy { abs($0.cost - 10_000_000) < 1e-3 }, "\(none)")
        let some = try Self.releases(openFunding: 36_500_000, teachers: #"{"segment": "coding", "min_quality": 70}"#)
        #expect(some.count >= 2 && abs(some[0].cost - 13_000_000) < 1e-3, "\(some)")
    }

    @Test("A teacher rule naming no segment of the scenario is refused with its path")
    func unknownSegment() throws {
        #expect(throws: (any Error).self) { _ = try Self.load(openFunding: 1, teachers: #"{"segment": "poetry", "min_quality": 50}"#) }
        do { _ = try Self.load(openFunding: 1, teachers: #"{"segment": "poetry", "min_quality": 50}"#) } catch {
            #expect("\(error)".contains("teachers.segment") && "\(error)".contains("poetry"), "\(error)")
        }
    }
}
