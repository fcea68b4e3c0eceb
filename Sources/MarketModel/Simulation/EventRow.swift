/// A market event for `events.csv`, in typed fields (a field that does not apply to
/// the kind is `nil` or empty): who, which model, what it cost, prices before and after
/// a price move, what triggered it, and an incident's tax multiplier and duration.
public struct EventRow: Sendable, Equatable {
    public let day: Double
    public let actor: String
    public let kind: String
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
    /// What set the event off: `scheduled` (a scenario event), `best_response` (a price
    /// review), `entry`, `exit` and `replaced` (a host's expected or trailing profit on a model),
    /// `release` (a host follows its own lab's new model, H11), `utilisation` (a host's
    /// capacity against its target).
    public var trigger = ""
    /// The model that triggered a price cut.
    public var triggerModel = ""
    /// The security tax multiplier in force after an incident starts or ends (M8).
    public var securityTaxMultiplier: Double?
    public var durationDays: Double?
    /// A host's capacity after an expansion is delivered or after a run-down (million
    /// tokens a day).
    public var capacityMtokPerDay: Double?

    public init(day: Double, actor: String, kind: String, model: String) {
        self.day = day
        self.actor = actor
        self.kind = kind
        self.model = model
    }

    /// The columns of `events.csv` after replication, date and day.
    public static let columns = ["kind", "actor", "model", "teacher", "quality_overall", "cost_usd",
                                 "input_price_before_usd_per_mtok", "input_price_after_usd_per_mtok",
                                 "output_price_before_usd_per_mtok", "output_price_after_usd_per_mtok",
                                 "price_change_fraction", "trigger", "trigger_model", "security_tax_multiplier", "duration_days",
                                 "capacity_mtok_per_day"]

    /// The relative change of the blended-equivalent price (after / before - 1, from the
    /// input price: a move scales both prices alike); `nil` without a price move.
    public var priceChangeFraction: Double? {
        guard let before = inputPriceBefore, let after = inputPriceAfter, before > 0 else { return nil }
        return after / before - 1
    }

    /// The fields in `columns` order, numbers in shortest round-trip form (exact).
    public var fields: [String] {
        func number(_ value: Double?) -> String { value.map(CSVNumber.format) ?? "" }
        return [kind, actor, model, teacher, number(qualityOverall), number(costUsd),
                number(inputPriceBefore), number(inputPriceAfter), number(outputPriceBefore), number(outputPriceAfter),
                number(priceChangeFraction), trigger, triggerModel, number(securityTaxMultiplier), number(durationDays),
                number(capacityMtokPerDay)]
    }
}
