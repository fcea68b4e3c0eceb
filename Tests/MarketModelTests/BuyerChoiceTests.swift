@testable import MarketModel
import SimulationKit
import TestSupport
import Testing

@Suite("A buyer's choice: an offering, self-hosting or the outside option")
struct BuyerChoiceTests {
    /// Catches a choice that loses its offering (an index shifted by the negative codes),
    /// a code that reads as an offering, or self-hosting mistaken for the outside option.
    @Test("A choice of an offering gives that offering back; self-hosting and the outside option give none and differ")
    func threeCases() {
        let ids = OfferingID.first(3)
        for j in ids {
            #expect(BuyerChoice(j).offering == j)
            #expect(BuyerChoice(j) != .outside && BuyerChoice(j) != .selfHosted)
        }
        #expect(BuyerChoice(ids[0]) != BuyerChoice(ids[1]))
        #expect(BuyerChoice.selfHosted.offering == nil && BuyerChoice.outside.offering == nil)
        #expect(BuyerChoice.selfHosted != .outside)
        #expect(BuyerState(segment: 0, tokensPerDay: 1, inputShare: 0.5, frontierShare: 0, valueOwn: 1, valueFrontier: 1, valueBand: 0,
                           tasteScale: 1, routes: false, securitySensitive: false, adoptionDay: 0).commodityChoice == .outside)
    }

    /// A buyer's state is read on every review: its two choices stay four bytes each, as
    /// the Int32 codes they replaced were.
    @Test("A choice and an offering id take four bytes")
    func compact() {
        #expect(MemoryLayout<BuyerChoice>.size == 4 && MemoryLayout<OfferingID>.size == 4)
    }

    /// Issue 25 bounds a buyer's memory at 200 bytes besides its share of the event
    /// heap: its state and its surplus record, widest fields first (`BuyerState`).
    /// The draw reads each model's success rate from a column that choices extend as
    /// models are released (`ChoiceBuffers.successRates`), not from the qualities: a
    /// column left behind by a release, or computed by another formula, would choose on
    /// stale or wrong rates (or read past its end).
    @Test("The success rates a choice reads are every released model's, by the formula, to the bit")
    func successRatesFollowTheCatalog() throws {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=200", "months=36"])
        var start = MarketSimulation(compiled: loaded.compiled, seed: 3, replication: 0)
        var scheduler = Scheduler<MarketEvent>(start: 0, expectedPending: 512)
        try start.setUp(&scheduler)
        let atStart = start.catalog.quality.count
        var sim = MarketSimulation(compiled: loaded.compiled, seed: 3, replication: 0)
        _ = try sim.run()
        let rates = sim.demand.buffers.successRates, quality = sim.catalog.quality
        try #require(quality.count > atStart, "no model released in the run")
        // Choices follow every release within days, so the column covers the catalog.
        #expect(rates.count == quality.count)
        let k = loaded.scenario.buyers.successExponent
        for i in 0..<min(rates.count, quality.count) {
            #expect(rates[i].bitPattern == Utility.success(quality[i], exponent: k).bitPattern, "quality entry \(i)")
        }
    }

    @Test("A buyer's state and surplus take at most 200 bytes")
    func buyerBytes() {
        #expect(MemoryLayout<BuyerState>.stride == 144)
        #expect(MemoryLayout<BuyerState>.stride + MemoryLayout<BuyerWelfare>.stride <= 200)
    }
}
