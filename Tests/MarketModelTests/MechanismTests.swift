import Foundation
@testable import MarketModel
import SimulationKit
import Testing

@Suite("Mechanisms against their closed forms")
struct MechanismTests {
    @Test("Bass diffusion: the inverse transform inverts the cumulative share")
    func bassInverse() {
        let bass = BassDiffusion(p: 0.03, q: 0.5, initialAdopted: 0.2)
        for share in stride(from: 0.05, through: 0.95, by: 0.05) {
            #expect(abs(bass.cumulativeShare(years: bass.years(toShare: share)) - share) < 1e-12)
        }
        #expect(bass.adoptionDay(uniform: 0.1) == 0)
        #expect(bass.adoptionDay(uniform: 0.2) == 0)
        // The analytic F(t) = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t) at t = 1 year.
        let e = exp(-0.53)
        #expect(abs(bass.cumulativeShare(years: 1) - (1 - e) / (1 + (0.5 / 0.03) * e)) < 1e-15)
    }

    @Test("Bass diffusion in the market: the adopted share follows F(t0 + t) within binomial error")
    func bassInTheMarket() throws {
        let runs = try Replications("base.json", count: 1, overrides: ["buyers.count=20000", "months=36"])
        let bass = runs.loaded.scenario.buyers.adoption
        let t0 = bass.years(toShare: bass.initialAdopted)
        for (period, date) in runs.loaded.compiled.reportDates.enumerated() where period > 0 && period % 6 == 0 {
            let day = Double(runs.loaded.compiled.startDate.days(to: date))
            let expected = bass.cumulativeShare(years: t0 + day / 365)
            let observed = runs.results[0].trajectory[period][runs.index("adopted_share")]
            let standardError = (expected * (1 - expected) / 20000).squareRoot()
            #expect(abs(observed - expected) < 4 * standardError, "\(date): \(observed) vs \(expected)")
        }
    }

    @Test("Security tax (M8): 5-15 % overhead, sublinear in scale")
    func securityTax() {
        let tax = SecurityTax(baseOverhead: 0.10, minOverhead: 0.05, maxOverhead: 0.15, scaleExponent: 0.2)
        #expect(tax.overhead(tokensPerDay: 1e8) == 0.10)
        // 10x the volume: 0.10 x 10^-0.2 = 0.0631; 10x less: 0.1585, clamped to 0.15.
        #expect(abs(tax.overhead(tokensPerDay: 1e9) - 0.10 * pow(10, -0.2)) < 1e-15)
        #expect(tax.overhead(tokensPerDay: 1e7) == 0.15)
        #expect(tax.overhead(tokensPerDay: 1e12) == 0.05)
        // Sublinear: the overhead in tokens grows with volume, but less than in proportion.
        let volumes = [1e6, 1e7, 1e8, 1e9, 1e10, 1e11]
        let shares = volumes.map(tax.overhead(tokensPerDay:))
        #expect(zip(shares, shares.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(shares.allSatisfy { (0.05...0.15).contains($0) })
    }
}

@Suite("Buyer choice against the multinomial logit")
struct LogitChoiceTests {
    /// A frozen market: one segment, no releases, no distillers or hosts, no self-hosting,
    /// constant prices (no best responses),
    /// identical buyers with no switching cost, so each buyer's current choice is an
    /// independent draw from the logit probabilities.
    static let scenario = """
    {"name": "logit", "start_date": "2025-01-01", "months": 12, "seed": 3,
     "segments": [{"id": "coding", "demand_share": 1, "distillability": 0.5}],
     "costs": {"usd_per_mtok_per_billion_active": 0.01, "annual_decline": 0, "output_to_input_price_ratio": 1},
     "actors": {
       "frontier": [{"id": "lab", "initial_quality": {"coding": 80}, "input_usd_per_mtok": 10, "output_usd_per_mtok": 10,
                     "tokens_per_second": 100, "release_interval": {"mean_days": 36500, "cv": 0}}],
       "open_labs": [{"id": "open", "initial_quality": {"coding": 70}, "total_params_b": 100, "active_params_b": 32,
                      "release_interval": {"mean_days": 36500, "cv": 0},
                      "api": {"tokens_per_second": 100}}]},
     "pricing": {"frontier_best_response": false, "open_best_response": false},
     "buyers": {"count": 5000, "tokens_per_day": {"median": 1000000, "sigma": 0},
                "frontier_segment": "", "price_sensitivity": {"median": 2, "sigma": 0},
                "quality_sensitivity": {"median": 0.25, "sigma": 0}, "switching_cost": 0,
                "security_sensitive_share": 0, "routing_share": 0, "usage_price_elasticity": 0,
                "adoption": {"initial_adopted": 0.99}, "review_interval_days": 20,
                "self_hosting": {"enabled": false}}}
    """

    @Test("Token shares match exp(U) / sum exp(U) with U = 0.25 quality - 2 log price")
    func logitShares() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("logit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/logit.json"
        try Self.scenario.write(toFile: file, atomically: true, encoding: .utf8)
        let loaded = try ScenarioFile.load(file)
        var sim = MarketSimulation(compiled: loaded.compiled, seed: 11, replication: 0)
        let result = try sim.run()
        let recorder = RunRecorder(compiled: loaded.compiled)
        let share = recorder.columns.firstIndex(of: "token_share_proprietary")! - 3
        // Open API price: its opening price, twice serving cost (0.01 x 32 = 0.32 per M tokens).
        let openPrice = 0.32 * 2
        let du = 0.25 * (80 - 70) - 2 * (log(10) - log(openPrice))
        let expected = 1 / (1 + exp(-du))
        let standardError = (expected * (1 - expected) / 5000).squareRoot()
        for period in 6..<result.trajectory.count {
            let observed = result.trajectory[period][share]
            #expect(abs(observed - expected) < 4 * standardError, "month \(period): \(observed) vs \(expected)")
        }
    }
}
