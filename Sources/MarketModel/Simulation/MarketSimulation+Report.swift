import Foundation
import SimulationKit

extension MarketSimulation {
    /// Closes the report period ending at `day`: settles every offering, records one
    /// trajectory row and one row per actor, and checks that prices and every recorded
    /// value are finite (money is checked over the whole run: `checkMoneyConserved`).
    mutating func report(day: Double) throws {
        settleAll(day: day)
        settleSurplus(day: day)
        settleSelfHostRoyalty(day: day)
        for p in hosts.indices { accrueHostCosts(p, day: day) }
        var revenueTotal = 0.0
        for a in periodAccounts { revenueTotal += a.revenue }
        sellerRevenueTotal += revenueTotal
        for o in activeOfferings.map({ offerings[$0] }) {
            if !(o.inputPrice.isFinite && o.inputPrice > 0 && o.outputPrice.isFinite && o.outputPrice > 0) {
                throw MarketError(actor: actorIDs[o.seller], day: day, date: date(day),
                                  message: "price of \(models[o.model].name) is \(o.inputPrice) / \(o.outputPrice) USD per million tokens")
            }
        }
        for (lab, j) in frontierOffering.enumerated() { frontierPriceAtReports[lab].append(blendedPrice(j)) }
        var values = recorder.makeRow()
        recorder.fill(&values, from: self, day: day, revenueTotal: revenueTotal)
        for (i, v) in values.enumerated() where v.isNaN == false && !v.isFinite {
            throw MarketError(actor: "", day: day, date: date(day), message: "\(recorder.metrics[i].name) is \(v)")
        }
        result.trajectory.append(values)
        result.trajectoryDays.append(day)
        cumulativeBuyerSurplus += periodBuyerSurplus
        for i in actorIDs.indices {
            let a = periodAccounts[i]
            cumulativeProfit[i] += a.profit
            cumulativeGrossMargin[i] += a.revenue - a.serving
            let row = ActorRow(day: day, actor: i, period: ActorRow.Period(account: a, cumulativeProfit: cumulativeProfit[i]))
            if let bad = row.values.first(where: { !$0.isFinite }) {
                throw MarketError(actor: actorIDs[i], day: day, date: date(day), message: "an account value is \(bad)")
            }
            result.actorRows.append(row)
        }
        accrueResearchAtReport(day: day)
        periodAccounts = Array(repeating: ActorAccount(), count: actorIDs.count)
        periodSecurityOverhead = 0
        periodBuyerSurplus = 0
        periodCounts = EventCounts()
        periodWidthTokens = (0, 0, 0)
        periodElasticity = Array(repeating: (0, 0), count: periodElasticity.count)
        lastReportDay = day
    }

    /// The gap as a time lag: days since the frontier first stood where the best
    /// open model stands now (0 when open is level or ahead; the history's start when
    /// open is behind all recorded history, a lower bound).
    func gapDays(day: Double) -> Double {
        guard openOverall < frontierOverall, let first = frontierRecord.first else { return 0 }
        if openOverall <= first.quality { return day - first.day }
        var lo = 0, hi = frontierRecord.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if frontierRecord[mid].quality >= openOverall { hi = mid } else { lo = mid + 1 }
        }
        let b = frontierRecord[lo], a = frontierRecord[max(0, lo - 1)]
        let reached = b.quality > a.quality ? a.day + (b.day - a.day) * (openOverall - a.quality) / (b.quality - a.quality) : b.day
        return max(0, day - reached)
    }
}
