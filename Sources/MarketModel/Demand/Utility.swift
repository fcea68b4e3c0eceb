import Foundation

/// A buyer's utility of one option for one part of its workload, in money: the one
/// formula that a choice (`drawFromMenu`), self-hosting and the surplus (`menuLogSum`)
/// all read, so that the three can never disagree.
///
/// Per million tokens of the part, an option is worth what the work it gets right is
/// worth, less what it costs: value = V_own s(q_own) c + V_frontier s(q_frontier) f,
/// where the part is `c` parts of the buyer's own segment and `f` parts of the frontier
/// segment, V the buyer's values and s(q) = (q / 100)^k the success rate at quality q;
/// cost = the price the buyer pays per million tokens (blended at its input share) plus
/// its other costs of that option (security verification and the young ecosystem's
/// integration, per million tokens of its volume). Utility is that surplus over the
/// buyer's taste scale tau = taste share x (V_own c + V_frontier f), plus the speed
/// term, less a switching cost: u = (value - cost) / tau + speed. Not using a model for
/// the part (the outside option) is u = 0, so a buyer buys only what is worth its
/// price, and no price a buyer accepts exceeds the value at stake by more than a few
/// tau. The terms are summed in this order, always: a different order moves the last
/// bits, and with them the draws.
struct Utility {
    /// The buyer's own segment and the frontier segment (its own when the scenario has none).
    let segment: Int
    let frontierSegment: Int
    /// USD per Mtok per unit of success rate in the two segments.
    let valueOwn: Double
    let valueFrontier: Double
    /// tau, USD per Mtok, and its inverse.
    let tau: Double
    let inverseTau: Double
    let successExponent: Double

    init(_ buyer: BuyerState, commodity: Double, frontier: Double, _ p: ChoiceParameters) {
        self.init(buyer, commodity: commodity, frontier: frontier, segment: buyer.segment,
                  frontierSegment: p.frontierSegment ?? buyer.segment, successExponent: p.successExponent)
    }

    init(_ buyer: BuyerState, commodity: Double, frontier: Double, segment: Int, frontierSegment: Int, successExponent: Double) {
        self.segment = segment
        self.frontierSegment = frontierSegment
        valueOwn = buyer.valueOwn * commodity
        valueFrontier = buyer.valueFrontier * frontier
        tau = buyer.tasteScale * (valueOwn + valueFrontier)
        inverseTau = 1 / tau
        self.successExponent = successExponent
    }

    /// `buyer`'s preference for proprietary models over open weights in USD per million
    /// tokens of this part: its share of the value of the work
    /// (`BuyerState.proprietaryPreference`), which every open-weight option carries as a
    /// cost beside the adoption costs (`AdoptionCosts.ecosystem`); 0 for a buyer without one.
    @inline(__always)
    func proprietaryPreference(_ buyer: BuyerState) -> Double {
        Double(buyer.proprietaryPreference) * (valueOwn + valueFrontier)
    }

    /// The success rate at quality `q` (benchmark points, 0-100).
    @inline(__always)
    func success(_ q: Double) -> Double { Self.success(q, exponent: successExponent) }

    /// The success rate at quality `q` for success exponent `k`: (q / 100)^k, the one
    /// formula a choice and a host's entry estimate read.
    @inline(__always)
    static func success(_ q: Double, exponent k: Double) -> Double {
        let x = max(0, q) / 100
        return k == 2 ? x * x : pow(x, k)
    }

    /// The value per million tokens of a model with quality `own` in the buyer's
    /// segment and `frontier` in the frontier segment.
    @inline(__always)
    func worth(own: Double, frontier: Double) -> Double {
        worth(successOwn: success(own), successFrontier: success(frontier))
    }

    /// The same value from the model's success rates in the two segments (`success`).
    @inline(__always)
    func worth(successOwn: Double, successFrontier: Double) -> Double {
        valueOwn * successOwn + valueFrontier * successFrontier
    }

    /// The utility of an option worth `worth` per million tokens at `price` plus
    /// `otherCosts` per million tokens, with its speed's utility `speed`.
    @inline(__always)
    func value(worth: Double, price: Double, otherCosts: Double, speed: Double) -> Double {
        (worth - price - otherCosts) * inverseTau + speed
    }
}
