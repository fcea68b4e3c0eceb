import Foundation

/// What self-hosting buyers owe in royalties: the lab licensing the model they run
/// (global actor index, -1: none or royalty-free) and its royalty per million tokens,
/// booked from the aggregate of self-hosted tokens a day up to `markDay`, where the
/// usage growth factor was `growthAtMark` (as the buyers' surplus is: a report or a
/// choice touches no other buyer for it).
struct SelfHostRoyalty {
    var licensor: ActorID?
    var usdPerMtok = 0.0
    var markDay = 0.0
    var growthAtMark = 1.0
}

extension MarketSimulation {
    /// The lab that `payer` (a host's global actor index; -1 for a self-hosting buyer)
    /// owes a royalty for serving `model`, and the royalty per million tokens; (-1, 0)
    /// when none is owed: a frontier or distilled model, a royalty-free (MIT-like)
    /// licence, or a host of the lab's own organisation (H11: one firm, no contract).
    func licenceTerms(model: ModelID, payer: ActorID?) -> (licensor: ActorID?, usdPerMtok: Double) {
        let record = catalog[model]
        guard record.creatorKind == .openLab else { return (nil, 0) }
        let lab = record.creator
        if let payer, actors.organization(of: payer) == actors.organization(of: lab) { return (nil, 0) }
        let royalty = scenario.actors.openLabs[actors.role(of: lab).index].licence.royaltyUsdPerMtok
        return royalty > 0 ? (lab, royalty) : (nil, 0)
    }

    /// Books the royalty on `tokensMtok` sold by offering `j`: a cost of its seller and
    /// the licensor's licence revenue (not revenue from buyers, so the buyers' ledger and
    /// the sellers' still match).
    mutating func bookRoyalty(_ j: OfferingID, seller: ActorID, licensor: ActorID, tokensMtok: Double) {
        let usd = tokensMtok * offerings[j].royaltyUsdPerMtok
        ledger.bookRoyalty(usd, from: seller, to: licensor)
    }

    /// Books the royalties self-hosting buyers owe since the last booking.
    mutating func settleSelfHostRoyalty(day: Double) {
        guard day > demand.selfHost.royalty.markDay else { return }
        trends.update(day: day)
        if let licensor = demand.selfHost.royalty.licensor {
            let tokens = demand.selfHost.tokensPerDay * Self.exponentialIntegral(rate: trends.usageGrowthRate, from: demand.selfHost.royalty.markDay, to: day,
                                                                     expFrom: demand.selfHost.royalty.growthAtMark, expTo: trends.growthAtDay)
            ledger.bookRoyalty(tokens / 1e6 * demand.selfHost.royalty.usdPerMtok, from: nil, to: licensor)
        }
        demand.selfHost.royalty.markDay = day
        demand.selfHost.royalty.growthAtMark = trends.growthAtDay
    }

    /// Self-hosting moves to `model` at `day`: books what the previous model's licence
    /// was owed, then takes the new one's terms; another creator's model is another
    /// family to verify (`selfHostFamilyChanged`).
    mutating func moveSelfHosting(to model: ModelID, day: Double) {
        settleSelfHostRoyalty(day: day)
        let previousFamily = demand.selfHost.model.map { catalog[$0].creator }
        demand.selfHost.model = model
        if previousFamily.map({ $0 != catalog[model].creator }) ?? false { selfHostFamilyChanged() }
        (demand.selfHost.royalty.licensor, demand.selfHost.royalty.usdPerMtok) = licenceTerms(model: model, payer: nil)
    }
}
