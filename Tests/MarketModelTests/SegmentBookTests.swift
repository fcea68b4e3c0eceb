import Foundation
@testable import MarketModel
import ScenarioFormat
import SimulationKit
import TestSupport
import Testing

@Suite("The buyers' ledger by segment")
struct SegmentBookTests {
    /// One accrual from day 10 to day 45 across the report at day 30: tokens and spend
    /// worked out by hand for each side of the report.
    @Test("An accrual spanning a report is split at its date: each month gets its own tokens and its own prices' spend")
    func splitAtReports() {
        let g = 0.01
        var book = SegmentBook(segments: 2, periods: 3)
        book.report(day: 0, growth: 1, integrals: [SIMD2(0, 0)])
        book.report(day: 30, growth: exp(g * 30), integrals: [SIMD2(1, 2)])
        let accrual = SegmentBook.Accrual(segment: 1, seller: ActorKind.infra.rawValue, tokensPerDay: 1e6, inputShare: 0.25,
                                          from: (10, exp(g * 10)), to: (45, exp(g * 45)), offering: OfferingID.first(1)[0],
                                          mark: SIMD2(0.2, 0.4), now: SIMD2(2, 3.5))
        book.book(accrual, growthRate: g)
        let infra = ActorKind.infra.rawValue
        let first = book.period(1), second = book.period(2)
        // 1e6 tokens a day growing at g: (e^(g b) - e^(g a)) / g tokens per token a day, in millions.
        #expect(abs(first.tokens(1, infra) - (exp(0.3) - exp(0.1)) / g) < 1e-9)
        #expect(abs(second.tokens(1, infra) - (exp(0.45) - exp(0.3)) / g) < 1e-9)
        // 1e6 x (0.25 x (1 - 0.2) + 0.75 x (2 - 0.4)), then from the report's integrals to now.
        #expect(abs(first.spend(1, infra) - 1.4e6) < 1e-6)
        #expect(abs(second.spend(1, infra) - 1e6 * (0.25 * (2 - 1) + 0.75 * (3.5 - 2))) < 1e-6)
        #expect(book.period(0).tokens(1, infra) == 0 && first.tokens(0, infra) == 0)
        #expect(first.tokens(1, ActorKind.openLab.rawValue) == 0)
    }

    @Test("A self-hosted part books tokens and no spend")
    func selfHosted() {
        var book = SegmentBook(segments: 1, periods: 2)
        book.report(day: 0, growth: 1, integrals: [])
        book.book(SegmentBook.Accrual(segment: 0, seller: SegmentBook.selfHosted, tokensPerDay: 2e6, inputShare: 0.5,
                                      from: (0, 1), to: (30, 1), offering: nil, mark: .zero, now: .zero), growthRate: 0)
        #expect(book.period(1).tokens(0, SegmentBook.selfHosted) == 60)
        #expect(book.period(1).spend(0, SegmentBook.selfHosted) == 0)
    }

    /// A buyer of another segment with both parts on offerings of different kinds: its
    /// commodity work must land in its own segment, its frontier work in the frontier
    /// segment, each at its share of the buyer's tokens grown over the month.
    @Test("A buyer's commodity work is booked to its own segment and its frontier work to the frontier segment")
    func partsToTheirSegments() throws {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=200"])
        var sim = MarketSimulation(compiled: loaded.compiled, seed: 3, replication: 0)
        var scheduler = Scheduler<MarketEvent>(start: 0, expectedPending: 512)
        try sim.setUp(&scheduler)
        let frontier = try #require(loaded.compiled.frontierSegment)
        let b = try #require(sim.demand.buyers.indices.first {
            sim.demand.buyers[$0].segment != frontier && sim.demand.buyers[$0].frontierShare > 0.1
        })
        let own = sim.demand.buyers[b].segment, share = sim.demand.buyers[b].frontierShare
        let lab = try #require(sim.activeOfferings.first { sim.offerings[$0].sellerKind == .frontierLab })
        let other = try #require(sim.activeOfferings.first { sim.offerings[$0].sellerKind != .frontierLab })
        sim.accrueBuyer(b, day: 0)
        sim.move(b, part: .commodity, to: BuyerChoice(other), day: 0)
        sim.move(b, part: .frontier, to: BuyerChoice(lab), day: 0)
        let before = sim.ledger.segments.period(0)
        sim.accrueBuyer(b, day: 30)
        let after = sim.ledger.segments.period(0)
        let g = sim.trends.usageGrowthRate
        let month = sim.demand.buyers[b].tokensPerDay * (exp(g * 30) - 1) / g / 1e6
        let otherKind = sim.offerings[other].sellerKind.rawValue, labKind = ActorKind.frontierLab.rawValue
        func booked(_ segment: Int, _ kind: Int) -> Double { after.tokens(segment, kind) - before.tokens(segment, kind) }
        #expect(abs(booked(own, otherKind) - (1 - share) * month) < 1e-9 * month, "own segment \(booked(own, otherKind))")
        #expect(abs(booked(frontier, labKind) - share * month) < 1e-9 * month, "frontier segment \(booked(frontier, labKind))")
        #expect(booked(own, labKind) == 0 && booked(frontier, otherKind) == 0)
    }
}
