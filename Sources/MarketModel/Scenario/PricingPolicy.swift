import ScenarioFormat

/// How sellers set prices. Nothing here sets the size of a cut or a margin: both come
/// out of demand.
///
/// Labs (frontier labs, open labs' and distillers' APIs) set a list price and revise it
/// at discrete decisions: a scheduled review every `labReviewDays`, and an early one
/// `releaseResponseDays` after a rival lab's release. A decision moves to the estimated
/// best response in one step (Lerner's markup on the elasticity seen since the last
/// decision), by at most a factor `decisionLimit`, and only when it differs from the list
/// price by more than `menuCostBand` in log price (Sheshinski-Weiss (s, S)); a change
/// books `menuCostUsd`. Hosts review every `reviewDays` and move by a damped step of at
/// most `maxStep`. Every price stays at or above serving cost times (1 + `floorMargin`).
public struct PricingPolicy: Sendable, Equatable {
    /// Days between a host's reviews of its prices.
    public var reviewDays: Double = 0
    /// A host's review moves a price by at most this factor: to between p / (1 + step)
    /// and p (1 + step).
    public var maxStep: Double = 0
    /// Prices never fall below serving cost times (1 + floorMargin).
    public var floorMargin: Double = 0
    /// Days between a lab's scheduled list-price decisions.
    public var labReviewDays: Double = 0
    /// Days after a rival lab's release at which a lab decides early (when its next
    /// scheduled decision is further away).
    public var releaseResponseDays: Double = 0
    /// A decision moves a list price by at most this factor either way.
    public var decisionLimit: Double = 0
    /// A decision changes the list price only when the best response differs from it
    /// by more than this in log price.
    public var menuCostBand: Double = 0
    /// What a list-price change costs the lab (USD).
    public var menuCostUsd: Double = 0
    /// Whether frontier labs set prices by best response (off: they hold their launch
    /// prices, changed only by scheduled `price_change` events, for a history replay).
    public var frontierBestResponse: Bool = false
    /// Whether open labs' APIs and hosts set prices by best response (off: they hold
    /// their opening prices; for tests of the demand system at fixed prices).
    public var openBestResponse: Bool = false
    /// What keeping an older generation's model on sale costs a lab a month (USD): at
    /// each list-price decision a lab retires an older offering whose gross margin since
    /// the last decision does not cover it.
    public var modelUpkeepUsdPerMonth: Double = 0
    /// A lab keeps at most this many generations of its models on sale.
    public var generationsOnSale: Int = 0

    public init() {}
}

extension PricingPolicy: SchemaObject {
    public static var fields: [ObjectField<PricingPolicy>] {[
        .field("review_days", \.reviewDays, ScenarioSchema.intervalDays, default: 30,
               doc: "Days between a host's price reviews (at least 1; each host's first review is jittered within the first period from its own stream). Hosts reprice often: a hosted open model is a commodity whose price follows its rivals'."),
        .field("max_step", \.maxStep, .number(exclusiveMinimum: 0, maximum: 10), default: 0.25,
               doc: "Largest relative move of a host's price in one review (0.25: between p/1.25 and 1.25 p)."),
        .field("floor_margin", \.floorMargin, .number(minimum: 0, maximum: 10), default: 0.05,
               doc: "Prices never fall below serving cost times (1 + floor_margin)."),
        .field("lab_review_days", \.labReviewDays, ScenarioSchema.intervalDays, default: 91,
               doc: "Days between a lab's scheduled list-price decisions (frontier labs, open labs' and distillers' APIs; a quarter: list prices are published and contracted, not re-bid monthly). The first is jittered within the first period from the lab's own stream; any decision restarts the clock."),
        .field("release_response_days", \.releaseResponseDays, .number(minimum: 0, maximum: 3650), default: 14,
               doc: "Days after a rival lab's release (a frontier or open lab's new model going on sale) at which every other lab decides early, when its next scheduled decision is further away: a rival's release changes the demand a lab faces, and labs answer within weeks (H7, X12)."),
        .field("decision_limit", \.decisionLimit, .number(minimum: 1, maximum: 100), default: 5,
               doc: "A decision moves a list price by at most this factor either way (5: between p/5 and 5 p), so one estimate of the elasticity cannot move a price without bound."),
        .field("menu_cost_band", \.menuCostBand, .number(minimum: 0, maximum: 10), default: 0.1,
               doc: "A lab changes its list price only when its best response differs from it by more than this in log price (0.1: about 10 %): the (s, S) band of a menu cost (Sheshinski-Weiss), within which the profit a change gains does not repay what it costs."),
        .field("menu_cost_usd", \.menuCostUsd, .number(minimum: 0, maximum: 1e12), default: 50_000,
               doc: "What a list-price change costs the lab, in USD, booked to its costs: repricing contracts, documentation and customers' notices. Small beside a lab's revenue; the band, not this booking, keeps small changes from happening."),
        .field("frontier_best_response", \.frontierBestResponse, .boolean, default: true,
               doc: "Whether frontier labs reprice by best response (false: launch prices and scheduled price_change events only)."),
        .field("open_best_response", \.openBestResponse, .boolean, default: true,
               doc: "Whether open labs' APIs and hosts reprice by best response (false: they keep their opening prices)."),
        .field("model_upkeep_usd_per_month", \.modelUpkeepUsdPerMonth, ScenarioSchema.usd, default: 100_000,
               doc: "What keeping an older generation's model on sale costs its lab a month (deployment, evaluation, support; an estimate, as a host's capacity_usd_per_model_month): at each list-price decision a lab retires an offering of an older generation whose gross margin since its last decision does not cover it, and its buyers choose again."),
        .field("generations_on_sale", \.generationsOnSale, .integer(in: 1...100), default: 2,
               doc: "A lab keeps at most this many generations of its models (flagship and tiers) on sale: a release retires the oldest beyond it."),
    ]}
}
