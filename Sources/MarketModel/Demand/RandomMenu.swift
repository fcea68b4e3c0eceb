import Foundation
import SimulationKit

/// A random menu and one buyer drawing from it, outside any run: what
/// `ConsiderationTests` checks the shortlist's shares and elasticities on against the
/// closed-form nested logit, and what `MarketsimBenchmarks choice` times at 20, 50 and
/// 200 offerings (issue 25: a choice at 200 offerings at most twice its cost at 20).
///
/// The menu: nests (models) of one to three sellers, quality 50-95, half of them open
/// weights, each seller's price a random 40-100 % of what the model's work is worth, so
/// surpluses spread over a few units of taste and many models hold some probability.
/// The buyer: value 20 USD per Mtok of work done right, taste 0.03 of it, nest scale
/// 0.3, success (q / 100)^2, every token input, no current offering. A test can ask for
/// other nest sizes, another price range and a buyer whose taste is not the screen's.
public struct RandomMenu {
    public static let value = 20.0, taste = 0.03, nestScale = 0.3

    let table: ChoiceTable
    let quality: [Double]
    /// The buyer's taste share (the screen reads `taste`).
    let buyerTaste: Double
    /// Each model's success rate (`Utility.success`), what the draw reads.
    private let successRates: [Double]
    private let utility: Utility
    private var scratch: [Double]
    private var indices: [Int32]
    /// Each offering's four demand sums (`BestResponse.accumulate`), over every draw.
    private(set) var sums: [Double]
    private var margins: [Double] = []
    /// The buyer's blended price factor for the menu's one price ratio (every token input).
    private let blend = [1.0]

    /// A menu of `offerings` offerings drawn from `g`.
    public init(offerings: Int, _ g: RandomGenerator) {
        self.init(offerings: offerings, sellersPerModel: 1...3, priceShare: 0.4...1.0, buyerTaste: Self.taste, g)
    }

    /// A menu of `offerings` offerings drawn from `g`, each model sold by `sellersPerModel`
    /// sellers (uniformly) at `priceShare` of its worth (uniformly), for a buyer of taste
    /// share `buyerTaste`.
    init(offerings: Int, sellersPerModel: ClosedRange<Int>, priceShare: ClosedRange<Double>, buyerTaste: Double, _ g: RandomGenerator) {
        var nests: [[ChoiceTable.Entry]] = []
        var quality: [Double] = []
        let ids = OfferingID.first(offerings)
        var j = 0
        while j < offerings {
            let size = min(offerings - j, sellersPerModel.lowerBound + g.index(below: sellersPerModel.count))
            let q = g.uniform(50, 95)
            let worth = Self.value * (q / 100) * (q / 100)
            let open = g.bernoulli(0.5)
            var nest: [ChoiceTable.Entry] = []
            for _ in 0..<size {
                nest.append(ChoiceTable.Entry(offering: ids[j], qualityRow: Int32(quality.count), ratioSlot: 0, family: 0,
                                              inputPrice: worth * g.uniform(priceShare.lowerBound, priceShare.upperBound), openWeights: open ? 1 : 0,
                                              logRelativeSpeed: 0, margin: 0, sellerSlot: -1))
                j += 1
            }
            quality.append(q)
            nests.append(nest)
        }
        let screen = ScreenTerms(medianValues: [Self.value], valueSigmas: [0], inputShare: 1, successExponent: 2, tasteScale: Self.taste,
                                 nestScale: Self.nestScale, speedSensitivity: 0)
        table = ChoiceTable(nests: nests, ratios: [1], quality: quality, segments: 1, screen: screen)
        self.quality = quality
        self.buyerTaste = buyerTaste
        successRates = quality.map { Utility.success($0, exponent: 2) }
        let buyer = BuyerState(segment: 0, tokensPerDay: 1, inputShare: 1, frontierShare: 0, valueOwn: Self.value,
                               valueFrontier: Self.value, valueBand: 2, tasteScale: buyerTaste, routes: false,
                               securitySensitive: false, adoptionDay: 0)
        utility = Utility(buyer, commodity: 1, frontier: 0, segment: 0, frontierSegment: 0, successExponent: 2)
        let layout = MarketSimulation.ScratchLayout(entries: table.count, nests: table.nestCount)
        scratch = [Double](repeating: 0, count: layout.doubles)
        indices = [Int32](repeating: 0, count: layout.indices)
        sums = [Double](repeating: 0, count: DemandSums.count(entries: table.count))
    }

    /// The number of offerings and of models (nests) on the menu.
    public var offerings: Int { table.count }
    public var models: Int { table.nestCount }

    /// One draw of the buyer weighing the models `consideration` says (a scenario's
    /// `buyers.consideration`).
    public mutating func draw(_ consideration: Consideration, _ g: RandomGenerator) -> (choice: Int, weighed: Int, offeringsWeighed: Int) {
        draw(ConsiderationSet(consideration), g)
    }

    /// One draw of the buyer weighing `consideration`'s models: the offering's index
    /// (`offerings` for the outside option) and the numbers of models and offerings weighed.
    mutating func draw(_ consideration: ConsiderationSet, _ g: RandomGenerator) -> (choice: Int, weighed: Int, offeringsWeighed: Int) {
        let terms = MarketSimulation.MenuTerms(utility: utility, speed: 0, nestScale: Self.nestScale,
                                               costs: AdoptionCosts(ecosystem: 0, verification: 0, charged: 0), switching: 0,
                                               current: .outside, selfUtility: nil, tokensPerDay: 1, consideration: consideration,
                                               ranking: 2)
        let d = MarketSimulation.drawFromMenu(table, success: successRates, blend: blend, terms, scratch: &scratch, indices: &indices,
                                              demandSums: &sums, sellerMargins: &margins, g)
        return (d.chosen.offering?.index ?? table.count, d.modelsWeighed, d.offeringsWeighed)
    }
}
