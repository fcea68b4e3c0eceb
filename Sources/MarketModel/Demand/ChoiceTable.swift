import Foundation

/// The active offerings as a buyer's choice reads them: one entry per active offering
/// in one contiguous array (a choice runs on every review and every forced switch, so
/// it reads one block and touches no nested array). Rebuilt lazily when an offering's
/// price or model, or the active set, changes.
///
/// A buyer's blended price is input x (s + (1 - s) r) with r = output / input:
/// offerings priced by one rule share r, so a choice computes one blend factor per
/// distinct ratio (two or three) rather than one per offering.
struct ChoiceTable {
    struct Entry {
        var offering: Int32
        /// The model's first index in `qualityTable` (model x segments).
        var qualityRow: Int32
        /// Index of the offering's output-to-input price ratio in `ratios`.
        var ratioSlot: Int32
        var inputPrice: Double
        /// 1 for open weights, 0 otherwise: open weights' other costs are multiplied by it.
        var openWeights: Double
        /// log(tokens per second / `ChoiceParameters.referenceTokensPerSecond`).
        var logRelativeSpeed: Double
    }

    private(set) var entries: ContiguousArray<Entry> = []
    /// The distinct output-to-input price ratios, in order of first appearance.
    private(set) var ratios: [Double] = []
    var count: Int { entries.count }
    private(set) var stale = true

    mutating func invalidate() { stale = true }

    mutating func rebuild(active: [Int], offerings: [Offering], segments: Int) {
        entries.removeAll(keepingCapacity: true)
        ratios.removeAll(keepingCapacity: true)
        let logReference = log(ChoiceParameters.referenceTokensPerSecond)
        for j in active {
            let o = offerings[j]
            var slot = ratios.firstIndex(of: o.outputToInputRatio) ?? -1
            if slot < 0 {
                ratios.append(o.outputToInputRatio)
                slot = ratios.count - 1
            }
            entries.append(Entry(offering: Int32(j), qualityRow: Int32(o.model.qualityRow(segments: segments)), ratioSlot: Int32(slot),
                                 inputPrice: o.inputPrice, openWeights: o.openWeights ? 1 : 0,
                                 logRelativeSpeed: o.logTokensPerSecond - logReference))
        }
        stale = false
    }
}
