import ScenarioFormat

/// A buyer's outside option to the APIs: running the best open-weight model itself.
/// Its price per million tokens is buyer-specific: GPU cost at the buyer's own scale
/// plus the fixed monthly cost of a deployment (and, for a security-sensitive buyer,
/// the security verification paid once per deployment, spread over its life) divided
/// by the buyer's monthly tokens. Large buyers self-host; the security tax per token
/// falls with volume (M8).
public struct SelfHosting: Sendable, Equatable {
    public var enabled: Bool = false
    /// Fixed cost of one deployment per month: reserved GPUs, operations staff.
    public var fixedUsdPerMonth: Double = 0
    /// Multiplies the market's serving cost per token (a buyer runs GPUs less densely
    /// than a host).
    public var gpuCostFactor: Double = 0
    /// Security verification of one model version (backdoor scanning, compliance), paid
    /// once per deployment by a security-sensitive buyer (M8).
    public var securityVerificationUsd: Double = 0
    /// Months a deployment runs before the next model replaces it: what the
    /// verification is spread over.
    public var deploymentMonths: Double = 0
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
        .field("security_verification_usd", \.securityVerificationUsd, .number(minimum: 0, maximum: 1e12), default: 100_000,
               doc: "Security verification per deployment, paid once by a security-sensitive buyer (M8: sublinear in scale)."),
        .field("deployment_months", \.deploymentMonths, .number(exclusiveMinimum: 0, maximum: 600), default: 6,
               doc: "Months one deployment runs; the verification is spread over them."),
        .field("tokens_per_second", \.tokensPerSecond, .number(exclusiveMinimum: 0, maximum: 1e6), default: 100,
               doc: "Output speed of a self-hosted deployment."),
    ]}
}
