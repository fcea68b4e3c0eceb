import Foundation
@testable import MarketModel
import Testing

/// Hosts' capacity, entry and exit (issue 13, item 3): the rationing price against a
/// hand-computed figure, and comparative statics on paired seeds (replication r of each
/// side uses the same seed), each asserting that the 95 % interval of the paired
/// difference lies on the expected side. 1,000 buyers keep each side a second or two.
@Suite("Hosts with capacity: scarcity, entry and exit", .serialized)
struct HostCapacityTests {
    static let count = 20
    static let small = ["buyers.count=1000"]

    @Test("Capacity binding raises the price to p u^(1/eta), within the step limit (hand-computed)")
    func rationingPrice() {
        // At Lerner's price (p = 2, c = 1, eta = 2: p / (p - c) = eta) the unconstrained step holds it.
        #expect(BestResponse.nextPrice(price: 2, cost: 1, response: DemandResponse(elasticity: 2, elasticitySlope: 0, recapture: 0), maxStep: 0.3, floorMargin: 0.05) == 2)
        // Capacity slack (demand at 90 % of it): the same.
        #expect(BestResponse.nextPrice(price: 2, cost: 1, response: DemandResponse(elasticity: 2, elasticitySlope: 0, recapture: 0), maxStep: 0.3, floorMargin: 0.05, utilisation: 0.9) == 2)
        // Demand 1.44 times capacity: demand ~ p^-2 falls by 1.44 at 2 x 1.44^(1/2) = 2.4.
        let rationed = BestResponse.nextPrice(price: 2, cost: 1, response: DemandResponse(elasticity: 2, elasticitySlope: 0, recapture: 0), maxStep: 0.3, floorMargin: 0.05, utilisation: 1.44)
        #expect(abs(rationed - 2.4) < 1e-12)
        // Demand 4 times capacity: the rationing price 4 is beyond the step, so 2 x 1.3.
        let capped = BestResponse.nextPrice(price: 2, cost: 1, response: DemandResponse(elasticity: 2, elasticitySlope: 0, recapture: 0), maxStep: 0.3, floorMargin: 0.05, utilisation: 4)
        #expect(abs(capped - 2.6) < 1e-12)
        // Below Lerner's price (p = 1.5: Newton's step (3 - 2) / (1.5 / 0.25) = 1/6, inside
        // the limit log 1.3) the unconstrained rise to 1.5 e^(1/6) = 1.772 is above the
        // rationing price 1.5 x 1.1^(1/2) = 1.573, and wins.
        let rising = BestResponse.nextPrice(price: 1.5, cost: 1, response: DemandResponse(elasticity: 2, elasticitySlope: 0, recapture: 0), maxStep: 0.3, floorMargin: 0.05, utilisation: 1.1)
        #expect(abs(rising - 1.5 * exp(1.0 / 6)) < 1e-12)
    }

    /// Through 2028. Why not the whole run: with joint pricing (`JointPricingTests`) the
    /// hosts of base, by then selling many models and widths each, price as high in
    /// 2029-2030 at base's capacity cost as at the dear one (0.71 and 0.70 USD per Mtok,
    /// 20 replications), and tokens grow so fast that those two years carry the
    /// whole-run mean; before them the dear cost's rise is as large as without joint
    /// pricing (0.15 against 0.14 USD per Mtok).
    @Test("A higher capacity cost raises hosts' prices")
    func capacityCostRaisesHostPrices() throws {
        // 40 pairs: on 20 the interval reached -0.04 USD per Mtok after the capability
        // index and the refit (the rise is 0.18-0.38 a year through 2028 on 40).
        let base = try Replications("base.json", count: 2 * Self.count, overrides: Self.small)
        let dear = try Replications("base.json", count: 2 * Self.count, overrides: Self.small + [
            "costs.capacity_usd_per_mtok_per_day_month=9"])
        let end = base.loaded.compiled.reportDays[base.period("2029-01-01")]
        let d = PairedDifference(Self.hostPrice(base, before: end), Self.hostPrice(dear, before: end))
        #expect(d.low > 0, "host price dear - base: \(d.mean) [\(d.low), \(d.high)]")
    }

    @Test("A higher fixed cost per hosted model lowers the number of hosts per model")
    func fixedCostThinsHosts() throws {
        let base = try Replications("base.json", count: Self.count, overrides: Self.small)
        let dear = try Replications("base.json", count: Self.count, overrides: Self.small + (0..<3).map {
            "actors.infra[\($0)].capacity_usd_per_model_month=1500000" })
        let d = PairedDifference(base.total("hosts_per_open_model", from: "2024-01-01", mean: true),
                                 dear.total("hosts_per_open_model", from: "2024-01-01", mean: true))
        #expect(d.high < 0, "hosts per open model dear - base: \(d.mean) [\(d.low), \(d.high)]")
    }

    /// Hosts' revenue over their tokens in the rows before day `end`, per replication
    /// (USD per Mtok).
    static func hostPrice(_ runs: Replications, before end: Double) -> [Double] {
        let kinds = runs.loaded.compiled.actorKinds
        return runs.results.map { r in
            var revenue = 0.0, tokens = 0.0
            for row in r.actorRows where kinds[row.actor] == .infra && row.day < end {
                revenue += row.values[0]
                tokens += row.values[7]
            }
            return revenue / tokens
        }
    }
}
