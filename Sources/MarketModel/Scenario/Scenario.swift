import Foundation

/// A market scenario: everything one run needs besides its seed.
///
/// Decoded from a validated JSON file (`ScenarioFile` checks every key, range and
/// reference against `ScenarioSchema` first and fills defaults), so these types hold
/// only well-formed values. JSON keys are the snake_case forms of the property names.
public struct Scenario: Codable, Sendable, Equatable {
    public var name: String
    public var description: String
    /// The case in one line, relative to the scenario it extends (`scenarios` and the
    /// reports show it): what it assumes differently and which way that tips the outcomes.
    public var thesis: String
    /// The first day of the run, `YYYY-MM-DD`; time in the engine is days since then.
    public var startDate: String
    /// The horizon in calendar months.
    public var months: Int
    public var seed: UInt64
    public var replications: Int
    public var segments: [Segment]
    /// The frontier's overall quality before the start (at least two years back), so
    /// the gap as a time lag is defined from the first period.
    public var frontierHistory: [HistoryPoint]
    public var costs: CostModel
    public var actors: Actors
    public var buyers: BuyerPopulation
    public var securityTax: SecurityTax
    public var events: [ExogenousEvent]
    public var report: ReportSettings
}

/// A workload segment with its share of demand and how much of a frontier gain a
/// distillation can transfer into it.
public struct Segment: Codable, Sendable, Equatable {
    public var id: String
    /// Share of buyers whose main workload is this segment; also the weight of the
    /// segment in overall quality. Shares are normalised to sum to 1.
    public var demandShare: Double
    /// Fraction of the teacher's lead a distillation closes in this segment (M1, M9).
    public var distillability: Double
    /// The quality no model exceeds, in benchmark points.
    public var ceiling: Double
    /// Multiplies the frontier's release steps in this segment (H8: reasoning jumps).
    public var frontierStepMultiplier: Double
    /// Share of the way from its last model to the lagged frontier that an open lab's
    /// release covers here (1: all the way; low where capability resists transfer).
    public var openCatchUp: Double
}

/// The frontier's overall quality on a date before the start.
public struct HistoryPoint: Codable, Sendable, Equatable {
    public var date: String
    public var quality: Double
}

/// Serving cost: a model's cost per million tokens follows its active parameters
/// (M3), and falls over time with hardware and software efficiency.
public struct CostModel: Codable, Sendable, Equatable {
    /// USD per million tokens per billion active parameters, at the start date.
    public var usdPerMtokPerBillionActive: Double
    /// Fractional fall of serving cost per year (0.3 = 30 % cheaper each year).
    public var annualDecline: Double
    /// Output price over input price for cost-plus offerings (Kimi K2.5: 5, P5).
    public var outputToInputPriceRatio: Double
}

/// The sellers and distillers of the market.
public struct Actors: Codable, Sendable, Equatable {
    public var frontier: [FrontierLab]
    public var openLabs: [OpenLab]
    public var distillers: [Distiller]
    public var infra: [InfraProvider]
}

/// A gamma-distributed duration in days, given by its mean and coefficient of variation.
public struct DurationDistribution: Codable, Sendable, Equatable {
    public var meanDays: Double
    public var cv: Double
}

/// A proprietary frontier lab.
public struct FrontierLab: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var organization: String
    public var initialQuality: [String: Double]
    public var releaseInterval: DurationDistribution
    /// Mean fraction of the distance to the ceiling that a release closes.
    public var stepFraction: Double
    /// Beta concentration of the step fraction (higher: less variable steps).
    public var stepConcentration: Double
    public var trainingCostUsd: Double
    /// Growth of the training cost per release, per year of calendar time.
    public var trainingCostAnnualGrowth: Double
    public var activeParamsB: Double
    public var tokensPerSecond: Double
    public var inputUsdPerMtok: Double
    public var outputUsdPerMtok: Double
    public var priceCut: PriceCutPolicy
}

/// How a frontier lab answers cheap open models (H7, M10): when the best open model
/// comes within `triggerGapPoints` overall and costs at most `triggerPriceRatio` of
/// the lab's blended price, the lab cuts both prices by `fraction`, no lower than
/// serving cost times (1 + `floorMargin`), and not again within `cooldownDays`.
public struct PriceCutPolicy: Codable, Sendable, Equatable {
    public var enabled: Bool
    public var triggerGapPoints: Double
    public var triggerPriceRatio: Double
    public var fraction: Double
    public var floorMargin: Double
    public var cooldownDays: Double
    public var reviewDays: Double
}

/// An open-weight lab training sparse Mixture-of-Experts models (M3, M4).
public struct OpenLab: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var organization: String
    public var initialQuality: [String: Double]
    public var releaseInterval: DurationDistribution
    /// How far behind the frontier a new model lands: it reaches the frontier's
    /// quality of `lagDays` ago, less `shortfallPoints`, plus noise.
    public var lagDays: Double
    public var shortfallPoints: Double
    public var noisePoints: Double
    public var totalParamsB: Double
    public var activeParamsB: Double
    /// Training cost of a dense model of the same quality; MoE divides it (M4).
    public var denseTrainingCostUsd: Double
    public var moeTrainingSpeedup: Double
    public var api: OpenLabAPI
}

/// An open lab's own low-price API.
public struct OpenLabAPI: Codable, Sendable, Equatable {
    public var enabled: Bool
    public var margin: Double
    public var tokensPerSecond: Double
}

/// A distiller: after each frontier release, with a random lag of weeks (M1, M2),
/// it distils a student that closes a segment's `distillability` of the teacher's
/// lead, at `costFraction` of the teacher's training cost, and releases the weights.
public struct Distiller: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var organization: String
    public var lag: DurationDistribution
    /// The first day it distils (`YYYY-MM-DD`; empty: from the start). Reasoning
    /// distillation became routine in early 2025 (H9, H10).
    public var activeFrom: String?
    public var costFraction: Double
    /// Multiplies every segment's distillability (a better or worse distiller).
    public var efficiency: Double
    public var activeParamsB: Double
    public var totalParamsB: Double
}

/// An infrastructure provider hosting open-weight models (M6, M7).
public struct InfraProvider: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var organization: String
    /// How many open models it hosts at most (the best by overall quality).
    public var maxModels: Int
    /// Open labs whose models it always hosts (a lab that also runs a cloud, H11).
    public var alwaysHost: [String]
    public var tokensPerSecond: Double
    /// Margin over serving cost with no competitor on the same model.
    public var baseMargin: Double
    public var minMargin: Double
    /// Margin = max(min, base / hosts^exponent) where hosts sell the same model.
    public var competitionExponent: Double
    /// Multiplies the market's serving cost (0.7: 30 % cheaper than the baseline).
    public var servingCostFactor: Double
    public var capacityUsdPerModelMonth: Double
}

/// The enterprise buyers, as a sampled population.
public struct BuyerPopulation: Codable, Sendable, Equatable {
    /// Simulated buyer agents.
    public var count: Int
    /// Real enterprises the population stands for; money is scaled to them.
    public var represents: Double
    public var tokensPerDay: LognormalParameters
    public var inputShare: BetaParameters
    /// The segment of frontier work (a buyer whose main segment it is sends all its
    /// tokens there); other buyers send `frontierWorkShare` of their tokens there (M9).
    public var frontierSegment: String
    /// Share of a buyer's tokens that is frontier work (M9).
    public var frontierWorkShare: BetaParameters
    public var priceSensitivity: LognormalParameters
    public var qualitySensitivity: LognormalParameters
    /// Multiplies quality sensitivity for frontier-reasoning work.
    public var frontierQualityMultiplier: Double
    public var speedSensitivity: Double
    public var switchingCost: Double
    public var securitySensitiveShare: Double
    /// Share of buyers that route commodity and frontier work separately (M9).
    public var routingShare: Double
    public var adoption: BassDiffusion
    public var reviewIntervalDays: Double
    /// Usage response to price (X11): tokens scale with (price / 10 USD)^-elasticity.
    public var usagePriceElasticity: Double
    /// Growth of every adopter's tokens a day, per year (1.5: 2.5 times a year later).
    public var usageGrowthPerYear: Double
    /// Utility penalty on open-weight offerings for missing tooling, support and
    /// compliance, decaying as the ecosystem matures (the bear case).
    public var openEcosystemPenalty: Double
    public var openEcosystemMaturityDays: Double
}

/// Lognormal parameters given by median and log-scale standard deviation.
public struct LognormalParameters: Codable, Sendable, Equatable {
    public var median: Double
    public var sigma: Double
}

/// Beta parameters given by mean and concentration (a + b).
public struct BetaParameters: Codable, Sendable, Equatable {
    public var mean: Double
    public var concentration: Double
}

/// Bass diffusion of adoption: innovation `p` and imitation `q` per year, and the
/// share of buyers already using AI at the start.
public struct BassDiffusion: Codable, Sendable, Equatable {
    public var p: Double
    public var q: Double
    public var initialAdopted: Double
}

/// The security tax on open weights (M8): backdoor scanning and compliance cost a
/// security-sensitive buyer `baseOverhead` of its spend at the reference volume,
/// sublinear in scale: overhead = base x (tokens per day / 100M)^-scaleExponent,
/// clamped to [minOverhead, maxOverhead], times the incident multiplier.
public struct SecurityTax: Codable, Sendable, Equatable {
    public var baseOverhead: Double
    public var minOverhead: Double
    public var maxOverhead: Double
    public var scaleExponent: Double
}

/// An exogenous, scheduled event.
public struct ExogenousEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, Equatable, CaseIterable {
        case release, priceChange = "price_change", backdoorIncident = "backdoor_incident"
    }
    public var date: String
    public var type: Kind
    /// The actor concerned (releases and price changes).
    public var actor: String?
    /// A release's absolute quality per segment (missing segments keep their value).
    public var quality: [String: Double]?
    public var inputUsdPerMtok: Double?
    public var outputUsdPerMtok: Double?
    /// A backdoor incident multiplies the security tax for `durationDays`.
    public var taxMultiplier: Double?
    public var durationDays: Double?
    public var note: String?
}

/// What each report period records.
public struct ReportSettings: Codable, Sendable, Equatable {
    /// Quality levels for constant-capability prices (X5), overall points.
    public var priceLevels: [Double]
    /// The workload of the annual-cost columns (C1-C3): 100M tokens a day.
    public var referenceTokensPerDay: Double
    /// Input share of the blended price (3:1 input:output is 0.75).
    public var referenceInputShare: Double
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
        u < initialAdopted ? 0 : (years(toShare: u) - years(toShare: initialAdopted)) * 365
    }
}

extension SecurityTax {
    /// The overhead a security-sensitive buyer of `tokensPerDay` bears on open-weight
    /// spend (M8): base x (volume / 100M)^-exponent, clamped to [min, max].
    public func overhead(tokensPerDay: Double) -> Double {
        min(maxOverhead, max(minOverhead, baseOverhead * pow(tokensPerDay / 1e8, -scaleExponent)))
    }
}

extension InfraProvider {
    /// The margin over serving cost with `sellers` sellers of the same model (M6, M7):
    /// max(min_margin, base_margin / sellers^competition_exponent).
    public func margin(sellers: Double) -> Double {
        max(minMargin, baseMargin / pow(sellers, competitionExponent))
    }
}
