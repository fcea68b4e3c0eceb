import Foundation
import MarketModel
import TestSupport
import Testing
@testable import Experiments

@Suite("Resource estimates and limits")
struct ResourceEstimateTests {
    static func compiled(_ overrides: [String]) throws -> CompiledScenario {
        try ScenarioFile.load(repositoryRoot + "/Scenarios/base.json", overrides: overrides).compiled
    }

    @Test("--max-memory sizes read in powers of 1024; anything else is refused",
          arguments: [("512M", 536_870_912.0), ("1.5G", 1_610_612_736.0), ("4gb", 4_294_967_296.0), ("2KiB", 2048.0),
                      ("100", 100.0), ("1T", 1_099_511_627_776.0)])
    func sizes(_ text: String, _ bytes: Double) {
        #expect(MemoryLimit.parse(size: text) == bytes)
    }

    @Test("sizes that are not sizes", arguments: ["lots", "0", "-1G", "1e9", "G", "", "1.2.3M", "nanG"])
    func notSizes(_ text: String) {
        #expect(MemoryLimit.parse(size: text) == nil)
    }

    @Test("The events of a run are an upper side of the events it executes, within a factor of three")
    func eventsAgainstASimulation() throws {
        for overrides in [["buyers.count=300", "months=12"], ["buyers.count=50", "months=24", "buyers.review_interval_days=10"]] {
            let c = try Self.compiled(overrides)
            var simulation = MarketSimulation(compiled: c, seed: 5, replication: 0)
            let executed = Double(try simulation.run().eventsExecuted)
            let estimated = ResourceEstimate.eventsPerRun(c)
            // Upper side: buyers not yet adopted do not review.
            #expect(estimated >= executed && estimated < executed * 3, "\(overrides): estimated \(estimated), executed \(executed)")
        }
    }

    @Test("A distiller selling an API decides its list prices, and the estimate counts its decisions")
    func distillerReviews() throws {
        let without = try Self.compiled(["buyers.count=100", "months=12"])
        let with = try Self.compiled(["buyers.count=100", "months=12", "actors.distillers[0].api.enabled=true"])
        // For the one more price setter, one decision every lab_review_days over the
        // horizon and at most one more for each frontier or open lab's release.
        let days = with.reportDays.last!, a = with.scenario.actors
        let releases = (a.frontier.map(\.training) + a.openLabs.map(\.training)).reduce(0) { $0 + days / $1.releaseInterval.meanDays }
        let reviews = days / with.scenario.pricing.labReviewDays + releases
        let added = ResourceEstimate.eventsPerRun(with) - ResourceEstimate.eventsPerRun(without)
        #expect(abs(added - reviews) < 1e-9 * reviews, "\(added) events added, \(reviews) reviews")
    }

    @Test("Buyers' reviews dominate the events: buyers x days / review interval once all have adopted")
    func buyerReviews() throws {
        let c = try Self.compiled(["buyers.count=100000", "months=12", "buyers.review_interval_days=5",
                                   "buyers.adoption.initial_adopted=0.999999"])
        let reviews = 100_000 * c.reportDays.last! / 5
        let events = ResourceEstimate.eventsPerRun(c)
        #expect(events >= reviews && events < reviews * 1.1, "\(events) vs \(reviews)")
    }

    @Test("Peak memory grows by the buyers of each concurrent run and by the bands' stored values")
    func memoryTerms() throws {
        let small = try Self.compiled(["buyers.count=1000"]), large = try Self.compiled(["buyers.count=101000"])
        let one = ResourceEstimate.replications(small, replications: 4, jobs: 2)
        let two = ResourceEstimate.replications(large, replications: 4, jobs: 2)
        // Two runs at a time, each with 100,000 more buyers.
        #expect(abs((two.peakBytes - one.peakBytes) - 2 * 100_000 * ResourceEstimate.bytesPerBuyer) < 1e6)
        let many = ResourceEstimate.replications(small, replications: 1004, jobs: 2)
        let values = 1000 * Double(small.reportDates.count) * Double(RunRecorder(compiled: small).metricColumns.count)
        #expect(abs((many.peakBytes - one.peakBytes) - values * ResourceEstimate.bytesPerStoredValue) < 1e6)
        #expect(many.runs == 1004)
        #expect(throws: ResourceLimitError.self) { try two.check(against: MemoryLimit(bytes: two.peakBytes - 1, source: "test")) }
        try two.check(against: MemoryLimit(bytes: two.peakBytes, source: "test"))
    }

    @Test("A sweep is estimated at its heaviest corner")
    func sweepCorner() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/s.json"
        try Data("""
            {"base": "\(repositoryRoot)/Scenarios/base.json", "design": "grid", "overrides": {"months": 6},
             "parameters": [{"path": "buyers.count", "levels": [10, 500000]},
                            {"path": "buyers.review_interval_days", "levels": [2, 90]}],
             "outcomes": [{"name": "gap", "metric": "gap_points"}]}
            """.utf8).write(to: URL(fileURLWithPath: file))
        let sweep = MarketSweep(file: try SweepFile.load(file))
        let estimate = sweep.resourceEstimate(jobs: 1)
        let corner = try Self.compiled(["months=6", "buyers.count=500000", "buyers.review_interval_days=2"])
        #expect(estimate.events == 4 * ResourceEstimate.eventsPerRun(corner))
        #expect(estimate.peakBytes > 500_000 * ResourceEstimate.bytesPerBuyer)
        #expect(estimate.scope.contains("4 runs") && estimate.scope.contains("500000 buyers"))
    }
}
