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
        var c = ["replication", "date", "day", "frontier_quality", "best_open_quality", "gap_points", "gap_months"]
        for s in segmentIDs { c += ["frontier_quality_\(s)", "best_open_quality_\(s)", "gap_points_\(s)"] }
        c += ["frontier_input_price_usd_per_mtok", "frontier_output_price_usd_per_mtok", "frontier_price_usd_per_mtok",
              "best_open_price_usd_per_mtok", "cheapest_price_usd_per_mtok"]
        c += priceLevels.map { "cc_price_usd_per_mtok_q\(CSVNumber.format($0))" }
        c += ["annual_cost_usd_frontier", "annual_cost_usd_best_open",
              "adopted_share", "buyer_spend_usd", "seller_revenue_usd", "security_overhead_usd", "tokens_mtok",
              "token_share_proprietary", "token_share_open_lab", "token_share_infra", "token_share_open_weights",
              "spend_share_frontier_lab", "spend_share_open_lab", "spend_share_infra"]
        for k in ActorKind.allCases { c.append("profit_usd_\(k.name)") }
        for k in ActorKind.allCases { c.append("cumulative_profit_usd_\(k.name)") }
        c += ["value_share_frontier_lab", "value_share_open_lab", "value_share_infra"]
        c += ["margin_share_frontier_lab", "margin_share_open_lab", "margin_share_infra"]
        c += ["frontier_releases", "open_releases", "distillations", "price_cuts", "security_tax_multiplier"]
        columns = c
    }

    /// The metric columns (without replication, date, day).
    public var metricColumns: ArraySlice<String> { columns[3...] }

    func makeRow() -> [Double] { Array(repeating: .nan, count: columns.count - 3) }

    func fill(_ row: inout [Double], from sim: borrowing MarketSimulation, day: Double, revenueTotal: Double) {
        var i = 0
        func put(_ v: Double) { row[i] = v; i += 1 }
        let hasOpen = sim.openOverall > 0
        put(sim.frontierOverall)
        put(hasOpen ? sim.openOverall : .nan)
        put(hasOpen ? sim.frontierOverall - sim.openOverall : .nan)
        put(hasOpen ? sim.gapDays(day: day) / 30.4375 : .nan)
        for s in 0..<segmentIDs.count {
            put(sim.frontierBest[s])
            put(hasOpen ? sim.openBest[s] : .nan)
            put(hasOpen ? sim.frontierBest[s] - sim.openBest[s] : .nan)
        }
        // The frontier offering: the proprietary offering of the best model.
        var frontier = -1
        var bestOpenModel = -1
        for j in sim.offerings.indices where sim.offerings[j].active {
            let o = sim.offerings[j]
            if !o.openWeights, frontier < 0 || sim.models[o.model].overall > sim.models[sim.offerings[frontier].model].overall {
                frontier = j
            }
            if o.openWeights, bestOpenModel < 0 || sim.models[o.model].overall > sim.models[bestOpenModel].overall {
                bestOpenModel = o.model
            }
        }
        var bestOpenPrice = Double.nan
        var cheapest = Double.nan
        var levels = Array(repeating: Double.nan, count: priceLevels.count)
        for j in sim.offerings.indices where sim.offerings[j].active {
            let p = sim.blendedPrice(j)
            let o = sim.offerings[j]
            if o.model == bestOpenModel, !(bestOpenPrice <= p) { bestOpenPrice = p }
            if !(cheapest <= p) { cheapest = p }
            for (k, level) in priceLevels.enumerated() where sim.models[o.model].overall >= level && !(levels[k] <= p) {
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

        let adopted = sim.buyers.isEmpty ? 0 : Double(sim.buyers.lazy.filter(\.adopted).count) / Double(sim.buyers.count)
        put(adopted)
        put(sim.periodBuyerSpend)
        put(revenueTotal)
        put(sim.periodSecurityOverhead)
        var tokensByKind = [Double](repeating: 0, count: 4)
        var revenueByKind = [Double](repeating: 0, count: 4)
        var profitByKind = [Double](repeating: 0, count: 4)
        var cumulativeByKind = [Double](repeating: 0, count: 4)
        var marginByKind = [Double](repeating: 0, count: 4)
        var periodMarginByKind = [Double](repeating: 0, count: 4)
        for a in sim.actorIDs.indices {
            let k = sim.actorKinds[a].rawValue
            let acc = sim.periodAccounts[a]
            tokensByKind[k] += acc.tokensMtok
            revenueByKind[k] += acc.revenue
            profitByKind[k] += acc.profit
            cumulativeByKind[k] += sim.cumulativeProfit[a] + acc.profit
            marginByKind[k] += sim.cumulativeGrossMargin[a] + acc.revenue - acc.serving
            periodMarginByKind[k] += acc.revenue - acc.serving
        }
        let tokens = tokensByKind.reduce(0, +)
        put(tokens)
        let fl = ActorKind.frontierLab.rawValue, ol = ActorKind.openLab.rawValue, inf = ActorKind.infra.rawValue
        func share(_ x: Double, _ total: Double) -> Double { total > 0 ? x / total : .nan }
        put(share(tokensByKind[fl], tokens))
        put(share(tokensByKind[ol], tokens))
        put(share(tokensByKind[inf], tokens))
        put(share(tokensByKind[ol] + tokensByKind[inf], tokens))
        put(share(revenueByKind[fl], revenueTotal))
        put(share(revenueByKind[ol], revenueTotal))
        put(share(revenueByKind[inf], revenueTotal))
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
        put(Double(sim.periodCounts.frontierReleases))
        put(Double(sim.periodCounts.openReleases))
        put(Double(sim.periodCounts.distillations))
        put(Double(sim.periodCounts.priceCuts))
        put(sim.incidentMultiplier)
        precondition(i == row.count, "trajectory row has \(i) values for \(row.count) columns")
    }
}
