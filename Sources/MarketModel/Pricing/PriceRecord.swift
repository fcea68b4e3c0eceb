import SimulationKit

/// What the price figures are measured from: each frontier lab's highest blended
/// price so far and its blended price at every report, and per actor kind the month's
/// reviews' own-price elasticities weighted by demand; and each lab's next list-price
/// decision (indexed by global actor; day infinity for a seller without one): its day
/// and handle, so that a rival's release can bring it forward, and the rival model
/// whose release brought it forward (nil for a scheduled one).
struct PriceRecord {
    var frontierPeak: [Double]
    var frontierAtReports: [[Double]]
    var periodElasticity = Array(repeating: (sum: 0.0, weight: 0.0), count: ActorKind.allCases.count)
    var nextDecision: [(day: Double, handle: EventHandle?, rival: ModelID?)] = []

    init(frontierLabs: Int) {
        frontierPeak = Array(repeating: 0, count: frontierLabs)
        frontierAtReports = Array(repeating: [], count: frontierLabs)
    }

    /// Raises frontier lab `lab`'s peak to its flagship's new blended price `price`.
    mutating func notePeak(_ price: Double, frontierLab lab: Int) { frontierPeak[lab] = max(frontierPeak[lab], price) }

    /// Opens a report period: no review weighed yet.
    mutating func startPeriod() { periodElasticity = Array(repeating: (0, 0), count: periodElasticity.count) }

    /// Weighs a review's own-price `elasticity`, seen over `demand`, into the month's of
    /// the seller's `kind`.
    mutating func weighElasticity(_ elasticity: Double, demand: Double, kind: ActorKind) {
        periodElasticity[kind.rawValue].sum += demand * elasticity
        periodElasticity[kind.rawValue].weight += demand
    }
}
