import Foundation
import SimulationKit

extension MarketSimulation {
    /// The number of buyers in each segment (the scenario's order), once the run has
    /// set them up: what a benchmark checks to show it timed a mixed market.
    public var buyerSegmentCounts: [Int] {
        var counts = [Int](repeating: 0, count: segments)
        for b in buyers { counts[b.segment] += 1 }
        return counts
    }

    /// A buyer's periodic review: adopt on the first one, then choose again.
    mutating func review(_ b: Int, day: Double) throws {
        if !buyers[b].adopted { buyers[b].adopted = true }
        result.buyerReviews += 1
        try choose(b, day: day, forced: false)
    }

    /// Chooses offerings for buyer `b` by multinomial logit. A routing buyer chooses
    /// separately for its commodity and its frontier work (M9); others choose one
    /// offering for both. `forced`: its offering was withdrawn, no switching cost.
    mutating func choose(_ b: Int, day: Double, forced: Bool) throws {
        accrueBuyer(b, day: day)
        let buyer = buyers[b]
        let g = buyerStreams.stream(b)
        let commodityWeight = 1 - buyer.frontierShare
        let newCommodity: Int32
        let newFrontier: Int32
        if buyer.routes {
            newCommodity = commodityWeight > 0
                ? pick(b, day: day, commodity: 1, frontier: 0, current: buyer.commodityChoice, forced: forced, g) : -1
            newFrontier = buyer.frontierShare > 0
                ? pick(b, day: day, commodity: 0, frontier: 1, current: buyer.frontierChoice, forced: forced, g) : -1
        } else {
            let current = buyer.commodityChoice >= 0 ? buyer.commodityChoice : buyer.frontierChoice
            let j = pick(b, day: day, commodity: commodityWeight, frontier: buyer.frontierShare, current: current,
                         forced: forced, g)
            newCommodity = commodityWeight > 0 ? j : -1
            newFrontier = buyer.frontierShare > 0 ? j : -1
        }
        move(b, part: .commodity, to: newCommodity, day: day)
        move(b, part: .frontier, to: newFrontier, day: day)
    }

    enum Part { case commodity, frontier }

    /// The logit draw over active offerings for a workload that is `commodity` parts
    /// of the buyer's own segment and `frontier` parts of the frontier segment.
    mutating func pick(_ b: Int, day: Double, commodity: Double, frontier: Double, current: Int32, forced: Bool,
                       _ g: RandomGenerator) -> Int32 {
        let buyer = buyers[b]
        let p = scenario.buyers
        let fSeg = compiled.frontierSegment ?? buyer.segment
        let qWeightCommodity = buyer.qualitySensitivity * commodity
        let qWeightFrontier = buyer.qualitySensitivity * frontier * p.frontierQualityMultiplier
        let ecosystem = p.openEcosystemPenalty * exp(-day / max(1, p.openEcosystemMaturityDays))
        // The security tax multiplies an open offering's price: its log adds once.
        let securityLog = buyer.securitySensitive ? log(1 + buyer.securityOverhead * incidentMultiplier) : 0
        let count = activeOfferings.count
        if utilityBuffer.count < count { utilityBuffer = Array(repeating: 0, count: count * 2) }
        var maxU = -Double.infinity
        for (k, j) in activeOfferings.enumerated() {
            let o = offerings[j]
            let q = models[o.model].quality
            var logPrice = log(buyer.inputShare * o.inputPrice + (1 - buyer.inputShare) * o.outputPrice)
            var u = qWeightCommodity * q[buyer.segment] + qWeightFrontier * q[fSeg]
            if o.openWeights {
                logPrice += securityLog
                u -= ecosystem
            }
            u -= buyer.priceSensitivity * logPrice
            u += p.speedSensitivity * o.logTokensPerSecond
            if !forced && current >= 0 && Int32(j) != current { u -= p.switchingCost }
            utilityBuffer[k] = u
            maxU = max(maxU, u)
        }
        for k in 0..<count { utilityBuffer[k] = exp(utilityBuffer[k] - maxU) }
        return Int32(activeOfferings[g.choose(weights: utilityBuffer[0..<count])])
    }

    /// Moves one part of buyer `b`'s workload to offering `j` (or none), keeping the
    /// offerings' aggregates and the buyer's accrual marks consistent.
    mutating func move(_ b: Int, part: Part, to j: Int32, day: Double) {
        let buyer = buyers[b]
        let old = part == .commodity ? buyer.commodityChoice : buyer.frontierChoice
        guard old != j else { return }
        let share = part == .commodity ? 1 - buyer.frontierShare : buyer.frontierShare
        let tokens = buyer.tokensPerDay * share
        if old >= 0 {
            let k = Int(old)
            settle(k, day: day)
            offerings[k].aggTokens -= tokens
            offerings[k].aggInput -= tokens * buyer.inputShare
            offerings[k].aggOutput -= tokens * (1 - buyer.inputShare)
        }
        var mark = (input: 0.0, output: 0.0)
        if j >= 0 {
            let k = Int(j)
            settle(k, day: day)
            offerings[k].aggTokens += tokens
            offerings[k].aggInput += tokens * buyer.inputShare
            offerings[k].aggOutput += tokens * (1 - buyer.inputShare)
            mark = (offerings[k].inputIntegral, offerings[k].outputIntegral)
        }
        if part == .commodity {
            buyers[b].commodityChoice = j
            buyers[b].commodityMark = mark
        } else {
            buyers[b].frontierChoice = j
            buyers[b].frontierMark = mark
        }
    }

    /// Books buyer `b`'s spend since its last accrual from the offerings' price
    /// integrals: the buyer-side ledger, kept apart from the sellers' aggregates, so
    /// that their agreement is a real check of the accounting.
    mutating func accrueBuyer(_ b: Int, day: Double) {
        for part in [Part.commodity, .frontier] {
            let buyer = buyers[b]
            let choice = part == .commodity ? buyer.commodityChoice : buyer.frontierChoice
            guard choice >= 0 else { continue }
            let k = Int(choice)
            if offerings[k].lastUpdate < day { settle(k, day: day) }
            let o = offerings[k]
            let mark = part == .commodity ? buyer.commodityMark : buyer.frontierMark
            let share = part == .commodity ? 1 - buyer.frontierShare : buyer.frontierShare
            let tokens = buyer.tokensPerDay * share
            let spend = tokens * (buyer.inputShare * (o.inputIntegral - mark.input)
                                  + (1 - buyer.inputShare) * (o.outputIntegral - mark.output))
            periodBuyerSpend += spend
            if o.openWeights && buyer.securitySensitive {
                periodSecurityOverhead += spend * buyer.securityOverhead * incidentMultiplier
            }
            if part == .commodity { buyers[b].commodityMark = (o.inputIntegral, o.outputIntegral) }
            else { buyers[b].frontierMark = (o.inputIntegral, o.outputIntegral) }
        }
    }

    mutating func accrueAllBuyers(day: Double) {
        // Withdrawn offerings have no buyers left (they were moved when it happened).
        for j in activeOfferings { settle(j, day: day) }
        for b in buyers.indices where buyers[b].adopted { accrueBuyer(b, day: day) }
    }
}
