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
        accrueBuyer(b, part: .commodity, day: day)
        accrueBuyer(b, part: .frontier, day: day)
    }

    mutating func accrueBuyer(_ b: Int, part: Part, day: Double) {
        let buyer = demand.buyers[b]
        let choice = part == .commodity ? buyer.commodityChoice : buyer.frontierChoice
        guard choice >= 0 else { return }
        let k = Int(choice)
        if offerings[k].integrals.lastUpdate < day { settle(k, day: day) }
        let o = offerings[k]
        let mark = part == .commodity ? buyer.commodityMark : buyer.frontierMark
        let share = part == .commodity ? 1 - buyer.frontierShare : buyer.frontierShare
        let tokens = buyer.tokensPerDay * share
        let spend = tokens * (buyer.inputShare * (o.integrals.input - mark.input)
                              + (1 - buyer.inputShare) * (o.integrals.output - mark.output))
        ledger.buyerSpendTotal += spend
        ledger.buyerSpendByKind[o.sellerKind.rawValue] += spend
        if part == .commodity { demand.buyers[b].commodityMark = (o.integrals.input, o.integrals.output) }
        else { demand.buyers[b].frontierMark = (o.integrals.input, o.integrals.output) }
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
