import Foundation
import SimulationKit

/// The shortlist of models a buyer weighs at a choice (`Consideration` in the scenario).
///
/// The economic reading: a buyer does not price out every model on the market. It
/// looks at the few that a buyer of its kind would find the best value for money (for
/// its segment's work at its level of value, at list prices and published benchmarks:
/// `ChoiceTable`'s screen ranks the proprietary and the open-weight models separately,
/// since open weights carry costs besides their price that vary with a buyer's volume),
/// the model it uses now, and a few others it hears of. It then weighs every seller of
/// each model on its shortlist with its own utility, as a router lists them side by side.
///
/// The statistical reading: the draw over the shortlist estimates the full menu's nested
/// logit. The screened models hold most of the probability; each sampled model is one of
/// the R others drawn uniformly without replacement, so it enters the draw with weight R
/// / S (S sampled), and the weighted sum over the sample is an unbiased estimate of the
/// others' total (McFadden's sampling of alternatives, 1978). A draw costs the
/// shortlist's utilities and exponentials whatever the size of the menu.
/// `ConsiderationTests` checks its shares against the full menu's on random menus.
struct ConsiderationSet {
    /// Models of each kind (proprietary, open weights) taken from the top of the screen.
    let bestModels: Int
    let sampledModels: Int
    let fullMenu: Bool

    init(_ c: Consideration) {
        self.init(bestModels: c.bestModels, sampledModels: c.sampledModels, fullMenu: c.fullMenu)
    }

    init(bestModels: Int, sampledModels: Int, fullMenu: Bool = false) {
        self.bestModels = bestModels
        self.sampledModels = sampledModels
        self.fullMenu = fullMenu
    }

    /// The value bands of the screen: a buyer's value is its segment's median times
    /// e^(sigma z); the screen ranks models at z = -2, -1, 0, 1, 2 and a buyer reads the
    /// ranking at its z rounded.
    static let valueBands = 5

    /// The band of a buyer whose value draw is `z` (clamped to [-3, 3] when drawn).
    static func band(z: Double) -> Int32 {
        Int32(min(2, max(-2, z.rounded())) + 2)
    }

    /// Whether a menu of `nestCount` models is weighed whole: the full menu, or one no
    /// larger than a shortlist.
    func weighsAll(nestCount: Int) -> Bool {
        fullMenu || nestCount <= 2 * bestModels + sampledModels + 1
    }

    /// The shortlist of a buyer reading screen block `ranking` (the models of `table`
    /// ranked for its segment and band): the nests in `list[0..<returned]`, in the order
    /// taken (the current model's, the best of each kind, the sampled ones: a draw's sums
    /// follow it, and sorting them into the menu's order cost a draw at 200 offerings
    /// about 1,000 instructions), with their weights in `weights` at the same positions.
    /// `current` is the nest of the buyer's offering (-1 for none). `marks`, one per nest, are all 0 on entry and
    /// on return; during the call a nest on the list is marked 1. Draws from `g` only
    /// when it samples.
    func select(_ table: ChoiceTable, ranking: Int, current: Int, list: UnsafeMutableBufferPointer<Int32>,
                weights: UnsafeMutableBufferPointer<Double>, marks: UnsafeMutableBufferPointer<Int32>,
                _ g: RandomGenerator) -> Int {
        let nestCount = table.nestCount
        var count = 0
        func add(_ m: Int, _ w: Double) {
            marks[m] = 1
            list[count] = Int32(m)
            weights[count] = w
            count &+= 1
        }
        if current >= 0 { add(current, 1) }
        table.rankings.withUnsafeBufferPointer { ranked in
            // The best of each kind: proprietary nests first in the block, then open ones.
            func takeBest(_ start: Int, _ end: Int) {
                var taken = 0
                var i = start
                while taken < bestModels && i < end {
                    let m = Int(ranked[ranking &* nestCount &+ i])
                    if m != current {
                        add(m, 1)
                        taken &+= 1
                    }
                    i &+= 1
                }
            }
            takeBest(0, table.proprietaryNests)
            takeBest(table.proprietaryNests, nestCount)
        }
        let rest = nestCount &- count
        if rest <= sampledModels {
            for m in 0..<nestCount where marks[m] == 0 { add(m, 1) }
        } else {
            // S distinct others, uniformly, by rejection: few are marked.
            let weight = Double(rest) / Double(sampledModels)
            var drawn = 0
            while drawn < sampledModels {
                let m = g.index(below: nestCount)
                if marks[m] == 1 { continue }
                add(m, weight)
                drawn &+= 1
            }
        }
        for i in 0..<count { marks[Int(list[i])] = 0 }
        return count
    }
}

/// What the screen needs to rank models for a segment's buyers at each value band: the
/// segments' median values and spreads, the buyers' mean input share and the success
/// exponent.
struct ScreenTerms {
    let medianValues: [Double]
    let valueSigmas: [Double]
    let inputShare: Double
    let successExponent: Double

    init(_ compiled: CompiledScenario) {
        medianValues = compiled.scenario.segments.map(\.valueUsdPerMtok)
        valueSigmas = compiled.scenario.segments.map(\.valueSigma)
        inputShare = compiled.scenario.buyers.inputShare.mean
        successExponent = compiled.scenario.buyers.successExponent
    }

    init(medianValues: [Double], valueSigmas: [Double], inputShare: Double, successExponent: Double) {
        self.medianValues = medianValues
        self.valueSigmas = valueSigmas
        self.inputShare = inputShare
        self.successExponent = successExponent
    }
}
