import Foundation
import SimulationKit

/// The shortlist of models a buyer weighs at a choice (`Consideration` in the scenario).
///
/// The economic reading: a buyer does not price out every model on the market. It
/// looks at the few that a buyer of its kind would find the best value for money (for
/// its segment's work at its level of value, at list prices and published benchmarks:
/// `ChoiceTable`'s screen ranks the proprietary and the open-weight models separately,
/// since open weights carry costs besides their price that vary with a buyer's volume),
/// the model it uses now, and a few others it hears of. Within each model on its
/// shortlist it weighs the seller it uses now and the cheapest one (`ChoiceTable`'s
/// seller screen: the sellers of one model sell the same weights), and notices at most
/// one more, the likelier the better it looks to a buyer of its kind: always when the
/// others together look at least a twentieth as good as the cheapest, else now and then.
/// A router lists a model's hosts cheapest first; a buyer reads the top of the list.
///
/// The statistical reading: the draw over the shortlist estimates the full menu's nested
/// logit. The screened models hold most of the probability; each sampled model is one of
/// the R others drawn uniformly without replacement, so it enters the draw with weight R
/// / S (S sampled), and the weighted sum over the sample is an unbiased estimate of the
/// others' total (McFadden's sampling of alternatives, 1978). Within a model the rule
/// estimates the nest's sum the same way, with unequal chances (a Horvitz-Thompson
/// estimate): of the r sellers left after the current and the cheapest, one is weighed
/// with chance `included` = min(1, max(`leastChance`, S_rest / `noticed`)), S_rest
/// their screen weights' sum (each e^(u_k / lambda) relative to the cheapest's, at the
/// block's value and the median taste: `ChoiceTable.sellerScreen`), and given that, seller
/// k with chance pi_k, its share of S_rest mixed with 1 / r (`uniformShare`); it enters
/// with weight 1 / (included pi_k). Drawn uniformly (weight r), a seller priced near the
/// cheapest stood for the rest alone, and its conditional share read (e_2 / (e_1 + 2
/// e_2)) well below e_2 / (e_1 + e_2): a ratio's bias when one sample is a large part of
/// its sum (`ConsiderationTests` failed by 0.025 at 200 offerings); drawn by its screen
/// weight it stands for the rest's sum nearly exactly when the screen reads the buyer
/// right, and without bias in any case. A seller noticed now and then stands, when it
/// is, for about a twentieth of the cheapest's weight, so the ratio's bias stays small.
/// A draw costs the shortlist's utilities and exponentials whatever the size of the
/// menu: at most 20 models and 41 offerings with base's 8 / 3 and one best seller.
/// `ConsiderationTests` checks its shares and the sellers' elasticities against the
/// full menu's on random menus.
struct ConsiderationSet {
    /// Models of each kind (proprietary, open weights) taken from the top of the screen.
    let bestModels: Int
    let sampledModels: Int
    /// Sellers of a shortlisted model taken from the top of its seller screen, besides
    /// the buyer's current one; at most one more is drawn from the rest. Not a scenario
    /// key, nor are the three constants below: the rule, not a calibration (a scenario's
    /// echo, and so the golden outputs, list none).
    let bestSellers: Int
    let fullMenu: Bool
    /// The uniform part of a drawn seller's chance pi_k (see the type's doc): a floor of
    /// 0.02 / r under it, so a buyer whose taste the screen misreads draws a seller of
    /// real weight with a chance that does not vanish (its weight 1 / pi_k at most 50 r).
    /// At 0.1 the floor's own variance read elasticities 2.6 % off at 200 offerings.
    static let uniformShare = 0.02
    /// When the rest of a model's sellers together weigh at least this share of its
    /// cheapest seller's screen weight, a shortlist always weighs one of them; below, one
    /// with chance (their share) / this, at least `leastChance`: a model's far dearer
    /// hosts cost a draw their utilities only now and then, and then stand for
    /// themselves about a twentieth of the cheapest's weight.
    static let noticed = 0.05
    static let leastChance = 0.02

    init(_ c: Consideration) {
        self.init(bestModels: c.bestModels, sampledModels: c.sampledModels, fullMenu: c.fullMenu)
    }

    init(bestModels: Int, sampledModels: Int, bestSellers: Int = 1, fullMenu: Bool = false) {
        precondition(bestSellers >= 1, "a shortlist takes at least a model's cheapest seller")
        self.bestModels = bestModels
        self.sampledModels = sampledModels
        self.bestSellers = bestSellers
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

    /// Whether a menu of `nestCount` models and `offerings` offerings is weighed whole:
    /// the full menu, or one no larger than a shortlist in models and in offerings (its
    /// models times the sellers it takes from each).
    func weighsAll(nestCount: Int, offerings: Int) -> Bool {
        let models = 2 &* bestModels &+ sampledModels &+ 1
        return fullMenu || (nestCount <= models && offerings <= models &* (bestSellers &+ 1))
    }

    /// The shortlist of a buyer reading screen block `ranking` (the models of `table`
    /// ranked for its segment and band): the nests in `list[0..<returned]`, in the order
    /// taken (the current model's, the best of each kind, the sampled ones: a draw's sums
    /// follow it, and sorting them into the menu's order cost a draw at 200 offerings
    /// about 1,000 instructions), with their weights in `weights` at the same positions.
    /// `current` is the nest of the buyer's offering (-1 for none). `marks`, one per nest, are all 0 on entry and
    /// on return; during the call a nest on the list is marked 1. Draws from `digits`
    /// only when it samples.
    @inline(never)
    func select(_ table: ChoiceTable, ranking: Int, current: Int, list: UnsafeMutableBufferPointer<Int32>,
                weights: UnsafeMutableBufferPointer<Double>, marks: UnsafeMutableBufferPointer<Int32>,
                _ digits: inout UniformDigits, _ g: RandomGenerator) -> Int {
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
                let m = digits.index(below: nestCount, g)
                if marks[m] == 1 { continue }
                add(m, weight)
                drawn &+= 1
            }
        }
        for i in 0..<count { marks[Int(list[i])] = 0 }
        return count
    }

    /// The sellers a shortlist weighs of each of its `weighed` nests (`list`, the one at
    /// `currentPosition` holding offering `current`): for nest position i, their entries
    /// at `entries[bounds[i]..<bounds[i + 1]]`, each with its position i in `positions`
    /// and its inverse sampling weight in `inverseWeights` (1 unless drawn); the drawn
    /// one, if any, last, from `sampledFrom[i]` (`bounds[i + 1]` if none), its weight in
    /// `weights[i]`. A nest of no more than `bestSellers` sellers is taken whole; else the
    /// current seller, the `bestSellers` cheapest others (`ChoiceTable.sellerOrder`), and
    /// at most one of the rest (see the type's doc). Returns the entries taken.
    @inline(never)
    func selectSellers(_ table: ChoiceTable, ranking: Int, list: UnsafeMutableBufferPointer<Int32>, weighed: Int, currentPosition: Int,
                       current: OfferingID?, entries drawn: UnsafeMutableBufferPointer<Int32>, bounds: UnsafeMutableBufferPointer<Int32>,
                       positions: UnsafeMutableBufferPointer<Int32>, inverseWeights: UnsafeMutableBufferPointer<Double>,
                       sampledFrom: UnsafeMutableBufferPointer<Int32>, weights: UnsafeMutableBufferPointer<Double>,
                       _ digits: inout UniformDigits, _ g: RandomGenerator) -> Int {
        var j = 0
        table.entries.withUnsafeBufferPointer { entries in
        table.nestStarts.withUnsafeBufferPointer { starts in
        table.sellerOrder.withUnsafeBufferPointer { sellerOrder in
        table.sellerScreen.withUnsafeBufferPointer { sellerScreen in
            let screen = UnsafeBufferPointer(rebasing: sellerScreen[(ranking &* table.count)...])
            @inline(__always) func take(_ k: Int, _ i: Int, inverseWeight: Double) {
                drawn[j] = Int32(truncatingIfNeeded: k)
                positions[j] = Int32(truncatingIfNeeded: i)
                inverseWeights[j] = inverseWeight
                j &+= 1
            }
            for i in 0..<weighed {
                let m = Int(list[i])
                let start = Int(starts[m]), end = Int(starts[m &+ 1])
                bounds[i] = Int32(truncatingIfNeeded: j)
                if end &- start <= bestSellers {
                    for k in start..<end { take(k, i, inverseWeight: 1) }
                    sampledFrom[i] = Int32(truncatingIfNeeded: j)
                    continue
                }
                // The seller the buyer uses now, the cheapest ones by the seller screen,
                // then the rest: positions p..<end of the screen without the current
                // entry's (`currentAt`, or -1).
                var currentEntry = -1
                if i == currentPosition, let o = current {
                    for k in start..<end where entries[k].offering == o { currentEntry = k }
                    take(currentEntry, i, inverseWeight: 1)
                }
                var p = start
                var taken = 0
                while taken < bestSellers {
                    let k = Int(sellerOrder[p])
                    p &+= 1
                    if k != currentEntry {
                        take(k, i, inverseWeight: 1)
                        taken &+= 1
                    }
                }
                var currentAt = -1
                if currentEntry >= 0 {
                    for q in p..<end where Int(sellerOrder[q]) == currentEntry { currentAt = q }
                }
                let rest = end &- p &- (currentAt >= 0 ? 1 : 0)
                sampledFrom[i] = Int32(truncatingIfNeeded: j)
                if rest == 0 { continue }
                // One of the rest or none: one with chance `included` (1 when the rest's
                // screen weights sum to `noticed` of the best's), seller q with chance
                // pi_q given one, its screen weight's share of theirs mixed with 1 / r
                // (all of it 1 / r if their weights underflowed); its weight 1 / (included
                // pi_q).
                var restScreen = 0.0
                for q in p..<end where q != currentAt { restScreen += screen[q] }
                let included = min(1, max(Self.leastChance, restScreen / Self.noticed))
                if included < 1 {
                    let x = digits.uniform(g)
                    if x >= included {
                        digits.took(offset: included, width: 1 - included)
                        continue
                    }
                    digits.took(offset: 0, width: included)
                }
                var chance = 1.0
                var chosen = p == currentAt ? p &+ 1 : p
                if rest > 1 {
                    let uniformPart = restScreen > 0 ? Self.uniformShare : 1
                    let floor = uniformPart / Double(rest)
                    let scale = restScreen > 0 ? (1 - uniformPart) / restScreen : 0
                    let x = digits.uniform(g)
                    var below = 0.0
                    var left = rest
                    for q in p..<end where q != currentAt {
                        chance = screen[q] * scale + floor
                        chosen = q
                        left &-= 1
                        // The last takes what rounding left of [0, 1).
                        if left == 0 || x < below + chance { break }
                        below += chance
                    }
                    digits.took(offset: below, width: chance)
                }
                chance *= included
                weights[i] = 1 / chance
                take(Int(sellerOrder[chosen]), i, inverseWeight: chance)
            }
            bounds[weighed] = Int32(truncatingIfNeeded: j)
        }
        }
        }
        }
        return j
    }
}

/// Uniform draws, several from one draw of the generator: an index below n is
/// floor(n U), and n U - floor(n U) is again uniform on [0, 1) and independent of the
/// index, so the next index reads it (mixed-radix digits of U); a choice among
/// unequal chances likewise leaves (U - c) / pi uniform. A draw of the generator
/// (53 bits) serves until the chances taken from it multiply below 2^-20, so each
/// index still reads at least 33 bits: a shortlist's dozen indices cost one or two
/// generator draws instead of a dozen (about 45 instructions each).
struct UniformDigits {
    private var u = 0.0
    /// The inverse of the product of the chances taken since the last generator draw.
    private var spent = Double.infinity

    /// The current uniform, drawing afresh when too little of it is left.
    @inline(__always)
    mutating func uniform(_ g: RandomGenerator) -> Double {
        if spent > 0x1p20 {
            u = g.uniform()
            spent = 1
        }
        return u
    }

    /// Records that the caller took the part [`offset`, `offset + width`) of the
    /// current uniform: what is left is its position within that part.
    @inline(__always)
    mutating func took(offset: Double, width: Double) {
        u = min((u - offset) / width, 0x1.fffffffffffffp-1)
        spent /= width
    }

    /// An index uniform in `0..<n`.
    @inline(__always)
    mutating func index(below n: Int, _ g: RandomGenerator) -> Int {
        let x = uniform(g) * Double(n)
        let i = min(n &- 1, Int(x))
        u = min(x - Double(i), 0x1.fffffffffffffp-1)
        spent *= Double(n)
        return i
    }
}

/// What the screen needs to rank models for a segment's buyers at each value band: the
/// segments' median values and spreads, the buyers' mean input share and the success
/// exponent; and to weigh a model's sellers for such a buyer: the median taste share,
/// the nest scale and the speed sensitivity.
struct ScreenTerms {
    let medianValues: [Double]
    let valueSigmas: [Double]
    let inputShare: Double
    let successExponent: Double
    let tasteScale: Double
    let nestScale: Double
    let speedSensitivity: Double

    init(_ compiled: CompiledScenario) {
        let buyers = compiled.scenario.buyers
        self.init(medianValues: compiled.scenario.segments.map(\.valueUsdPerMtok), valueSigmas: compiled.scenario.segments.map(\.valueSigma),
                  inputShare: buyers.inputShare.mean, successExponent: buyers.successExponent, tasteScale: buyers.tasteScale.clampedMedian,
                  nestScale: buyers.nestScale, speedSensitivity: buyers.speedSensitivity)
    }

    init(medianValues: [Double], valueSigmas: [Double], inputShare: Double, successExponent: Double, tasteScale: Double,
         nestScale: Double, speedSensitivity: Double) {
        self.medianValues = medianValues
        self.valueSigmas = valueSigmas
        self.inputShare = inputShare
        self.successExponent = successExponent
        self.tasteScale = tasteScale
        self.nestScale = nestScale
        self.speedSensitivity = speedSensitivity
    }
}
