import ScenarioFormat

/// The scenario file format: every key, its type, range, default and a one-line doc.
///
/// One description serves validation (all errors with file and JSON path), defaults
/// (so bull.json and bear.json are short diffs and a new user's file can be short),
/// the JSON Schema that `marketsim schema` prints for editors, and reading into
/// `Scenario`. Each key is declared once, in the `fields` of the type that holds it
/// (`PriceCutPolicy.fields` beside `PriceCutPolicy`); this enum holds the value ranges
/// they share. Fact ids (docs/facts.md) say where a default comes from.
public enum ScenarioSchema {
    static let fraction = Schema.number(in: 0...1)
    static let openFraction = Schema.number(exclusiveMinimum: 0, exclusiveMaximum: 1)
    static let quality = Schema.number(in: 0...100)
    static let usd = Schema.number(minimum: 0, maximum: 1e13)
    static let pricePerMtok = Schema.number(exclusiveMinimum: 0, maximum: 10_000)
    static let days = Schema.number(exclusiveMinimum: 0, maximum: 36_500)
    /// The mean time between recurring events (releases, reviews) and of a distiller's
    /// lag. At least a day: the model's time unit is the day, reports are monthly, and no
    /// market decision it models (a release, a buyer's review, a price review, a
    /// distillation) recurs within hours, so an economist loses nothing; the floor bounds
    /// the events of a simulated day at about one per buyer and actor, where (0, 1) let a
    /// mean of 1e-9 days schedule a billion events a day and 1e-320 never advance the clock.
    static let intervalDays = Schema.number(minimum: 1, maximum: 36_500)
    static let qualityTable = Schema.map(values: quality)

    /// The whole scenario.
    public static let schema = Scenario.schema
}
