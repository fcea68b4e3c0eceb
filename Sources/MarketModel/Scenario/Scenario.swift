import Foundation
import ScenarioFormat

/// A market scenario: everything one run needs besides its seed.
///
/// Each type of the scenario declares its JSON keys once, in its `fields` (beside the
/// type, as `SchemaObject`): the scenario's schema (`ScenarioSchema.schema`: validation,
/// defaults, JSON Schema export) and its reading come from those lists, so a validated
/// document is read through one path into one value.
public struct Scenario: Sendable, Equatable {
    public var name: String = ""
    public var description: String = ""
    /// The case in one line, relative to the scenario it extends (`scenarios` and the
    /// reports show it): what it assumes differently and which way that tips the outcomes.
    public var thesis: String = ""
    /// The case the scenario argues, in a few words (`scenarios`, the reports and the
    /// run's scenario.json carry it), so a comparison says which side each member takes.
    public var argues: String = ""
    /// The first day of the run; time in the engine is days since then.
    public var startDate = CalendarDate.epoch
    /// The horizon in calendar months.
    public var months: Int = 0
    public var seed: UInt64 = 0
    public var replications: Int = 0
    public var segments: [Segment] = []
    /// The aggregate benchmark H1 and H2 cite, a readout of the overall capability index.
    public var aggregateReadout = Readout()
    /// The frontier's overall quality before the start (at least two years back), so
    /// the gap as a time lag is defined from the first period.
    public var frontierHistory: [HistoryPoint] = []
    public var costs = CostModel()
    public var actors = Actors()
    public var buyers = BuyerPopulation()
    public var security = Security()
    public var events: [ExogenousEvent] = []
    public var report = ReportSettings()
    /// How sellers set prices (best responses to demand).
    public var pricing = PricingPolicy()
    /// When a frontier model is a teacher worth distilling.
    public var teachers = TeacherRule()

    public init() {}
}

extension Scenario: SchemaObject {
    public static var fields: [ObjectField<Scenario>] {[
        .field("name", \.name, .identifier,
               doc: "Short name: letters, digits, -, _ and ., not starting with a dot; the default output folder is runs/<name>."),
        .field("description", \.description, .string, default: "", doc: "What the scenario assumes and which fact ids it follows."),
        .field("thesis", \.thesis, .string, default: "", doc: "The case in one line, relative to the scenario it extends: what it assumes differently and which way that tips the outcomes."),
        .field("argues", \.argues, .string, default: "", doc: "The case the scenario argues, in a few words (base: convergence; bull: the proprietary moat)."),
        .field("start_date", \.startDate, .date, doc: "The first day, YYYY-MM-DD."),
        .field("months", \.months, .integer(in: 1...600), default: 60, doc: "Horizon in calendar months; one report a month."),
        .field("seed", \.seed, .integer(in: 0...9_007_199_254_740_991), default: 1, doc: "Master seed of the replications."),
        .field("replications", \.replications, .integer(in: 1...1_000_000), default: 10, doc: "Replications of a run."),
        .field("segments", \.segments, .array(of: Segment.schema, minCount: 1), doc: "Workload segments."),
        .field("aggregate_readout", \.aggregateReadout, Readout.schema, default: [:],
               doc: "The aggregate benchmark the overall quality (and gap_points, H1, H2) reads: a saturating readout of a model's overall capability index, the demand-weighted mean of its segments'."),
        .field("frontier_history", \.frontierHistory, .array(of: HistoryPoint.schema), default: [],
               doc: "The frontier's overall quality (on aggregate_readout) before the start (two years back), for the gap in months."),
        .field("costs", \.costs, CostModel.schema, default: [:], doc: "Serving cost."),
        .field("actors", \.actors, Actors.schema, doc: "The sellers and distillers."),
        .field("buyers", \.buyers, BuyerPopulation.schema, default: [:], doc: "The enterprise buyers."),
        .field("security", \.security, Security.schema, default: [:], doc: "Security verification as an adoption cost of open weights (M8)."),
        .field("events", \.events, .array(of: ExogenousEvent.schema), default: [], doc: "Scheduled exogenous events."),
        .field("report", \.report, ReportSettings.schema, default: [:], doc: "What each report records."),
        .field("pricing", \.pricing, PricingPolicy.schema, default: [:], doc: "How sellers set prices: best responses to the demand they face."),
        .field("teachers", \.teachers, TeacherRule.schema, default: [:],
               doc: "When a frontier model is a teacher worth distilling: distillation programmes start when one exists (and the distiller's budget allows), not on a date."),
    ]}
}

/// A workload segment: its share of demand, how much of a frontier gain a
/// distillation can transfer into it, and how its benchmark reads a model's capability.
///
/// A model's capability here is an open-ended index, in decades of effective training
/// compute: a run of effective compute C reaches log10 C, and distillation and slimming
/// move it (`MarketSimulation+Releases.swift`). The segment's quality is a saturating
/// readout of it, the benchmark score a fact cites (SWE-bench Verified for coding,
/// ARC-AGI-2 for frontier reasoning): q = softLimit / (1 + exp(-slopePerDecade x
/// (index - midpointLog10Compute))), with the midpoint the readout's difficulty and the
/// slope how fast it saturates. Increasing in the index, steepest at the midpoint, with
/// diminishing returns toward the soft limit, which no finite capability reaches.
public struct Segment: Sendable, Equatable {
    public var id: String = ""
    /// Share of buyers whose main workload is this segment; also the weight of the
    /// segment in overall quality. Shares are normalised to sum to 1.
    public var demandShare: Double = 0
    /// Fraction of the teacher's lead a distillation closes in this segment (M1, M9).
    public var distillability: Double = 0
    /// The quality that ever larger runs approach, in benchmark points.
    public var softLimit: Double = 0
    /// log10 of the effective compute that reaches half the soft limit.
    public var midpointLog10Compute: Double = 0
    /// The logistic's slope per decade of compute (H8: steep where a generation jumps).
    public var slopePerDecade: Double = 0
    /// What a million tokens of this work is worth to a buyer when the model gets it
    /// right: the median over buyers, USD, and the spread of its logarithm. A buyer's
    /// values in every segment share one standard normal draw z, clamped to [-3, 3]
    /// (the value is a trait of the buyer: a bank values all its work highly), so a
    /// buyer's value here is median x e^(sigma z), at most median x e^(3 sigma).
    public var valueUsdPerMtok: Double = 0
    public var valueSigma: Double = 0

    public init() {}
}

extension Segment: SchemaObject {
    public static var fields: [ObjectField<Segment>] {[
        .field("id", \.id, .identifier, doc: "Segment id, used in quality tables and column names."),
        .field("demand_share", \.demandShare, .number(minimum: 0, maximum: 1e6), doc: "Share of buyers and weight in overall quality (normalised)."),
        .field("distillability", \.distillability, ScenarioSchema.fraction, doc: "Share of a teacher's lead one distillation transfers (high for commodity work)."),
        .field("soft_limit", \.softLimit, Readout.softLimitSchema, default: 100,
               doc: "Quality that ever larger training runs approach (never reached)."),
        .field("midpoint_log10_compute", \.midpointLog10Compute, Readout.midpointSchema, default: 26,
               doc: "log10 of the effective training compute (FLOP) that reaches half the soft limit."),
        .field("slope_per_decade", \.slopePerDecade, Readout.slopeSchema, default: 1,
               doc: "Slope of the logistic in log10 compute (H8: steep where one generation jumps)."),
        .field("value_usd_per_mtok", \.valueUsdPerMtok, .number(exclusiveMinimum: 0, maximum: 1e6), default: 50,
               doc: "Median value to a buyer of a million tokens of this work done right, USD (anchored on what buyers pay: P1-P6, C1-C3); a buyer's value is this times e^(value_sigma z), z standard normal clamped to [-3, 3] and shared across the buyer's segments."),
        .field("value_sigma", \.valueSigma, .number(in: 0...3), default: 1,
               doc: "Spread of the logarithm of buyers' values in this segment."),
    ]}
}

extension Segment {
    /// The quality a run of 10^`log10Compute` FLOP of effective compute reaches here: the
    /// segment's benchmark readout of a capability index of `log10Compute`.
    public func quality(log10Compute: Double) -> Double { readout.quality(index: log10Compute) }

    /// The capability index whose readout here is `quality`: the inverse of
    /// `quality(log10Compute:)` (`Readout.capability(quality:)`).
    public func capability(quality: Double) -> Double { readout.capability(quality: quality) }

    /// The segment's benchmark as a readout of the capability index.
    public var readout: Readout {
        var r = Readout()
        (r.softLimit, r.midpointLog10Compute, r.slopePerDecade) = (softLimit, midpointLog10Compute, slopePerDecade)
        return r
    }

    /// Decades of the capability index that a point of quality costs where the readout
    /// is steepest (its midpoint): how a run's luck, stated in points, moves the index.
    public var decadesPerPoint: Double { 4 / (softLimit * slopePerDecade) }
}

/// A benchmark's saturating readout of a capability index (decades of effective
/// compute): soft_limit / (1 + exp(-slope (index - midpoint))), the midpoint its
/// difficulty.
public struct Readout: Sendable, Equatable {
    public var softLimit: Double = 0
    public var midpointLog10Compute: Double = 0
    public var slopePerDecade: Double = 0

    public init() {}

    /// The points a capability index of `index` reads.
    public func quality(index: Double) -> Double {
        softLimit / (1 + exp(-slopePerDecade * (index - midpointLog10Compute)))
    }

    /// The index that reads `quality` (taken a billionth of the soft limit inside 0 and
    /// the soft limit, which no finite index reads).
    public func capability(quality: Double) -> Double {
        let q = min(max(quality, softLimit * 1e-9), softLimit * (1 - 1e-9))
        return midpointLog10Compute + log(q / (softLimit - q)) / slopePerDecade
    }
}

extension Readout: SchemaObject {
    /// The bounds of a readout's three keys, a segment's (`Segment`) and the aggregate's.
    static let softLimitSchema = Schema.number(exclusiveMinimum: 0, maximum: 100)
    static let midpointSchema = Schema.number(in: 15...40)
    static let slopeSchema = Schema.number(exclusiveMinimum: 0, maximum: 20)

    public static var fields: [ObjectField<Readout>] {[
        .field("soft_limit", \.softLimit, Readout.softLimitSchema, default: 100,
               doc: "The score ever more capable models approach (never reached)."),
        .field("midpoint_log10_compute", \.midpointLog10Compute, Readout.midpointSchema, default: 26,
               doc: "The benchmark's difficulty: the capability index (log10 effective compute) that scores half the soft limit."),
        .field("slope_per_decade", \.slopePerDecade, Readout.slopeSchema, default: 1,
               doc: "How fast the score rises per decade of the index at the midpoint's steepness."),
    ]}
}

/// When a frontier model is a teacher worth distilling (issue 24, item 2): its readout in
/// `segment` reaches `minQuality`. Imitating a weaker model's answers transferred its
/// style, not its capability (X18: imitation models trained on ChatGPT's outputs closed
/// little of the gap on capability benchmarks, 2023); distillation took hold once
/// frontier reasoning models gave students something to learn (H9, H10). With no
/// segment every frontier model is a teacher.
public struct TeacherRule: Sendable, Equatable {
    public var segment: String = ""
    public var minQuality: Double = 0

    public init() {}
}

extension TeacherRule: SchemaObject {
    public static var fields: [ObjectField<TeacherRule>] {[
        .field("segment", \.segment, .string, default: "",
               doc: "The segment whose readout makes a teacher (empty: every frontier model is one)."),
        .field("min_quality", \.minQuality, ScenarioSchema.quality, default: 0,
               doc: "The readout in that segment a frontier model needs to be distilled, points."),
    ]}
}

/// The frontier on a date before the start: its overall capability index, or that
/// index's aggregate readout (one of the two).
public struct HistoryPoint: Sendable, Equatable {
    public var date = CalendarDate.epoch
    public var quality: Double?
    public var capability: Double?

    public init() {}
}

extension HistoryPoint: SchemaObject {
    public static var fields: [ObjectField<HistoryPoint>] {[
        .field("date", \.date, .date, doc: "A date before start_date."),
        .optional("quality", \.quality, ScenarioSchema.quality, doc: "The frontier's overall quality then, on aggregate_readout (or capability)."),
        .optional("capability", \.capability, .number(in: 0...100), doc: "The frontier's overall capability index then, decades of effective compute (or quality)."),
    ]}
}

/// Serving cost: a model's cost per million tokens follows its active parameters
/// (M3), and falls over time with hardware and software efficiency.
public struct CostModel: Sendable, Equatable {
    /// USD per million tokens per billion active parameters, at the start date.
    public var usdPerMtokPerBillionActive: Double = 0
    /// Fractional fall of serving cost per year (0.3 = 30 % cheaper each year).
    public var annualDecline: Double = 0
    /// Output price over input price for cost-plus offerings (Kimi K2.5: 5, P5).
    public var outputToInputPriceRatio: Double = 0
    /// The price of training compute.
    public var compute = ComputeCost()
    /// What every seller pays for serving capacity, USD per million tokens a day of
    /// capacity per month at the start date, used or not; it falls with the compute price.
    public var capacityUsdPerMtokPerDayMonth: Double = 0
    /// The utilisation at which labs' own APIs hold capacity: they size it to their
    /// demand as it comes (hosts order theirs with a lag, `HostCapacity`).
    public var labCapacityUtilisation: Double = 0

    public init() {}
}

extension CostModel: SchemaObject {
    public static var fields: [ObjectField<CostModel>] {[
        .field("usd_per_mtok_per_billion_active", \.usdPerMtokPerBillionActive, .number(exclusiveMinimum: 0, maximum: 1000), default: 0.012,
               doc: "Serving cost per million tokens per billion active parameters at the start (M3)."),
        .field("annual_decline", \.annualDecline, .number(minimum: 0, exclusiveMaximum: 1), default: 0.35,
               doc: "Yearly fall of serving cost (X5, X6)."),
        .field("output_to_input_price_ratio", \.outputToInputPriceRatio, .number(exclusiveMinimum: 0, maximum: 100), default: 5,
               doc: "Output over input price of cost-plus offerings (P5: 3.00 / 0.60)."),
        .field("compute", \.compute, ComputeCost.schema, default: [:], doc: "The price of training compute."),
        .field("capacity_usd_per_mtok_per_day_month", \.capacityUsdPerMtokPerDayMonth, .number(minimum: 0, maximum: 1e6), default: 3,
               doc: "Serving capacity, for hosts and labs' own APIs alike: USD per million tokens a day of capacity per month at the start, paid whether used or not; falls with compute.annual_decline."),
        .field("lab_capacity_utilisation", \.labCapacityUtilisation, .number(exclusiveMinimum: 0, maximum: 1), default: 0.7,
               doc: "Utilisation at which labs' own APIs hold capacity, sized to their demand as it comes: each Mtok a day they serve holds 1 / this of capacity (hosts' default target, HostCapacity)."),
    ]}
}

/// The price of training compute: `usdPerExaflop` at the start date, falling by
/// `annualDecline` a year; and algorithmic progress, which multiplies the effective
/// compute a dollar buys by `algorithmicProgressPerYear` each year after the start.
/// A run's effective compute is budget / price x training efficiency x progress.
public struct ComputeCost: Sendable, Equatable {
    public var usdPerExaflop: Double = 0
    public var annualDecline: Double = 0
    public var algorithmicProgressPerYear: Double = 0

    public init() {}
}

extension ComputeCost: SchemaObject {
    public static var fields: [ObjectField<ComputeCost>] {[
        .field("usd_per_exaflop", \.usdPerExaflop, .number(exclusiveMinimum: 0, maximum: 1e6), default: 1.5,
               doc: "USD per 10^18 FLOP of training at the start date (X8: 2.788M H100-hours, 5.6M USD, about 3e24 FLOP: about 1.5-2)."),
        .field("annual_decline", \.annualDecline, .number(minimum: 0, exclusiveMaximum: 1), default: 0.3,
               doc: "Yearly fall of the compute price."),
        .field("algorithmic_progress_per_year", \.algorithmicProgressPerYear, .number(in: 1...100), default: 1,
               doc: "Multiplier of effective compute per year of algorithmic progress (1: none)."),
    ]}
}

extension ComputeCost {
    /// log10 of the effective compute (FLOP) that `usd` buys on `day` (days since the
    /// start) at training efficiency `efficiency`; -infinity for no money.
    public func log10Compute(usd: Double, day: Double, efficiency: Double) -> Double {
        guard usd > 0 else { return -.infinity }
        let years = day / Days.perYear
        return log10(usd) + 18 - log10(usdPerExaflop) - years * log10(1 - annualDecline)
            + log10(efficiency) + years * log10(algorithmicProgressPerYear)
    }
}

/// Security and compliance as an adoption cost of open weights (M8): a
/// security-sensitive buyer that runs its work on an open-weight model pays for
/// verifying it (backdoor scanning, compliance review): `verificationUsdPerMonth` per
/// deployment, whatever its volume, so the cost per token falls with scale. At 1,000
/// USD a month and an open price of 1 USD per Mtok it is M8's 5-15 % of spend for a
/// buyer of 220-660M tokens a day, more for a smaller one, 1 % at 3B a day. A backdoor
/// incident multiplies it while it lasts (`events`, `tax_multiplier`).
public struct Security: Sendable, Equatable {
    public var verificationUsdPerMonth: Double = 0
    public var verificationDays: Double = 0

    public init() {}
}

extension Security: SchemaObject {
    public static var fields: [ObjectField<Security>] {[
        .field("verification_usd_per_month", \.verificationUsdPerMonth, .number(minimum: 0, maximum: 1e9), default: 1000,
               doc: "Monthly cost to a security-sensitive buyer of each family of open weights it uses (one creator's models: every release and width), shared by both parts of its workload, whatever its volume (M8: 5-15 % of a small buyer's spend, falling with scale); backdoor incidents multiply it."),
        .field("verification_days", \.verificationDays, .number(minimum: 0, maximum: 36_500), default: 60,
               doc: "Days a security-sensitive buyer takes to verify a family of open weights it has not verified before; it keeps its current choice meanwhile (an estimate: M8 gives no delay)."),
    ]}
}

/// What each report period records.
public struct ReportSettings: Sendable, Equatable {
    /// Quality levels for constant-capability prices (X5), overall points.
    public var priceLevels: [Double] = []
    /// The workload of the annual-cost columns (C1-C3): 100M tokens a day.
    public var referenceTokensPerDay: Double = 0
    /// Input share of the blended price (3:1 input:output is 0.75).
    public var referenceInputShare: Double = 0

    public init() {}
}

extension ReportSettings: SchemaObject {
    public static var fields: [ObjectField<ReportSettings>] {[
        .field("price_levels", \.priceLevels, .array(of: ScenarioSchema.quality, unique: true), default: [60, 70, 80],
               doc: "Overall quality levels of the constant-capability price columns (X5)."),
        .field("reference_tokens_per_day", \.referenceTokensPerDay, .number(exclusiveMinimum: 0, maximum: 1e15), default: 100_000_000,
               doc: "Workload of the annual-cost columns (C1-C3: 100M a day)."),
        .field("reference_input_share", \.referenceInputShare, ScenarioSchema.fraction, default: 0.75, doc: "Input share of blended prices (3:1)."),
    ]}
}

/// An exogenous, scheduled event.
public struct ExogenousEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable, SchemaValue {
        case release, priceChange = "price_change", backdoorIncident = "backdoor_incident"
    }
    public var date = CalendarDate.epoch
    public var type: Kind = .release
    /// The actor concerned (releases and price changes).
    public var actor: String?
    /// A release's absolute quality per segment (missing segments keep their value).
    public var quality: [String: Double]?
    public var inputUsdPerMtok: Double?
    public var outputUsdPerMtok: Double?
    /// A backdoor incident multiplies open weights' verification cost for `durationDays`.
    public var taxMultiplier: Double?
    public var durationDays: Double?
    public var note: String?

    public init() {}
}

extension ExogenousEvent: SchemaObject {
    public static var fields: [ObjectField<ExogenousEvent>] {[
        .field("date", \.date, .date, doc: "When it happens (on or after start_date)."),
        .field("type", \.type, .string(allowed: Kind.allCases.map(\.rawValue)), doc: "What happens."),
        .optional("actor", \.actor, .string, doc: "The lab concerned (release, price_change)."),
        .optional("quality", \.quality, ScenarioSchema.qualityTable, doc: "A release's quality per segment (others unchanged)."),
        .optional("input_usd_per_mtok", \.inputUsdPerMtok, ScenarioSchema.pricePerMtok, doc: "A price change's new input price."),
        .optional("output_usd_per_mtok", \.outputUsdPerMtok, ScenarioSchema.pricePerMtok, doc: "A price change's new output price."),
        .optional("tax_multiplier", \.taxMultiplier, .number(exclusiveMinimum: 0, maximum: 100), doc: "A backdoor incident multiplies open weights' verification cost (security.verification_usd_per_month) by this."),
        .optional("duration_days", \.durationDays, ScenarioSchema.days, doc: "... for this many days."),
        .optional("note", \.note, .string, doc: "What the event stands for."),
    ]}
}
