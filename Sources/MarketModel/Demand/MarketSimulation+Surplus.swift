import Foundation
import SimulationKit

extension MarketSimulation {
    /// Sets buyer `b`'s surplus on `part` of its workload to `usdPerDay` (at usage
    /// growth factor 1), and the market's sum of them.
    mutating func recordSurplus(_ b: Int, part: Part, usdPerDay: Double, day: Double) {
        settleSurplus(day: day)
        let old = part == .commodity ? demand.welfare[b].commodityUsdPerDay : demand.welfare[b].frontierUsdPerDay
        demand.surplus.usdPerDay += usdPerDay - old
        if part == .commodity { demand.welfare[b].commodityUsdPerDay = usdPerDay } else { demand.welfare[b].frontierUsdPerDay = usdPerDay }
    }

    /// Books the buyers' surplus since the last booking: the sum of their equivalent
    /// variations per day (each held since the buyer's last choice) times the workloads'
    /// growth over the interval. Kept as one aggregate, as the offerings' are, so a
    /// report touches no buyer for it.
    mutating func settleSurplus(day: Double) {
        guard day > demand.surplus.markDay else { return }
        trends.update(day: day)
        demand.surplus.periodUsd += demand.surplus.usdPerDay * Self.exponentialIntegral(rate: trends.usageGrowthRate, from: demand.surplus.markDay, to: day,
                                                                          expFrom: demand.surplus.growthAtMark, expTo: trends.growthAtDay)
        demand.surplus.markDay = day
        demand.surplus.growthAtMark = trends.growthAtDay
    }

    /// Buyer `b`'s log-sum over the menu `table`, self-hosting on `selfHost` (if it names
    /// a model) and the outside option, for a workload weighted as in `pick`, without
    /// switching cost: the same utilities as a choice, summed directly, with the
    /// adoption costs at `demand.adoptionCostDay`. A choice takes its log-sum from its
    /// draw; this sums it again where the draw's sum cannot give it exactly (a
    /// switching cost beyond 20), and checks the draw's in tests.
    func menuLogSum(_ b: Int, table: ChoiceTable, selfHost: SelfHostTerms, commodity: Double, frontier: Double,
                    tokensPerDay: Double, shared: UInt64) -> Double {
        let buyer = demand.buyers[b]
        let p = demand.parameters
        let utility = Utility(buyer, commodity: commodity, frontier: frontier, p)
        let monthlyMtok = tokensPerDay * demand.mtokPerMonthPerScaledToken
        let costs = adoptionCosts(secure: buyer.securitySensitive, monthlyMtok: monthlyMtok, shared: shared,
                                  preference: utility.proprietaryPreference(buyer))
        var utilities: [Double] = [0]
        if selfHost.model != nil { utilities.append(selfHosting(utility, selfHost, monthlyMtok: monthlyMtok, costs: costs)) }
        // Each nest's inclusive value lambda log sum e^(u / lambda) (`drawFromMenu`).
        for m in 0..<table.nestCount {
            let members = table.entries[Int(table.nestStarts[m])..<Int(table.nestStarts[m + 1])].map { e in
                let row = Int(e.qualityRow)
                let blend = buyer.inputShare + (1 - buyer.inputShare) * table.ratios[Int(e.ratioSlot)]
                return utility.value(worth: utility.worth(own: catalog.quality[row + utility.segment],
                                                          frontier: catalog.quality[row + utility.frontierSegment]),
                                     price: e.inputPrice * blend, otherCosts: costs.perMtok(openWeights: e.openWeights, family: e.family),
                                     speed: p.speedSensitivity * e.logRelativeSpeed) / p.nestScale
            }
            let maxA = members.max()!
            utilities.append(p.nestScale * (maxA + log(members.reduce(0) { $0 + LogitExponential.exp($1 - maxA) })))
        }
        let maxU = utilities.max()!
        return maxU + log(utilities.reduce(0) { $0 + LogitExponential.exp($1 - maxU) })
    }
}
