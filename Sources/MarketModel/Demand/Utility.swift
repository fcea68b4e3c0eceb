/// A buyer's utility of one option for one part of its workload: the one formula that
/// a choice (`drawFromMenu`), self-hosting and the surplus's log-sum (`menuLogSum`)
/// all read, so that the three can never disagree.
///
/// u = w_c q_own + w_f q_frontier - beta log(price) + speed - openPenalty, where the
/// workload is `commodity` parts of the buyer's own segment and `frontier` parts of the
/// frontier segment, and quality in the frontier segment weighs the scenario's
/// frontier quality multiplier more. The terms are summed in this order, always: a
/// different order moves the last bits, and with them the draws.
struct Utility {
    /// The buyer's own segment and the frontier segment (its own when the scenario has none).
    let segment: Int
    let frontierSegment: Int
    /// The weights of quality in those two segments, and of the log price.
    let qualityCommodity: Double
    let qualityFrontier: Double
    let priceSensitivity: Double

    init(_ buyer: BuyerState, commodity: Double, frontier: Double, _ p: ChoiceParameters) {
        segment = buyer.segment
        frontierSegment = p.frontierSegment ?? buyer.segment
        qualityCommodity = buyer.qualitySensitivity * commodity
        qualityFrontier = buyer.qualitySensitivity * frontier * p.frontierQualityMultiplier
        priceSensitivity = buyer.priceSensitivity
    }

    /// The utility of an option whose model has quality `own` in the buyer's segment and
    /// `frontier` in the frontier segment, at log price `logPrice`, with its speed's
    /// utility `speed` and the penalty `openPenalty` it carries (0 for closed weights).
    @inline(__always)
    func value(own: Double, frontier: Double, logPrice: Double, speed: Double, openPenalty: Double) -> Double {
        qualityCommodity * own + qualityFrontier * frontier - priceSensitivity * logPrice + speed - openPenalty
    }
}
