import Foundation
import SimulationKit

extension MarketSimulation {
    /// Buyer `b`'s utility of self-hosting on `terms` (no switching cost) and the price
    /// per million tokens it pays there: GPU cost plus the deployment's fixed cost (and,
    /// for a security-sensitive buyer, its verification) over this part's monthly tokens.
    func selfHosting(_ b: Int, _ terms: SelfHostTerms, commodity: Double, frontier: Double, tokensPerDay: Double,
                     ecosystemPenalty penalty: Double) -> (v: Double, usdPerMtok: Double) {
        let buyer = demand.buyers[b]
        let utility = Utility(buyer, commodity: commodity, frontier: frontier, demand.parameters)
        let monthlyMtok = tokensPerDay * terms.mtokPerMonthPerScaledToken
        let fixed = buyer.securitySensitive ? demand.selfHost.secureFixedUsd : demand.selfHost.fixedUsd
        let price = terms.gpuUsdPerMtok + fixed / monthlyMtok
        let row = terms.model!.qualityRow(segments: segments)
        let v = utility.value(own: catalog.quality[row + utility.segment], frontier: catalog.quality[row + utility.frontierSegment],
                              logPrice: log(price), speed: demand.selfHost.speedUtility, openPenalty: penalty)
        return (v, price)
    }
}
