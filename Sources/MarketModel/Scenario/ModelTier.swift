import ScenarioFormat

/// A smaller model a lab releases beside its flagship at every release (the start's
/// models included): distilled in-house from the flagship, so its capability in segment
/// s is c_small + min(1, e d_s) (c_flagship - c_small), with c_small what the flagship's
/// compute reaches at the tier's size (`ModelTier.capability`), d_s the segment's
/// distillability and e the lab's in-house distillation efficiency
/// (`distillationEfficiency`); it costs `trainingCostShare` of the flagship's training.
///
/// A frontier lab's tier is proprietary unless `openWeights` (X17: gpt-oss, Gemma):
/// then hosts may serve it beside the lab's own API. An open lab's tier is open weights.
public struct ModelTier: Sendable, Equatable {
    public var id: String = ""
    public var activeParamsB: Double = 0
    public var tokensPerSecond: Double = 0
    public var trainingCostShare: Double = 0
    /// How much more of the flagship's lead in-house distillation recovers than the
    /// segment's distillability (which is what a distiller reading the API recovers at
    /// efficiency 1): the lab holds the weights, the logits and the training data.
    public var distillationEfficiency: Double = 0
    /// nil: the lab's default (proprietary for a frontier lab, open for an open lab).
    public var openWeights: Bool?
    /// A frontier lab's list price for the tier at the start (an open lab's tier opens
    /// like its flagship, at the going price of the model or twice its marginal cost).
    public var inputUsdPerMtok: Double?
    public var outputUsdPerMtok: Double?

    public init() {}

    /// Capability in `segment` of a tier of `width` = tier / flagship active parameters
    /// distilled from a flagship of capability `flagship` there, on the capability index:
    /// the flagship's compute at the tier's size is log10 w decades below it (the
    /// narrower width of slimmable experts at the scaling-law exponent 1,
    /// `SlimmableExperts.capability`: halving the parameters at the same data costs
    /// about what halving compute does), and in-house distillation recovers the
    /// segment's distillability times `efficiency` (at most all) of the flagship's lead
    /// over that (M1, M2), so the tier stands (1 - min(1, e d)) log10 w from its flagship.
    public static func capability(flagship: Double, width: Double, segment: Segment, efficiency: Double = 1) -> Double {
        let small = SlimmableExperts.capability(flagship, width: width, computeExponent: 1)
        return small + min(1, efficiency * segment.distillability) * (flagship - small)
    }

    /// The same read on `segment`'s benchmark: the quality of a tier whose flagship
    /// reads `flagship` there.
    public static func quality(flagship: Double, width: Double, segment: Segment, efficiency: Double = 1) -> Double {
        segment.quality(log10Compute: capability(flagship: segment.capability(quality: flagship), width: width, segment: segment, efficiency: efficiency))
    }

    /// Problems with a lab's tiers at `path` (its `tiers` array; the schema refuses a
    /// repeated id): each smaller than the flagship (`flagshipActiveB`); an open lab's
    /// (`openLab`) tiers are open weights and open at the going price, a frontier lab's
    /// need list prices.
    static func problems(_ tiers: [ModelTier], flagshipActiveB: Double, openLab: Bool, path: JSONPath) -> [(JSONPath, String)] {
        var problems: [(JSONPath, String)] = []
        for (k, tier) in tiers.enumerated() {
            let at = path.appending(index: k)
            if tier.activeParamsB >= flagshipActiveB {
                problems.append((at.appending(key: "active_params_b"),
                                 "a tier is smaller than its flagship, but \(tier.activeParamsB) is not below the flagship's active_params_b \(flagshipActiveB)"))
            }
            if openLab {
                if tier.openWeights == false {
                    problems.append((at.appending(key: "open_weights"), "an open lab's tiers are open weights"))
                }
                for (key, price) in [("input_usd_per_mtok", tier.inputUsdPerMtok), ("output_usd_per_mtok", tier.outputUsdPerMtok)] where price != nil {
                    problems.append((at.appending(key: key), "an open lab's tier opens at the going price, as its flagship does; remove \(key)"))
                }
            } else {
                for (key, price) in [("input_usd_per_mtok", tier.inputUsdPerMtok), ("output_usd_per_mtok", tier.outputUsdPerMtok)] where price == nil {
                    problems.append((at, "a frontier lab's tier needs \(key), its list price at the start"))
                }
            }
        }
        return problems
    }
}

extension ModelTier: SchemaObject {
    public static var fields: [ObjectField<ModelTier>] {[
        .field("id", \.id, .identifier, doc: "The tier's id, unique within its lab (its models are named lab-version-id)."),
        .field("active_params_b", \.activeParamsB, .number(exclusiveMinimum: 0, maximum: 100_000),
               doc: "Active parameters, billions, below the flagship's: serving cost follows them (M3) and quality falls with them."),
        .field("tokens_per_second", \.tokensPerSecond, .number(exclusiveMinimum: 0, maximum: 1e6), doc: "Output speed of its lab's API for it (M6, X9)."),
        .field("training_cost_share", \.trainingCostShare, ScenarioSchema.fraction, default: 0.05,
               doc: "Its training (distillation from the flagship) as a share of the flagship's training cost, booked to the lab."),
        .field("distillation_efficiency", \.distillationEfficiency, .number(in: 0...10), default: 1,
               doc: "In-house distillation: the tier recovers min(1, this x the segment's distillability) of the flagship's lead over what the flagship's compute reaches at the tier's size (1: what a distiller reading the API recovers; above 1: the lab's access to weights, logits and data)."),
        .optional("open_weights", \.openWeights, .boolean,
                  doc: "Whether its weights are released (default: false for a frontier lab, X17; an open lab's tiers always are), so hosts may serve it."),
        .optional("input_usd_per_mtok", \.inputUsdPerMtok, ScenarioSchema.pricePerMtok,
                  doc: "A frontier lab's list input price for it at the start, USD per million tokens (an open lab's tier opens at the going price)."),
        .optional("output_usd_per_mtok", \.outputUsdPerMtok, ScenarioSchema.pricePerMtok,
                  doc: "A frontier lab's list output price for it at the start, USD per million tokens."),
    ]}
}
