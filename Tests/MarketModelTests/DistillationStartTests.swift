import Foundation
@testable import MarketModel
import ScenarioFormat
import TestSupport
import Testing

/// Distillation starts for a reason (issue 24, item 2): when a teacher exists and the
/// distiller's budget allows, not on a scenario date.
@Suite("Distillation starts when a teacher exists and the budget allows")
struct DistillationStartTests {
    /// A frontier lab reading 73.106 in coding (index 27) that never releases again, and
    /// whose start model cost 1M USD a year x 36,500 days = 100M; an open lab releasing
    /// every 100 days exactly, funded at `openFunding` USD a year and nothing else,
    /// distilling at 3 % of the teacher's cost (3M USD).
    static func scenario(openFunding: Double, teachers: String = "{}") -> String {
        """
        {"name": "teachers", "start_date": "2025-01-01", "months": 8, "seed": 3,
         "segments": [{"id": "coding", "demand_share": 1, "distillability": 0.5, "soft_limit": 100,
                       "midpoint_log10_compute": 26, "slope_per_decade": 1, "value_usd_per_mtok": 30, "value_sigma": 0}],
         "teachers": \(teachers),
         "costs": {"usd_per_mtok_per_billion_active": 0.01, "annual_decline": 0, "output_to_input_price_ratio": 1, "capacity_usd_per_mtok_per_day_month": 0},
         "actors": {
           "frontier": [{"id": "lab", "initial_quality": {"coding": 73.10585786300049}, "input_usd_per_mtok": 10, "output_usd_per_mtok": 10,
                         "tokens_per_second": 100, "release_interval": {"mean_days": 36500, "cv": 0},
                         "research": {"margin_share": 0, "funding": [{"date": "2025-01-01", "usd_per_year": 1000000}]}}],
           "open_labs": [{"id": "open", "initial_quality": {"coding": 26.894142136999512}, "total_params_b": 100, "active_params_b": 32,
                          "release_interval": {"mean_days": 100, "cv": 0},
                          "research": {"margin_share": 0, "size_exponent": 0, "funding": [{"date": "2025-01-01", "usd_per_year": \(openFunding)}]},
                          "distillation": {"efficiency": 0.6, "cost_fraction": 0.03},
                          "api": {"tokens_per_second": 100}}]},
         "pricing": {"frontier_best_response": false, "open_best_response": false},
         "buyers": {"count": 100, "tokens_per_day": {"median": 1000000, "sigma": 0},
                    "frontier_segment": "", "taste_scale": {"median": 0.5, "sigma": 0}, "success_exponent": 2,
                    "switching_cost": 0, "security_sensitive_share": 0, "routing_share": 0,
                    "adoption": {"initial_adopted": 0.99}, "review_interval_days": 20,
                    "self_hosting": {"enabled": false}}}
        """
    }

    /// The open lab's releases: (day, cost booked with it: the run's budget plus the distillation).
    static func releases(openFunding: Double, teachers: String = "{}") throws -> [(day: Double, cost: Double)] {
        let file = try TemporaryFolder("teachers").write("teachers.json", scenario(openFunding: openFunding, teachers: teachers))
        var sim = MarketSimulation(compiled: try ScenarioFile.load(file).compiled, seed: 11, replication: 0)
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
        let file = try TemporaryFolder("teachers").write("teachers.json",
                                                          Self.scenario(openFunding: 1, teachers: #"{"segment": "poetry", "min_quality": 50}"#))
        #expect(throws: (any Error).self) { _ = try ScenarioFile.load(file) }
        do { _ = try ScenarioFile.load(file) } catch {
            #expect("\(error)".contains("teachers.segment") && "\(error)".contains("poetry"), "\(error)")
        }
    }
}
