import Foundation
import SimulationKit

extension MarketSimulation {
    /// Sets buyer `b`'s equivalent variation on `part` of its workload from the log-sum
    /// of the menu it just chose from, and the market's sum of them.
    mutating func recordSurplus(_ b: Int, part: Part, logSum: Double, commodity: Double, frontier: Double,
                                tokensPerDay: Double, day: Double) {
        var reference = part == .commodity ? demand.welfare[b].commodity : demand.welfare[b].frontier
        if reference.referenceLogSum.isNaN {
            (reference.referenceLogSum, reference.referenceUsdPerMtok)
                = menuLogSum(b, table: demand.referenceTable, selfHost: demand.referenceSelfHost, commodity: commodity,
                             frontier: frontier, tokensPerDay: tokensPerDay, ecosystemPenalty: demand.parameters.openEcosystemPenalty,
                             incidentMultiplier: 1)
        }
        let equivalentVariation = tokensPerDay * reference.referenceUsdPerMtok / 1e6
            * BuyerWelfare.savedShare(logSum: logSum, referenceLogSum: reference.referenceLogSum,
                                      priceSensitivity: demand.buyers[b].priceSensitivity)
        settleSurplus(day: day)
        demand.surplus.usdPerDay += equivalentVariation - reference.equivalentVariationUsdPerDay
        reference.equivalentVariationUsdPerDay = equivalentVariation
        if part == .commodity { demand.welfare[b].commodity = reference } else { demand.welfare[b].frontier = reference }
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

    /// Buyer `b`'s log-sum and expected price per million tokens (at the logit
    /// probabilities, security tax included) over the menu `table` and self-hosting on
    /// `selfHost` (if it names a model), for a workload weighted as in `pick`, without
    /// switching cost: the same utility as a choice, summed directly. The start-of-run
    /// menu's (`demand.referenceTable` and `demand.referenceSelfHost`, the start date's penalty, no
    /// incident) runs once per buyer and part of its workload.
    func menuLogSum(_ b: Int, table: ChoiceTable, selfHost: SelfHostTerms, commodity: Double, frontier: Double,
                    tokensPerDay: Double, ecosystemPenalty penalty: Double, incidentMultiplier incidents: Double) -> (logSum: Double, usdPerMtok: Double) {
        let buyer = demand.buyers[b]
        let p = demand.parameters
        let utility = Utility(buyer, commodity: commodity, frontier: frontier, p)
        let securityMultiplier = buyer.securitySensitive ? 1 + buyer.securityOverhead * incidents : 1
        let securityLog = log(securityMultiplier)
        let own = selfHost.model != nil
            ? selfHosting(b, selfHost, commodity: commodity, frontier: frontier, tokensPerDay: tokensPerDay,
                          ecosystemPenalty: penalty)
            : (v: -Double.infinity, usdPerMtok: 0)
        // One logarithm per distinct price ratio and one utility per entry (kept on the
        // stack), then one exponential per entry: this runs for every new buyer's parts.
        // Self-hosting's weight and price come last.
        let ratioCount = table.ratios.count, count = table.count, n = selfHost.model != nil ? count + 1 : count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * ratioCount + 2 * n) { buffer in
            let blendFactor = buffer.baseAddress!, blendLog = blendFactor + ratioCount
            let utilities = blendLog + ratioCount, prices = utilities + n
            for (r, ratio) in table.ratios.enumerated() {
                blendFactor[r] = buyer.inputShare + (1 - buyer.inputShare) * ratio
                blendLog[r] = log(blendFactor[r])
            }
            var maxU = own.v
            for (k, e) in table.entries.enumerated() {
                let row = Int(e.qualityRow), slot = Int(e.ratioSlot)
                let logPrice = e.logInputPrice + blendLog[slot] + securityLog * e.openWeights
                let v = utility.value(own: catalog.quality[row + utility.segment], frontier: catalog.quality[row + utility.frontierSegment],
                                      logPrice: logPrice, speed: p.speedSensitivity * e.logTokensPerSecond,
                                      openPenalty: penalty * e.openWeights)
                utilities[k] = v
                prices[k] = e.inputPrice * blendFactor[slot] * (e.openWeights > 0 ? securityMultiplier : 1)
                maxU = max(maxU, v)
            }
            if selfHost.model != nil {
                utilities[count] = own.v
                prices[count] = own.usdPerMtok
            }
            let total = LogitExponential.exponentiate(UnsafeMutableBufferPointer(start: utilities, count: n), maximum: maxU)
            var priced = 0.0
            for k in 0..<n { priced += utilities[k] * prices[k] }
            return (maxU + log(total), priced / total)
        }
    }
}
