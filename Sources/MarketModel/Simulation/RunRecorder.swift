import Foundation

/// The trajectory columns of a scenario and how each is computed.
///
/// Overall quality is the demand-share-weighted mean of the segment qualities.
/// The frontier is the best proprietary model by overall quality, the best open model
/// the best open-weight model; prices are blended at the report's input share.
public struct RunRecorder: Sendable {
    /// All columns of `trajectories.csv`, the first three being replication, date, day.
    public let columns: [String]
    let segmentIDs: [String]
    let priceLevels: [Double]

    public init(compiled: CompiledScenario) {
        segmentIDs = compiled.segmentIDs
        priceLevels = compiled.scenario.report.priceLevels
        dictionary = RunRecorder.describe(segments: segmentIDs, priceLevels: priceLevels)
        columns = dictionary.map(\.name)
    }

    /// Every column of `trajectories.csv` with its unit and meaning, in file order.
    public let dictionary: [ColumnDescription]

    static func describe(segments: [String], priceLevels: [Double]) -> [ColumnDescription] {
        var c: [ColumnDescription] = []
        func add(_ name: String, _ unit: String, _ meaning: String) { c.append(ColumnDescription(name: name, unit: unit, meaning: meaning)) }
        add("replication", "index", "Replication number, from 0; its seed is derived from the master seed and this number.")
        add("date", "YYYY-MM-DD", "Report date: the start date, then the first of each month.")
        add("day", "days", "Days since the start date.")
        add("frontier_quality", "points", "Overall quality of the best proprietary model: segment qualities weighted by demand share.")
        add("best_open_quality", "points", "Overall quality of the best open-weight model (same weighting).")
        add("gap_points", "points", "frontier_quality - best_open_quality (H1, H2).")
        add("gap_months", "months", "How long ago the frontier stood where the best open model stands now (X1-X3); 0 when level.")
        add("segment_gap_points", "points", "Demand-weighted mean of the segment gaps (gap_points_<segment>): the best proprietary against the best open model in each segment, so positive whenever every segment gap is. gap_points compares the best single models overall and can be negative while every segment gap is positive, when no one proprietary model leads in every segment.")
        for s in segments {
            add("frontier_quality_\(s)", "points", "Best proprietary quality in segment \(s).")
            add("best_open_quality_\(s)", "points", "Best open-weight quality in segment \(s).")
            add("gap_points_\(s)", "points", "The gap in segment \(s).")
        }
        add("frontier_input_price_usd_per_mtok", "USD per million tokens", "Input price of the best proprietary model.")
        add("frontier_output_price_usd_per_mtok", "USD per million tokens", "Output price of the best proprietary model.")
        add("frontier_price_usd_per_mtok", "USD per million tokens", "Its blended price at the reference input share (3:1).")
        add("best_open_price_usd_per_mtok", "USD per million tokens", "Cheapest blended price of the best open-weight model.")
        add("cheapest_price_usd_per_mtok", "USD per million tokens", "Cheapest blended price of any offering.")
        for level in priceLevels {
            let n = CSVNumber.format(level)
            add("cc_price_usd_per_mtok_q\(n)", "USD per million tokens",
                "Constant-capability price: cheapest offering with overall quality >= \(n) (X5, X6).")
        }
        add("annual_cost_usd_frontier", "USD per year", "100M tokens a day for a year at frontier_price_usd_per_mtok (C1-C3, blended).")
        add("annual_cost_usd_best_open", "USD per year", "The same at best_open_price_usd_per_mtok.")
        add("adopted_share", "share", "Share of buyers that have adopted (Bass diffusion).")
        add("buyer_spend_usd", "USD", "Buyers' spend over the month before the report date (equals seller_revenue_usd: each run checks the buyers' own ledger against the sellers' over the whole run).")
        add("seller_revenue_usd", "USD", "Sellers' revenue over the same month.")
        add("security_overhead_usd", "USD", "Security tax buyers bore on open weights over the month (M8); not a seller's revenue.")
        add("tokens_mtok", "million tokens", "Tokens served over the month.")
        add("token_share_proprietary", "share", "Share of the month's tokens served by frontier labs.")
        add("token_share_open_lab", "share", "... by open labs' own APIs.")
        add("token_share_infra", "share", "... by infrastructure providers.")
        add("token_share_distiller", "share", "... by distillers' own APIs.")
        add("token_share_open_weights", "share", "token_share_open_lab + token_share_infra + token_share_distiller (X7).")
        add("self_hosted_token_share", "share", "Share of the buyers' tokens a day that they self-host (an open-weight model on their own GPUs) at the report date; token_share_* count only tokens bought.")
        add("token_share_below_full_width", "share", "Share of the month's tokens (bought) served below full width: a narrower width of an open model served at several widths (slimmable experts, M5).")
        add("mose_tokens_below_full_width", "share", "The same among the tokens of models served at several widths only: how buyers use the width menu; empty when no such model sold tokens in the month.")
        add("mose_mean_width", "fraction of active parameters", "Token-weighted mean width of the month's tokens of models served at several widths (1: all at full width); empty when none.")
        add("spend_share_frontier_lab", "share", "Share of the month's revenue earned by frontier labs.")
        add("spend_share_open_lab", "share", "... by open labs.")
        add("spend_share_infra", "share", "... by infrastructure providers.")
        add("spend_share_distiller", "share", "... by distillers' own APIs.")
        add("licence_revenue_usd", "USD", "Royalties open labs received over the month from hosts of other organisations and from self-hosting buyers (open_labs[].licence); counted in their profit, not in seller_revenue_usd.")
        for k in ActorKind.allCases {
            add("profit_usd_\(k.name)", "USD", "Profit of all \(k.name) actors over the month: revenue + royalties received - serving - training - distillation - capacity - royalties paid.")
        }
        for k in ActorKind.allCases {
            add("cumulative_profit_usd_\(k.name)", "USD", "The same, cumulated since the start.")
        }
        for k in [ActorKind.frontierLab, .openLab, .infra] {
            add("value_share_\(k.name)", "share", "Share of cumulative gross margin (revenue - serving cost) captured by \(k.name) actors (M7).")
        }
        for k in [ActorKind.frontierLab, .openLab, .infra] {
            add("margin_share_\(k.name)", "share", "The same for the month alone.")
        }
        add("buyer_surplus_usd", "USD", "Buyers' surplus over the month: each buyer's equivalent variation against the start-of-run menu, T p0 (1 - e^-x) with x = (log-sum now - log-sum on the start-of-run menu) / price sensitivity, the price cut on the start-of-run menu worth as much as today's menu (README, 'Who captures the value'). Negative when the menu got worse.")
        add("cumulative_buyer_surplus_usd", "USD", "The same, cumulated since the start.")
        add("total_surplus_usd", "USD", "buyer_surplus_usd plus every actor kind's profit_usd (economic profit, training and distillation included) over the month.")
        add("cumulative_total_surplus_usd", "USD", "The same, cumulated since the start: cumulative_buyer_surplus_usd plus every cumulative_profit_usd.")
        add("surplus_share_buyers", "share", "Who captures the value: buyers' share of cumulative_total_surplus_usd (negative shares are losses).")
        for k in ActorKind.allCases {
            add("surplus_share_\(k.name)", "share", "\(k.name) actors' share of cumulative_total_surplus_usd: their cumulative economic profit, training and distillation included.")
        }
        add("frontier_releases", "count", "Frontier releases in the month.")
        add("open_releases", "count", "Open-lab releases in the month.")
        add("distillations", "count", "Distillations in the month (M1, M2).")
        add("price_cuts", "count", "Frontier labs' price reviews in the month that lowered a price (best responses, H7, M10).")
        add("price_elasticity_frontier_lab", "elasticity", "Frontier labs' own-price elasticity as their price reviews in the month estimated it (demand-weighted, a positive number: usage elasticity + the mean of beta (1 - P) over the demand they faced); empty without a review.")
        add("price_elasticity_infra", "elasticity", "The same for hosts' offerings: how a host's demand answers its price among the other hosts of the same model and every other option (X10: about 1.1).")
        add("frontier_price_cut_12m", "share", "The largest fall of a frontier lab's blended price over the last 12 months: max over labs of 1 - price now / its highest price at the reports of the last year (H7: 0.8 during 2025).")
        add("capacity_utilisation", "share", "Hosts' demand over their serving capacity at the report date (all hosts together, tokens a day); above 1 while demand outruns capacity on order, when hosts ration by price. Empty without capacity.")
        add("hosts_per_open_model", "count", "Hosts serving each open-weight model that is its lab's or distiller's latest, on average at the report date (entry and exit by expected and trailing profit; hosts of older versions not counted).")
        add("host_price_usd_per_mtok", "USD per million tokens", "Hosts' revenue over their tokens in the month: the mean price hosts charged.")
        add("host_profit_margin", "share", "Hosts' profit (revenue less serving, capacity and per-model fixed costs) over their revenue in the month: the margin competition leaves them.")
        add("security_tax_multiplier", "factor", "Multiplier on the security tax from backdoor incidents (M8).")
        return c
    }

    /// The metric columns (without replication, date, day).
    public var metricColumns: ArraySlice<String> { columns[3...] }

    func makeRow() -> [Double] { Array(repeating: .nan, count: columns.count - 3) }

    func fill(_ row: inout [Double], from sim: borrowing MarketSimulation, day: Double, revenueTotal: Double) {
        var i = 0
        func put(_ v: Double) { row[i] = v; i += 1 }
        let hasOpen = sim.leaders.openOverall > 0
        put(sim.leaders.frontierOverall)
        put(hasOpen ? sim.leaders.openOverall : .nan)
        put(hasOpen ? sim.leaders.frontierOverall - sim.leaders.openOverall : .nan)
        put(hasOpen ? sim.gapDays(day: day) / Days.perMonth : .nan)
        put(hasOpen ? sim.compiled.overall(zip(sim.leaders.frontierBest, sim.leaders.openBest).map { $0 - $1 }) : .nan)
        for s in 0..<segmentIDs.count {
            put(sim.leaders.frontierBest[s])
            put(hasOpen ? sim.leaders.openBest[s] : .nan)
            put(hasOpen ? sim.leaders.frontierBest[s] - sim.leaders.openBest[s] : .nan)
        }
        // The frontier offering: the proprietary offering of the best model.
        var frontier = -1
        var bestOpenModel = -1
        for j in sim.activeOfferings {
            let o = sim.offerings[j]
            if !o.openWeights, frontier < 0 || sim.catalog.models[o.model].overall > sim.catalog.models[sim.offerings[frontier].model].overall {
                frontier = j
            }
            if o.openWeights, bestOpenModel < 0 || sim.catalog.models[o.model].overall > sim.catalog.models[bestOpenModel].overall {
                bestOpenModel = o.model
            }
        }
        var bestOpenPrice = Double.nan
        var cheapest = Double.nan
        var levels = Array(repeating: Double.nan, count: priceLevels.count)
        for j in sim.activeOfferings {
            let p = sim.blendedPrice(j)
            let o = sim.offerings[j]
            if o.model == bestOpenModel, !(bestOpenPrice <= p) { bestOpenPrice = p }
            if !(cheapest <= p) { cheapest = p }
            for (k, level) in priceLevels.enumerated() where sim.catalog.models[o.model].overall >= level && !(levels[k] <= p) {
                levels[k] = p
            }
        }
        let frontierPrice = frontier >= 0 ? sim.blendedPrice(frontier) : .nan
        put(frontier >= 0 ? sim.offerings[frontier].inputPrice : .nan)
        put(frontier >= 0 ? sim.offerings[frontier].outputPrice : .nan)
        put(frontierPrice)
        put(bestOpenPrice)
        put(cheapest)
        for v in levels { put(v) }
        let yearMtok = TokenCost.millionTokensPerYear(tokensPerDay: sim.scenario.report.referenceTokensPerDay)
        put(yearMtok * frontierPrice)
        put(yearMtok * bestOpenPrice)

        let adopted = sim.demand.buyers.isEmpty ? 0 : Double(sim.demand.buyers.lazy.filter(\.adopted).count) / Double(sim.demand.buyers.count)
        put(adopted)
        put(revenueTotal)
        put(revenueTotal)
        put(sim.ledger.periodSecurityOverhead)
        var tokensByKind = [Double](repeating: 0, count: 4)
        var revenueByKind = [Double](repeating: 0, count: 4)
        var profitByKind = [Double](repeating: 0, count: 4)
        var cumulativeByKind = [Double](repeating: 0, count: 4)
        var marginByKind = [Double](repeating: 0, count: 4)
        var periodMarginByKind = [Double](repeating: 0, count: 4)
        for a in sim.actors.ids.indices {
            let k = sim.actors.kinds[a].rawValue
            let acc = sim.ledger.accounts[a]
            tokensByKind[k] += acc.tokensMtok
            revenueByKind[k] += acc.revenue
            profitByKind[k] += acc.profit
            cumulativeByKind[k] += sim.ledger.cumulativeProfit[a] + acc.profit
            marginByKind[k] += sim.ledger.cumulativeGrossMargin[a] + acc.revenue - acc.serving
            periodMarginByKind[k] += acc.revenue - acc.serving
        }
        let tokens = tokensByKind.reduce(0, +)
        put(tokens)
        let fl = ActorKind.frontierLab.rawValue, ol = ActorKind.openLab.rawValue, inf = ActorKind.infra.rawValue
        func share(_ x: Double, _ total: Double) -> Double { total > 0 ? x / total : .nan }
        put(share(tokensByKind[fl], tokens))
        put(share(tokensByKind[ol], tokens))
        let ds = ActorKind.distiller.rawValue
        put(share(tokensByKind[inf], tokens))
        put(share(tokensByKind[ds], tokens))
        put(share(tokensByKind[ol] + tokensByKind[inf] + tokensByKind[ds], tokens))
        var bought = 0.0
        for j in sim.activeOfferings { bought += sim.offerings[j].aggregates.tokens * sim.offerings[j].usageMultiplier }
        put(share(sim.demand.selfHost.tokensPerDay, sim.demand.selfHost.tokensPerDay + bought))
        let widths = sim.widthMenus.periodTokens
        put(share(widths.narrower, tokens))
        put(share(widths.narrower, widths.menu))
        put(share(widths.widthWeighted, widths.menu))
        put(share(revenueByKind[fl], revenueTotal))
        put(share(revenueByKind[ol], revenueTotal))
        put(share(revenueByKind[inf], revenueTotal))
        put(share(revenueByKind[ds], revenueTotal))
        put(sim.ledger.accounts.reduce(0) { $0 + $1.licenceRevenue })
        for v in profitByKind { put(v) }
        for v in cumulativeByKind { put(v) }
        let margin = marginByKind[fl] + marginByKind[ol] + marginByKind[inf]
        put(share(marginByKind[fl], margin))
        put(share(marginByKind[ol], margin))
        put(share(marginByKind[inf], margin))
        let periodMargin = periodMarginByKind[fl] + periodMarginByKind[ol] + periodMarginByKind[inf]
        put(share(periodMarginByKind[fl], periodMargin))
        put(share(periodMarginByKind[ol], periodMargin))
        put(share(periodMarginByKind[inf], periodMargin))
        let cumulativeSurplus = sim.demand.surplus.cumulativeUsd + sim.demand.surplus.periodUsd
        put(sim.demand.surplus.periodUsd)
        put(cumulativeSurplus)
        put(sim.demand.surplus.periodUsd + profitByKind.reduce(0, +))
        let cumulativeTotal = cumulativeSurplus + cumulativeByKind.reduce(0, +)
        put(cumulativeTotal)
        // A share of a signed total: defined while the total is positive.
        func surplusShare(_ x: Double) -> Double { cumulativeTotal > 0 ? x / cumulativeTotal : .nan }
        put(surplusShare(cumulativeSurplus))
        for v in cumulativeByKind { put(surplusShare(v)) }
        put(Double(sim.period.counts.frontierReleases))
        put(Double(sim.period.counts.openReleases))
        put(Double(sim.period.counts.distillations))
        put(Double(sim.period.counts.priceCuts))
        for kind in [ActorKind.frontierLab, .infra] {
            let e = sim.priceRecord.periodElasticity[kind.rawValue]
            put(e.weight > 0 ? e.sum / e.weight : .nan)
        }
        var cut = 0.0
        for prices in sim.priceRecord.frontierAtReports where !prices.isEmpty {
            cut = max(cut, 1 - prices[prices.count - 1] / prices.suffix(13).max()!)
        }
        put(cut)
        var served = 0.0, capacity = 0.0
        for p in sim.hosting.states.indices {
            served += sim.servedMtokPerDay(p, day: day)
            capacity += sim.hosting.states[p].capacityMtokPerDay
        }
        put(capacity > 0 ? served / capacity : .nan)
        let latest = (sim.lineup.openModel + sim.lineup.distillerModel).filter { $0 >= 0 }
        var hostsOfLatest = 0
        for j in sim.activeOfferings where sim.offerings[j].sellerKind == .infra && latest.contains(sim.offerings[j].model) {
            hostsOfLatest += 1
        }
        put(latest.isEmpty ? .nan : Double(hostsOfLatest) / Double(latest.count))
        put(share(revenueByKind[inf], tokensByKind[inf]))
        put(share(profitByKind[inf], revenueByKind[inf]))
        put(sim.demand.incidentMultiplier)
        precondition(i == row.count, "trajectory row has \(i) values for \(row.count) columns")
    }
}

/// A column of an exported CSV: its name, unit and meaning.
public struct ColumnDescription: Sendable, Equatable {
    public let name: String
    public let unit: String
    public let meaning: String

    public init(name: String, unit: String, meaning: String) {
        self.name = name
        self.unit = unit
        self.meaning = meaning
    }
}
