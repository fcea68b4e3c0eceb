import Foundation
import SimulationKit

extension MarketSimulation {
    /// Closes the report period ending at `day`: settles every offering and buyer,
    /// records one trajectory row and one row per actor, and checks the invariants
    /// (money conserved, shares summing to one, everything finite).
    mutating func report(day: Double) throws {
        accrueAllBuyers(day: day)
        let periodDays = day - lastReportDay
        for (p, spec) in scenario.actors.infra.enumerated() {
            periodAccounts[infraBase + p].capacity += spec.capacityUsdPerModelMonth * Double(hosted[p].count) * periodDays / 30.4375
        }
        var revenueTotal = 0.0
        for a in periodAccounts { revenueTotal += a.revenue }
        let scale = max(abs(revenueTotal), abs(periodBuyerSpend), 1)
        if abs(revenueTotal - periodBuyerSpend) > 1e-9 * scale {
            throw MarketError(actor: "", day: day, date: date(day),
                              message: "money not conserved: buyers spent \(periodBuyerSpend) USD, sellers earned \(revenueTotal) USD")
        }
        for o in activeOfferings.map({ offerings[$0] }) {
            if !(o.inputPrice.isFinite && o.inputPrice > 0 && o.outputPrice.isFinite && o.outputPrice > 0) {
                throw MarketError(actor: actorIDs[o.seller], day: day, date: date(day),
                                  message: "price of \(models[o.model].name) is \(o.inputPrice) / \(o.outputPrice) USD per million tokens")
            }
        }
        var values = recorder.makeRow()
        recorder.fill(&values, from: self, day: day, revenueTotal: revenueTotal)
        for (i, v) in values.enumerated() where v.isNaN == false && !v.isFinite {
            throw MarketError(actor: "", day: day, date: date(day), message: "\(recorder.columns[i + 3]) is \(v)")
        }
        result.trajectory.append(values)
        result.trajectoryDays.append(day)
        for i in actorIDs.indices {
            let a = periodAccounts[i]
            cumulativeProfit[i] += a.profit
            cumulativeGrossMargin[i] += a.revenue - a.serving
            let row = [a.revenue, a.serving, a.training, a.distillation, a.capacity, a.profit, cumulativeProfit[i], a.tokensMtok]
            if let bad = row.first(where: { !$0.isFinite }) {
                throw MarketError(actor: actorIDs[i], day: day, date: date(day), message: "an account value is \(bad)")
            }
            result.actorRows.append(ActorRow(day: day, actor: i, values: row))
        }
        periodAccounts = Array(repeating: ActorAccount(), count: actorIDs.count)
        periodBuyerSpend = 0
        periodSecurityOverhead = 0
        periodCounts = EventCounts()
        lastReportDay = day
        repriceCostPlus(day: day)
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

/// The output of one replication.
public struct RunResult: Sendable {
    public let replication: Int
    public let seed: UInt64
    /// One row per report date, in `RunRecorder.columns` order (after the first three).
    public var trajectory: [[Double]] = []
    public var trajectoryDays: [Double] = []
    public var actorRows: [ActorRow] = []
    public var events: [EventRow] = []
    /// Every price cut's fraction, for H7 checks.
    public var priceCutFractions: [Double] = []
    public var fingerprint = ""
    public var eventsExecuted = 0
    /// Buyer reviews (adoptions included), for the benchmark's time per review.
    public var buyerReviews = 0
    /// Buyers' logit choices: one per review, plus one for each buyer whose offering
    /// was withdrawn (a host dropping a model) and who chose again at once.
    public var buyerChoices = 0

    public init(replication: Int, seed: UInt64) {
        self.replication = replication
        self.seed = seed
    }
}

/// One actor's money in one period: revenue, serving cost, training, distillation,
/// capacity, profit, cumulative profit (USD) and tokens sold (millions).
public struct ActorRow: Sendable {
    public let day: Double
    public let actor: Int
    public let values: [Double]
    public static let columns = ["revenue_usd", "serving_cost_usd", "training_usd", "distillation_usd", "capacity_usd",
                                 "profit_usd", "cumulative_profit_usd", "tokens_mtok"]
}

/// A market event for `events.csv`, in typed fields (a field that does not apply to
/// the kind is `nil` or empty): who, which model, what it cost, prices before and after
/// a price move, what triggered it, and an incident's tax multiplier and duration.
public struct EventRow: Sendable, Equatable {
    public let day: Double
    public let actor: String
    public let kind: String
    public let model: String
    /// The teacher of a distillation.
    public var teacher = ""
    /// The overall quality of a released or distilled model (benchmark points).
    public var qualityOverall: Double?
    /// Training or distillation spend of a release (USD).
    public var costUsd: Double?
    /// Prices of a price move (USD per million tokens).
    public var inputPriceBefore: Double?
    public var inputPriceAfter: Double?
    public var outputPriceBefore: Double?
    public var outputPriceAfter: Double?
    /// What set the event off: `scheduled` (a scenario event), `price_policy` (an open
    /// model close enough and cheap enough, H7), `rehost` (hosting follows the best open models).
    public var trigger = ""
    /// The model that triggered a price cut.
    public var triggerModel = ""
    /// The security tax multiplier in force after an incident starts or ends (M8).
    public var securityTaxMultiplier: Double?
    public var durationDays: Double?

    public init(day: Double, actor: String, kind: String, model: String) {
        self.day = day
        self.actor = actor
        self.kind = kind
        self.model = model
    }

    /// The columns of `events.csv` after replication, date and day.
    public static let columns = ["kind", "actor", "model", "teacher", "quality_overall", "cost_usd",
                                 "input_price_before_usd_per_mtok", "input_price_after_usd_per_mtok",
                                 "output_price_before_usd_per_mtok", "output_price_after_usd_per_mtok",
                                 "price_change_fraction", "trigger", "trigger_model", "security_tax_multiplier", "duration_days"]

    /// The relative change of the blended-equivalent price (after / before - 1, from the
    /// input price: a move scales both prices alike); `nil` without a price move.
    public var priceChangeFraction: Double? {
        guard let before = inputPriceBefore, let after = inputPriceAfter, before > 0 else { return nil }
        return after / before - 1
    }

    /// The fields in `columns` order, numbers in shortest round-trip form (exact).
    public var fields: [String] {
        func number(_ value: Double?) -> String { value.map(CSVNumber.format) ?? "" }
        return [kind, actor, model, teacher, number(qualityOverall), number(costUsd),
                number(inputPriceBefore), number(inputPriceAfter), number(outputPriceBefore), number(outputPriceAfter),
                number(priceChangeFraction), trigger, triggerModel, number(securityTaxMultiplier), number(durationDays)]
    }
}

/// Deterministic number text for CSV cells and messages: integers plainly, others
/// in Swift's shortest round-trip form, non-finite values empty.
public enum CSVNumber {
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
