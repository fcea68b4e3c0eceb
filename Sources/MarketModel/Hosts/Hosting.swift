import Foundation

/// A host's capacity and its book of costs (see `HostCapacity`).
struct HostState {
    /// Capacity it serves on now, and capacity ordered and not yet delivered (one
    /// order at a time), million tokens a day.
    var capacityMtokPerDay: Double
    var pendingMtokPerDay = 0.0
    /// Its capacity charge and per-model fixed costs are booked up to this day.
    var costMarkDay = 0.0
    /// Its capacity charge since its last review: what the review shares among its offerings.
    var capacityCostSinceReview = 0.0
    /// The day it last entered a model (it does not let capacity run down while the
    /// entrant's demand builds up).
    var lastEntryDay = -Double.infinity
}

/// One hosted offering's profit at the host's latest reviews: what exit reads.
struct HostOfferingLedger {
    /// The offering's revenue and serving cost since the start, and the day, at its last review.
    var revenueAtReview = 0.0
    var servingAtReview = 0.0
    var markDay: Double
    /// Its profit at each of the host's latest reviews, oldest first, at most the exit
    /// window, and the days each covers.
    var profits: [Double] = []
    var days: [Double] = []

    /// Its profit per month over the window (nil before its first review).
    var monthlyProfit: Double? {
        let covered = days.reduce(0, +)
        return covered > 0 ? profits.reduce(0, +) / covered * Days.perMonth : nil
    }
}

/// The hosts' business: each host's capacity and cost book, the models it hosts (model
/// -> offering), and each hosted offering's recent profits.
struct Hosting {
    var states: [HostState]
    var hosted: [[ModelID: OfferingID]]
    var ledgers: [OfferingID: HostOfferingLedger] = [:]

    init(_ infra: [InfraProvider]) {
        states = infra.map { HostState(capacityMtokPerDay: $0.capacity.initialMtokPerDay) }
        hosted = Array(repeating: [:], count: infra.count)
    }
}
