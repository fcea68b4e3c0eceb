import Foundation

/// The trajectory columns of a scenario and how each is computed: one table of
/// metrics from which `trajectories.csv`'s header, its rows and the column dictionary
/// all come.
///
/// Overall quality is the demand-share-weighted mean of the segment qualities.
/// The frontier is the best proprietary model by overall quality, the best open model
/// the best open-weight model; prices are blended at the report's input share.
public struct RunRecorder: Sendable {
    /// The metrics filled at each report, in file order after replication, date and day.
    public let metrics: [Metric<PeriodState>]
    /// The metrics filled when the run ends, after `metrics`: the buyers' ledger by
    /// segment, complete for a period only once every buyer has accrued past it.
    public let bookedMetrics: [Metric<SegmentPeriod>]
    /// Every column of `trajectories.csv` with its unit and meaning, in file order.
    public let dictionary: [ColumnDescription]
    /// All columns of `trajectories.csv`, the first three being replication, date, day.
    public let columns: [String]

    public init(compiled: CompiledScenario) {
        metrics = RunRecorder.table(segments: compiled.segmentIDs, priceLevels: compiled.scenario.report.priceLevels)
        bookedMetrics = RunRecorder.bookedTable(segments: compiled.segmentIDs)
        dictionary = ColumnDescription.identity(detailed: true) + metrics.map(\.description) + bookedMetrics.map(\.description)
        columns = dictionary.map(\.name)
    }

    /// Tokens and spend by the segment of the work and the kind of seller: the buyers'
    /// side of tokens_mtok and buyer_spend_usd, split by segment (`SegmentBook`).
    static func bookedTable(segments: [String]) -> [Metric<SegmentPeriod>] {
        var c: [Metric<SegmentPeriod>] = []
        for (s, segment) in segments.enumerated() {
            for k in ActorKind.allCases {
                c.append(Metric("segment_tokens_mtok_\(segment)_\(k.name)", "million tokens",
                                "Tokens of segment \(segment) work buyers bought from \(k.name) actors over the month (a buyer's frontier work is in the frontier segment, the rest of its work in its own); summed over segments and kinds, tokens_mtok.") { $0.tokens(s, k.rawValue) })
            }
            c.append(Metric("segment_tokens_mtok_\(segment)_self_hosted", "million tokens",
                            "Tokens of segment \(segment) work buyers ran on open weights on their own GPUs over the month (not in tokens_mtok).") { $0.tokens(s, SegmentBook.selfHosted) })
            for k in ActorKind.allCases {
                c.append(Metric("segment_spend_usd_\(segment)_\(k.name)", "USD",
                                "Buyers' spend on segment \(segment) work bought from \(k.name) actors over the month; summed over segments and kinds, buyer_spend_usd.") { $0.spend(s, k.rawValue) })
            }
        }
        return c
    }

    /// The metric table. A family of columns (one per segment, price level or actor
    /// kind) is a loop over the scenario's segments, levels or kinds.
    static func table(segments: [String], priceLevels: [Double]) -> [Metric<PeriodState>] {
        var c: [Metric<PeriodState>] = []
        func add(_ name: String, _ unit: String, _ meaning: String, _ compute: @escaping @Sendable (PeriodState) -> Double) {
            c.append(Metric(name, unit, meaning, compute))
        }
        let fl = ActorKind.frontierLab.rawValue, ol = ActorKind.openLab.rawValue
        let inf = ActorKind.infra.rawValue, ds = ActorKind.distiller.rawValue
        add("frontier_quality", "points", "Overall quality of the best proprietary model: the aggregate benchmark's readout (aggregate_readout) of its overall capability index.") { $0.quality.frontierOverall }
        add("best_open_quality", "points", "Overall quality of the best open-weight model (the same readout).") { $0.quality.hasOpen ? $0.quality.openOverall : .nan }
        add("gap_points", "points", "frontier_quality - best_open_quality (H1, H2).") { $0.quality.hasOpen ? $0.quality.frontierOverall - $0.quality.openOverall : .nan }
        add("gap_months", "months", "How long ago the frontier's overall capability index stood where the best open model's stands now (X1-X3, on the index, as Epoch's Capabilities Index measures it); 0 when level.") { $0.quality.hasOpen ? $0.quality.gapDays / Days.perMonth : .nan }
        add("frontier_capability", "decades", "Overall capability index of the most capable proprietary model: the demand-weighted mean over segments of its capability, in decades of effective training compute (log10 FLOP), open-ended.") { $0.quality.frontierCapability }
        add("best_open_capability", "decades", "The same of the most capable open-weight model.") { $0.quality.hasOpen ? $0.quality.openCapability : .nan }
        add("segment_gap_points", "points", "Demand-weighted mean of the segment gaps (gap_points_<segment>): the best proprietary against the best open model in each segment, so positive whenever every segment gap is. gap_points compares the best single models overall and can be negative while every segment gap is positive, when no one proprietary model leads in every segment.") { $0.quality.hasOpen ? $0.quality.segmentGapPoints : .nan }
        for (s, segment) in segments.enumerated() {
            add("frontier_quality_\(segment)", "points", "Best proprietary quality in segment \(segment).") { $0.quality.frontierBest[s] }
            add("best_open_quality_\(segment)", "points", "Best open-weight quality in segment \(segment).") { $0.quality.hasOpen ? $0.quality.openBest[s] : .nan }
            add("gap_points_\(segment)", "points", "The gap in segment \(segment).") { $0.quality.hasOpen ? $0.quality.frontierBest[s] - $0.quality.openBest[s] : .nan }
        }
        add("frontier_input_price_usd_per_mtok", "USD per million tokens", "Input price of the best proprietary flagship on sale (a lab's latest flagship; its tiers and older generations are other products).") { $0.prices.frontierInput }
        add("frontier_output_price_usd_per_mtok", "USD per million tokens", "Output price of the best proprietary flagship on sale.") { $0.prices.frontierOutput }
        add("frontier_price_usd_per_mtok", "USD per million tokens", "Its blended price at the reference input share (3:1).") { $0.prices.frontier }
        add("best_open_price_usd_per_mtok", "USD per million tokens", "Cheapest blended price of the best open-weight model.") { $0.prices.bestOpen }
        add("cheapest_price_usd_per_mtok", "USD per million tokens", "Cheapest blended price of any offering.") { $0.prices.cheapest }
        for (k, level) in priceLevels.enumerated() {
            let n = CSVNumber.format(level)
            add("cc_price_usd_per_mtok_q\(n)", "USD per million tokens",
                "Constant-capability price: cheapest offering with overall quality >= \(n) (X5, X6).") { $0.prices.levels[k] }
        }
        add("annual_cost_usd_frontier", "USD per year", "100M tokens a day for a year at frontier_price_usd_per_mtok (C1-C3, blended).") { $0.prices.referenceMtokPerYear * $0.prices.frontier }
        add("annual_cost_usd_best_open", "USD per year", "The same at best_open_price_usd_per_mtok.") { $0.prices.referenceMtokPerYear * $0.prices.bestOpen }
        add("adopted_share", "share", "Share of buyers that have adopted (Bass diffusion).") { $0.buyers.adoptedShare }
        add("buyer_spend_usd", "USD", "Buyers' spend over the month before the report date (equals seller_revenue_usd: each run checks the buyers' own ledger against the sellers' over the whole run).") { $0.money.revenueTotal }
        add("seller_revenue_usd", "USD", "Sellers' revenue over the same month.") { $0.money.revenueTotal }
        add("security_cost_usd", "USD per month", "Security verification buyers bear on their deployments of open weights at the report date, incidents included (M8); not a seller's revenue, counted in buyer_surplus_usd.") { $0.buyers.securityCost }
        add("ecosystem_cost_usd", "USD per month", "Integration and support costs of the young open ecosystem buyers bear on their deployments of open weights at the report date; counted in buyer_surplus_usd.") { $0.buyers.ecosystemCost }
        add("usage_price_elasticity", "elasticity", "How the month's usage answers a uniform change of every price: the token-weighted elasticity of buyers' probability of using a model at all, as their choices in the month saw it (a positive number; X11: 0.05-0.07). An outcome of the outside option, not an input.") { $0.buyers.usageElasticity }
        add("tokens_mtok", "million tokens", "Tokens served over the month.") { $0.tokens.total }
        add("token_share_proprietary", "share", "Share of the month's tokens of proprietary models (frontier labs' APIs, less the tiers whose weights they released).") { share($0.tokens.byKind[fl] - $0.tokens.frontierOpenWeight, $0.tokens.total) }
        add("token_share_open_lab", "share", "... by open labs' own APIs.") { share($0.tokens.byKind[ol], $0.tokens.total) }
        add("token_share_infra", "share", "... by infrastructure providers.") { share($0.tokens.byKind[inf], $0.tokens.total) }
        add("token_share_distiller", "share", "... by distillers' own APIs.") { share($0.tokens.byKind[ds], $0.tokens.total) }
        add("token_share_open_weights", "share", "Share of the month's tokens of open-weight models, whoever serves them: token_share_open_lab + token_share_infra + token_share_distiller, plus frontier labs' own APIs of tiers whose weights they released (X7, X13).") { share($0.tokens.byKind[ol] + $0.tokens.byKind[inf] + $0.tokens.byKind[ds] + $0.tokens.frontierOpenWeight, $0.tokens.total) }
        add("self_hosted_token_share", "share", "Share of the buyers' tokens a day that they self-host (an open-weight model on their own GPUs) at the report date; token_share_* count only tokens bought.") { share($0.tokens.selfHosted, $0.tokens.selfHosted + $0.tokens.bought) }
        add("token_share_below_full_width", "share", "Share of the month's tokens (bought) served below full width: a narrower width of an open model served at several widths (slimmable experts, M5).") { share($0.tokens.widths.narrower, $0.tokens.total) }
        add("mose_tokens_below_full_width", "share", "The same among the tokens of models served at several widths only: how buyers use the width menu; empty when no such model sold tokens in the month.") { share($0.tokens.widths.narrower, $0.tokens.widths.menu) }
        add("mose_mean_width", "fraction of active parameters", "Token-weighted mean width of the month's tokens of models served at several widths (1: all at full width); empty when none.") { share($0.tokens.widths.widthWeighted, $0.tokens.widths.menu) }
        add("spend_share_frontier_lab", "share", "Share of the month's revenue earned by frontier labs.") { share($0.money.revenueByKind[fl], $0.money.revenueTotal) }
        add("spend_share_open_lab", "share", "... by open labs.") { share($0.money.revenueByKind[ol], $0.money.revenueTotal) }
        add("spend_share_infra", "share", "... by infrastructure providers.") { share($0.money.revenueByKind[inf], $0.money.revenueTotal) }
        add("spend_share_distiller", "share", "... by distillers' own APIs.") { share($0.money.revenueByKind[ds], $0.money.revenueTotal) }
        add("licence_revenue_usd", "USD", "Royalties open labs received over the month from hosts of other organisations and from self-hosting buyers (open_labs[].licence); counted in their profit, not in seller_revenue_usd.") { $0.money.licenceRevenue }
        for k in ActorKind.allCases {
            add("profit_usd_\(k.name)", "USD", "Profit of all \(k.name) actors over the month: revenue + royalties received - serving - training - distillation - capacity - royalties paid.") { $0.money.profitByKind[k.rawValue] }
        }
        for k in ActorKind.allCases {
            add("cumulative_profit_usd_\(k.name)", "USD", "The same, cumulated since the start.") { $0.money.cumulativeProfitByKind[k.rawValue] }
        }
        for k in [ActorKind.frontierLab, .openLab, .infra] {
            add("value_share_\(k.name)", "share", "Share of cumulative gross margin (revenue - serving cost) captured by \(k.name) actors (M7).") { share($0.money.grossMarginByKind[k.rawValue], $0.money.grossMarginOfSellers) }
        }
        for k in [ActorKind.frontierLab, .openLab, .infra] {
            add("margin_share_\(k.name)", "share", "The same for the month alone.") { share($0.money.periodMarginByKind[k.rawValue], $0.money.periodMarginOfSellers) }
        }
        add("buyer_surplus_usd", "USD", "Buyers' surplus over the month against not using a model: for each part of each buyer's workload, tau x log(1 + sum of e^u over its options) per million tokens, the value of the work done right less the price and other costs of what it buys plus the logit's expected taste term (docs/model.md, 'Who captures the value'). Never negative; comparable across scenarios.") { $0.surplus.buyers }
        add("cumulative_buyer_surplus_usd", "USD", "The same, cumulated since the start.") { $0.surplus.cumulativeBuyers }
        add("total_surplus_usd", "USD", "buyer_surplus_usd plus every actor kind's profit_usd (economic profit, training and distillation included) over the month.") { $0.surplus.buyers + $0.money.profitByKind.reduce(0, +) }
        add("cumulative_total_surplus_usd", "USD", "The same, cumulated since the start: cumulative_buyer_surplus_usd plus every cumulative_profit_usd.") { $0.surplus.cumulativeTotal }
        add("surplus_share_buyers", "share", "Who captures the value: buyers' share of cumulative_total_surplus_usd (negative shares are losses).") { $0.surplus.share($0.surplus.cumulativeBuyers) }
        for k in ActorKind.allCases {
            add("surplus_share_\(k.name)", "share", "\(k.name) actors' share of cumulative_total_surplus_usd: their cumulative economic profit, training and distillation included.") { $0.surplus.share($0.money.cumulativeProfitByKind[k.rawValue]) }
        }
        add("frontier_releases", "count", "Frontier releases in the month.") { Double($0.events.counts.frontierReleases) }
        add("open_releases", "count", "Open-lab releases in the month.") { Double($0.events.counts.openReleases) }
        add("distillations", "count", "Distillations in the month (M1, M2).") { Double($0.events.counts.distillations) }
        add("price_cuts", "count", "Frontier labs' price reviews in the month that lowered a price (best responses, H7, M10).") { Double($0.events.counts.priceCuts) }
        add("price_elasticity_frontier_lab", "elasticity", "Frontier labs' own-price elasticity as their price reviews in the month estimated it (demand-weighted, a positive number: usage elasticity + the mean of beta (1 - P) over the demand they faced); empty without a review.") { $0.events.elasticity(.frontierLab) }
        add("price_elasticity_infra", "elasticity", "The same for hosts' offerings: how a host's demand answers its price among the other hosts of the same model and every other option (X10: about 1.1).") { $0.events.elasticity(.infra) }
        add("frontier_price_cut_12m", "share", "The largest fall of a frontier lab's blended price over the last 12 months: max over labs of 1 - price now / its highest price at the reports of the last year (H7: 0.8 during 2025).") { $0.events.frontierPriceCut12m }
        add("capacity_utilisation", "share", "Hosts' demand over their serving capacity at the report date (all hosts together, tokens a day); above 1 while demand outruns capacity on order, when hosts ration by price. Empty without capacity.") { $0.supply.capacityMtokPerDay > 0 ? $0.supply.servedMtokPerDay / $0.supply.capacityMtokPerDay : .nan }
        add("hosts_per_open_model", "count", "Hosts serving each open-weight model that is its lab's or distiller's latest (a lab's latest flagship and each of its latest open tiers), on average at the report date (entry and exit by expected and trailing profit; hosts of older versions not counted).") { $0.supply.latestOpenModels > 0 ? Double($0.supply.hostsOfLatestOpenModels) / Double($0.supply.latestOpenModels) : .nan }
        add("host_price_usd_per_mtok", "USD per million tokens", "Hosts' revenue over their tokens in the month: the mean price hosts charged.") { share($0.money.revenueByKind[inf], $0.tokens.byKind[inf]) }
        add("host_profit_margin", "share", "Hosts' profit (revenue less serving, capacity and per-model fixed costs) over their revenue in the month: the margin competition leaves them.") { share($0.money.profitByKind[inf], $0.money.revenueByKind[inf]) }
        add("security_tax_multiplier", "factor", "Multiplier on open weights' verification cost from backdoor incidents (M8).") { $0.buyers.incidentMultiplier }
        return c
    }

    /// The metric columns (without replication, date, day).
    public var metricColumns: ArraySlice<String> { columns[3...] }

    /// Where the metric named `name` sits in a trajectory row (`RunResult.trajectory`);
    /// stops on a name the table does not have.
    public func metricIndex(_ name: String) -> Int {
        guard let index = metricColumns.firstIndex(of: name) else {
            preconditionFailure("trajectories.csv has no metric \(name)")
        }
        return index - metricColumns.startIndex
    }

    func makeRow() -> [Double] { Array(repeating: .nan, count: metrics.count + bookedMetrics.count) }

    /// Fills the booked columns of every row once the run has ended.
    func fillBooked(_ rows: inout [[Double]], from book: SegmentBook) {
        for p in rows.indices {
            let period = book.period(p)
            for (i, metric) in bookedMetrics.enumerated() { rows[p][metrics.count + i] = metric.compute(period) }
        }
    }

    func fill(_ row: inout [Double], from sim: borrowing MarketSimulation, day: Double, revenueTotal: Double) {
        let state = PeriodState(sim, day: day, revenueTotal: revenueTotal)
        for (i, metric) in metrics.enumerated() { row[i] = metric.compute(state) }
    }
}

/// `x` as a share of `total`; undefined (NaN) unless the total is positive.
private func share(_ x: Double, _ total: Double) -> Double { total > 0 ? x / total : .nan }
