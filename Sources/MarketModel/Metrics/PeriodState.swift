import Foundation

/// What the trajectory metrics of one report period are computed from: the
/// simulation's aggregates at the report date, each part gathered by its own pass over
/// the offerings or actors, so that each metric of `RunRecorder`'s table is a short
/// formula over them. Gathered once a month; its arrays are a few per period.
public struct PeriodState: Sendable {
    let quality: Quality
    let prices: Prices
    let buyers: Buyers
    let tokens: Tokens
    let money: Money
    let surplus: Surplus
    let events: Events
    let supply: Supply

    init(_ sim: borrowing MarketSimulation, day: Double, revenueTotal: Double) {
        quality = Quality(sim, day: day)
        prices = Prices(sim)
        buyers = Buyers(sim, day: day)
        tokens = Tokens(sim)
        money = Money(sim, revenueTotal: revenueTotal)
        surplus = Surplus(sim, cumulativeProfitByKind: money.cumulativeProfitByKind)
        events = Events(sim)
        supply = Supply(sim, day: day)
    }

    /// The best proprietary and open-weight models' quality at the report date, overall
    /// and by segment, and the gap between them.
    struct Quality {
        let hasOpen: Bool
        let frontierOverall: Double
        let openOverall: Double
        /// The same models' overall capability index (decades of effective compute).
        let frontierCapability: Double
        let openCapability: Double
        /// The gap as a time lag (0 without an open model: not reported then).
        let gapDays: Double
        /// Demand-weighted mean of the segment gaps.
        let segmentGapPoints: Double
        let frontierBest: [Double]
        let openBest: [Double]

        init(_ sim: borrowing MarketSimulation, day: Double) {
            hasOpen = sim.leaders.openOverall > 0
            frontierOverall = sim.leaders.frontierOverall
            openOverall = sim.leaders.openOverall
            frontierCapability = sim.leaders.frontierOverallCapability
            openCapability = sim.leaders.openOverallCapability
            frontierBest = sim.leaders.frontierBest
            openBest = sim.leaders.openBest
            gapDays = hasOpen ? sim.gapDays(day: day) : 0
            segmentGapPoints = hasOpen ? sim.compiled.overall(zip(sim.leaders.frontierBest, sim.leaders.openBest).map { $0 - $1 }) : .nan
        }
    }

    /// Prices on sale at the report date, blended at the report's input share; NaN where
    /// no offering qualifies.
    struct Prices {
        /// The frontier offering's prices (the proprietary offering of the best model).
        let frontierInput: Double
        let frontierOutput: Double
        let frontier: Double
        let bestOpen: Double
        let cheapest: Double
        /// The cheapest offering at or above each of the report's price levels.
        let levels: [Double]
        let referenceMtokPerYear: Double

        init(_ sim: borrowing MarketSimulation) {
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
            var bestOpen = Double.nan
            var cheapest = Double.nan
            var levels = Array(repeating: Double.nan, count: priceLevels.count)
            for j in sim.activeOfferings {
                let p = sim.blendedPrice(j)
                let o = sim.offerings[j]
                if o.model == bestOpenModel, !(bestOpen <= p) { bestOpen = p }
                if !(cheapest <= p) { cheapest = p }
                for (k, level) in priceLevels.enumerated() where sim.catalog[o.model].overall >= level && !(levels[k] <= p) {
                    levels[k] = p
                }
            }
            frontierInput = frontier.map { sim.offerings[$0].inputPrice } ?? .nan
            frontierOutput = frontier.map { sim.offerings[$0].outputPrice } ?? .nan
            self.frontier = frontier.map { sim.blendedPrice($0) } ?? .nan
            self.bestOpen = bestOpen
            self.cheapest = cheapest
            self.levels = levels
            referenceMtokPerYear = TokenCost.millionTokensPerYear(tokensPerDay: sim.scenario.report.referenceTokensPerDay)
        }
    }

    /// The buyers at the report date: how many have adopted, the costs of open weights
    /// they bear, and how their usage answers prices.
    struct Buyers {
        let adoptedShare: Double
        /// Adoption costs of open weights buyers bear at the report date, USD a month.
        let securityCost: Double
        let ecosystemCost: Double
        let usageElasticity: Double
        let incidentMultiplier: Double

        init(_ sim: borrowing MarketSimulation, day: Double) {
            adoptedShare = sim.demand.buyers.isEmpty ? 0 : Double(sim.demand.adoptedCount) / Double(sim.demand.buyers.count)
            // At the report date's terms (`updateDailyChoiceTerms` runs at every choice's
            // instant; the report reads the same formula at its own).
            let scale = sim.demand.buyerScale
            securityCost = sim.demand.openDeployments.secureFamilies * scale * sim.demand.parameters.verificationUsdPerMonth * sim.demand.incidentMultiplier
            ecosystemCost = sim.demand.openDeployments.all * scale * sim.demand.parameters.ecosystemUsdPerMonth(day: day)
            usageElasticity = sim.demand.usageElasticity.value
            incidentMultiplier = sim.demand.incidentMultiplier
        }
    }

    /// Tokens over the period by the kind of seller, and bought and self-hosted a day at
    /// the report date.
    struct Tokens {
        /// By `ActorKind.rawValue`.
        let byKind: [Double]
        /// Tokens of open-weight models frontier labs sold through their own APIs (an open
        /// tier, X17): in the open-weight share, out of the proprietary one.
        let frontierOpenWeight: Double
        let total: Double
        let selfHosted: Double
        let bought: Double
        let widths: (menu: Double, narrower: Double, widthWeighted: Double)

        init(_ sim: borrowing MarketSimulation) {
            var byKind = [Double](repeating: 0, count: ActorKind.allCases.count)
            var frontierOpen = 0.0
            for a in sim.actors.ids.indices {
                let acc = sim.ledger.accounts[a]
                byKind[sim.actors.kinds[a].rawValue] += acc.tokensMtok
                frontierOpen += acc.openWeightTokensMtok
            }
            self.byKind = byKind
            frontierOpenWeight = frontierOpen
            total = byKind.reduce(0, +)
            var bought = 0.0
            for j in sim.activeOfferings { bought += sim.offerings[j].aggregates.tokens }
            self.bought = bought
            selfHosted = sim.demand.selfHost.tokensPerDay
            widths = sim.widthMenus.periodTokens
        }
    }

    /// The sellers' money by the kind of actor, over the period and since the start.
    struct Money {
        /// Sellers' revenue over the period (buyers' spend: the run checks they agree).
        let revenueTotal: Double
        let revenueByKind: [Double]
        let profitByKind: [Double]
        let cumulativeProfitByKind: [Double]
        let grossMarginByKind: [Double]
        let periodMarginByKind: [Double]
        let licenceRevenue: Double

        init(_ sim: borrowing MarketSimulation, revenueTotal: Double) {
            let kinds = ActorKind.allCases.count
            var revenueByKind = [Double](repeating: 0, count: kinds)
            var profitByKind = [Double](repeating: 0, count: kinds)
            var cumulativeByKind = [Double](repeating: 0, count: kinds)
            var marginByKind = [Double](repeating: 0, count: kinds)
            var periodMarginByKind = [Double](repeating: 0, count: kinds)
            for a in sim.actors.ids.indices {
                let k = sim.actors.kinds[a].rawValue
                let acc = sim.ledger.accounts[a]
                revenueByKind[k] += acc.revenue
                profitByKind[k] += acc.profit
                cumulativeByKind[k] += sim.ledger.cumulativeProfit[a] + acc.profit
                marginByKind[k] += sim.ledger.cumulativeGrossMargin[a] + acc.revenue - acc.serving
                periodMarginByKind[k] += acc.revenue - acc.serving
            }
            self.revenueTotal = revenueTotal
            self.revenueByKind = revenueByKind
            self.profitByKind = profitByKind
            cumulativeProfitByKind = cumulativeByKind
            grossMarginByKind = marginByKind
            self.periodMarginByKind = periodMarginByKind
            licenceRevenue = sim.ledger.accounts.reduce(0) { $0 + $1.licenceRevenue }
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
    }

    /// Buyers' surplus, and the total surplus that buyers and every kind of actor share.
    struct Surplus {
        let buyers: Double
        let cumulativeBuyers: Double
        let cumulativeTotal: Double

        init(_ sim: borrowing MarketSimulation, cumulativeProfitByKind: [Double]) {
            buyers = sim.demand.surplus.periodUsd
            cumulativeBuyers = sim.demand.surplus.cumulativeUsd + sim.demand.surplus.periodUsd
            cumulativeTotal = cumulativeBuyers + cumulativeProfitByKind.reduce(0, +)
        }

        /// A share of the cumulative total surplus, a signed total: defined while it is positive.
        func share(_ x: Double) -> Double { cumulativeTotal > 0 ? x / cumulativeTotal : .nan }
    }

    /// The period's releases, distillations and price reviews.
    struct Events {
        let counts: EventCounts
        let elasticityByKind: [(sum: Double, weight: Double)]
        let frontierPriceCut12m: Double

        init(_ sim: borrowing MarketSimulation) {
            counts = sim.period.counts
            elasticityByKind = sim.priceRecord.periodElasticity
            var cut = 0.0
            for prices in sim.priceRecord.frontierAtReports where !prices.isEmpty {
                cut = max(cut, 1 - prices[prices.count - 1] / prices.suffix(13).max()!)
            }
            frontierPriceCut12m = cut
        }

        /// The demand-weighted own-price elasticity of `kind`'s price reviews in the
        /// period; NaN without a review.
        func elasticity(_ kind: ActorKind) -> Double {
            let e = elasticityByKind[kind.rawValue]
            return e.weight > 0 ? e.sum / e.weight : .nan
        }
    }

    /// Hosts at the report date: their demand and capacity, and how many serve each
    /// latest open model.
    struct Supply {
        let servedMtokPerDay: Double
        let capacityMtokPerDay: Double
        let hostsOfLatestOpenModels: Int
        let latestOpenModels: Int

        init(_ sim: borrowing MarketSimulation, day: Double) {
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
        }
    }
}
