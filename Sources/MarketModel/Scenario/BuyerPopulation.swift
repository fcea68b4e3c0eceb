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
    /// The scale of a buyer's idiosyncratic taste for one option over another, as a
    /// share of the value of its work (the logit's scale parameter: utility is money over
    /// value x taste_scale). Small: choices follow value for money; large: taste.
    public var tasteScale = TasteScale()
    /// What a buyer would give up, beyond quality, price and the other costs, to use a
    /// proprietary model rather than open weights (a vendor's support and indemnity,
    /// terms a procurement office knows; negative: control of the weights and the data),
    /// as a share of the value of its work, normal across buyers and drawn once per
    /// buyer: a trait that persists, so buyers differ in how close a substitute open
    /// weights are for them, and proprietary flagships compete with one another more
    /// closely than with open models (a random coefficient on the proprietary/open
    /// divide, the mixed-logit counterpart of a nest of their own).
    public var proprietaryPreference = NormalParameters()
    /// A model's success rate at a task is (quality / 100)^successExponent: a task
    /// takes several steps that must all go right, so a quality lead is worth more than
    /// its points.
    public var successExponent: Double = 0
    /// The nested logit's scale within a model: the sellers of one model (its lab's API,
    /// the hosts serving it) are close substitutes, and a buyer's taste between them
    /// has this share of its taste scale between models (1: a plain logit).
    public var nestScale: Double = 0
    public var speedSensitivity: Double = 0
    public var switchingCost: Double = 0
    public var securitySensitiveShare: Double = 0
    /// Share of buyers that route commodity and frontier work separately (M9).
    public var routingShare: Double = 0
    public var adoption = BassDiffusion()
    public var reviewIntervalDays: Double = 0
    /// Growth of every adopter's tokens a day, per year (1.5: 2.5 times a year later).
    public var usageGrowthPerYear: Double = 0
    /// The young open-weight ecosystem's cost to a buyer and how fast it fades (the bear case).
    public var openEcosystem = OpenEcosystem()
    /// Running an open-weight model itself, an option beside the APIs.
    public var selfHosting = SelfHosting()
    /// Which models a buyer's choice weighs (`Consideration`).
    public var consideration = Consideration()

    public init() {}
}

/// The taste scale's distribution across buyers: lognormal with `median` and `sigma`,
/// each buyer's draw clamped to [`floor`, 1]. The floor keeps every buyer's logit a
/// choice with some taste in it (at 0 a buyer would take the best value for money with
/// certainty); at its default, 0.01, it binds for few buyers of a median of 0.04. A
/// fit that wants buyers whose choices follow value for money almost exactly lowers it
/// rather than piling the population onto a clamp (docs/calibration.md).
public struct TasteScale: Sendable, Equatable {
    public var median: Double = 0
    public var sigma: Double = 0
    public var floor: Double = 0

    public init() {}

    /// The taste scale of a buyer at the distribution's median, clamped as every
    /// buyer's draw is: what an actor that reads one typical buyer assumes.
    public var clampedMedian: Double { min(1, max(floor, median)) }

    /// One buyer's taste scale from a draw of the lognormal.
    @inline(__always)
    func clamped(_ draw: Double) -> Double { min(1, max(floor, draw)) }
}

extension TasteScale: SchemaObject {
    public static var fields: [ObjectField<TasteScale>] {[
        .field("median", \.median, .number(exclusiveMinimum: 0, maximum: 10), default: 0.1,
               doc: "The median of the lognormal."),
        .field("sigma", \.sigma, .number(in: 0...5), default: 0.5,
               doc: "Standard deviation of its logarithm."),
        .field("floor", \.floor, .number(exclusiveMinimum: 0, maximum: 1), default: 0.01,
               doc: "The smallest taste scale a buyer draws (each draw is clamped to [floor, 1])."),
    ]}

    static var schema: Schema {
        Schema.object(fields.map(\.field)).described("Logit scale as a share of the value of the work.")
    }
}

/// What a buyer pays a month per deployment of an open-weight model for the tooling,
/// support and integration a young ecosystem lacks, at the start, and the e-folding time
/// of its decay as the ecosystem matures. Its keys stay flat in a scenario's `buyers`
/// (`open_ecosystem_usd_per_month`, `open_ecosystem_maturity_days`); grouped here so that
/// `BuyerPopulation` stays within the architecture's limit of stored properties.
public struct OpenEcosystem: Sendable, Equatable {
    public var usdPerMonth: Double = 0
    public var maturityDays: Double = 0

    public init() {}
}

extension OpenEcosystem {
    /// Its fields, inlined in `buyers` (`ObjectField.inlined`).
    static var fields: [ObjectField<OpenEcosystem>] {[
        .field("open_ecosystem_usd_per_month", \.usdPerMonth, .number(minimum: 0, maximum: 1e9), default: 0,
               doc: "Monthly cost per deployment of an open-weight model for the tooling, support and integration a young ecosystem lacks, at the start (decays with open_ecosystem_maturity_days)."),
        .field("open_ecosystem_maturity_days", \.maturityDays, ScenarioSchema.days, default: 730,
               doc: "E-folding time of that cost."),
    ]}
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
        .field("taste_scale", \.tasteScale, TasteScale.schema, default: [:],
               doc: "Scale of a buyer's idiosyncratic taste between options, as a share of the value of its work: lognormal across buyers (median, sigma), each buyer's clamped to [floor, 1]."),
        .field("proprietary_preference", \.proprietaryPreference,
               NormalParameters.schema(range: -1...1, doc: "A buyer's preference for proprietary models over open weights, as a share of the value of its work."),
               default: [:], doc: "A buyer's preference for proprietary models over open weights beyond quality and price (support, indemnity; negative: control of the weights), as a share of the value of its work: normal across buyers, drawn once per buyer, an extra cost of every open-weight option (APIs and self-hosting) in its choices. 0 and 0: none."),
        .field("nest_scale", \.nestScale, .number(exclusiveMinimum: 0, maximum: 1), default: 0.03,
               doc: "Taste between the sellers of one model as a share of the taste between models (nested logit; 1: plain logit). Small: hosts of one model compete on price and speed (X10)."),
        .field("success_exponent", \.successExponent, .number(in: 0.1...10), default: 2,
               doc: "A model's success rate at a task is (quality / 100)^success_exponent."),
        .field("speed_sensitivity", \.speedSensitivity, .number(minimum: 0, maximum: 1000), default: 0.2,
               doc: "Logit weight on log(tokens per second / 100): a taste, in units of the buyer's taste scale."),
        .field("switching_cost", \.switchingCost, .number(minimum: 0, maximum: 1000), default: 1,
               doc: "Cost of leaving the current option, in units of the buyer's taste scale (1: worth taste_scale x value per Mtok)."),
        .field("security_sensitive_share", \.securitySensitiveShare, ScenarioSchema.fraction, default: 0.3,
               doc: "Share of buyers that must verify open weights before using them (M8: security.verification_usd_per_month)."),
        .field("routing_share", \.routingShare, ScenarioSchema.fraction, default: 0.3,
               doc: "Share of buyers routing commodity and frontier work separately (M9)."),
        .field("adoption", \.adoption, BassDiffusion.schema, default: [:], doc: "Bass diffusion of adoption."),
        .field("review_interval_days", \.reviewIntervalDays, ScenarioSchema.intervalDays, default: 90,
               doc: "Mean days between a buyer's reviews (exponential; at least 1)."),
        .field("usage_growth_per_year", \.usageGrowthPerYear, .number(in: 0...100), default: 0,
               doc: "Yearly growth of each adopter's tokens a day (1.5: two and a half times as many a year later)."),
    ] + ObjectField<Self>.inlined(\.openEcosystem, OpenEcosystem.fields) + [
        .field("self_hosting", \.selfHosting, SelfHosting.schema, default: [:],
               doc: "Self-hosting the best open-weight model, beside the APIs and not using a model at all (fixed cost per deployment, GPU cost at its scale, M8)."),
        .field("consideration", \.consideration, Consideration.schema, default: [:],
               doc: "The models a buyer weighs at a choice: all of them, or a shortlist (the best few of each kind by value for money, the one it uses, a few it samples) whose cost does not grow with the menu (docs/model.md, Consideration sets)."),
    ]}
}

/// The models a buyer weighs when it chooses (`ConsiderationSet`): every model
/// (`fullMenu`, the exact nested logit), or a shortlist of the `bestModels` of each kind
/// by a screen of value for money, the model it uses now, and `sampledModels` drawn at
/// random from the others, each standing for the others it was drawn from.
public struct Consideration: Sendable, Equatable {
    public var bestModels: Int = 0
    public var sampledModels: Int = 0
    public var fullMenu = false

    public init() {}
}

extension Consideration: SchemaObject {
    public static var fields: [ObjectField<Consideration>] {[
        .field("best_models", \.bestModels, .integer(in: 1...1000), default: 8,
               doc: "Models of each kind (proprietary, open weights) a shortlist takes from the top of the screen of value for money, besides the one the buyer uses."),
        .field("sampled_models", \.sampledModels, .integer(in: 0...1000), default: 3,
               doc: "Models a shortlist draws at random from the rest, each standing for the rest in the draw (weight: the rest's count over this)."),
        .field("full_menu", \.fullMenu, .boolean, default: true,
               doc: "Weigh every model on the menu: the exact nested logit. false: weigh a shortlist, whose cost does not grow with the menu (docs/model.md, Consideration sets, says what it shifts)."),
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
