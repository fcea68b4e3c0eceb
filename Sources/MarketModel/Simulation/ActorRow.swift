/// One actor's money in one period: revenue, serving cost, training, distillation,
/// capacity, profit, cumulative profit (USD), tokens sold (millions), and royalties
/// received and paid (USD; last, so that earlier columns keep their places).
public struct ActorRow: Sendable {
    public let day: Double
    public let actor: Int
    public let values: [Double]
    public static let columns = ["revenue_usd", "serving_cost_usd", "training_usd", "distillation_usd", "capacity_usd",
                                 "profit_usd", "cumulative_profit_usd", "tokens_mtok", "licence_revenue_usd", "licence_cost_usd"]
}
