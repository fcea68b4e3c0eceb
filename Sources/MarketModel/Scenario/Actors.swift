import Foundation
import ScenarioFormat

/// The sellers and distillers of the market.
public struct Actors: Sendable, Equatable {
    public var frontier: [FrontierLab] = []
    public var openLabs: [OpenLab] = []
    public var distillers: [Distiller] = []
    public var infra: [InfraProvider] = []

    public init() {}
}

extension Actors: SchemaObject {
    public static var fields: [ObjectField<Actors>] {[
        .field("frontier", \.frontier, .array(of: FrontierLab.schema, minCount: 1), doc: "Proprietary frontier labs."),
        .field("open_labs", \.openLabs, .array(of: OpenLab.schema), default: [], doc: "Open-weight labs (sparse MoE)."),
        .field("distillers", \.distillers, .array(of: Distiller.schema), default: [], doc: "Distillers."),
        .field("infra", \.infra, .array(of: InfraProvider.schema), default: [], doc: "Infrastructure providers hosting open models."),
    ]}
}

/// An actor's identity fields, shared by every role.
protocol ActorIdentity {
    var id: String { get set }
    var name: String { get set }
    var organization: String { get set }
}

extension ActorIdentity {
    /// The identity fields every actor's object starts with.
    static var identityFields: [ObjectField<Self>] {[
        .field("id", \.id, .identifier, doc: "Unique actor id, referenced by events and always_host."),
        .field("name", \.name, .string, default: "", doc: "Display name (default: the id)."),
        .field("organization", \.organization, .string, default: "",
               doc: "The organisation playing this role; one organisation may play several (H11). Default: the id."),
    ]}

    /// Empty names and organisations default to the actor's id; filled when the scenario
    /// is read, so every reader of the `Scenario` sees the same names.
    mutating func fillNamingDefaults() {
        if name.isEmpty { name = id }
        if organization.isEmpty { organization = id }
    }
}

/// A lab that trains its own models: a frontier lab or an open lab.
protocol TrainingLab: ActorIdentity {
    var training: LabTraining { get set }
}

extension TrainingLab {
    /// The fields every lab's object starts with: its identity, then its training's
    /// (flat in the lab's object), with each kind's own docs and default run length.
    static func labFields(qualityDoc: String, releaseMeanDays: Double, researchDoc: String) -> [ObjectField<Self>] {
        identityFields
            + ObjectField<Self>.inlined(\.training, LabTraining.fields(qualityDoc: qualityDoc, releaseMeanDays: releaseMeanDays, researchDoc: researchDoc))
    }
}

/// What a lab that trains its own models starts from and how it trains, alike for
/// frontier and open labs.
public struct LabTraining: Sendable, Equatable {
    public var initialQuality: [String: Double] = [:]
    /// Length of a training run of the reference compute (see `ResearchProgram`).
    public var releaseInterval = DurationDistribution()
    /// How it funds its runs: quality is bought with compute.
    public var research = ResearchProgram()

    public init() {}

    static func fields(qualityDoc: String, releaseMeanDays: Double, researchDoc: String) -> [ObjectField<LabTraining>] {[
        .field("initial_quality", \.initialQuality, ScenarioSchema.qualityTable, doc: qualityDoc),
        .field("release_interval", \.releaseInterval, DurationDistribution.schema(meanDays: releaseMeanDays, cv: 0.3, doc: "Length of a run of the reference compute."),
               default: [:], doc: "Length of a training run of research.reference_log10_compute; larger runs take longer (research.size_exponent)."),
        .field("research", \.research, ResearchProgram.schema, default: [:], doc: researchDoc),
    ]}
}

/// A proprietary frontier lab.
public struct FrontierLab: Sendable, Equatable, TrainingLab {
    public var id: String = ""
    public var name: String = ""
    public var organization: String = ""
    public var training = LabTraining()
    /// Standard deviation of a release's quality around its compute's curve, points.
    public var noisePoints: Double = 0
    public var activeParamsB: Double = 0
    public var tokensPerSecond: Double = 0
    public var inputUsdPerMtok: Double = 0
    public var outputUsdPerMtok: Double = 0
    /// The smaller models it releases beside its flagship at every release.
    public var tiers: [ModelTier] = []

    public init() {}
}

extension FrontierLab: SchemaObject {
    public static var fields: [ObjectField<FrontierLab>] { labFields(
        qualityDoc: "Quality per segment at the start date, benchmark points.", releaseMeanDays: 180,
        researchDoc: "How it funds its training runs: a share of gross margin plus outside funding (H9).") + [
        .field("noise_points", \.noisePoints, .number(in: 0...50), default: 1, doc: "Standard deviation of a run's luck, in points where each segment's readout is steepest (its midpoint): the run's capability index moves by this x 4 / (soft_limit x slope_per_decade) decades."),
        .field("active_params_b", \.activeParamsB, .number(exclusiveMinimum: 0, maximum: 100_000), default: 250,
               doc: "Active parameters, billions: serving cost follows them (M3)."),
        .field("tokens_per_second", \.tokensPerSecond, .number(exclusiveMinimum: 0, maximum: 1e6), default: 60,
               doc: "Output speed of its API (M6, X9)."),
        .field("input_usd_per_mtok", \.inputUsdPerMtok, ScenarioSchema.pricePerMtok, doc: "Launch input price, USD per million tokens (P1: 15)."),
        .field("output_usd_per_mtok", \.outputUsdPerMtok, ScenarioSchema.pricePerMtok, doc: "Launch output price, USD per million tokens (P1: 75)."),
        .field("tiers", \.tiers, .array(of: ModelTier.schema), default: [],
               doc: "Smaller models released beside the flagship at every release (mini, Flash, Haiku), each sold by its API; proprietary unless open_weights (X17)."),
    ]}

    public mutating func didRead() { fillNamingDefaults() }
}

/// An open-weight lab training sparse Mixture-of-Experts models (M3, M4) and
/// distilling from the frontier at each release (M1, M2).
public struct OpenLab: Sendable, Equatable, TrainingLab {
    public var id: String = ""
    public var name: String = ""
    public var organization: String = ""
    public var training = LabTraining()
    /// What it distils from the frontier at each release.
    public var distillation = OpenLabDistillation()
    public var noisePoints: Double = 0
    public var totalParamsB: Double = 0
    public var activeParamsB: Double = 0
    /// Sparse MoE training throughput gain: multiplies the compute a dollar buys (M4).
    public var moeTrainingSpeedup: Double = 0
    public var api = OpenLabAPI()
    /// Whether and how its models are served at several widths (M5).
    public var mose = SlimmableExperts()
    /// What hosts and self-hosting buyers pay it for its weights (`Licence`).
    public var licence = Licence()
    /// The smaller open-weight models it releases beside its flagship at every release.
    public var tiers: [ModelTier] = []

    public init() {}
}

extension OpenLab: SchemaObject {
    public static var fields: [ObjectField<OpenLab>] { labFields(
        qualityDoc: "Quality per segment of its model at the start date.", releaseMeanDays: 150,
        researchDoc: "How it funds its own training runs: a share of gross margin plus outside funding (X8).") + [
        .field("distillation", \.distillation, OpenLabDistillation.schema, default: [:],
               doc: "What it distils from the frontier at each release (M1, M2)."),
        .field("noise_points", \.noisePoints, .number(in: 0...50), default: 1.5, doc: "Standard deviation of a run's luck, in points where each segment's readout is steepest (its midpoint): the run's capability index moves by this x 4 / (soft_limit x slope_per_decade) decades."),
        .field("total_params_b", \.totalParamsB, .number(exclusiveMinimum: 0, maximum: 100_000), doc: "Total parameters, billions (H5: 1000)."),
        .field("active_params_b", \.activeParamsB, .number(exclusiveMinimum: 0, maximum: 100_000), doc: "Active parameters, billions (H5: 32; M3)."),
        .field("moe_training_speedup", \.moeTrainingSpeedup, .number(exclusiveMinimum: 0, maximum: 100), default: 1.8,
               doc: "Sparse MoE training throughput gain: multiplies the effective compute a dollar buys (M4: 1.8)."),
        .field("api", \.api, OpenLabAPI.schema, default: [:], doc: "Its own API, priced by best response (see pricing)."),
        .field("mose", \.mose, SlimmableExperts.schema, default: [:],
               doc: "Slimmable experts (M5): its MoE models served at several widths, each width an offering of every seller of the model."),
        .field("licence", \.licence, Licence.schema, default: [:],
               doc: "Its weights' licence: a royalty per million tokens paid by hosts and self-hosting buyers (default none, as MIT: H4, H5)."),
        .field("tiers", \.tiers, .array(of: ModelTier.schema), default: [],
               doc: "Smaller open-weight models released beside the flagship at every release (X16: the 15-70 B sizes hosts mostly serve), sold by its API and hostable."),
    ]}

    public mutating func didRead() { fillNamingDefaults() }
}

/// An open lab's or a distiller's own low-price API.
public struct OpenLabAPI: Sendable, Equatable {
    public var enabled: Bool = false
    public var tokensPerSecond: Double = 0

    public init() {}
}

extension OpenLabAPI: SchemaObject {
    public static var fields: [ObjectField<OpenLabAPI>] {[
        .field("enabled", \.enabled, .boolean, default: true, doc: "Whether the lab sells its own API."),
        .field("tokens_per_second", \.tokensPerSecond, .number(exclusiveMinimum: 0, maximum: 1e6), default: 100, doc: "Output speed."),
    ]}
}

/// A distiller: after each frontier release that is a teacher (`TeacherRule`), with a
/// random lag of weeks (M1, M2), it distils a student that closes a segment's
/// `distillability` of the teacher's lead, at `costFraction` of the teacher's training
/// cost, and releases the weights.
public struct Distiller: Sendable, Equatable, ActorIdentity {
    public var id: String = ""
    public var name: String = ""
    public var organization: String = ""
    public var lag = DurationDistribution()
    /// No distillation before this day (nil: from the first teacher on).
    public var activeFrom: CalendarDate?
    public var costFraction: Double = 0
    /// Multiplies every segment's distillability (a better or worse distiller).
    public var efficiency: Double = 0
    public var activeParamsB: Double = 0
    public var totalParamsB: Double = 0
    /// Whether and how its students are served at several widths (M5).
    public var mose = SlimmableExperts()
    /// Its own API selling its latest student (off unless the scenario says so).
    public var api = OpenLabAPI()

    public init() {}
}

extension Distiller: SchemaObject {
    public static var fields: [ObjectField<Distiller>] { identityFields + [
        .field("lag", \.lag, DurationDistribution.schema(meanDays: 45, cv: 0.5, doc: "Delay after a frontier release (M1, M2: weeks)."),
               default: [:], doc: "Delay after a frontier release (M1, M2: weeks)."),
        .optional("active_from", \.activeFrom, .date, doc: "No distillation before this day (nil: from the first frontier release that is a teacher, see teachers; for a replay of history)."),
        .field("cost_fraction", \.costFraction, ScenarioSchema.fraction, default: 0.03, doc: "Cost as a share of the teacher's training cost (M1: under 4 %)."),
        .field("efficiency", \.efficiency, .number(in: 0...10), default: 1, doc: "Multiplies every segment's distillability."),
        .field("active_params_b", \.activeParamsB, .number(exclusiveMinimum: 0, maximum: 100_000), default: 32, doc: "Active parameters of its students."),
        .field("total_params_b", \.totalParamsB, .number(exclusiveMinimum: 0, maximum: 100_000), default: 32, doc: "Total parameters of its students."),
        .field("mose", \.mose, SlimmableExperts.schema, default: [:],
               doc: "Slimmable experts (M5): its sparse MoE students served at several widths, each width an offering of every host of the student."),
        .field("api", \.api, OpenLabAPI.schema, default: ["enabled": false],
               doc: "Its own API selling its latest student from its first distillation, priced by best response like an open lab's (default: none; given without enabled, it sells)."),
    ]}

    public mutating func didRead() { fillNamingDefaults() }
}

/// An infrastructure provider hosting open-weight models (M6, M7).
public struct InfraProvider: Sendable, Equatable, ActorIdentity {
    public var id: String = ""
    public var name: String = ""
    public var organization: String = ""
    /// At most this many models hosted at once: a cap on entry, not the selection rule
    /// (a host enters a model when it expects the margin to cover its costs).
    public var maxModels: Int = 0
    /// Open labs whose models it always hosts (a lab that also runs a cloud, H11).
    public var alwaysHost: [String] = []
    public var tokensPerSecond: Double = 0
    /// Multiplies the market's serving cost (0.7: 30 % cheaper than the baseline).
    public var servingCostFactor: Double = 0
    public var capacityUsdPerModelMonth: Double = 0
    /// Its serving capacity: tokens a day it pays for, expands and runs down.
    public var capacity = HostCapacity()

    public init() {}
}

extension InfraProvider: SchemaObject {
    public static var fields: [ObjectField<InfraProvider>] { identityFields + [
        .field("max_models", \.maxModels, .integer(in: 0...1000), default: 10,
               doc: "At most this many models hosted at once: a cap on entry (it enters a model when the expected margin covers its costs, and drops one that loses money)."),
        .field("always_host", \.alwaysHost, .array(of: .string), default: [], doc: "Open labs whose latest model it always hosts (H11)."),
        .field("tokens_per_second", \.tokensPerSecond, .number(exclusiveMinimum: 0, maximum: 1e6), default: 500, doc: "Output speed (M6: 3000+; X9: 480-1700)."),
        .field("serving_cost_factor", \.servingCostFactor, .number(exclusiveMinimum: 0, maximum: 100), default: 1,
               doc: "Multiplies the market's serving cost (0.7: 30 % cheaper)."),
        .field("capacity_usd_per_model_month", \.capacityUsdPerModelMonth, ScenarioSchema.usd, default: 100_000,
               doc: "Fixed cost per hosted model per month (deployment, operations), whatever its volume: entry must cover it."),
        .field("capacity", \.capacity, HostCapacity.schema, default: [:],
               doc: "Serving capacity: paid monthly whether used or not (costs.capacity_usd_per_mtok_per_day_month), expanded with a lag above a target utilisation."),
    ]}

    public mutating func didRead() { fillNamingDefaults() }
}
