import Foundation
@testable import MarketModel
import SimulationKit
import TestSupport
import Testing

/// Consideration sets (`ConsiderationSet`): on random menus of 20, 50 and 200 offerings,
/// the choice shares of a buyer's shortlisted draw against the full menu's nested logit
/// computed here in closed form; and the same statistic catching a screen that is
/// deliberately too short.
@Suite("Consideration sets")
struct ConsiderationTests {
    /// The buyer: value 20 USD per Mtok of work done right, taste 0.03 of it, nest scale
    /// 0.3 (a model's sellers close substitutes), success (q / 100)^2, every token input.
    static let value = 20.0, taste = 0.03, lambda = 0.3

    /// A random menu of `offerings` offerings in nests (models) of one to three sellers:
    /// quality 50-95, each seller's price a random 40-100 % of the value the model's work
    /// is worth, so surpluses spread over a few units of taste and many models hold some
    /// probability.
    static func menu(offerings: Int, _ g: RandomGenerator) -> (table: ChoiceTable, quality: [Double]) {
        var nests: [[ChoiceTable.Entry]] = []
        var quality: [Double] = []
        let ids = OfferingID.first(offerings)
        var j = 0
        while j < offerings {
            let size = min(offerings - j, 1 + g.index(below: 3))
            let q = g.uniform(50, 95)
            let worth = value * (q / 100) * (q / 100)
            let open = g.bernoulli(0.5)
            var nest: [ChoiceTable.Entry] = []
            for _ in 0..<size {
                nest.append(ChoiceTable.Entry(offering: ids[j], qualityRow: Int32(quality.count), ratioSlot: 0, family: 0,
                                              inputPrice: worth * g.uniform(0.4, 1.0), openWeights: open ? 1 : 0,
                                              logRelativeSpeed: 0, margin: 0, sellerSlot: -1))
                j += 1
            }
            quality.append(q)
            nests.append(nest)
        }
        let screen = ScreenTerms(medianValues: [value], valueSigmas: [0], inputShare: 1, successExponent: 2)
        return (ChoiceTable(nests: nests, ratios: [1], quality: quality, segments: 1, screen: screen), quality)
    }

    /// The full menu's nested-logit probabilities, offering by offering, then the outside
    /// option's: P(k) = P(n) e^(u_k / lambda) / sum_n, P(n) = e^(I_n) / (sum_m e^(I_m) + 1),
    /// I_n = lambda log sum_n, u = (value x success - price) / tau.
    static func exact(_ table: ChoiceTable, quality: [Double]) -> [Double] {
        let tau = taste * value
        var probabilities = [Double](repeating: 0, count: table.count + 1)
        var inclusive: [Double] = []
        for m in 0..<table.nestCount {
            let members = table.entries[Int(table.nestStarts[m])..<Int(table.nestStarts[m + 1])]
            let sum = members.reduce(0.0) { total, e in
                let s = quality[Int(e.qualityRow)] / 100
                return total + exp((value * s * s - e.inputPrice) / tau / lambda)
            }
            inclusive.append(lambda * log(sum))
        }
        let top = inclusive.reduce(1.0) { $0 + exp($1) }
        for m in 0..<table.nestCount {
            let members = table.entries[Int(table.nestStarts[m])..<Int(table.nestStarts[m + 1])]
            let pNest = exp(inclusive[m]) / top
            for e in members {
                let s = quality[Int(e.qualityRow)] / 100
                probabilities[e.offering.index] = pNest * exp((value * s * s - e.inputPrice) / tau / lambda) / exp(inclusive[m] / lambda)
            }
        }
        probabilities[table.count] = 1 / top
        return probabilities
    }

    /// Choice frequencies over `draws` draws of a buyer with no current offering, offering
    /// by offering, then the outside option's.
    static func frequencies(_ table: ChoiceTable, quality: [Double], _ consideration: ConsiderationSet, draws: Int,
                            _ g: RandomGenerator) -> [Double] {
        let buyer = BuyerState(segment: 0, tokensPerDay: 1, inputShare: 1, frontierShare: 0, valueOwn: value, valueFrontier: value,
                               valueBand: 2, tasteScale: taste, routes: false, securitySensitive: false, adoptionDay: 0)
        let utility = Utility(buyer, commodity: 1, frontier: 0, segment: 0, frontierSegment: 0, successExponent: 2)
        let layout = MarketSimulation.ScratchLayout(entries: table.count, nests: table.nestCount)
        var scratch = [Double](repeating: 0, count: layout.doubles)
        var indices = [Int32](repeating: 0, count: layout.indices)
        var sums = [Double](repeating: 0, count: DemandSums.stride * table.count)
        var margins: [Double] = []
        var counts = [Double](repeating: 0, count: table.count + 1)
        for d in 0..<draws {
            let terms = MarketSimulation.MenuTerms(utility: utility, speed: 0, nestScale: lambda,
                                                   costs: AdoptionCosts(ecosystem: 0, verification: 0, charged: 0), switching: 0,
                                                   current: .outside, selfUtility: nil, tokensPerDay: 1, consideration: consideration,
                                                   ranking: 2)
            let draw = MarketSimulation.drawFromMenu(table, quality: quality, blend: [1], terms, scratch: &scratch, indices: &indices,
                                                     demandSums: &sums, sellerMargins: &margins, g)
            counts[draw.chosen.offering?.index ?? table.count] += 1
        }
        return counts.map { $0 / Double(draws) }
    }

    /// The own-price elasticity each offering's seller reads from its demand sums after
    /// `draws` draws of a buyer with no current offering (NaN where no draw saw it).
    static func elasticities(_ table: ChoiceTable, quality: [Double], _ consideration: ConsiderationSet, draws: Int,
                             _ g: RandomGenerator) -> [Double] {
        let buyer = BuyerState(segment: 0, tokensPerDay: 1, inputShare: 1, frontierShare: 0, valueOwn: value, valueFrontier: value,
                               valueBand: 2, tasteScale: taste, routes: false, securitySensitive: false, adoptionDay: 0)
        let utility = Utility(buyer, commodity: 1, frontier: 0, segment: 0, frontierSegment: 0, successExponent: 2)
        let layout = MarketSimulation.ScratchLayout(entries: table.count, nests: table.nestCount)
        var scratch = [Double](repeating: 0, count: layout.doubles)
        var indices = [Int32](repeating: 0, count: layout.indices)
        var sums = [Double](repeating: 0, count: DemandSums.stride * table.count)
        var margins: [Double] = []
        for _ in 0..<draws {
            let terms = MarketSimulation.MenuTerms(utility: utility, speed: 0, nestScale: lambda,
                                                   costs: AdoptionCosts(ecosystem: 0, verification: 0, charged: 0), switching: 0,
                                                   current: .outside, selfUtility: nil, tokensPerDay: 1, consideration: consideration,
                                                   ranking: 2)
            _ = MarketSimulation.drawFromMenu(table, quality: quality, blend: [1], terms, scratch: &scratch, indices: &indices,
                                              demandSums: &sums, sellerMargins: &margins, g)
        }
        var result = [Double](repeating: .nan, count: table.count)
        for e in table.entries {
            let k = DemandSums.stride * e.offering.index
            if sums[k] > 0 { result[e.offering.index] = sums[k + 1] / sums[k] }
        }
        return result
    }

    /// The largest gap between two share vectors over the ten offerings the full menu
    /// favours most, the outside option, and all the others together: where a shortlist
    /// that misses mass shows, at a sample size the test can afford.
    static func largestGap(_ a: [Double], _ exact: [Double]) -> Double {
        let outside = exact.count - 1
        let top = (0..<outside).sorted { exact[$0] > exact[$1] }.prefix(10)
        var gap = abs(a[outside] - exact[outside])
        for k in top { gap = max(gap, abs(a[k] - exact[k])) }
        let rest = Set(0..<outside).subtracting(top)
        return max(gap, abs(rest.reduce(0) { $0 + a[$1] } - rest.reduce(0) { $0 + exact[$1] }))
    }

    /// 0.01: a share off by a point on the offerings that matter. With 40,000 draws a
    /// share's sampling error is at most 0.0025 (the full menu's largest gap over these
    /// menus is 0.005, the shortlist's 0.004; a screen of one model of each kind that
    /// samples none is off by 0.09 and 0.17).
    static let tolerance = 0.01, draws = 40_000

    @Test("The shortlist's shares agree with the full menu's within 0.01 on menus of 20, 50 and 200 offerings",
          arguments: [20, 50, 200])
    func sharesAgree(offerings: Int) {
        let stream = RandomStream(seed: 2027, key: StreamKey("consideration-\(offerings)"))
        for _ in 0..<3 {
            let (table, quality) = Self.menu(offerings: offerings, stream.generator)
            let exact = Self.exact(table, quality: quality)
            let full = Self.frequencies(table, quality: quality, ConsiderationSet(bestModels: 8, sampledModels: 3, fullMenu: true),
                                        draws: Self.draws, stream.generator)
            let shortlist = Self.frequencies(table, quality: quality, ConsiderationSet(bestModels: 8, sampledModels: 3),
                                             draws: Self.draws, stream.generator)
            #expect(Self.largestGap(full, exact) < Self.tolerance, "full menu, \(offerings) offerings \(Self.largestGap(full, exact))")
            #expect(Self.largestGap(shortlist, exact) < Self.tolerance, "shortlist, \(offerings) offerings \(Self.largestGap(shortlist, exact))")
        }
    }

    /// The elasticity a seller reads from a shortlisted buyer's sums, against the full
    /// menu's closed form eta_j = (p_j / tau) (1 / lambda - (1 / lambda - 1) P(j | n) - P_j),
    /// over the offerings the screen does not rank (the sampled ones, where the weight
    /// R / S enters).
    @Test("Sellers read the full menu's elasticities from shortlisted buyers", arguments: [50, 200])
    func elasticitiesAgree(offerings: Int) {
        let stream = RandomStream(seed: 2027, key: StreamKey("consideration-elasticity-\(offerings)"))
        let (table, quality) = Self.menu(offerings: offerings, stream.generator)
        let exact = Self.exact(table, quality: quality)
        let read = Self.elasticities(table, quality: quality, ConsiderationSet(bestModels: 8, sampledModels: 3),
                                     draws: Self.draws, stream.generator)
        let tau = Self.taste * Self.value
        var worst = 0.0
        for m in 0..<table.nestCount {
            let members = table.entries[Int(table.nestStarts[m])..<Int(table.nestStarts[m + 1])]
            let nest = members.reduce(0) { $0 + exact[$1.offering.index] }
            for e in members where !read[e.offering.index].isNaN {
                let j = e.offering.index
                let eta = e.inputPrice / tau * (1 / Self.lambda - (1 / Self.lambda - 1) * exact[j] / nest - exact[j])
                worst = max(worst, abs(read[j] / eta - 1))
            }
        }
        #expect(worst < 0.02, "\(offerings) offerings: worst relative error \(worst)")
    }

    /// A screen that keeps one model of each kind and samples none: the buyer never sees
    /// most of what it would buy, and the statistic says so.
    @Test("A screen too short to hold the buyer's choices is rejected", arguments: [50, 200])
    func shortScreenRejected(offerings: Int) {
        let stream = RandomStream(seed: 2027, key: StreamKey("consideration-biased-\(offerings)"))
        let (table, quality) = Self.menu(offerings: offerings, stream.generator)
        let exact = Self.exact(table, quality: quality)
        let biased = Self.frequencies(table, quality: quality, ConsiderationSet(bestModels: 1, sampledModels: 0),
                                      draws: Self.draws, stream.generator)
        #expect(Self.largestGap(biased, exact) > Self.tolerance, "\(offerings) offerings \(Self.largestGap(biased, exact))")
    }
}
