import Foundation
@testable import MarketModel
import Testing

/// The best-response rule against logit markets solved independently: each optimum
/// or equilibrium is found by bisection on its first-order condition (or by a direct
/// search of the profit), and the simulation's rule, iterated review after review from
/// the demand sums it accumulates, must arrive there.
@Suite("Best-response prices against logit closed forms")
struct BestResponseTests {
    /// Logit shares of offerings with weights a_j p_j^-beta beside an outside option
    /// of weight `outside`.
    static func shares(prices: [Double], appeal: [Double], beta: Double, outside: Double) -> [Double] {
        let w = zip(prices, appeal).map { $1 * pow($0, -beta) }
        let total = outside + w.reduce(0, +)
        return w.map { $0 / total }
    }

    /// One review of seller `j`: the demand sums over `buyers` (tokens, beta) facing the
    /// current prices, then the rule's next price.
    static func review(_ j: Int, prices: [Double], appeal: [Double], buyers: [(tokens: Double, beta: Double)],
                       outside: Double, cost: Double, usage: Double = 0, maxStep: Double = 0.25) -> Double {
        var demand = 0.0, slope = 0.0
        for b in buyers {
            let p = shares(prices: prices, appeal: appeal, beta: b.beta, outside: outside)[j]
            BestResponse.accumulate(demand: &demand, slope: &slope, tokens: b.tokens, probability: p, beta: b.beta)
        }
        let eta = BestResponse.elasticity(demand: demand, slope: slope, usage: usage)
        return BestResponse.nextPrice(price: prices[j], cost: cost, elasticity: eta, maxStep: maxStep, floorMargin: 0)
    }

    /// The root of an increasing-then-positive function on [lo, hi] by bisection.
    static func bisect(_ lo: Double, _ hi: Double, _ f: (Double) -> Double) -> Double {
        var (lo, hi) = (lo, hi)
        precondition(f(lo) < 0 && f(hi) > 0)
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if f(mid) < 0 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    @Test("A logit monopoly with an outside option: iterated reviews reach p with (p - c) beta (1 - P(p)) = p")
    func monopoly() {
        let (beta, cost, appeal) = (2.5, 1.0, 40.0)
        let exact = Self.bisect(cost, 1000 * cost) { p in
            let share = Self.shares(prices: [p], appeal: [appeal], beta: beta, outside: 1)[0]
            return (p - cost) * beta * (1 - share) - p
        }
        var price = 20 * cost
        for _ in 0..<300 {
            price = Self.review(0, prices: [price], appeal: [appeal], buyers: [(1, beta)], outside: 1, cost: cost)
        }
        #expect(abs(price / exact - 1) < 1e-9, "\(price) vs \(exact)")
        // The optimum is interior and the share is not the corner: the test is not trivial.
        let share = Self.shares(prices: [exact], appeal: [appeal], beta: beta, outside: 1)[0]
        #expect(share > 0.2 && share < 0.8 && exact > 1.5 * cost)
    }

    @Test("Heterogeneous buyers: the demand-weighted elasticity finds the price that maximises total profit")
    func heterogeneousMonopoly() {
        let cost = 0.5
        let buyers: [(tokens: Double, beta: Double)] = [(3, 1.4), (1, 3.0), (0.5, 5.0)]
        func profit(_ p: Double) -> Double {
            buyers.reduce(0) { $0 + $1.tokens * (p - cost) * Self.shares(prices: [p], appeal: [10], beta: $1.beta, outside: 1)[0] }
        }
        // Golden-section search of the profit itself: no elasticity involved.
        var (a, b) = (cost, 100 * cost)
        let r = (5.0.squareRoot() - 1) / 2
        for _ in 0..<300 {
            let x1 = b - r * (b - a), x2 = a + r * (b - a)
            if profit(x1) < profit(x2) { a = x1 } else { b = x2 }
        }
        let best = (a + b) / 2
        var price = 3 * cost
        for _ in 0..<400 {
            price = Self.review(0, prices: [price], appeal: [10], buyers: buyers, outside: 1, cost: cost)
        }
        #expect(abs(price / best - 1) < 1e-6, "\(price) vs \(best)")
    }

    @Test("A symmetric logit duopoly: alternating reviews reach the Nash price solved by bisection")
    func duopoly() {
        let (beta, cost, appeal) = (2.0, 1.0, 5.0)
        let exact = Self.bisect(cost * 1.0001, 1000 * cost) { p in
            let share = Self.shares(prices: [p, p], appeal: [appeal, appeal], beta: beta, outside: 1)[0]
            return (p - cost) * beta * (1 - share) - p
        }
        var prices = [8 * cost, 1.5 * cost]
        for _ in 0..<400 {
            for j in 0..<2 {
                prices[j] = Self.review(j, prices: prices, appeal: [appeal, appeal], buyers: [(1, beta)], outside: 1, cost: cost)
            }
        }
        #expect(abs(prices[0] / exact - 1) < 1e-8 && abs(prices[1] / exact - 1) < 1e-8, "\(prices) vs \(exact)")
        // Competition lowers the price below the monopolist's against the same outside option.
        let monopoly = Self.bisect(cost, 1000 * cost) { p in
            let share = Self.shares(prices: [p], appeal: [appeal], beta: beta, outside: 1)[0]
            return (p - cost) * beta * (1 - share) - p
        }
        #expect(exact < 0.95 * monopoly)
    }

    @Test("With cost far below price, rivals' logit weight rising e^3-fold cuts the best response by e^(-3/beta) (H7)")
    func rivalsCutThePrice() {
        // Open quality closing 12 points at 0.25 utility a point multiplies the rivals'
        // weight by e^3; with beta = 1.86 the price should fall about 80 %.
        let (beta, cost) = (1.86, 0.001)
        func iterated(outside: Double) -> Double {
            var price = 10.0
            for _ in 0..<2000 {
                price = Self.review(0, prices: [price], appeal: [100], buyers: [(1, beta)], outside: outside, cost: cost)
            }
            return price
        }
        func exact(outside: Double) -> Double {
            Self.bisect(cost, 1e6) { p in
                (p - cost) * beta * (1 - Self.shares(prices: [p], appeal: [100], beta: beta, outside: outside)[0]) - p
            }
        }
        for outside: Double in [1, exp(3.0)] {
            #expect(abs(iterated(outside: outside) / exact(outside: outside) - 1) < 1e-9)
        }
        let ratio = iterated(outside: exp(3)) / iterated(outside: 1)
        #expect(abs(ratio - exp(-3 / beta)) < 0.002, "\(ratio) vs \(exp(-3 / beta))")
    }

    @Test("Inelastic demand raises the price by the step; no demand holds it; the floor binds; Lerner's price is a rest point")
    func limits() {
        #expect(abs(BestResponse.nextPrice(price: 10, cost: 1, elasticity: 0.1, maxStep: 0.25, floorMargin: 0.05) - 12.5) < 1e-12)
        // Inside the step: log price moves by half of p / (p - c) - eta.
        let inside = BestResponse.nextPrice(price: 10, cost: 1, elasticity: 1.0, maxStep: 0.25, floorMargin: 0.05)
        #expect(abs(inside - 10 * exp(0.5 * (10.0 / 9 - 1))) < 1e-12)
        #expect(BestResponse.nextPrice(price: 10, cost: 1, elasticity: nil, maxStep: 0.25, floorMargin: 0.05) == 10)
        #expect(abs(BestResponse.nextPrice(price: 10, cost: 1, elasticity: 100, maxStep: 0.25, floorMargin: 0.05) - 8) < 1e-12)
        #expect(BestResponse.nextPrice(price: 1.1, cost: 1, elasticity: 100, maxStep: 0.25, floorMargin: 0.05) == 1.05)
        // At Lerner's price (eta = 2, p = 2c) the price stays.
        #expect(BestResponse.nextPrice(price: 2, cost: 1, elasticity: 2, maxStep: 0.25, floorMargin: 0.05) == 2)
        #expect(BestResponse.elasticity(demand: 0, slope: 0, usage: 0.06) == nil)
        #expect(BestResponse.elasticity(demand: 2, slope: 3, usage: 0.06) == 1.56)
    }
}
