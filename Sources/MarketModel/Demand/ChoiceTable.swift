import Foundation

/// The active offerings as a buyer's choice reads them: one entry per active offering
/// in one contiguous array (a choice runs on every review and every forced switch, so
/// it reads one block and touches no nested array). Rebuilt lazily when an offering's
/// price or model, or the active set, changes.
///
/// Entries are grouped by model: the sellers of one model (its lab's API and the hosts
/// serving it) form a nest of the buyers' nested logit (`drawFromMenu`), entries
/// `nestStarts[n]..<nestStarts[n + 1]`, in order of the model's first active offering.
///
/// A buyer's blended price is input x (s + (1 - s) r) with r = output / input:
/// offerings priced by one rule share r, so a choice computes one blend factor per
/// distinct ratio (two or three) rather than one per offering.
///
/// Each entry carries its seller's current margin (blended price minus marginal cost,
/// at the rebuild) and, when that seller has several entries, a slot among such
/// sellers: a choice sums each one's margin x probability over its offerings for the
/// recapture sum of joint pricing (`BestResponse`).
struct ChoiceTable {
    struct Entry {
        var offering: OfferingID
        /// The model's first index in `qualityTable` (model x segments).
        var qualityRow: Int32
        /// Index of the offering's output-to-input price ratio in `ratios`.
        var ratioSlot: Int32
        /// The model's family for security verification: its creator's global actor index.
        var family: Int32
        var inputPrice: Double
        /// 1 for open weights, 0 otherwise: open weights' other costs are multiplied by it.
        var openWeights: Double
        /// log(tokens per second / `ChoiceParameters.referenceTokensPerSecond`).
        var logRelativeSpeed: Double
        /// The seller's margin on it, USD per Mtok, at least 0.
        var margin: Double
        /// The seller's index among `multiSellerCount` sellers of several entries, or -1.
        var sellerSlot: Int32
        /// Whether its seller's review reads the curvature sum: a host's Newton step does
        /// (`BestResponse.nextPrice`), a lab's list-price decision reads the demand, slope
        /// and recapture sums only (`listPrice`), so a full menu's draw leaves its
        /// curvature at 0 (the shortlist's computes it).
        var readsCurvature = true
        /// `family` as a bit of a family bitmask (`AdoptionCosts.bit(of:)`), set with the
        /// table: a draw tests it against the charged families in one `and`.
        var familyBit: UInt64 = 0
    }

    private(set) var entries: ContiguousArray<Entry> = []

    init() {}
    /// The distinct output-to-input price ratios, in order of first appearance.
    private(set) var ratios: [Double] = []
    /// Where each nest's entries start, and the entry count last.
    private(set) var nestStarts: [Int32] = []
    /// The number of sellers with several entries (their slots are 0..<this).
    private(set) var multiSellerCount = 0
    /// Each offering's nest (-1: not on the menu), indexed by offering.
    private(set) var nestOfOffering: [Int32] = []
    /// Each entry's nest, indexed by entry.
    private(set) var entryNests: [Int32] = []
    /// Each entry's slot among the recapture sums R_f of a full menu's draw: its
    /// `sellerSlot`, or `recaptureSlotCount - 1` for a seller of one entry, a slot that
    /// only ever sums zeros, with `recaptureMargins` its margin, or 0 for a seller of one.
    /// With them the draw reads every entry's R_f - m_j P_j without a branch, and a seller
    /// of one gets max(0, 0 - 0 x P_j) = +0, the 0 it is given by definition.
    private(set) var recaptureSlots: [Int32] = []
    private(set) var recaptureMargins: [Double] = []
    /// The slots `recaptureSlots` index: the sellers of several entries and the zero slot.
    private(set) var recaptureSlotCount = 1
    /// Per entry, 1 if it is alone in its nest (its model has one seller), else 0: a
    /// full menu's draw settles such a nest with its entry's utility.
    private(set) var aloneFlags: [Double] = []
    /// The nests of several entries, in order.
    private(set) var sharedNests: [Int32] = []
    /// Per entry, all ones if it `readsCurvature`, else 0: a full menu's draw masks its
    /// curvature terms with it, two entries at a time.
    private(set) var curvatureMasks: [UInt64] = []
    /// Per pair of entries (2p, 2p + 1), 1 if either `readsCurvature`, else 0: whether a
    /// full menu's draw computes the pair's curvature terms.
    private(set) var curvaturePairs: [UInt8] = []
    /// The screen of the buyers' shortlists (`ConsiderationSet`): for each segment s and
    /// value band v, block (s x bands + v) of `nestCount` nests ranked by the value for
    /// money of their cheapest seller to that segment's buyer at that band's value
    /// (value x success - blended price at the mean input share, ties to the lower
    /// nest): the `proprietaryNests` proprietary ones first, then the open-weight ones.
    private(set) var rankings: [Int32] = []
    private(set) var proprietaryNests = 0
    /// The screen of each shortlisted model's sellers (`ConsiderationSet`): positions
    /// `nestStarts[n]..<nestStarts[n + 1]` hold nest n's entries by their blended price
    /// at the mean input share, cheapest first (ties to the lower entry). One order
    /// serves every segment and band: a nest's sellers sell the same weights, so value
    /// for money ranks them by price alone. Empty without a screen.
    private(set) var sellerOrder: [Int32] = []
    /// For each screen block b (as `rankings`') and position q of `sellerOrder`, at b x
    /// `count` + q: that seller's screen weight e^(u / lambda) relative to its nest's
    /// best, u its utility less the model's worth to a buyer of the block's value and the
    /// median taste (price and speed: what differs between a model's sellers). What a
    /// shortlist draws the other seller of a model by (`ConsiderationSet`).
    private(set) var sellerScreen: [Double] = []
    var nestCount: Int { nestStarts.count - 1 }

    /// The nest of offering `j`, -1 when it is not on the menu.
    @inline(__always)
    func nest(of j: OfferingID) -> Int {
        j.index < nestOfOffering.count ? Int(nestOfOffering[j.index]) : -1
    }
    var count: Int { entries.count }
    private(set) var stale = true

    mutating func invalidate() { stale = true }

    /// Rebuilds the entries of offerings `active`, `margin` giving each one's current
    /// margin (blended price minus marginal cost).
    ///
    /// Why a margin below zero counts as zero: the review floors every price at cost, so
    /// a negative margin is a price the cost passed since, about to be raised; counting
    /// its loss would make its siblings' rule chase a price that no longer stands.
    /// `screen`: what the shortlists' screen ranks by, nil when buyers weigh every model
    /// (no rankings).
    mutating func rebuild(active: [OfferingID], offerings: OfferingList, catalog: ModelCatalog, segments: Int, screen: ScreenTerms?,
                          margin: (OfferingID) -> Double) {
        entries.removeAll(keepingCapacity: true)
        ratios.removeAll(keepingCapacity: true)
        nestStarts.removeAll(keepingCapacity: true)
        let logReference = log(ChoiceParameters.referenceTokensPerSecond)
        // Models in order of their first active offering, each with its offerings in
        // active order: `grouped[groupStart[n]..<groupStart[n + 1]]` for the n-th model
        // (a counting sort by model, stable; grouping by a dictionary of arrays cost a
        // rebuild about 40,000 instructions of hashing and allocation).
        var nestOfModel = [Int](repeating: -1, count: catalog.models.count)
        var models: [ModelID] = []
        var groupStart: [Int] = []
        for j in active {
            let m = offerings[j].model
            if nestOfModel[m.index] < 0 {
                nestOfModel[m.index] = models.count
                models.append(m)
                groupStart.append(0)
            }
            groupStart[nestOfModel[m.index]] += 1
        }
        var next = 0
        for n in groupStart.indices { (groupStart[n], next) = (next, next + groupStart[n]) }
        groupStart.append(next)
        var grouped = active
        var filled = groupStart
        for j in active {
            let n = nestOfModel[offerings[j].model.index]
            grouped[filled[n]] = j
            filled[n] += 1
        }
        // Per seller (by actor index): its entries, its slot, the last nest it sold in.
        let sellers = (active.map { offerings[$0].seller.index }.max() ?? -1) + 1
        var entryCount = [Int](repeating: 0, count: sellers)
        for j in active { entryCount[offerings[j].seller.index] += 1 }
        var slots = [Int32](repeating: -1, count: sellers)
        multiSellerCount = 0
        for j in active where entryCount[offerings[j].seller.index] > 1 && slots[offerings[j].seller.index] < 0 {
            slots[offerings[j].seller.index] = Int32(multiSellerCount)
            multiSellerCount += 1
        }
        var lastNest = [Int](repeating: -1, count: sellers)
        for (n, m) in models.enumerated() {
            nestStarts.append(Int32(entries.count))
            let family = catalog.families[m.index]
            for j in grouped[groupStart[n]..<groupStart[n + 1]] {
                let seller = offerings[j].seller.index
                // The recapture sum takes a seller's offerings to lie in different nests.
                precondition(lastNest[seller] != n, "a seller offers model \(m.index) twice")
                lastNest[seller] = n
                append(offerings[j], j, family: family, segments: segments, logReference: logReference, margin: max(0, margin(j)),
                       sellerSlot: slots[seller])
            }
        }
        nestStarts.append(Int32(entries.count))
        finish(offerings: offerings.count, quality: catalog.quality, segments: segments, screen: screen)
    }

    /// A menu of the given nests of entries (their `offering`s from `OfferingID.first`, no seller
    /// selling two), with the blend ratios and model qualities they index: what a test
    /// of the draw builds without a simulation.
    init(nests: [[Entry]], ratios: [Double], quality: [Double], segments: Int, screen: ScreenTerms) {
        self.ratios = ratios
        for nest in nests {
            nestStarts.append(Int32(entries.count))
            entries.append(contentsOf: nest)
        }
        nestStarts.append(Int32(entries.count))
        finish(offerings: (entries.map(\.offering.index).max() ?? -1) + 1, quality: quality, segments: segments, screen: screen)
    }

    /// Indexes each of `offerings` offerings' nest and ranks the nests for the screen.
    private mutating func finish(offerings: Int, quality: [Double], segments: Int, screen: ScreenTerms?) {
        nestOfOffering = Array(repeating: -1, count: offerings)
        entryNests = Array(repeating: 0, count: entries.count)
        let zeroSlot = max(multiSellerCount, Int(entries.map(\.sellerSlot).max() ?? -1) + 1)
        recaptureSlotCount = zeroSlot + 1
        recaptureSlots = entries.map { $0.sellerSlot >= 0 ? $0.sellerSlot : Int32(zeroSlot) }
        recaptureMargins = entries.map { $0.sellerSlot >= 0 ? $0.margin : 0 }
        aloneFlags = Array(repeating: 0, count: entries.count)
        curvatureMasks = entries.map { $0.readsCurvature ? ~0 : 0 }
        curvaturePairs = stride(from: 0, to: entries.count, by: 2).map { k in
            entries[k].readsCurvature || (k + 1 < entries.count && entries[k + 1].readsCurvature) ? 1 : 0
        }
        sharedNests.removeAll(keepingCapacity: true)
        for m in 0..<nestCount {
            if nestStarts[m + 1] - nestStarts[m] == 1 { aloneFlags[Int(nestStarts[m])] = 1 } else { sharedNests.append(Int32(m)) }
        }
        for m in 0..<nestCount {
            for k in Int(nestStarts[m])..<Int(nestStarts[m + 1]) {
                nestOfOffering[entries[k].offering.index] = Int32(m)
                entryNests[k] = Int32(m)
                entries[k].familyBit = AdoptionCosts.bit(of: entries[k].family)
            }
        }
        rank(quality: quality, segments: segments, screen: screen)
        stale = false
    }

    /// Builds `rankings` (see there); none without a screen.
    private mutating func rank(quality: [Double], segments: Int, screen: ScreenTerms?) {
        rankings.removeAll(keepingCapacity: true)
        sellerOrder.removeAll(keepingCapacity: true)
        sellerScreen.removeAll(keepingCapacity: true)
        proprietaryNests = 0
        guard let screen else { return }
        var cheapest = [Double](repeating: .infinity, count: nestCount)
        let blended = entries.map { e in e.inputPrice * (screen.inputShare + (1 - screen.inputShare) * ratios[Int(e.ratioSlot)]) }
        // Nests of several sellers, whose sellers the screen weighs (most models are sold
        // by their lab alone).
        var shared: [Int] = []
        for m in 0..<nestCount {
            let members = Int(nestStarts[m])..<Int(nestStarts[m + 1])
            for k in members { cheapest[m] = min(cheapest[m], blended[k]) }
            if members.count == 1 {
                sellerOrder.append(Int32(members.lowerBound))
            } else {
                shared.append(m)
                sellerOrder += members.sorted { blended[$0] < blended[$1] || (blended[$0] == blended[$1] && $0 < $1) }.map(Int32.init)
            }
        }
        sellerScreen = Array(repeating: 1, count: segments * ConsiderationSet.valueBands * count)
        let open = (0..<nestCount).map { entries[Int(nestStarts[$0])].openWeights > 0 }
        let proprietary = (0..<nestCount).filter { !open[$0] }
        let openNests = (0..<nestCount).filter { open[$0] }
        proprietaryNests = proprietary.count
        var score = [Double](repeating: 0, count: nestCount)
        for s in 0..<segments {
            for band in 0..<ConsiderationSet.valueBands {
                let value = screen.medianValues[s] * exp(screen.valueSigmas[s] * Double(band - ConsiderationSet.valueBands / 2))
                for m in 0..<nestCount {
                    let q = quality[Int(entries[Int(nestStarts[m])].qualityRow) + s]
                    score[m] = value * Utility.success(q, exponent: screen.successExponent) - cheapest[m]
                }
                let better = { (a: Int, b: Int) in score[a] > score[b] || (score[a] == score[b] && a < b) }
                rankings += proprietary.sorted(by: better).map(Int32.init)
                rankings += openNests.sorted(by: better).map(Int32.init)
                // Each seller's u / lambda less the model's worth, then e^(that - the
                // nest's largest), at positions of `sellerOrder` (a rebuild follows every
                // price change, so this is written for a rebuild's cost: in place, only
                // for nests of several sellers).
                let scale = 1 / (screen.tasteScale * value * screen.nestScale)
                let speed = screen.speedSensitivity * screen.tasteScale * value
                let block = (s * ConsiderationSet.valueBands + band) * count
                sellerScreen.withUnsafeMutableBufferPointer { w in
                    for m in shared {
                        let members = Int(nestStarts[m])..<Int(nestStarts[m + 1])
                        var best = -Double.infinity
                        for q in members {
                            let k = Int(sellerOrder[q])
                            w[block + q] = (-blended[k] + speed * entries[k].logRelativeSpeed) * scale
                            best = max(best, w[block + q])
                        }
                        for q in members { w[block + q] = exp(w[block + q] - best) }
                    }
                }
            }
        }
    }

    private mutating func append(_ o: Offering, _ j: OfferingID, family: Int32, segments: Int, logReference: Double, margin: Double, sellerSlot: Int32) {
        var slot = ratios.firstIndex(of: o.outputToInputRatio) ?? -1
        if slot < 0 {
            ratios.append(o.outputToInputRatio)
            slot = ratios.count - 1
        }
        entries.append(Entry(offering: j, qualityRow: Int32(o.model.qualityRow(segments: segments)), ratioSlot: Int32(slot), family: family,
                             inputPrice: o.inputPrice, openWeights: o.openWeights ? 1 : 0,
                             logRelativeSpeed: o.logTokensPerSecond - logReference, margin: margin, sellerSlot: sellerSlot,
                             readsCurvature: o.sellerKind == .infra))
    }
}
