import Foundation
@testable import MarketModel
import SimulationKit
import TestSupport
import Testing

/// The model's drawn populations follow the scenario's distributions within one
/// replication, and actors' draws are independent across replications: checks that
/// fail when streams share their first draws (`BrokenSeeding` below, the first
/// construction, which made every replication of base a single-segment market).
@Suite("Drawn populations and independent actors", .serialized)
struct PopulationDrawTests {
    static let alpha = 0.001

    /// The first seeding construction, kept here only to show that the checks reject it.
    static let firstConstruction: StreamSeeding.Scheme = { seed, key in
        var a = seed
        var c = key.value ^ 0x6A09_E667_F3BC_C909
        let s0 = StreamSeeding.splitMix64(&a), s1 = StreamSeeding.splitMix64(&a)
        let s2 = StreamSeeding.splitMix64(&c), s3 = StreamSeeding.splitMix64(&c)
        return (s0, s1, s2, s3)
    }

    /// The buyers of one replication of base with `count` buyers (and `overrides`), drawn and not run.
    static func buyers(count: Int, overrides: [String] = [], scheme: @escaping StreamSeeding.Scheme) throws
        -> (Scenario, [Double], [BuyerState]) {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=\(count)"] + overrides)
        let seed = StreamSeeding.derive(loaded.scenario.seed, 0)
        var sim = MarketSimulation(compiled: loaded.compiled, seed: seed, replication: 0, scheme: scheme)
        var scheduler = Scheduler<MarketEvent>(start: 0, expectedPending: count + 64)
        try sim.setUp(&scheduler)
        return (loaded.scenario, loaded.compiled.weights, sim.demand.buyers)
    }

    /// A clamped draw: `n` values of x = clamp(X, lo, hi) with X's CDF `cdf`. What is
    /// wrong with them: a value outside [lo, hi], a count at either clamp outside 4
    /// binomial SDs of X's mass beyond it, or (at `alpha`) values strictly inside that
    /// fail a Kolmogorov-Smirnov test against X conditioned on [lo, hi].
    static func clampedFailures(_ name: String, _ x: [Double], lo: Double, hi: Double, alpha: Double,
                                cdf: (Double) -> Double) -> [String] {
        let n = Double(x.count)
        let tolerance = 1e-9 * max(abs(lo), abs(hi), 1)
        var failed: [String] = []
        if let outside = x.first(where: { $0 < lo - tolerance || $0 > hi + tolerance }) {
            failed.append("\(name): \(outside) outside [\(lo), \(hi)]")
        }
        let below = cdf(lo), above = 1 - cdf(hi)
        for (clamp, mass, count) in [(lo, below, x.filter { abs($0 - lo) <= tolerance }.count),
                                     (hi, above, x.filter { abs($0 - hi) <= tolerance }.count)] {
            let sd = (n * mass * (1 - mass)).squareRoot()
            if abs(Double(count) - n * mass) > 4 * max(sd, 1) {
                failed.append("\(name): \(count) at the clamp \(clamp), expected \(n * mass) +- \(4 * sd)")
            }
        }
        let inside = x.filter { $0 > lo + tolerance && $0 < hi - tolerance }
        let ks = GoodnessOfFit.kolmogorovSmirnov(inside) { (cdf($0) - below) / (1 - below - above) }
        if ks.pValue <= alpha { failed.append("\(name) inside its clamps: not the conditioned distribution, \(ks)") }
        return failed
    }

    /// What is wrong with the population: segment counts outside 4 binomial standard
    /// deviations of `demand_share`; a buyer whose values in its own and the frontier
    /// segment are not one standard normal z (log value over value_sigma) clamped to
    /// [-3, 3]; taste not the lognormal of `taste_scale` clamped to [floor, 1]; or
    /// volumes not their lognormal. Taste is drawn wide (median 0.1, sigma 1.5) with its
    /// floor at 0.02, not the default 0.01, so that its clamps hold 14 % and 6 % of buyers
    /// and a floor read from anywhere but the scenario fails.
    static func populationFailures(_ scheme: @escaping StreamSeeding.Scheme) throws -> [String] {
        let n = 20_000
        let (scenario, shares, buyers) = try buyers(count: n, overrides: ["buyers.taste_scale.median=0.1", "buyers.taste_scale.sigma=1.5",
                                                                          "buyers.taste_scale.floor=0.02",
                                                                          "buyers.proprietary_preference.mean=0.02",
                                                                          "buyers.proprietary_preference.sigma=0.1"],
                                                    scheme: scheme)
        let spec = scenario.buyers
        var failed: [String] = []
        for (k, share) in shares.enumerated() {
            let count = Double(buyers.filter { $0.segment == k }.count)
            let expected = Double(n) * share
            let sd = (Double(n) * share * (1 - share)).squareRoot()
            if abs(count - expected) > 4 * sd { failed.append("segment \(k): \(count) buyers, expected \(expected) +- \(4 * sd)") }
        }
        // Four distributions, three tested inside their clamps: each at alpha / 4 (Bonferroni).
        let frontier = scenario.segments.firstIndex { $0.id == spec.frontierSegment }!
        let z = buyers.map { b in log(b.valueOwn / scenario.segments[b.segment].valueUsdPerMtok) / scenario.segments[b.segment].valueSigma }
        let frontierZ = buyers.map { b in log(b.valueFrontier / scenario.segments[frontier].valueUsdPerMtok) / scenario.segments[frontier].valueSigma }
        if let k = z.indices.first(where: { abs(z[$0] - frontierZ[$0]) > 1e-9 }) {
            failed.append("buyer \(k): z \(z[k]) in its own segment, \(frontierZ[k]) in the frontier segment")
        }
        failed += clampedFailures("value z", z, lo: -3, hi: 3, alpha: alpha / 4) { Distributions.normalCDF($0) }
        let taste = spec.tasteScale
        failed += clampedFailures("log taste", buyers.map { log($0.tasteScale) }, lo: log(taste.floor), hi: 0, alpha: alpha / 4) {
            Distributions.normalCDF(($0 - log(taste.median)) / taste.sigma)
        }
        let scale = spec.represents / Double(spec.count)
        let volume = buyers.map { (log($0.tokensPerDay / scale) - log(spec.tokensPerDay.median)) / spec.tokensPerDay.sigma }
        let ks = GoodnessOfFit.kolmogorovSmirnov(volume) { Distributions.normalCDF($0) }
        if ks.pValue <= alpha / 4 { failed.append("tokens_per_day: log not N(log median, sigma^2), \(ks)") }
        // The preference for proprietary models: N(mean, sigma^2), unclamped, stored in
        // single precision (its rounding, about 1e-8 of a unit, is far below the test's reach).
        let preference = spec.proprietaryPreference
        let standardised = buyers.map { (Double($0.proprietaryPreference) - preference.mean) / preference.sigma }
        let fit = GoodnessOfFit.kolmogorovSmirnov(standardised) { Distributions.normalCDF($0) }
        if fit.pValue <= alpha / 4 { failed.append("proprietary_preference: not N(mean, sigma^2), \(fit)") }
        return failed
    }

    @Test("20,000 buyers of base: segments match demand_share, value z is a clamped N(0, 1) shared by segments, taste its clamped lognormal")
    func populationMatchesTheScenario() throws {
        let failed = try Self.populationFailures(StreamSeeding.state)
        #expect(failed.isEmpty, "\(failed)")
    }

    @Test("The same check rejects the first seeding construction (one segment per replication)")
    func populationCheckRejectsTheFirstConstruction() throws {
        let failed = try Self.populationFailures(Self.firstConstruction)
        #expect(failed.contains { $0.hasPrefix("segment") }, "\(failed)")
    }

    /// The correlation, across 200 replications, of the two frontier labs' first
    /// release days.
    static func firstReleaseCorrelation(_ scheme: @escaping StreamSeeding.Scheme) throws -> GoodnessOfFit.Outcome {
        let runs = try Replications("base.json", count: 200, overrides: ["buyers.count=20", "months=15"], scheme: scheme)
        let labs = runs.loaded.scenario.actors.frontier.map(\.id)
        let first = labs.map { lab in
            runs.results.map { r in r.events.first { $0.kind == .frontierRelease && $0.actor == lab }?.day ?? .nan }
        }
        #expect(first.allSatisfy { $0.allSatisfy(\.isFinite) }, "every lab releases within 15 months")
        return GoodnessOfFit.correlation(first[0], first[1])
    }

    @Test("Across 200 replications the two frontier labs' first release intervals are uncorrelated")
    func firstReleasesIndependent() throws {
        let r = try Self.firstReleaseCorrelation(StreamSeeding.state)
        #expect(r.pValue > Self.alpha, "\(r)")
    }

    @Test("The same check rejects the first seeding construction (the labs' first draws are equal)")
    func firstReleaseCheckRejectsTheFirstConstruction() throws {
        let r = try Self.firstReleaseCorrelation(Self.firstConstruction)
        #expect(r.pValue <= Self.alpha, "\(r)")
    }

    @Test("Across 20 replications of base the open-weight token share of March 2024 is stable: SD < 0.06, none below 0.1",
          .disabled("Finding (issue 22): under the demand in money the SD is 0.083 (0.045 under the log-price demand): early open-weight adoption rests on fewer, larger buyers"))
    func earlyOpenShareIsStable() throws {
        let runs = try Replications("base.json", count: 20)
        let shares = runs.values("token_share_open_weights", at: "2024-03-01")
        let moments = RunningMoments(shares)
        #expect(moments.standardDeviation < 0.06, "\(shares)")
        #expect(shares.allSatisfy { $0 >= 0.1 }, "\(shares)")
    }
}
