/// A released model.
struct ModelRecord {
    var name: String
    var creatorKind: ActorKind
    var creator: ActorID
    var openWeights: Bool
    /// Its capability per segment, on the open-ended index (decades of effective
    /// compute, `Segment`).
    var capability: [Double]
    /// Each segment's benchmark readout of `capability`, points: what buyers weigh.
    var quality: [Double]
    /// Its overall capability, the demand-weighted mean of `capability` (the index the
    /// gap as a time lag is measured on, X1-X3), and that index's aggregate readout
    /// (`Scenario.aggregateReadout`: the overall quality, H1, H2).
    var overall: Double
    var overallCapability: Double
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
