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

    /// The buyers of one replication of base with `count` buyers, drawn and not run.
    static func buyers(count: Int, scheme: @escaping StreamSeeding.Scheme) throws -> (BuyerPopulation, [Double], [BuyerState]) {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=\(count)"])
        let seed = StreamSeeding.derive(loaded.scenario.seed, 0)
        var sim = MarketSimulation(compiled: loaded.compiled, seed: seed, replication: 0, scheme: scheme)
        var scheduler = Scheduler<MarketEvent>(start: 0, expectedPending: count + 64)
        try sim.setUp(&scheduler)
        return (loaded.scenario.buyers, loaded.compiled.weights, sim.demand.buyers)
    }

    /// What is wrong with the population: segment counts outside 4 binomial standard
    /// deviations of `demand_share`, or sensitivities and volumes whose logarithms fail
    /// a Kolmogorov-Smirnov test against the scenario's lognormal parameters.
    static func populationFailures(_ scheme: @escaping StreamSeeding.Scheme) throws -> [String] {
        let n = 20_000
        let (spec, shares, buyers) = try buyers(count: n, scheme: scheme)
        var failed: [String] = []
        for (k, share) in shares.enumerated() {
            let count = Double(buyers.filter { $0.segment == k }.count)
            let expected = Double(n) * share
            let sd = (Double(n) * share * (1 - share)).squareRoot()
            if abs(count - expected) > 4 * sd { failed.append("segment \(k): \(count) buyers, expected \(expected) +- \(4 * sd)") }
        }
        let scale = spec.represents / Double(spec.count)
        // Price sensitivity is the lognormal raised to its floor: the share at the floor is
        // the lognormal's mass below it (within 4 binomial SDs), and the draws above it
        // follow the lognormal conditioned on exceeding it.
        let beta = spec.priceSensitivity
        let zFloor = (log(spec.priceSensitivityFloor) - log(beta.median)) / beta.sigma
        let below = Distributions.normalCDF(zFloor)
        let atFloor = Double(buyers.filter { $0.priceSensitivity == spec.priceSensitivityFloor }.count)
        let floorSD = (Double(n) * below * (1 - below)).squareRoot()
        if abs(atFloor - Double(n) * below) > 4 * floorSD {
            failed.append("price_sensitivity: \(atFloor) at the floor, expected \(Double(n) * below) +- \(4 * floorSD)")
        }
        let above = buyers.filter { $0.priceSensitivity > spec.priceSensitivityFloor }
            .map { (log($0.priceSensitivity) - log(beta.median)) / beta.sigma }
        let conditional = GoodnessOfFit.kolmogorovSmirnov(above) { (Distributions.normalCDF($0) - below) / (1 - below) }
        if conditional.pValue <= alpha / 3 { failed.append("price_sensitivity above its floor: not the conditioned lognormal, \(conditional)") }
        let lognormals: [(String, LognormalParameters, (BuyerState) -> Double)] = [
            ("quality_sensitivity", spec.qualitySensitivity, { $0.qualitySensitivity }),
            ("tokens_per_day", spec.tokensPerDay, { $0.tokensPerDay / scale }),
        ]
        for (name, p, value) in lognormals {
            let z = buyers.map { (log(value($0)) - log(p.median)) / p.sigma }
            let ks = GoodnessOfFit.kolmogorovSmirnov(z) { Distributions.normalCDF($0) }
            // Three distributions tested: each at alpha / 3 (Bonferroni).
            if ks.pValue <= alpha / 3 { failed.append("\(name): log not N(log median, sigma^2), \(ks)") }
        }
        return failed
    }

    @Test("20,000 buyers of base: segments match demand_share within 4 binomial SDs, sensitivities their lognormals")
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

    @Test("Across 20 replications of base the open-weight token share of March 2024 is stable: SD < 0.06, none below 0.1")
    func earlyOpenShareIsStable() throws {
        let runs = try Replications("base.json", count: 20)
        let shares = runs.values("token_share_open_weights", at: "2024-03-01")
        let moments = RunningMoments(shares)
        #expect(moments.standardDeviation < 0.06, "\(shares)")
        #expect(shares.allSatisfy { $0 >= 0.1 }, "\(shares)")
    }
}
