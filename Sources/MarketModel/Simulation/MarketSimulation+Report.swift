import Foundation
import SimulationKit

extension MarketSimulation {
    /// The report event: closes the period ending at `day` and schedules the next report date.
    mutating func report(day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        try report(day: day)
        period.reportIndex += 1
        if period.reportIndex < compiled.reportDays.count {
            try s.schedule(.report, at: compiled.reportDays[period.reportIndex], priority: EventPriority.report)
        }
    }

    /// Closes the report period ending at `day`: settles every offering, records one
    /// trajectory row and one row per actor, and checks that prices and every recorded
    /// value are finite (money is checked over the whole run: `checkMoneyConserved`).
    mutating func report(day: Double) throws {
        settleAll(day: day)
        settleSurplus(day: day)
        settleSelfHostRoyalty(day: day)
        for p in hosting.states.indices { accrueHostCosts(p, day: day) }
        var revenueTotal = 0.0
        for a in ledger.accounts { revenueTotal += a.revenue }
        ledger.sellerRevenueTotal += revenueTotal
        for o in activeOfferings.map({ offerings[$0] }) {
            if !(o.inputPrice.isFinite && o.inputPrice > 0 && o.outputPrice.isFinite && o.outputPrice > 0) {
                throw MarketError(actor: actors.id(of: o.seller), day: day, date: date(day),
                                  message: "price of \(catalog[o.model].name) is \(o.inputPrice) / \(o.outputPrice) USD per million tokens")
            }
        }
        for lab in priceRecord.frontierAtReports.indices {
            priceRecord.frontierAtReports[lab].append(blendedPrice(lineup.flagshipOffering(actors.frontier(lab))!))
        }
        trends.update(day: day)
        ledger.segments.report(day: day, growth: trends.growthAtDay,
                               integrals: offerings.map { SIMD2($0.integrals.input, $0.integrals.output) })
        var values = recorder.makeRow()
        recorder.fill(&values, from: self, day: day, revenueTotal: revenueTotal)
        for (i, v) in values.enumerated() where v.isNaN == false && !v.isFinite {
            throw MarketError(actor: "", day: day, date: date(day), message: "\(recorder.metrics[i].name) is \(v)")
        }
        result.trajectory.append(values)
        result.trajectoryDays.append(day)
        for i in actors.ids.indices {
            let a = ledger.accounts[i]
            ledger.cumulativeProfit[i] += a.profit
            ledger.cumulativeGrossMargin[i] += a.revenue - a.serving
            let row = ActorRow(day: day, actor: i, period: ActorRow.Period(account: a, cumulativeProfit: ledger.cumulativeProfit[i]))
            if let bad = row.values.first(where: { !$0.isFinite }) {
                throw MarketError(actor: actors.ids[i], day: day, date: date(day), message: "an account value is \(bad)")
            }
            result.actorRows.append(row)
        }
        accrueResearchAtReport(day: day)
        ledger.startPeriod()
        demand.startPeriod()
        period.counts = EventCounts()
        widthMenus.startPeriod()
        priceRecord.startPeriod()
        period.lastReportDay = day
    }

    /// The gap as a time lag, on the capability index: days since the frontier's overall
    /// capability first stood where the best open model's stands now (0 when open is
    /// level or ahead; the history's start when open is behind all recorded history, a
    /// lower bound). On the index, not on the readouts: a readout saturates, so a points
    /// gap near the top would read as ever more months.
    func gapDays(day: Double) -> Double {
        let open = leaders.openOverallCapability
        guard open < leaders.frontierOverallCapability, let first = leaders.frontierRecord.first else { return 0 }
        if open <= first.capability { return day - first.day }
        var lo = 0, hi = leaders.frontierRecord.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if leaders.frontierRecord[mid].capability >= open { hi = mid } else { lo = mid + 1 }
        }
        let b = leaders.frontierRecord[lo], a = leaders.frontierRecord[max(0, lo - 1)]
        let reached = b.capability > a.capability ? a.day + (b.day - a.day) * (open - a.capability) / (b.capability - a.capability) : b.day
        return max(0, day - reached)
    }
}
