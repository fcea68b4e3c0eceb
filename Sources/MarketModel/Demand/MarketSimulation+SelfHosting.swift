import Foundation
import SimulationKit

extension MarketSimulation {
    /// A buyer's utility (`utility`) of self-hosting on `terms` (no switching cost): its
    /// price is GPU cost plus the deployment's fixed cost over this part's `monthlyMtok`
    /// (one enterprise's), and it bears open weights' other costs (`openCost`, per
    /// million tokens: the ecosystem's integration and, for a security-sensitive buyer,
    /// verification).
    func selfHosting(_ utility: Utility, _ terms: SelfHostTerms, monthlyMtok: Double, openCost: Double) -> Double {
        let cost = terms.gpuUsdPerMtok + demand.selfHost.fixedUsd / monthlyMtok
        let row = terms.model!.qualityRow(segments: segments)
        return utility.value(worth: utility.worth(own: catalog.quality[row + utility.segment], frontier: catalog.quality[row + utility.frontierSegment]),
                             price: cost, otherCosts: openCost, speed: demand.selfHost.speedUtility)
    }
}
