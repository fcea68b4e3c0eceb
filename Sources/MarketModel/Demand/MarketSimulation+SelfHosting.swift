import Foundation
import SimulationKit

extension MarketSimulation {
    /// A buyer's utility (`utility`) of self-hosting on `terms` (no switching cost): its
    /// price is GPU cost plus the deployment's fixed cost over this part's `monthlyMtok`
    /// (one enterprise's), and it bears open weights' other costs (`costs`: the
    /// ecosystem's integration and, for a security-sensitive buyer, verification of the
    /// self-hosted model's family).
    func selfHosting(_ utility: Utility, _ terms: SelfHostTerms, monthlyMtok: Double, costs: AdoptionCosts) -> Double {
        let cost = terms.gpuUsdPerMtok + demand.selfHost.fixedUsd / monthlyMtok
        let row = terms.model!.qualityRow(segments: segments)
        return utility.value(worth: utility.worth(own: catalog.quality[row + utility.segment], frontier: catalog.quality[row + utility.frontierSegment]),
                             price: cost, otherCosts: costs.perMtok(openWeights: 1, family: catalog.families[terms.model!.index]),
                             speed: demand.selfHost.speedUtility)
    }
}
