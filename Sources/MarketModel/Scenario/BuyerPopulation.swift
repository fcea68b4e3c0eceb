import Foundation
import ScenarioFormat

/// The enterprise buyers, as a sampled population.
public struct BuyerPopulation: Sendable, Equatable {
    /// Simulated buyer agents.
    public var count: Int = 0
    /// Real enterprises the population stands for; money is scaled to them.
    public var represents: Double = 0
    public var tokensPerDay = LognormalParameters()
    public var inputShare = BetaParameters()
    /// The segment of frontier work (a buyer whose main segment it is sends all its
    /// tokens there); other buyers send `frontierWorkShare` of their tokens there (M9).
    public var frontierSegment: String = ""
    /// Share of a buyer's tokens that is frontier work (M9).
    public var frontierWorkShare = BetaParameters()
    public var priceSensitivity = LognormalParameters()
    /// The least price sensitivity a buyer has: draws below it are raised to it. A buyer
    /// with beta <= 1 spends p^(1 - beta) times more on a seller as its price rises, so
    /// any such buyer would make every best response infinite.
    public var priceSensitivityFloor: Double = 0
    public var qualitySensitivity = LognormalParameters()
    /// Multiplies quality sensitivity for frontier-reasoning work.
    public var frontierQualityMultiplier: Double = 0
    public var speedSensitivity: Double = 0
    public var switchingCost: Double = 0
    public var securitySensitiveShare: Double = 0
    /// Share of buyers that route commodity and frontier work separately (M9).
    public var routingShare: Double = 0
    public var adoption = BassDiffusion()
    public var reviewIntervalDays: Double = 0
    /// Usage response to price (X11): tokens scale with (price / 10 USD)^-elasticity.
    public var usagePriceElasticity: Double = 0
    /// Growth of every adopter's tokens a day, per year (1.5: 2.5 times a year later).
    public var usageGrowthPerYear: Double = 0
    /// Utility penalty on open-weight offerings for missing tooling, support and
    /// compliance, decaying as the ecosystem matures (the bear case).
    public var openEcosystemPenalty: Double = 0
    public var openEcosystemMaturityDays: Double = 0
    /// The outside option: running an open-weight model itself.
    public var selfHosting = SelfHosting()

    public init() {}
}

extension BuyerPopulation: SchemaObject {
    public static var fields: [ObjectField<BuyerPopulation>] {[
        .field("count", \.count, .integer(in: 0...20_000_000), default: 2000, doc: "Simulated buyer agents."),
        .field("represents", \.represents, .number(exclusiveMinimum: 0, maximum: 1e9), default: 200_000,
               doc: "Real enterprises they stand for: money and tokens are scaled to them."),
        .field("tokens_per_day", \.tokensPerDay,
               LognormalParameters.schema(median: 2_000_000, sigma: 1.5, maximum: 1e13, doc: "Tokens a day per enterprise."),
               default: [:], doc: "Tokens a day per enterprise."),
        .field("input_share", \.inputShare, BetaParameters.schema(mean: 0.75, concentration: 20, doc: "Share of input tokens (3:1 is 0.75)."),
               default: [:], doc: "Share of input tokens (3:1 is 0.75)."),
        .field("frontier_segment", \.frontierSegment, .string, default: "frontier_reasoning",
               doc: "The segment of frontier work; empty for none (M9)."),
        .field("frontier_work_share", \.frontierWorkShare,
               BetaParameters.schema(mean: 0.15, concentration: 10, doc: "Share of a buyer's tokens that is frontier work."),
               default: [:], doc: "Share of a buyer's tokens that is frontier work (M9)."),
        .field("price_sensitivity", \.priceSensitivity,
               LognormalParameters.schema(median: 1, sigma: 0.4, maximum: 1000, doc: "Logit weight on log price."),
               default: [:], doc: "Logit weight on the log of the price per million tokens."),
        .field("price_sensitivity_floor", \.priceSensitivityFloor, .number(exclusiveMinimum: 1, maximum: 1000), default: 1.2,
               doc: "Least price sensitivity (draws below are raised to it); above 1, since a buyer with beta <= 1 spends more the higher the price and no best-response price would exist."),
        .field("quality_sensitivity", \.qualitySensitivity,
               LognormalParameters.schema(median: 0.25, sigma: 0.4, maximum: 1000, doc: "Logit weight per quality point."),
               default: [:], doc: "Logit weight per quality point."),
        .field("frontier_quality_multiplier", \.frontierQualityMultiplier, .number(minimum: 0, maximum: 1000), default: 2.5,
               doc: "Multiplies quality sensitivity for frontier work."),
        .field("speed_sensitivity", \.speedSensitivity, .number(minimum: 0, maximum: 1000), default: 0.2, doc: "Logit weight on log tokens per second."),
        .field("switching_cost", \.switchingCost, .number(minimum: 0, maximum: 1000), default: 1, doc: "Logit penalty for leaving the current offering."),
        .field("security_sensitive_share", \.securitySensitiveShare, ScenarioSchema.fraction, default: 0.3,
               doc: "Share of buyers paying the security tax on open weights (M8)."),
        .field("routing_share", \.routingShare, ScenarioSchema.fraction, default: 0.3,
               doc: "Share of buyers routing commodity and frontier work separately (M9)."),
        .field("adoption", \.adoption, BassDiffusion.schema, default: [:], doc: "Bass diffusion of adoption."),
        .field("review_interval_days", \.reviewIntervalDays, ScenarioSchema.intervalDays, default: 90,
               doc: "Mean days between a buyer's reviews (exponential; at least 1)."),
        .field("usage_price_elasticity", \.usagePriceElasticity, .number(in: 0...5), default: 0.06,
               doc: "Usage response to price (X11: a 10 % cut raises usage 0.5-0.7 %)."),
        .field("usage_growth_per_year", \.usageGrowthPerYear, .number(in: 0...100), default: 0,
               doc: "Yearly growth of each adopter's tokens a day (1.5: two and a half times as many a year later)."),
        .field("open_ecosystem_penalty", \.openEcosystemPenalty, .number(in: 0...100), default: 0,
               doc: "Logit penalty on open weights for missing tooling, support and compliance at the start."),
        .field("open_ecosystem_maturity_days", \.openEcosystemMaturityDays, ScenarioSchema.days, default: 730,
               doc: "E-folding time of that penalty."),
        .field("self_hosting", \.selfHosting, SelfHosting.schema, default: [:],
               doc: "The buyer's outside option: self-hosting the best open-weight model (fixed cost per deployment, GPU cost at its scale, M8)."),
    ]}
}

/// Bass diffusion of adoption: innovation `p` and imitation `q` per year, and the
/// share of buyers already using AI at the start.
public struct BassDiffusion: Sendable, Equatable {
    public var p: Double = 0
    public var q: Double = 0
    public var initialAdopted: Double = 0

    public init() {}
}

extension BassDiffusion: SchemaObject {
    public static var fields: [ObjectField<BassDiffusion>] {[
        .field("p", \.p, .number(exclusiveMinimum: 0, maximum: 10), default: 0.03, doc: "Bass innovation, per year."),
        .field("q", \.q, .number(minimum: 0, maximum: 10), default: 0.5, doc: "Bass imitation, per year."),
        .field("initial_adopted", \.initialAdopted, .number(minimum: 0, exclusiveMaximum: 1), default: 0.2, doc: "Share adopted at the start."),
    ]}
}

extension BassDiffusion {
    /// The Bass cumulative adoption share `years` after diffusion began:
    /// F(t) = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t).
    public func cumulativeShare(years: Double) -> Double {
        let e = exp(-(p + q) * years)
        return (1 - e) / (1 + (q / p) * e)
    }

    /// The years after diffusion began at which the cumulative share reaches `share`.
    public func years(toShare share: Double) -> Double {
        -log((1 - share) / (1 + (q / p) * share)) / (p + q)
    }

    /// The adoption day (since the start) of a buyer with uniform draw `u`, by inverse
    /// transform: buyers with u below `initialAdopted` have adopted already; the others
    /// adopt when the Bass curve, started where it stood at `initialAdopted`, reaches u.
    /// So the share adopted by day t is F(t0 + t / 365), t0 = F^-1(initialAdopted).
    public func adoptionDay(uniform u: Double) -> Double {
        u < initialAdopted ? 0 : (years(toShare: u) - years(toShare: initialAdopted)) * Days.perYear
    }
}
