import ScenarioFormat

/// How sellers set prices: every price setter (frontier labs, open labs' APIs, hosts)
/// reviews each of its offerings on a schedule and moves its price level toward the
/// profit-maximising price against the demand it faced since its last review (the
/// Lerner rule on the logit's own-price elasticity), by at most `maxStep` per review
/// and never below serving cost times (1 + `floorMargin`). Nothing here sets the size
/// of a cut or a margin: both come out of demand.
public struct PricingPolicy: Sendable, Equatable {
    /// Mean days between a seller's reviews of one offering.
    public var reviewDays: Double = 0
    /// A review moves a price by at most this factor: to between p / (1 + step) and
    /// p (1 + step).
    public var maxStep: Double = 0
    /// Prices never fall below serving cost times (1 + floorMargin).
    public var floorMargin: Double = 0
    /// Whether frontier labs set prices by best response (off: they hold their launch
    /// prices, changed only by scheduled `price_change` events, for a history replay).
    public var frontierBestResponse: Bool = false
    /// Whether open labs' APIs and hosts set prices by best response (off: they hold
    /// their opening prices; for tests of the demand system at fixed prices).
    public var openBestResponse: Bool = false

    public init() {}
}

extension PricingPolicy: SchemaObject {
    public static var fields: [ObjectField<PricingPolicy>] {[
        .field("review_days", \.reviewDays, ScenarioSchema.intervalDays, default: 30,
               doc: "Days between a seller's price reviews of an offering (at least 1; each seller's first review is jittered within the first period from its own stream)."),
        .field("max_step", \.maxStep, .number(exclusiveMinimum: 0, maximum: 10), default: 0.25,
               doc: "Largest relative move of a price in one review (0.25: between p/1.25 and 1.25 p)."),
        .field("floor_margin", \.floorMargin, .number(minimum: 0, maximum: 10), default: 0.05,
               doc: "Prices never fall below serving cost times (1 + floor_margin)."),
        .field("frontier_best_response", \.frontierBestResponse, .boolean, default: true,
               doc: "Whether frontier labs reprice by best response (false: launch prices and scheduled price_change events only)."),
        .field("open_best_response", \.openBestResponse, .boolean, default: true,
               doc: "Whether open labs' APIs and hosts reprice by best response (false: they keep their opening prices)."),
    ]}
}
