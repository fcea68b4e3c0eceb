/// A released model.
struct ModelRecord {
    var name: String
    var creatorKind: ActorKind
    var creator: Int
    var openWeights: Bool
    var quality: [Double]
    var overall: Double
    var activeParamsB: Double
    var trainingCostUsd: Double
    var releasedDay: Double
}
