/// The best so far, of the frontier's and of open models: per segment and overall as
/// benchmark readouts (points), overall on the capability index, and the frontier's
/// overall capability over time (pre-start history, then releases), nondecreasing:
/// what the gap as a time lag reads.
struct QualityLeaders {
    var frontierBest: [Double]
    var openBest: [Double]
    var frontierOverall = 0.0
    var openOverall = 0.0
    var frontierOverallCapability = -Double.infinity
    var openOverallCapability = -Double.infinity
    var frontierRecord: [(day: Double, capability: Double)] = []

    init(segments: Int) {
        frontierBest = Array(repeating: 0, count: segments)
        openBest = Array(repeating: 0, count: segments)
    }
}
