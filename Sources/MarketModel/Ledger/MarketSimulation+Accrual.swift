import Foundation
import SimulationKit

extension MarketSimulation {
    /// Books buyer `b`'s spend since its last accrual from the offerings' price
    /// integrals: the buyer-side ledger, kept apart from the sellers' aggregates, so
    /// that their agreement at the end of the run is a real check of the accounting.
    /// It accrues when the buyer chooses (before its workload moves) and once at the
    /// end, not at every report: a pass over every buyer each month cost a tenth of
    /// the run, and a leak anywhere in the run still shows in the total.
    mutating func accrueBuyer(_ b: Int, day: Double) {
        trends.update(day: day)
        let now = (day: day, growth: trends.growthAtDay)
        // A part's accrual reads only its own fields of the buyer, so one read serves both.
        let buyer = demand.buyers[b]
        let commodity = accrual(of: buyer, part: .commodity, now: now)
        let frontier = accrual(of: buyer, part: .frontier, now: now)
        // Both parts span the same instants: booked together, they share the split at
        // the reports and each piece's token integral (`SegmentBook.book(_:_:growthRate:)`).
        ledger.segments.book(commodity, frontier, growthRate: trends.usageGrowthRate)
        // The buyer's new marks (a part on an offering: its price integrals now) and
        // accrual instant, written in one access to the buyers.
        demand.buyers[b].accrued(now: now, commodityMark: commodity?.offering != nil ? commodity?.now : nil,
                                 frontierMark: frontier?.offering != nil ? frontier?.now : nil)
    }

    /// Books one part's spend since the buyer's last accrual, and returns what it
    /// bought for its tokens and spend by segment (`SegmentBook`; nil for a part that
    /// uses no model); a self-hosted part books tokens only. Its new mark, if it buys
    /// from an offering, is the accrual's `now`.
    @inline(__always)
    mutating func accrual(of buyer: BuyerState, part: Part, now: (day: Double, growth: Double)) -> SegmentBook.Accrual? {
        let choice = part == .commodity ? buyer.commodityChoice : buyer.frontierChoice
        guard choice != .outside else { return nil }
        let share = part == .commodity ? 1 - buyer.frontierShare : buyer.frontierShare
        let tokens = buyer.tokensPerDay * share
        // A buyer's frontier work is in the frontier segment, its commodity work in its own.
        let segment = part == .frontier ? compiled.frontierSegment ?? buyer.segment : buyer.segment
        var accrual = SegmentBook.Accrual(segment: segment, seller: SegmentBook.selfHosted, tokensPerDay: tokens,
                                          inputShare: buyer.inputShare, from: buyer.accrued, to: now, offering: nil,
                                          mark: .zero, now: .zero)
        guard let k = choice.offering else { return accrual }
        if offerings[k].integrals.lastUpdate < now.day { settle(k, day: now.day) }
        let o = offerings[k]
        let mark = part == .commodity ? buyer.commodityMark : buyer.frontierMark
        let spend = tokens * (buyer.inputShare * (o.integrals.input - mark.input)
                              + (1 - buyer.inputShare) * (o.integrals.output - mark.output))
        ledger.buyerSpendTotal += spend
        ledger.buyerSpendByKind[o.sellerKind.rawValue] += spend
        accrual.seller = o.sellerKind.rawValue
        accrual.offering = k
        accrual.mark = SIMD2(mark.input, mark.output)
        accrual.now = SIMD2(o.integrals.input, o.integrals.output)
        return accrual
    }

    /// Settles every active offering to `day` (withdrawn offerings have no buyers left:
    /// they were moved when it happened).
    mutating func settleAll(day: Double) {
        for j in activeOfferings { settle(j, day: day) }
    }

    /// Settles every offering and accrues every buyer to `day`, then checks that the
    /// buyers' ledger and the sellers' agree on the money spent since the start.
    mutating func checkMoneyConserved(day: Double) throws {
        settleAll(day: day)
        for b in demand.buyers.indices where demand.buyers[b].adopted { accrueBuyer(b, day: day) }
        let revenue = ledger.sellerRevenueSinceStart
        let scale = max(abs(revenue), abs(ledger.buyerSpendTotal), 1)
        if abs(revenue - ledger.buyerSpendTotal) > 1e-9 * scale {
            throw MarketError(actor: "", day: day, date: date(day),
                              message: "money not conserved: buyers spent \(ledger.buyerSpendTotal) USD, sellers earned \(revenue) USD since the start")
        }
        result.buyerSpendUsd = ledger.buyerSpendTotal
        result.sellerRevenueUsd = revenue
        result.buyerSpendByKind = ActorKind.allCases.map { ledger.buyerSpendByKind[$0.rawValue] }
    }
}
