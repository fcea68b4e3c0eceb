import ScenarioFormat

/// How a host (infrastructure provider) holds serving capacity: tokens a day that it
/// pays for every month whether used or not (`costs.capacity_usd_per_mtok_per_day_month`),
/// expands with a lag when its utilisation runs above a target, and lets run down when
/// utilisation falls low. When demand outruns capacity the host's best-response price
/// rises to ration it (`BestResponse.rationingPrice`).
public struct HostCapacity: Sendable, Equatable {
    /// Capacity at the start, million tokens a day.
    public var initialMtokPerDay: Double = 0
    /// The utilisation it plans for: an expansion brings capacity to the demand
    /// expected at delivery over this; above it, the host orders more.
    public var targetUtilisation: Double = 0
    /// Below this utilisation at a review, the host lets capacity run down to what the
    /// target needs (contracts not renewed).
    public var releaseBelow: Double = 0
    /// Delay between ordering capacity and serving on it, from the host's own stream.
    public var expansionLag = DurationDistribution()
    /// A hosted model is dropped when its offering's profit summed over this many of the
    /// host's latest reviews is negative (and it has been hosted that long).
    public var exitWindowReviews: Int = 0

    public init() {}
}

extension HostCapacity: SchemaObject {
    public static var fields: [ObjectField<HostCapacity>] {[
        .field("initial_mtok_per_day", \.initialMtokPerDay, .number(minimum: 0, maximum: 1e12), default: 0,
               doc: "Serving capacity at the start, million tokens a day."),
        .field("target_utilisation", \.targetUtilisation, .number(exclusiveMinimum: 0, maximum: 1), default: 0.7,
               doc: "Utilisation the host plans for: above it at a review it orders capacity for the demand expected at delivery over this."),
        .field("release_below", \.releaseBelow, ScenarioSchema.fraction, default: 0.4,
               doc: "Below this utilisation at a review, capacity runs down to what target_utilisation needs."),
        .field("expansion_lag", \.expansionLag, DurationDistribution.schema(meanDays: 90, cv: 0.5, doc: "Delay from ordering capacity to serving on it."),
               default: [:], doc: "Delay from ordering capacity to serving on it (gamma, from the host's own stream)."),
        .field("exit_window_reviews", \.exitWindowReviews, .integer(in: 1...120), default: 3,
               doc: "A hosted model is dropped when its profit over this many of the host's latest reviews is negative."),
    ]}
}
