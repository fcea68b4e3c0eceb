import ScenarioFormat

/// An option beside the APIs: running the best open-weight model itself. Its cost per
/// million tokens is buyer-specific: GPU cost at the buyer's own scale plus the fixed
/// monthly cost of a deployment divided by the buyer's monthly tokens, plus what open
/// weights cost however they are served (security verification, the ecosystem's
/// integration: `security`, `buyers.open_ecosystem_usd_per_month`). Large buyers self-host.
public struct SelfHosting: Sendable, Equatable {
    public var enabled: Bool = false
    /// Fixed cost of one deployment per month: reserved GPUs, operations staff.
    public var fixedUsdPerMonth: Double = 0
    /// Multiplies the market's serving cost per token (a buyer runs GPUs less densely
    /// than a host).
    public var gpuCostFactor: Double = 0
    public var tokensPerSecond: Double = 0

    public init() {}
}

extension SelfHosting: SchemaObject {
    public static var fields: [ObjectField<SelfHosting>] {[
        .field("enabled", \.enabled, .boolean, default: true, doc: "Whether buyers may self-host an open-weight model."),
        .field("fixed_usd_per_month", \.fixedUsdPerMonth, .number(minimum: 0, maximum: 1e12), default: 30_000,
               doc: "Fixed monthly cost of one deployment (reserved GPUs, operations), USD."),
        .field("gpu_cost_factor", \.gpuCostFactor, .number(exclusiveMinimum: 0, maximum: 1000), default: 2,
               doc: "Multiplies the market's serving cost per token at a buyer's own scale."),
        .field("tokens_per_second", \.tokensPerSecond, .number(exclusiveMinimum: 0, maximum: 1e6), default: 100,
               doc: "Output speed of a self-hosted deployment."),
    ]}
}
