import Foundation
@testable import MarketModel
import TestSupport
import Testing

/// Every lever of the demand in money moves its outcome the way economics expects, on
/// paired seeds (replication r of each side shares every stream), each asserting that
/// the 95 % interval of the paired difference lies on the expected side, early
/// (2024-2026) and late (2027-2029) in the horizon. 1,000 buyers keep each side a second
/// or two; 2,000 (`larger`) where the outcome weighs large buyers most (tokens, shares).
/// What each would catch is in its doc comment.
@Suite("Demand in money: each lever on paired seeds, over the whole horizon", .serialized)
struct DemandLeverTests {
    static let count = 20
    static let small = ["buyers.count=1000"]
    static let larger = ["buyers.count=2000"]
    static let windows = [("2024-01-01", "2026-12-01"), ("2027-01-01", "2029-12-01")]

    /// The mean of `metric` over each window, paired.
    static func differences(_ a: Replications, _ b: Replications, _ metric: String) -> [PairedDifference] {
        windows.map { PairedDifference(a.total(metric, from: $0.0, through: $0.1, mean: true),
                                       b.total(metric, from: $0.0, through: $0.1, mean: true)) }
    }

    /// A wider taste scale differentiates every seller more, so markups (tau / (1 - P) for
    /// one buyer) and prices rise, frontier labs' and hosts'. Catches a utility that
    /// ignores tau, or sellers' elasticity sums that lost the 1 / tau of the price
    /// coefficient. Twice base's median: at 0.06 (+28 %) hosts' price of 2024-2026 rose by
    /// 0.22 USD per Mtok [-0.02, +0.47] over 20 pairs once the commodity work was worth a
    /// quarter as much (X19), within the noise; at twice it, +0.73 [+0.39, +1.06]. The
    /// sign is this regime's: at the second stage's taste scale (0.0035, a leader holding
    /// nearly all its buyers) twice the taste lowered the frontier price of 2024-2026 by
    /// 2.7 USD per Mtok [-5.3, -0.1], as 1 - P grows faster than tau (docs/calibration.md).
    @Test("A wider taste scale raises frontier labs' and hosts' prices")
    func tasteScale() throws {
        let base = try Replications("base.json", count: Self.count, overrides: Self.small)
        let wide = try Replications("base.json", count: Self.count,
                                    overrides: Self.small + ["buyers.taste_scale.median=\(2 * base.loaded.scenario.buyers.tasteScale.median)"])
        for metric in ["frontier_price_usd_per_mtok", "host_price_usd_per_mtok"] {
            for (d, w) in zip(Self.differences(base, wide, metric), Self.windows) {
                #expect(d.low > 0, "\(metric) \(w.0)...\(w.1) wide - base: \(d.mean) [\(d.low), \(d.high)]")
            }
        }
    }

    /// Buyers who prefer proprietary models more (the preference's mean 0.05 of the value
    /// of their work above base's) buy fewer open-weight tokens; the frontier labs' demand
    /// moves out, so their profit rises (at their old prices they would sell more), and
    /// the hosts', whose demand moves in, falls. Catches a preference that does not reach
    /// the choice, or one charged to proprietary options instead of open weights (every
    /// sign would turn). Not the frontier's price: the buyers the preference brings are
    /// those who were nearly open weights', the most price-sensitive, and the best
    /// flagship's price moved by +0.13 [-0.17, +0.42] USD per Mtok in 2024-2026 and -0.04
    /// [-0.34, +0.25] in 2027-2029 on these pairs, within the noise.
    @Test("A stronger preference for proprietary models lowers the open-weight share, raises frontier labs' profit and lowers hosts'")
    func proprietaryPreference() throws {
        let base = try Replications("base.json", count: Self.count, overrides: Self.larger)
        let shifted = "buyers.proprietary_preference.mean=\(base.loaded.scenario.buyers.proprietaryPreference.mean + 0.05)"
        let loyal = try Replications("base.json", count: Self.count, overrides: Self.larger + [shifted])
        for (d, w) in zip(Self.differences(base, loyal, "token_share_open_weights"), Self.windows) {
            #expect(d.high < 0, "open share \(w.0)...\(w.1) loyal - base: \(d.mean) [\(d.low), \(d.high)]")
        }
        for (d, w) in zip(Self.differences(base, loyal, "profit_usd_frontier_lab"), Self.windows) {
            #expect(d.low > 0, "frontier labs' profit \(w.0)...\(w.1) loyal - base: \(d.mean) [\(d.low), \(d.high)]")
        }
        for (d, w) in zip(Self.differences(base, loyal, "profit_usd_infra"), Self.windows) {
            #expect(d.high < 0, "hosts' profit \(w.0)...\(w.1) loyal - base: \(d.mean) [\(d.low), \(d.high)]")
        }
    }

    /// Work worth twice as much raises what buyers gain and what the frontier can ask.
    /// Catches a surplus measured against anything but the outside option's zero, or a
    /// success rate that does not multiply the value.
    @Test("Work worth more raises buyers' surplus and the frontier's price")
    func taskValue() throws {
        let base = try Replications("base.json", count: Self.count, overrides: Self.small)
        let doubled = (0..<5).map { "segments[\($0)].value_usd_per_mtok=\([50, 20, 10, 7.5, 200][$0])" }
        let rich = try Replications("base.json", count: Self.count, overrides: Self.small + doubled)
        for metric in ["buyer_surplus_usd", "frontier_price_usd_per_mtok"] {
            for (d, w) in zip(Self.differences(base, rich, metric), Self.windows) {
                #expect(d.low > 0, "\(metric) \(w.0)...\(w.1) rich - base: \(d.mean) [\(d.low), \(d.high)]")
            }
        }
    }

    /// Dearer serving raises every price, and buyers answer through the outside option:
    /// fewer tokens are bought. Catches a demand without an outside option (every buyer
    /// buys whatever the price: quantities would not move) or one whose quantities are
    /// set by an input. Only early: by 2027 the work buyers hold is worth far more than
    /// any price (the usage elasticity is below 0.001, docs/model.md), so the tokens
    /// bought no longer answer a price within the noise of 20 pairs; prices still do.
    @Test("Dearer serving raises prices and lowers the tokens bought")
    func quantitiesAnswerPrice() throws {
        // 2,000 buyers and five times the serving cost: tokens weigh large buyers most
        // (lognormal sigma 1.5), and at 1,000 buyers and three times the cost the early
        // contrast's interval reached +2.3M Mtok.
        let base = try Replications("base.json", count: Self.count, overrides: Self.larger)
        let dear = try Replications("base.json", count: Self.count, overrides: Self.larger + ["costs.usd_per_mtok_per_billion_active=0.06"])
        let tokens = Self.differences(base, dear, "tokens_mtok")[0]
        #expect(tokens.high < 0, "tokens_mtok 2024-2026 dear - base: \(tokens.mean) [\(tokens.low), \(tokens.high)]")
        for (d, w) in zip(Self.differences(base, dear, "cheapest_price_usd_per_mtok"), Self.windows) {
            #expect(d.low > 0, "cheapest price \(w.0)...\(w.1) dear - base: \(d.mean) [\(d.low), \(d.high)]")
        }
    }

    /// Verification and the young ecosystem are fixed monthly costs per deployment of
    /// open weights, so raising either lowers the open-weight token share while volumes
    /// are small, and matters less as every buyer's volume grows (the cost per token
    /// falls): the early effect is negative, and the share of open-weight tokens it
    /// removes (the change over the base share s of the window) is larger early than
    /// late. Relative, because the base share is 0.22 over 2024-2026 (a few per cent
    /// before October 2024) and 0.36 over 2027-2029, so the share's own change is small
    /// early whatever the cost (verification's removes 8.7 % of it early, 7.0 % late; with volumes that do not
    /// grow, it removes none early and 12 % late, and both expectations fail). Catches a
    /// cost that never reaches the open offerings' utility, one charged to closed
    /// weights too, or one per token rather than per deployment.
    ///
    /// Since base's commodity work is worth a quarter as much (X19), verification's
    /// late effect is no longer the smaller: it removes 10.0 % of the share early and
    /// 10.3 % late (the ecosystem's 32 % and 7.7 %, which fades with the ecosystem's
    /// maturity besides). A fixed monthly cost weighs against the value of the work, not
    /// its tokens alone, and the work is worth four times less per token: volume growth
    /// by 2027-2029 no longer outruns it. A known issue, with those figures.
    @Test("Dearer verification or ecosystem costs lower the open-weight share, most while volumes are small",
          arguments: ["security.verification_usd_per_month=10000", "buyers.open_ecosystem_usd_per_month=4000"])
    func adoptionCosts(_ lever: String) throws {
        // 2,000 buyers, as for serving's cost: shares weigh large buyers most, and at
        // base's calibrated taste scale (0.042) verification's early effect at 1,000
        // buyers was -0.0075 [-0.0168, +0.0018] on these 20 pairs; at 2,000, -0.0152
        // [-0.0259, -0.0046], and -0.014 to -0.028 a year in 2025-2026 at full scale.
        let base = try Replications("base.json", count: Self.count, overrides: Self.larger)
        let dear = try Replications("base.json", count: Self.count, overrides: Self.larger + [lever])
        let d = Self.differences(base, dear, "token_share_open_weights")
        #expect(d[0].high < 0, "\(lever): open share 2024-2026 dear - base: \(d[0].mean) [\(d[0].low), \(d[0].high)]")
        let shares = Self.windows.map { w in
            let s = base.total("token_share_open_weights", from: w.0, through: w.1, mean: true)
            return s.reduce(0, +) / Double(s.count)
        }
        let effects = zip(d, shares).map { $0.mean / $1 }
        withKnownIssue("verification's late effect is as large as its early one at base's commodity values (X19)",
                       isIntermittent: true) {
            #expect(effects[1] > effects[0], "\(lever): late effect \(effects[1]) not smaller than early \(effects[0]) (relative to the base shares \(shares))")
        }
    }

    /// A security-sensitive buyer that draws a family of open weights it has not
    /// verified keeps its choice until the verification ends, so a longer verification
    /// delays open weights' adoption: the open-weight share in 2025, while buyers are
    /// still verifying the families that reach them, is lower. Catches a delay that is
    /// not applied (or applied to verified families only), or one that ends at once.
    @Test("A longer verification delay lowers the open-weight share in 2025")
    func verificationDelay() throws {
        // 2,000 buyers (see `adoptionCosts`): at 1,000 the 2025 effect on these 40 pairs
        // was -0.0074 [-0.0207, +0.0059]; at 2,000, -0.0173 [-0.0257, -0.0089].
        let base = try Replications("base.json", count: 2 * Self.count, overrides: Self.larger)
        let slow = try Replications("base.json", count: 2 * Self.count, overrides: Self.larger + ["security.verification_days=365"])
        let d = PairedDifference(base.total("token_share_open_weights", from: "2025-01-01", through: "2025-12-01", mean: true),
                                 slow.total("token_share_open_weights", from: "2025-01-01", through: "2025-12-01", mean: true))
        #expect(d.high < 0, "open share 2025 slow - base: \(d.mean) [\(d.low), \(d.high)]")
    }
}
