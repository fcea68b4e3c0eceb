import Foundation
@testable import MarketModel
import ScenarioFormat
import TestSupport
import Testing

/// Slimmable experts (M5): one open model served at several widths. A width's quality
/// and cost against hand-computed figures, the buyers' choice among widths against the
/// closed-form logit, and comparative statics on paired seeds (replication r of each
/// side on the same seed), each asserting that the 95 % interval of the paired
/// difference lies on the expected side.
@Suite("Slimmable experts: one model at several widths (M5)", .serialized)
struct WidthMenuTests {
    static let count = 20
    static let small = ["buyers.count=1000"]

    /// Base's sparse MoE creators: its two open labs and its first distiller (DeepSeek).
    static let creators = ["actors.open_labs[0]", "actors.open_labs[1]", "actors.distillers[0]"]

    /// Every one of them serves its releases from `date` at half and quarter width.
    static func menu(from date: String) -> [String] {
        creators.flatMap { actor in
            ["\(actor).mose.enabled=true", "\(actor).mose.widths=[0.5, 0.25]", "\(actor).mose.active_from=\(date)"]
        }
    }

    static let noMenu = creators.map { "\($0).mose.enabled=false" }

    @Test("A width's quality follows its segment's curve at w times the compute, by hand")
    func qualityByHand() {
        func segment(slope: Double) -> Segment {
            var s = Segment()
            (s.id, s.demandShare, s.distillability) = ("s", 1, 0.5)
            (s.softLimit, s.midpointLog10Compute, s.slopePerDecade) = (100, 26, slope)
            return s
        }
        // Coding in base: logit(0.78) = ln(78/22) = 1.26567; a quarter width moves it by
        // 0.9 x log10(0.25) = -0.54185 to 0.72382, and 100 / (1 + e^-0.72382) = 67.345.
        #expect(abs(SlimmableExperts.quality(78, width: 0.25, segment: segment(slope: 0.9), computeExponent: 1) - 67.3446) < 1e-3)
        // At half width a segment in the middle of a steep curve (reasoning at 50, slope
        // 1.1) loses 8.20 points: logit 0 - 1.1 x 0.30103 = -0.33113 gives 41.796; one near
        // its soft limit (classification at 90, slope 0.9) loses 2.72: ln 9 - 0.27093 =
        // 1.92629 gives 87.284.
        #expect(abs(SlimmableExperts.quality(50, width: 0.5, segment: segment(slope: 1.1), computeExponent: 1) - 41.7965) < 1e-3)
        #expect(abs(SlimmableExperts.quality(90, width: 0.5, segment: segment(slope: 0.9), computeExponent: 1) - 87.2839) < 1e-3)
        // Full width or an exponent of 0 lose nothing; near 0 and the soft limit, where the
        // readout is flat, almost nothing. On the index a width is a shift of e log10 w decades.
        #expect(abs(SlimmableExperts.quality(78, width: 1, segment: segment(slope: 0.9), computeExponent: 1) - 78) < 1e-9)
        #expect(SlimmableExperts.quality(0, width: 0.25, segment: segment(slope: 0.9), computeExponent: 1) < 1e-6)
        #expect(abs(SlimmableExperts.quality(78, width: 0.25, segment: segment(slope: 0.9), computeExponent: 0) - 78) < 1e-9)
        #expect(abs(SlimmableExperts.quality(100, width: 0.5, segment: segment(slope: 0.9), computeExponent: 1) - 100) < 1e-6)
        #expect(abs(SlimmableExperts.capability(26, width: 0.25, computeExponent: 0.5) - (26 + 0.5 * log10(0.25))) < 1e-12)
        #expect(SlimmableExperts.servingCostFactor(width: 0.25) == 0.25)
    }

    /// The frozen one-segment market of `LogitChoiceTests` (fixed prices, identical buyers,
    /// no switching cost), its open lab serving a half width beside its full width.
    static let halfWidth = ["actors.open_labs[0].mose.enabled=true", "actors.open_labs[0].mose.widths=[0.5]"]

    @Test("The half width's quality, serving cost and opening price in a run, and its logit share")
    func frozenMenu() throws {
        let file = try TemporaryFolder("widths").write("frozen.json", LogitChoiceTests.scenario)
        let loaded = try ScenarioFile.load(file, overrides: Self.halfWidth)
        var sim = MarketSimulation(compiled: loaded.compiled, seed: 11, replication: 0)
        let result = try sim.run()
        // Coding's default curve (soft limit 100, slope 1): logit(0.70) = ln(7/3) = 0.84730,
        // minus log10(2) = 0.30103 gives 0.54627, and 100 / (1 + e^-0.54627) = 63.327.
        let half = sim.catalog.model(at: try #require(sim.catalog.models.firstIndex { $0.width == 0.5 }))
        #expect(abs(sim.catalog[half].quality[0] - 63.3269) < 1e-3)
        #expect(sim.catalog[half].fullWidth == sim.lineup.openModel[0])
        let k = try #require(sim.activeOfferings.first { sim.offerings[$0].model == half })
        // Serving cost 0.01 USD per Mtok per billion active x 32B x 0.5 (M3); the full
        // width opens at twice its cost, 0.64, and the half width at the same markup, 0.32.
        #expect(abs(sim.servingCost(k, day: 0) - 0.16) < 1e-12)
        #expect(abs(sim.blendedPrice(k) - 0.32) < 1e-12)
        #expect(abs(sim.blendedPrice(try #require(sim.lineup.flagshipOffering(sim.actors.open(0)))) - 0.64) < 1e-12)
        // Money-logit weights of u = (V s(q) - p) / tau, s(q) = (q / 100)^2, speeds equal;
        // each width is a model of its own (a nest of one) and the outside option's u is 0.
        let frozen = LogitChoiceTests.self
        let u = [(80.0, 10.0), (70, 0.64), (63.32693, 0.32)].map { q, p in
            exp((frozen.value * (q / 100) * (q / 100) - p) / frozen.tau)
        }
        let inside = u.reduce(0, +)
        // Shares of the tokens bought, which the outside option's draws leave out.
        let narrow = u[2] / inside, amongMenu = u[2] / (u[1] + u[2])
        let recorder = RunRecorder(compiled: loaded.compiled)
        let below = recorder.metricIndex("token_share_below_full_width")
        let among = recorder.metricIndex("mose_tokens_below_full_width")
        let mean = recorder.metricIndex("mose_mean_width")
        let n = 5000 * inside / (1 + inside)
        for period in 6..<result.trajectory.count {
            let row = result.trajectory[period]
            #expect(abs(row[below] - narrow) < 4 * (narrow * (1 - narrow) / n).squareRoot(), "month \(period): \(row[below]) vs \(narrow)")
            let menuBuyers = n * (u[1] + u[2]) / inside
            #expect(abs(row[among] - amongMenu) < 4 * (amongMenu * (1 - amongMenu) / menuBuyers).squareRoot(),
                    "month \(period): \(row[among]) vs \(amongMenu)")
            #expect(abs(row[mean] - (1 - 0.5 * row[among])) < 1e-9)
        }
    }

    /// Why a known issue: since open labs price their widths jointly (`JointPricingTests`),
    /// each width's price counts the margin its siblings recapture, so the menu's gain
    /// to buyers shrank from 7.0e10 +- 4.7e10 USD (paired, 20 replications) to 5.7e10 +-
    /// 6.1e10, and 3.5e10 +- 4.2e10 over 40: positive, no longer resolved by this design.
    @Test("A width menu from 2025 raises buyers' surplus (paired seeds, same start-of-run menu)")
    func menuRaisesSurplus() throws {
        let without = try Replications("base.json", count: Self.count, overrides: Self.small + Self.noMenu)
        let with = try Replications("base.json", count: Self.count, overrides: Self.small + Self.menu(from: "2025-01-01"))
        let d = PairedDifference(without.total("buyer_surplus_usd", from: "2025-01-01"),
                                 with.total("buyer_surplus_usd", from: "2025-01-01"))
        #expect(d.mean > 0, "buyers' surplus with - without: \(d.mean) [\(d.low), \(d.high)]")
        withKnownIssue("the width menu's gain to buyers under joint pricing is within the noise of 20 replications", isIntermittent: true) {
            #expect(d.low > 0, "buyers' surplus with - without: \(d.mean) [\(d.low), \(d.high)]")
        }
        let narrow = with.total("token_share_below_full_width", from: "2026-01-01", mean: true)
        #expect(narrow.allSatisfy { $0 > 0 }, "narrower widths sell: \(narrow)")
    }

    /// Every segment's value per Mtok scaled by `factor`: tau scales with value, so
    /// u = s(q) / taste - p / (taste V) keeps quality's weight and divides price's by it.
    /// Best responses would scale markups with tau and undo much of it, so the test
    /// holds every price at its opening level: the channel is the buyers' choice.
    static func values(times factor: Double) -> [String] {
        [("coding", 25.0), ("rag", 10), ("summarization", 5), ("classification", 3.75), ("frontier_reasoning", 100)]
            .enumerated().map { "segments[\($0.offset)].value_usd_per_mtok=\($0.element.1 * factor)" }
    }

    /// At base's values price barely weighs between widths (a few tenths of a USD per
    /// Mtok against a taste scale of about 3), so doubling the values moves the narrow
    /// share by less than 20 pairs resolve (-0.0057 [-0.0141, +0.0028]); halving them
    /// doubles price's weight, and the span from doubled to halved quadruples it.
    @Test("Prices held, narrower widths gain share when buyers' work is worth less (price weighs more): base to half, and double to half")
    func widthFollowsValues() throws {
        let menu = Self.small + Self.menu(from: "2023-01-01") + ["pricing.frontier_best_response=false", "pricing.open_best_response=false"]
        let base = try Replications("base.json", count: Self.count, overrides: menu)
        let demanding = try Replications("base.json", count: Self.count, overrides: menu + Self.values(times: 2))
        let thrifty = try Replications("base.json", count: Self.count, overrides: menu + Self.values(times: 0.5))
        #expect(demanding.loaded.scenario.segments.map(\.valueUsdPerMtok) == [50, 20, 10, 7.5, 200])
        let metric = "mose_tokens_below_full_width"
        let price = PairedDifference(base.total(metric, from: "2024-01-01", mean: true),
                                     thrifty.total(metric, from: "2024-01-01", mean: true))
        #expect(price.mean > 0, "below-full-width share, half values - base: \(price.mean) [\(price.low), \(price.high)]")
        // A finding: with families, an open lab's small tier competes with its narrower
        // widths for price-weighing work; halving the values moves the narrow share by
        // +0.014 [-0.005, +0.032] over 20 pairs (the span below still resolves).
        withKnownIssue("a small tier takes the work that narrower widths took when price weighs more", isIntermittent: true) {
            #expect(price.low > 0, "below-full-width share, half values - base: \(price.mean) [\(price.low), \(price.high)]")
        }
        let span = PairedDifference(demanding.total(metric, from: "2024-01-01", mean: true),
                                    thrifty.total(metric, from: "2024-01-01", mean: true))
        #expect(span.low > 0, "below-full-width share, half - double values: \(span.mean) [\(span.low), \(span.high)]")
    }

    @Test("A width menu with a repeated width, a width of 1, too many widths or a dense model is refused with its path",
          arguments: [
            (["actors.open_labs[0].mose.enabled=true", "actors.open_labs[0].mose.widths=[0.5, 0.5]"],
             ["actors.open_labs[0].mose.widths[1]", "listed twice"]),
            (["actors.open_labs[0].mose.widths=[1]"], ["actors.open_labs[0].mose.widths[0]"]),
            (["actors.open_labs[0].mose.widths=[0.8, 0.6, 0.4, 0.2]"], ["actors.open_labs[0].mose.widths"]),
            (["actors.open_labs[0].mose.enabled=true", "actors.open_labs[0].active_params_b=235"],
             ["actors.open_labs[0].mose.enabled", "sparse MoE"]),
            (["actors.distillers[1].mose.enabled=true"], ["actors.distillers[1].mose.enabled", "sparse MoE"]),
          ])
    func refused(overrides: [String], expected: [String]) {
        expectBaseRefused(overrides, saying: expected)
    }
}
