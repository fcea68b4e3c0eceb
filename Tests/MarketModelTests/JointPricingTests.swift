import Foundation
@testable import MarketModel
import SimulationKit
import TestSupport
import Testing

/// Joint pricing (`BestResponse`): a seller of several offerings prices each counting
/// the margin its other offerings recapture, against closed forms, a finite-difference
/// profit gradient, and the sums a running market gathers.
@Suite("Joint pricing of a seller's offerings")
struct JointPricingTests {
    typealias Closed = BestResponseTests

    /// One buyer, two products worth 12 and 8 at costs 2 and 1, taste 3: a plain logit
    /// with an outside option.
    static let worth = [12.0, 8.0], costs = [2.0, 1.0], tau = 3.0
    static let buyer = Closed.Buyer(tokens: 1, tau: tau, worth: worth)

    /// Both products' share at a common markup m: sum_k e^((w_k - c_k - m) / tau) / (1 + sum).
    static func share(markup m: Double) -> Double {
        let e = worth.indices.map { exp((worth[$0] - costs[$0] - m) / tau) }.reduce(0, +)
        return e / (1 + e)
    }

    /// Products' prices after `rounds` reviews of each in turn from three times cost,
    /// by the labs' rule (`listPrice`) or the hosts' (`nextPrice`); `owners` says who
    /// sells which.
    static func iterate(owners: [Int], hostRule: Bool, rounds: Int = 300) -> [Double] {
        var prices = costs.map { 3 * $0 }
        for _ in 0..<rounds {
            for j in prices.indices {
                let r = Closed.response(j, prices: prices, buyers: [buyer], menu: .plain(2), owners: owners, costs: costs)
                prices[j] = hostRule
                    ? BestResponse.nextPrice(price: prices[j], cost: costs[j], response: r, maxStep: 0.25, floorMargin: 0)
                    : BestResponse.listPrice(price: prices[j], cost: costs[j], response: r, limit: 4, floorMargin: 0)
            }
        }
        return prices
    }

    @Test("One firm, two products, logit with an outside option: reviews reach equal markups m = tau / (1 - S)", arguments: [false, true])
    func equalMarkups(hostRule: Bool) {
        // The joint optimum's first-order conditions D_j + sum_k m_k dD_k / dp_j = 0 with
        // dP_j / dp_j = -P_j (1 - P_j) / tau and dP_k / dp_j = P_k P_j / tau give m_j (1 -
        // P_j) - m_k P_k = tau for both j: m_0 = m_1 = m with m (1 - S(m)) = tau, where S
        // falls in m, so the root is unique.
        let m = Closed.bisect(0, 100) { m in m * (1 - Self.share(markup: m)) - Self.tau }
        let joint = Self.iterate(owners: [0, 0], hostRule: hostRule)
        for j in 0..<2 {
            #expect(abs((joint[j] - Self.costs[j]) / m - 1) < 1e-9, "product \(j): markup \(joint[j] - Self.costs[j]) vs \(m)")
        }
        // Priced as if by two sellers, each product's markup is its own tau / (1 - P_j):
        // lower than the joint markup, and different between the products.
        let separate = Self.iterate(owners: [0, 1], hostRule: hostRule)
        let shares = Closed.shares(prices: separate, Self.buyer, .plain(2)).probability
        for j in 0..<2 {
            let markup = separate[j] - Self.costs[j]
            #expect(abs(markup * (1 - shares[j]) / Self.tau - 1) < 1e-9, "product \(j) alone: \(markup)")
            #expect(markup < m - 1)
        }
        #expect(abs(separate[0] - Self.costs[0] - (separate[1] - Self.costs[1])) > 1)
        // The joint prices earn the firm more.
        func profit(_ p: [Double]) -> Double {
            let s = Closed.shares(prices: p, Self.buyer, .plain(2)).probability
            return (0..<2).reduce(0) { $0 + (p[$1] - Self.costs[$1]) * s[$1] }
        }
        #expect(profit(joint) > profit(separate) * 1.01)
    }

    @Test("Two firms with two products each, nested: p D - m S + B is the firm's profit gradient in log price")
    func profitGradient() {
        // Offerings 0 and 1 are two sellers of one model (a nest); firm 0 also sells 2,
        // firm 1 also sells 3, each a model of its own. Two buyers of different taste.
        let menu = Closed.Menu(nests: [[0, 1], [2], [3]], lambda: 0.6)
        let owners = [0, 1, 0, 1]
        let costs = [2.0, 1.5, 0.8, 1.0]
        let prices = [6.0, 5.0, 3.0, 2.5]
        let buyers = [Closed.Buyer(tokens: 2, tau: 3, worth: [12, 12, 7, 6]),
                      Closed.Buyer(tokens: 1, tau: 1.5, worth: [9, 9, 6, 8])]
        func profit(_ firm: Int, _ p: [Double]) -> Double {
            buyers.reduce(0) { total, b in
                let s = Closed.shares(prices: p, b, menu).probability
                return total + b.tokens * p.indices.filter { owners[$0] == firm }.reduce(0) { $0 + (p[$1] - costs[$1]) * s[$1] }
            }
        }
        let h = 1e-5
        for j in prices.indices {
            var up = prices, down = prices
            up[j] *= exp(h)
            down[j] *= exp(-h)
            let gradient = (profit(owners[j], up) - profit(owners[j], down)) / (2 * h)
            let s = Closed.sums(j, prices: prices, buyers: buyers, menu: menu, owners: owners, costs: costs)
            let condition = prices[j] * s.demand - (prices[j] - costs[j]) * s.slope + s.recapture
            #expect(abs(condition - gradient) < 1e-6 * abs(gradient), "offering \(j): \(condition) vs \(gradient)")
            // Without its sibling's margin the own-price condition misses by the recapture.
            #expect(s.recapture > 0.05 * abs(gradient) + 0.01, "offering \(j): recapture \(s.recapture)")
            // At the price where the review's rule rests, the gradient is zero: Lerner at eta'.
            let r = BestResponse.response(demand: s.demand, slope: s.slope, curvature: s.curvature, recapture: s.recapture, price: prices[j])!
            let lerner = prices[j] / (prices[j] - costs[j]) - r.effectiveElasticity
            #expect(abs(lerner * (prices[j] - costs[j]) * (s.demand + s.recapture / prices[j]) - condition) < 1e-9 * max(1, abs(condition)))
        }
    }

    @Test("In running markets the recapture sum is non-negative, 0 for single-offering sellers, and T P_j b_j times the siblings' margin x share")
    func recaptureSigns() throws {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=300", "months=36"])
        let draws = RandomStream(seed: 2026, key: StreamKey("joint-pricing-property"))
        var positive = 0, cases = 0, checked = 0
        for _ in 0..<12 {
            // A random seed and a random instant: the sums gathered since the last flush.
            let seed = UInt64(draws.generator.rawOutput())
            let day = draws.generator.uniform(20, 1000)
            var sim = MarketSimulation(compiled: loaded.compiled, seed: seed, replication: 0)
            var scheduler = Scheduler<MarketEvent>(start: 0, expectedPending: 400)
            try sim.setUp(&scheduler)
            try scheduler.run(&sim, until: day)
            let table = sim.demand.choiceTable
            var entries: [ActorID: Int] = [:]
            for e in table.entries { entries[sim.offerings[e.offering].seller, default: 0] += 1 }
            for (k, e) in table.entries.enumerated() {
                let recapture = sim.demand.buffers.entrySums[DemandSums.index(entry: k, sum: 3)]
                let seller = sim.offerings[e.offering].seller
                #expect(recapture >= 0, "seed \(seed) day \(day): entry \(k) recapture \(recapture)")
                if entries[seller] == 1 {
                    #expect(recapture == 0, "seed \(seed) day \(day): single-offering seller's recapture \(recapture)")
                } else if recapture > 0 {
                    positive += 1
                }
                cases += 1
            }
            // More choices, each alone in the sums, against the formula: recapture_j = T P_j
            // b_j sum_{k != j of j's seller} m_k P_k, with P_k = demand_k / T and the
            // sellers read from the offerings, not from the table's slots. (Many buyers
            // give the open models no probability at all: ten of them.)
            for _ in 0..<10 {
            sim.flushDemand()
            let b = Int(draws.generator.uniform(0, Double(sim.demand.buyers.count)))
            let buyer = sim.demand.buyers[b], tokens = buyer.tokensPerDay
            // Its commodity work alone, as a router chooses it: where open models compete.
            _ = sim.pick(b, day: day, commodity: 1, frontier: 0, current: .outside, forced: true, part: .commodity,
                         tokensPerDay: tokens, shared: 0, draws.generator)
            let utility = Utility(buyer, commodity: 1, frontier: 0, sim.demand.parameters)
            let after = sim.demand.choiceTable.entries
            let sums = sim.demand.buffers.entrySums
            for (j, e) in after.enumerated() {
                let seller = sim.offerings[e.offering].seller
                var others = 0.0
                for (k, f) in after.enumerated() where k != j && sim.offerings[f.offering].seller == seller {
                    others += f.margin * sums[DemandSums.index(entry: k, sum: 0)] / tokens
                }
                let coefficient = e.inputPrice * sim.demand.buffers.blend[Int(e.ratioSlot)] * utility.inverseTau
                let expected = sums[DemandSums.index(entry: j, sum: 0)] * coefficient * others
                let recapture = sums[DemandSums.index(entry: j, sum: 3)]
                // The loop subtracts j's own margin x share from the seller's total: its
                // rounding is relative to that total.
                let own = e.margin * sums[DemandSums.index(entry: j, sum: 0)] / tokens
                let scale = sums[DemandSums.index(entry: j, sum: 0)] * coefficient * (others + own)
                #expect(abs(recapture - expected) <= 1e-12 * scale, "seed \(seed) entry \(j): \(recapture) vs \(expected)")
                if expected > 0 { checked += 1 }
            }
            }
        }
        #expect(cases > 100)
        #expect(positive > 10)
        #expect(checked > 10)
    }
}
