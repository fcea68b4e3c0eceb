/// The best quality so far, of the frontier's and of open models, per segment and
/// overall, and the frontier's overall quality over time (pre-start history, then
/// releases), nondecreasing: what the gap as a time lag reads.
struct QualityLeaders {
    var frontierBest: [Double]
    var openBest: [Double]
    var frontierOverall = 0.0
    var openOverall = 0.0
    var frontierRecord: [(day: Double, quality: Double)] = []

    init(segments: Int) {
        frontierBest = Array(repeating: 0, count: segments)
        openBest = Array(repeating: 0, count: segments)
    }
}
