/// A released model: its place in the catalog, which only the catalog hands out.
struct ModelID: Hashable, Comparable {
    /// The model's index in the catalog's tables (`models`, `activeParamsB`, rows of `quality`).
    let index: Int

    fileprivate init(_ index: Int) { self.index = index }

    /// Where its qualities start in the catalog's model-major `quality`.
    func qualityRow(segments: Int) -> Int { index * segments }

    static func < (a: ModelID, b: ModelID) -> Bool { a.index < b.index }
}

/// Every model released so far, with the two columns a buyer's choice and settling
/// read kept flat beside the records, so the hot loops touch no nested array.
struct ModelCatalog {
    private(set) var models: [ModelRecord] = []
    /// Every model's quality per segment, model-major (`model * segments + segment`).
    private(set) var quality: [Double] = []
    /// Every model's active parameters (billions), by model.
    private(set) var activeParamsB: [Double] = []
    /// Every model's family for security verification (its creator's global actor
    /// index), by model: a buyer's choice reads it without copying the record.
    private(set) var families: [Int32] = []

    /// Adds `record` and returns its id.
    mutating func append(_ record: ModelRecord) -> ModelID {
        quality.append(contentsOf: record.quality)
        activeParamsB.append(record.activeParamsB)
        families.append(Int32(record.creator.index))
        models.append(record)
        return ModelID(models.count - 1)
    }

    /// The model at `index` (an event's payload).
    func model(at index: Int) -> ModelID { ModelID(index) }

    subscript(_ m: ModelID) -> ModelRecord {
        get { models[m.index] }
        _modify { yield &models[m.index] }
    }
}
