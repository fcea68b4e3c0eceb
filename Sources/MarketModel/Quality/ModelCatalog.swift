/// Every model released so far, with the two columns a buyer's choice and settling
/// read kept flat beside the records, so the hot loops touch no nested array.
struct ModelCatalog {
    var models: [ModelRecord] = []
    /// Every model's quality per segment, model-major (`model * segments + segment`).
    private(set) var quality: [Double] = []
    /// Every model's active parameters (billions), by model.
    private(set) var activeParamsB: [Double] = []

    /// Adds `record` and returns its index.
    mutating func append(_ record: ModelRecord) -> Int {
        quality.append(contentsOf: record.quality)
        activeParamsB.append(record.activeParamsB)
        models.append(record)
        return models.count - 1
    }
}
