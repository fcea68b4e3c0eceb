/// One actor's money in one period (a row of `actors.csv`), its values in `metrics`
/// order.
public struct ActorRow: Sendable {
    public let day: Double
    public let actor: Int
    public let values: [Double]

    /// An actor's account for the period and its profit cumulated through it: what its
    /// row is computed from.
    public struct Period: Sendable {
        let account: ActorAccount
        let cumulativeProfit: Double
    }

    /// The columns of `actors.csv` after the actor's identity. Later additions (royalties,
    /// the flagship and tier split) come last, so that earlier columns kept their places.
    public static let metrics: [Metric<Period>] = [
        Metric("revenue_usd", "USD", "Revenue over the month.") { $0.account.revenue },
        Metric("serving_cost_usd", "USD", "Serving cost over the month (M3: follows active parameters).") { $0.account.serving },
        Metric("training_usd", "USD", "Training spend (releases) over the month.") { $0.account.training },
        Metric("distillation_usd", "USD", "Distillation spend over the month (M1).") { $0.account.distillation },
        Metric("capacity_usd", "USD", "Serving capacity over the month: a host's capacity stock and fixed cost per hosted model; a lab's API capacity, sized to its tokens (costs.lab_capacity_utilisation).") { $0.account.capacity },
        Metric("profit_usd", "USD", "Economic profit: revenue plus licence revenue minus every cost, licence cost included.") {
            $0.account.profit
        },
        Metric("cumulative_profit_usd", "USD", "Profit cumulated since the start.") { $0.cumulativeProfit },
        Metric("tokens_mtok", "million tokens", "Tokens sold over the month.") { $0.account.tokensMtok },
        Metric("licence_revenue_usd", "USD",
               "Royalties received over the month (an open lab: from hosts of other organisations and from self-hosting buyers; open_labs[].licence). Not in revenue_usd, which is what buyers paid.") {
            $0.account.licenceRevenue
        },
        Metric("licence_cost_usd", "USD", "Royalties paid over the month (a host: on licensed models of other organisations).") {
            $0.account.licenceCost
        },
        Metric("menu_cost_usd", "USD", "A lab's list-price changes over the month times pricing.menu_cost_usd (in profit_usd).") {
            $0.account.menuCost
        },
        Metric("flagship_tokens_mtok", "million tokens", "Of tokens_mtok, those of flagship models: a lab's flagship of any generation (at any width), a distiller's student, and for a host the flagships it serves.") {
            $0.account.flagshipTokensMtok
        },
        Metric("tier_tokens_mtok", "million tokens", "Of tokens_mtok, those of the smaller tiers of a lab's families (frontier_labs[].tiers, open_labs[].tiers).") {
            $0.account.tokensMtok - $0.account.flagshipTokensMtok
        },
        Metric("flagship_gross_margin_usd", "USD", "Gross margin (revenue - serving cost) over the month on flagship models.") {
            $0.account.flagshipRevenue - $0.account.flagshipServing
        },
        Metric("tier_gross_margin_usd", "USD", "Gross margin (revenue - serving cost) over the month on the smaller tiers: with flagship_gross_margin_usd, revenue_usd - serving_cost_usd.") {
            ($0.account.revenue - $0.account.flagshipRevenue) - ($0.account.serving - $0.account.flagshipServing)
        },
    ]

    public static let columns = metrics.map(\.name)

    init(day: Double, actor: Int, period: Period) {
        self.day = day
        self.actor = actor
        values = Self.metrics.map { $0.compute(period) }
    }

    /// The value of the column named `column` (one of `columns`).
    public subscript(_ column: String) -> Double { values[Self.index(of: column)] }

    /// Where the column named `column` sits in `values`; stops on a name the table does not have.
    public static func index(of column: String) -> Int {
        guard let index = columns.firstIndex(of: column) else { preconditionFailure("actors.csv has no column \(column)") }
        return index
    }
}
