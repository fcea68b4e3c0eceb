import Foundation

/// What the trajectory metrics of one report period are computed from: the
/// simulation's aggregates at the report date, gathered in one pass over its
/// offerings and actors, so that each metric of `RunRecorder`'s table is a short
/// formula over them. Gathered once a month; its arrays are a few per period.
public struct PeriodState: Sendable {
    let hasOpen: Bool
    let frontierOverall: Double
    let openOverall: Double
    /// The gap as a time lag (0 without an open model: not reported then).
    let gapDays: Double
    /// Demand-weighted mean of the segment gaps.
    let segmentGapPoints: Double
    let frontierBest: [Double]
    let openBest: [Double]

    /// The frontier offering's prices (the proprietary offering of the best model);
    /// NaN without one.
    let frontierInputPrice: Double
    let frontierOutputPrice: Double
    let frontierPrice: Double
    let bestOpenPrice: Double
    let cheapestPrice: Double
    /// The cheapest offering at or above each of the report's price levels.
    let levelPrices: [Double]
    let referenceMtokPerYear: Double

    let adoptedShare: Double
    /// Sellers' revenue over the period (buyers' spend: the run checks they agree).
    let revenueTotal: Double
    /// Adoption costs of open weights buyers bear at the report date, USD a month.
    let securityCost: Double
    let ecosystemCost: Double
    let usageElasticity: Double
    /// By `ActorKind.rawValue`.
    let tokensByKind: [Double]
    /// Tokens of open-weight models frontier labs sold through their own APIs (an open
    /// tier, X17): in the open-weight share, out of the proprietary one.
    let frontierOpenWeightTokens: Double
    let revenueByKind: [Double]
    let profitByKind: [Double]
    let cumulativeProfitByKind: [Double]
    let grossMarginByKind: [Double]
    let periodMarginByKind: [Double]
    let tokens: Double
    let selfHostedTokens: Double
    let boughtTokens: Double
    let widthTokens: (menu: Double, narrower: Double, widthWeighted: Double)
    let licenceRevenue: Double

    let buyerSurplus: Double
    let cumulativeBuyerSurplus: Double
    let cumulativeTotalSurplus: Double

    let counts: EventCounts
    let elasticityByKind: [(sum: Double, weight: Double)]
    let frontierPriceCut12m: Double
    let servedMtokPerDay: Double
    let capacityMtokPerDay: Double
    let hostsOfLatestOpenModels: Int
    let latestOpenModels: Int
    let incidentMultiplier: Double

    init(_ sim: borrowing MarketSimulation, day: Double, revenueTotal: Double) {
        hasOpen = sim.leaders.openOverall > 0
        frontierOverall = sim.leaders.frontierOverall
        openOverall = sim.leaders.openOverall
        frontierBest = sim.leaders.frontierBest
        openBest = sim.leaders.openBest
        gapDays = hasOpen ? sim.gapDays(day: day) : 0
        segmentGapPoints = hasOpen ? sim.compiled.overall(zip(sim.leaders.frontierBest, sim.leaders.openBest).map { $0 - $1 }) : .nan

        var frontier: OfferingID?
        var bestOpenModel: ModelID?
        for j in sim.activeOfferings {
            let o = sim.offerings[j]
            // The frontier price is a flagship's: the best proprietary flagship on sale (a
            // tier is another product; an older generation's flagship is not the best).
            if !o.openWeights, sim.catalog[o.model].tier == nil,
               frontier.map({ sim.catalog[o.model].overall > sim.catalog[sim.offerings[$0].model].overall }) ?? true {
                frontier = j
            }
            if o.openWeights, bestOpenModel.map({ sim.catalog[o.model].overall > sim.catalog[$0].overall }) ?? true {
                bestOpenModel = o.model
            }
        }
        let priceLevels = sim.scenario.report.priceLevels
        var bestOpenPrice = Double.nan
        var cheapest = Double.nan
        var levels = Array(repeating: Double.nan, count: priceLevels.count)
        for j in sim.activeOfferings {
            let p = sim.blendedPrice(j)
            let o = sim.offerings[j]
            if o.model == bestOpenModel, !(bestOpenPrice <= p) { bestOpenPrice = p }
            if !(cheapest <= p) { cheapest = p }
            for (k, level) in priceLevels.enumerated() where sim.catalog[o.model].overall >= level && !(levels[k] <= p) {
                levels[k] = p
            }
        }
        frontierInputPrice = frontier.map { sim.offerings[$0].inputPrice } ?? .nan
        frontierOutputPrice = frontier.map { sim.offerings[$0].outputPrice } ?? .nan
        frontierPrice = frontier.map { sim.blendedPrice($0) } ?? .nan
        self.bestOpenPrice = bestOpenPrice
        cheapestPrice = cheapest
        levelPrices = levels
        referenceMtokPerYear = TokenCost.millionTokensPerYear(tokensPerDay: sim.scenario.report.referenceTokensPerDay)

        adoptedShare = sim.demand.buyers.isEmpty ? 0 : Double(sim.demand.buyers.lazy.filter(\.adopted).count) / Double(sim.demand.buyers.count)
        self.revenueTotal = revenueTotal
        // At the report date's terms (`updateDailyChoiceTerms` runs at every choice's
        // instant; the report reads the same formula at its own).
        let scale = sim.demand.buyerScale
        securityCost = sim.demand.openDeployments.secureFamilies * scale * sim.demand.parameters.verificationUsdPerMonth * sim.demand.incidentMultiplier
        ecosystemCost = sim.demand.openDeployments.all * scale * sim.demand.parameters.ecosystemUsdPerMonth(day: day)
        usageElasticity = sim.demand.usageElasticity.value
        let kinds = ActorKind.allCases.count
        var tokensByKind = [Double](repeating: 0, count: kinds)
        var revenueByKind = [Double](repeating: 0, count: kinds)
        var profitByKind = [Double](repeating: 0, count: kinds)
        var cumulativeByKind = [Double](repeating: 0, count: kinds)
        var marginByKind = [Double](repeating: 0, count: kinds)
        var periodMarginByKind = [Double](repeating: 0, count: kinds)
        var frontierOpen = 0.0
        for a in sim.actors.ids.indices {
            let k = sim.actors.kinds[a].rawValue
            let acc = sim.ledger.accounts[a]
            tokensByKind[k] += acc.tokensMtok
            frontierOpen += acc.openWeightTokensMtok
            revenueByKind[k] += acc.revenue
            profitByKind[k] += acc.profit
            cumulativeByKind[k] += sim.ledger.cumulativeProfit[a] + acc.profit
            marginByKind[k] += sim.ledger.cumulativeGrossMargin[a] + acc.revenue - acc.serving
            periodMarginByKind[k] += acc.revenue - acc.serving
        }
        self.tokensByKind = tokensByKind
        frontierOpenWeightTokens = frontierOpen
        self.revenueByKind = revenueByKind
        self.profitByKind = profitByKind
        cumulativeProfitByKind = cumulativeByKind
        grossMarginByKind = marginByKind
        self.periodMarginByKind = periodMarginByKind
        tokens = tokensByKind.reduce(0, +)
        var bought = 0.0
        for j in sim.activeOfferings { bought += sim.offerings[j].aggregates.tokens }
        boughtTokens = bought
        selfHostedTokens = sim.demand.selfHost.tokensPerDay
        widthTokens = sim.widthMenus.periodTokens
        licenceRevenue = sim.ledger.accounts.reduce(0) { $0 + $1.licenceRevenue }

        buyerSurplus = sim.demand.surplus.periodUsd
        cumulativeBuyerSurplus = sim.demand.surplus.cumulativeUsd + sim.demand.surplus.periodUsd
        cumulativeTotalSurplus = cumulativeBuyerSurplus + cumulativeByKind.reduce(0, +)

        counts = sim.period.counts
        elasticityByKind = sim.priceRecord.periodElasticity
        var cut = 0.0
        for prices in sim.priceRecord.frontierAtReports where !prices.isEmpty {
            cut = max(cut, 1 - prices[prices.count - 1] / prices.suffix(13).max()!)
        }
        frontierPriceCut12m = cut
        var served = 0.0, capacity = 0.0
        for p in sim.hosting.states.indices {
            served += sim.servedMtokPerDay(p, day: day)
            capacity += sim.hosting.states[p].capacityMtokPerDay
        }
        servedMtokPerDay = served
        capacityMtokPerDay = capacity
        let latest = sim.latestOpenModels
        var hostsOfLatest = 0
        for j in sim.activeOfferings where sim.offerings[j].sellerKind == .infra && latest.contains(sim.offerings[j].model) {
            hostsOfLatest += 1
        }
        hostsOfLatestOpenModels = hostsOfLatest
        latestOpenModels = latest.count
        incidentMultiplier = sim.demand.incidentMultiplier
    }

    /// The frontier labs', open labs' and hosts' gross margin (revenue less serving
    /// cost), cumulated and in the period: the whole that value shares divide.
    var grossMarginOfSellers: Double {
        grossMarginByKind[ActorKind.frontierLab.rawValue] + grossMarginByKind[ActorKind.openLab.rawValue]
            + grossMarginByKind[ActorKind.infra.rawValue]
    }

    var periodMarginOfSellers: Double {
        periodMarginByKind[ActorKind.frontierLab.rawValue] + periodMarginByKind[ActorKind.openLab.rawValue]
            + periodMarginByKind[ActorKind.infra.rawValue]
    }

    /// A share of the cumulative total surplus, a signed total: defined while it is positive.
    func surplusShare(_ x: Double) -> Double { cumulativeTotalSurplus > 0 ? x / cumulativeTotalSurplus : .nan }

    /// The demand-weighted own-price elasticity of `kind`'s price reviews in the
    /// period; NaN without a review.
    func elasticity(_ kind: ActorKind) -> Double {
        let e = elasticityByKind[kind.rawValue]
        return e.weight > 0 ? e.sum / e.weight : .nan
    }
}
