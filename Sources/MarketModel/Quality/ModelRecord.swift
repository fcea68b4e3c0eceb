/// A released model.
struct ModelRecord {
    var name: String
    var creatorKind: ActorKind
    var creator: ActorID
    var openWeights: Bool
    var quality: [Double]
    var overall: Double
    var activeParamsB: Double
    var trainingCostUsd: Double
    var releasedDay: Double
    /// Its tier in its lab's `tiers` (nil: a flagship, or a distiller's student).
    var tier: Int?
    /// The fraction of the active parameters it runs (M5): 1 for a released model, less
    /// for a narrower width of one (`fullWidth` then names the released model).
    var width = 1.0
    var fullWidth: ModelID?
    /// A released model's narrower widths (models of their own), widest first.
    var narrowerWidths: [ModelID] = []
}
