/// What happened, as `events.csv`'s `kind` column spells it.
public enum EventKind: String, Sendable, CaseIterable {
    case frontierRelease = "frontier_release"
    case openRelease = "open_release"
    case tierRelease = "tier_release"
    case distillation
    case priceChange = "price_change"
    case hostingStart = "hosting_start"
    case hostingEnd = "hosting_end"
    case capacityExpansion = "capacity_expansion"
    case capacityRelease = "capacity_release"
    case backdoorIncident = "backdoor_incident"
    case backdoorIncidentEnd = "backdoor_incident_end"
    case retirement

    /// Said after the kind in the column dictionary; a note on the last of a pair
    /// (hosting_start, hosting_end) covers both.
    var note: String? {
        switch self {
        case .priceChange: "a lab's list-price decision or a scheduled change"
        case .hostingEnd: "a host enters or drops a model"
        case .capacityExpansion: "a host orders capacity"
        case .capacityRelease: "a host lets capacity run down"
        case .tierRelease: "a lab's tier released with its flagship"
        case .retirement: "a lab takes an older generation's offering off sale"
        case .frontierRelease, .openRelease, .distillation, .hostingStart, .backdoorIncident, .backdoorIncidentEnd: nil
        }
    }
}

/// What set an event off, as `events.csv`'s `trigger` column spells it.
public enum EventTrigger: String, Sendable, CaseIterable {
    case scheduled
    case scheduledReview = "scheduled_review"
    case rivalRelease = "rival_release"
    case entry
    case exit
    case replaced
    case release
    case utilisation
    case upkeep
    case generationCap = "generation_cap"

    var note: String {
        switch self {
        case .scheduled: "a scenario event"
        case .scheduledReview: "a lab's scheduled list-price decision against the demand it faced since its last, H7, M10"
        case .rivalRelease: "a lab's early list-price decision after a rival lab's release, H7, X12"
        case .entry: "a host expects a model's margin to cover its costs"
        case .exit: "a hosted model lost money over the host's exit window"
        case .replaced: "a host at its max_models cap drops the model that earns it least for one that promises more"
        case .release: "a host follows its own lab's new model, H11"
        case .utilisation: "a host's capacity against its target"
        case .upkeep: "an older generation's gross margin since its lab's last decision did not cover pricing.model_upkeep_usd_per_month"
        case .generationCap: "a release took its lab beyond pricing.generations_on_sale"
        }
    }
}

/// A market event for `events.csv`, in typed fields (a field that does not apply to
/// the kind is `nil` or empty): who, which model, what it cost, prices before and after
/// a price move, what triggered it, and an incident's tax multiplier and duration.
public struct EventRow: Sendable, Equatable {
    public let day: Double
    public let actor: String
    public let kind: EventKind
    public let model: String
    /// The teacher of a distillation.
    public var teacher = ""
    /// The overall quality of a released or distilled model (benchmark points).
    public var qualityOverall: Double?
    /// Training or distillation spend of a release (USD).
    public var costUsd: Double?
    /// Prices of a price move (USD per million tokens).
    public var inputPriceBefore: Double?
    public var inputPriceAfter: Double?
    public var outputPriceBefore: Double?
    public var outputPriceAfter: Double?
    /// What set the event off; `nil` for an event that follows from its own mechanism
    /// (a release, a distillation).
    public var trigger: EventTrigger?
    /// The rival model whose release brought a list-price decision forward.
    public var triggerModel = ""
    /// The multiplier on open weights' verification cost in force after an incident starts or ends (M8).
    public var securityTaxMultiplier: Double?
    public var durationDays: Double?
    /// A host's capacity after an expansion is delivered or after a run-down (million
    /// tokens a day).
    public var capacityMtokPerDay: Double?

    public init(day: Double, actor: String, kind: EventKind, model: String) {
        self.day = day
        self.actor = actor
        self.kind = kind
        self.model = model
    }

    /// The columns of `events.csv` after replication, date and day, each with the cell
    /// it takes from an event: numbers in shortest round-trip form (exact), empty where
    /// a field does not apply.
    public static let columns: [OutputColumn<EventRow, String>] = [
        OutputColumn("kind", "name", list(EventKind.allCases.map { ($0.rawValue, $0.note) })) { $0.kind.rawValue },
        OutputColumn("actor", "id", "Actor concerned (empty for market-wide events).") { $0.actor },
        OutputColumn("model", "name", "Model released, distilled, repriced or (un)hosted.") { $0.model },
        OutputColumn("teacher", "name", "Distillation: the frontier model distilled (M1).") { $0.teacher },
        OutputColumn("quality_overall", "points", "Releases and distillations: the new model's overall quality.") {
            number($0.qualityOverall)
        },
        OutputColumn("cost_usd", "USD", "Releases: training spend; distillations: distillation spend.") { number($0.costUsd) },
        OutputColumn("input_price_before_usd_per_mtok", "USD per million tokens", "Price moves: input price before.") {
            number($0.inputPriceBefore)
        },
        OutputColumn("input_price_after_usd_per_mtok", "USD per million tokens", "Price moves: input price after.") {
            number($0.inputPriceAfter)
        },
        OutputColumn("output_price_before_usd_per_mtok", "USD per million tokens", "Price moves: output price before.") {
            number($0.outputPriceBefore)
        },
        OutputColumn("output_price_after_usd_per_mtok", "USD per million tokens", "Price moves: output price after.") {
            number($0.outputPriceAfter)
        },
        OutputColumn("price_change_fraction", "share", "Price moves: after / before - 1 (-0.8 is an 80 % cut, H7).") {
            number($0.priceChangeFraction)
        },
        OutputColumn("trigger", "name", list(EventTrigger.allCases.map { ($0.rawValue, $0.note) })) { $0.trigger?.rawValue ?? "" },
        OutputColumn("trigger_model", "name",
                     "rival_release price changes: the rival lab's model whose release brought the decision forward.") { $0.triggerModel },
        OutputColumn("security_tax_multiplier", "factor", "Incidents: the multiplier on open weights' verification cost in force after it starts or ends (M8).") {
            number($0.securityTaxMultiplier)
        },
        OutputColumn("duration_days", "days", "Incidents: how long it lasts; capacity expansions: the delay before the capacity serves.") {
            number($0.durationDays)
        },
        OutputColumn("capacity_mtok_per_day", "million tokens a day",
                     "Capacity events: the host's capacity once the expansion is delivered, or after the run-down.") {
            number($0.capacityMtokPerDay)
        },
    ]

    /// The relative change of the blended-equivalent price (after / before - 1, from the
    /// input price: a move scales both prices alike); `nil` without a price move.
    public var priceChangeFraction: Double? {
        guard let before = inputPriceBefore, let after = inputPriceAfter, before > 0 else { return nil }
        return after / before - 1
    }

    /// The cells in `columns` order.
    public var fields: [String] { Self.columns.map { $0.compute(self) } }

    private static func number(_ value: Double?) -> String { value.map(CSVNumber.format) ?? "" }

    /// A coded column's meaning: its codes in order, each with its note in brackets.
    private static func list(_ codes: [(code: String, note: String?)]) -> String {
        codes.map { $0.code + ($0.note.map { " (\($0))" } ?? "") }.joined(separator: ", ") + "."
    }
}
