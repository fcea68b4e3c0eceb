/// What the price figures are measured from: each frontier lab's highest blended
/// price so far and its blended price at every report, and per actor kind the month's
/// reviews' own-price elasticities weighted by demand.
struct PriceRecord {
    var frontierPeak: [Double]
    var frontierAtReports: [[Double]]
    var periodElasticity = Array(repeating: (sum: 0.0, weight: 0.0), count: ActorKind.allCases.count)

    init(frontierLabs: Int) {
        frontierPeak = Array(repeating: 0, count: frontierLabs)
        frontierAtReports = Array(repeating: [], count: frontierLabs)
    }
}
