import Foundation
@testable import MarketModel
import ScenarioFormat
import SimulationKit
import TestSupport
import Testing

/// The quality model's functional forms against hand-computed values.
@Suite("Quality bought with compute: the functional forms")
struct QualityFormTests {
    @Test("Funding: a step path holds each rate, a linear one interpolates, and both integrate exactly")
    func funding() {
        let step = FundingSchedule(points: [(day: 10, rate: 3), (day: 0, rate: 1)], linear: false)
        #expect(step.rate(at: -5) == 1 && step.rate(at: 5) == 1 && step.rate(at: 10) == 3 && step.rate(at: 99) == 3)
        // 15 days at 1, then 5 at 3.
        #expect(step.integral(from: -5, to: 15) == 30)
        let linear = FundingSchedule(points: [(day: 0, rate: 1), (day: 10, rate: 3)], linear: true)
        #expect(linear.rate(at: 5) == 2 && linear.rate(at: -1) == 1 && linear.rate(at: 11) == 3)
        // (2 + 3) / 2 x 5 on the ramp, then 3 x 5 flat.
        #expect(abs(linear.integral(from: 5, to: 15) - 27.5) < 1e-12)
        #expect(linear.integral(from: 5, to: 5) == 0 && FundingSchedule(points: [], linear: true).rate(at: 3) == 0)
    }

    @Test("Compute: USD / price per 1e18 FLOP, times efficiency, the price's fall and algorithmic progress")
    func compute() {
        var cost = ComputeCost()
        (cost.usdPerExaflop, cost.annualDecline, cost.algorithmicProgressPerYear) = (2, 0.5, 3)
        // 2M USD at 2 USD per 1e18 FLOP: 1e6 x 1e18 = 1e24 FLOP.
        #expect(abs(cost.log10Compute(usd: 2e6, day: 0, efficiency: 1) - 24) < 1e-12)
        // A year later the price has halved and algorithms tripled; MoE adds 1.8 (M4).
        let later = cost.log10Compute(usd: 2e6, day: 365, efficiency: 1.8)
        #expect(abs(later - log10(1e24 * 2 * 3 * 1.8)) < 1e-12)
        #expect(cost.log10Compute(usd: 0, day: 0, efficiency: 1) == -.infinity)
    }

    @Test("Segment curve: half the soft limit at the midpoint, logistic in log10 compute, never at the limit")
    func curve() {
        var s = Segment()
        (s.softLimit, s.midpointLog10Compute, s.slopePerDecade) = (90, 26, 2)
        #expect(s.quality(log10Compute: 26) == 45)
        #expect(abs(s.quality(log10Compute: 27) - 90 / (1 + exp(-2))) < 1e-12)
        let path = stride(from: 20.0, through: 32, by: 0.5).map { s.quality(log10Compute: $0) }
        #expect(zip(path, path.dropFirst()).allSatisfy { $0 < $1 } && path.last! < 90)
        // Diminishing returns above the midpoint: each decade adds less than the one before.
        #expect(s.quality(log10Compute: 28) - s.quality(log10Compute: 27) < s.quality(log10Compute: 27) - 45)
    }
}

/// Each channel of the quality model moved alone on paired seeds (common random
/// numbers: replication r of both runs has the same seed), with the 95 % interval of
/// the paired difference on the side the mechanism says.
@Suite("Comparative statics of the quality model on paired seeds", .serialized)
struct QualityStaticsTests {
    static let count = 16
    static let small = ["buyers.count=400"]
    static let baseScenario = Result { try ScenarioFile.load(Repository.scenario("base.json")).scenario }
    static let base = Result { try Replications("base.json", count: count, overrides: small) }

    static func moved(_ overrides: [String]) throws -> Replications {
        try Replications("base.json", count: count, overrides: small + overrides)
    }

    /// Overrides multiplying every funding point of the frontier labs or the open labs by `factor`.
    static func funding(frontier: Bool, times factor: Double) throws -> [String] {
        let actors = try baseScenario.get().actors
        let (key, labs) = frontier ? ("frontier", actors.frontier.map(\.training.research)) : ("open_labs", actors.openLabs.map(\.training.research))
        return labs.enumerated().flatMap { i, research in
            research.funding.enumerated().map { k, point in
                "actors.\(key)[\(i)].research.funding[\(k)].usd_per_year=\(point.usdPerYear * factor)"
            }
        }
    }

    @Test("Research budget: a larger margin share for frontier labs raises their quality path")
    func marginShare() throws {
        let a = try Self.base.get()
        let b = try Self.moved(["actors.frontier[0].research.margin_share=0.6", "actors.frontier[1].research.margin_share=0.6"])
        let d = PairedDifference(a.pathMeans("frontier_quality", from: "2024-01-01"), b.pathMeans("frontier_quality", from: "2024-01-01"))
        #expect(d.low > 0, "more margin - base: \(d.mean) [\(d.low), \(d.high)]")
    }

    @Test("Compute cost: dearer compute lowers both the frontier's and the best open model's quality paths")
    func computeCost() throws {
        let a = try Self.base.get()
        let b = try Self.moved(["costs.compute.usd_per_exaflop=6"])
        for metric in ["frontier_quality", "best_open_quality"] {
            let d = PairedDifference(a.pathMeans(metric, from: "2024-01-01"), b.pathMeans(metric, from: "2024-01-01"))
            #expect(d.high < 0, "\(metric), dearer - base: \(d.mean) [\(d.low), \(d.high)]")
        }
    }

    @Test("MoE (M4): with the training speed-up at 1 the best open quality is lower")
    func moeSpeedup() throws {
        let a = try Self.base.get()
        let b = try Self.moved(["actors.open_labs[0].moe_training_speedup=1", "actors.open_labs[1].moe_training_speedup=1"])
        let d = PairedDifference(a.pathMeans("best_open_quality", from: "2023-07-01"), b.pathMeans("best_open_quality", from: "2023-07-01"))
        #expect(d.high < 0, "speed-up 1 - 1.8: \(d.mean) [\(d.low), \(d.high)]")
    }

    @Test("Distillation (M1, M2): without distillers, or with half the distillability, the 2026 gap is wider")
    func distillation() throws {
        let a = try Self.base.get()
        let none = try Self.moved(["actors.distillers=[]"])
        let d = PairedDifference(a.values("gap_points", at: "2026-02-01"), none.values("gap_points", at: "2026-02-01"))
        #expect(d.low > 0, "no distillers - base: \(d.mean) [\(d.low), \(d.high)]")
        let segments = try Self.baseScenario.get().segments
        let half = try Self.moved(segments.indices.map { "segments[\($0)].distillability=\(segments[$0].distillability / 2)" })
        let h = PairedDifference(a.values("gap_points", at: "2026-02-01"), half.values("gap_points", at: "2026-02-01"))
        #expect(h.low > 0, "half distillability - base: \(h.mean) [\(h.low), \(h.high)]")
    }

    @Test("Outside funding: halving the open labs' funding widens the 2026 gap")
    func openFunding() throws {
        let a = try Self.base.get()
        let b = try Self.moved(try Self.funding(frontier: false, times: 0.5))
        let d = PairedDifference(a.values("gap_points", at: "2026-02-01"), b.values("gap_points", at: "2026-02-01"))
        #expect(d.low > 0, "open funding halved - base: \(d.mean) [\(d.low), \(d.high)]")
    }

    @Test("Outside funding: larger frontier runs give a larger long-run gap (no ceiling compresses it)")
    func frontierFunding() throws {
        let a = try Self.base.get()
        let b = try Self.moved(try Self.funding(frontier: true, times: 2.5))
        // The long run as the mean lag from 2027 to the horizon, read on the capability
        // index (gap_months), which has no ceiling: the gap in points is read on a
        // saturating benchmark, where base's frontier stands at 94-98 of 100 from 2027
        // and a larger lead cannot show (x2.5 - base on 24 pairs at full scale, `marketsim
        // compare`: points -0.10 [-0.37, +0.16] in 2027 and -0.26 [-0.40, -0.11] in 2028;
        // months +5.2 [3.6, 6.8] and +5.1 [3.6, 6.7]). A single final month of 16 small
        // replications carries one release's luck, hence the mean.
        let d = PairedDifference(a.pathMeans("gap_months", from: "2027-01-01"), b.pathMeans("gap_months", from: "2027-01-01"))
        #expect(d.low > 0, "frontier funding x2.5 - base, mean lag 2027-2030 in months: \(d.mean) [\(d.low), \(d.high)]")
    }

    /// Every buyer agent stands for a quarter as many enterprises: each seller's revenue
    /// is a quarter of base's at the same choices, and nothing else reads the scale.
    @Test("Revenue: a market a quarter the size lowers the frontier's revenue and with it its quality path")
    func frontierRevenue() throws {
        let a = try Self.base.get()
        let represents = try Self.baseScenario.get().buyers.represents
        let b = try Self.moved(["buyers.represents=\(represents / 4)"])
        let d = PairedDifference(a.pathMeans("frontier_quality", from: "2024-01-01"), b.pathMeans("frontier_quality", from: "2024-01-01"))
        #expect(d.high < 0, "smaller market - base: \(d.mean) [\(d.low), \(d.high)]")
    }
}

extension Replications {
    /// Each replication's mean of `metric` over the reports from `from` to the end.
    func pathMeans(_ metric: String, from: String) -> [Double] {
        let start = period(from), i = index(metric)
        return results.map { r in
            let path = r.trajectory[start...].map { $0[i] }
            return path.reduce(0, +) / Double(path.count)
        }
    }
}
