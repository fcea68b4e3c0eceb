/// One actor's money in one period: revenue, serving cost, training, distillation,
/// capacity, profit, cumulative profit (USD) and tokens sold (millions).
public struct ActorRow: Sendable {
    public let day: Double
    public let actor: Int
    public let values: [Double]
    public static let columns = ["revenue_usd", "serving_cost_usd", "training_usd", "distillation_usd", "capacity_usd",
                                 "profit_usd", "cumulative_profit_usd", "tokens_mtok"]
}
