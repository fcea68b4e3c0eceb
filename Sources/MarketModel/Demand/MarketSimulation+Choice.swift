import Foundation
import SimulationKit

extension MarketSimulation {
    /// The number of buyers in each segment (the scenario's order), once the run has
    /// set them up: what a benchmark checks to show it timed a mixed market.
    public var buyerSegmentCounts: [Int] {
        var counts = [Int](repeating: 0, count: segments)
        for b in demand.buyers { counts[b.segment] += 1 }
        return counts
    }

    /// A buyer's review event: it reviews, and its next review follows after an
    /// exponential interval drawn from its own stream.
    mutating func review(_ b: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        try review(b, day: day)
        try s.schedule(.buyerReview(buyer: Int32(b)), after: buyerStreams.stream(b).exponential(mean: demand.parameters.reviewIntervalDays),
                       priority: EventPriority.buyer)
    }

    /// A buyer's periodic review: adopt on the first one, then choose again.
    mutating func review(_ b: Int, day: Double) throws {
        if !demand.buyers[b].adopted { demand.buyers[b].adopted = true }
        result.buyerReviews += 1
        try choose(b, day: day, forced: false)
    }

    /// Chooses offerings for buyer `b` by multinomial logit. A routing buyer chooses
    /// separately for its commodity and its frontier work (M9); others choose one
    /// offering for both. `forced`: its offering was withdrawn, no switching cost.
    mutating func choose(_ b: Int, day: Double, forced: Bool) throws {
        result.buyerChoices += 1
        accrueBuyer(b, day: day)
        let buyer = demand.buyers[b]
        let g = buyerStreams.stream(b)
        let commodityWeight = 1 - buyer.frontierShare
        let newCommodity: Int32
        let newFrontier: Int32
        if buyer.routes {
            newCommodity = commodityWeight > 0
                ? pick(b, day: day, commodity: 1, frontier: 0, current: buyer.commodityChoice, forced: forced,
                       part: .commodity, tokensPerDay: buyer.tokensPerDay * commodityWeight, g) : -1
            newFrontier = buyer.frontierShare > 0
                ? pick(b, day: day, commodity: 0, frontier: 1, current: buyer.frontierChoice, forced: forced,
                       part: .frontier, tokensPerDay: buyer.tokensPerDay * buyer.frontierShare, g) : -1
        } else {
            let current = buyer.commodityChoice != -1 ? buyer.commodityChoice : buyer.frontierChoice
            let j = pick(b, day: day, commodity: commodityWeight, frontier: buyer.frontierShare, current: current,
                         forced: forced, part: .commodity, tokensPerDay: buyer.tokensPerDay, g)
            newCommodity = commodityWeight > 0 ? j : -1
            newFrontier = buyer.frontierShare > 0 ? j : -1
        }
        move(b, part: .commodity, to: newCommodity, day: day)
        move(b, part: .frontier, to: newFrontier, day: day)
    }

    enum Part { case commodity, frontier }

    /// The logit draw over active offerings and self-hosting for a workload that is
    /// `commodity` parts of the buyer's own segment and `frontier` parts of the frontier
    /// segment. Returns an offering, or `selfHosted`. Every choice also adds its
    /// probabilities to the offerings' demand sums, from which sellers estimate their
    /// own-price elasticity (`BestResponse`), and sets the buyer's surplus on `part` of
    /// its workload (`tokensPerDay` of it) from the draw's log-sum (`BuyerWelfare`).
    mutating func pick(_ b: Int, day: Double, commodity: Double, frontier: Double, current: Int32, forced: Bool,
                       part: Part, tokensPerDay: Double, _ g: RandomGenerator) -> Int32 {
        if demand.choiceTable.stale { rebuildChoiceTable() }
        let buyer = demand.buyers[b]
        let p = demand.parameters
        if demand.ecosystemDay != day { updateDailyChoiceTerms(day: day) }
        // An open offering's utility loses the ecosystem penalty and, for a
        // security-sensitive buyer, beta * log(1 + tax): the tax multiplies its price.
        let openPenalty = demand.ecosystemPenalty + buyer.priceSensitivity * buyer.securityLog
        // -1 is no choice yet; a self-hosting buyer (`selfHosted`) pays it to leave too.
        let switching = !forced && current != -1 ? p.switchingCost : 0
        let count = demand.choiceTable.count
        // Self-hosting, the last weight: GPU cost plus the deployment's fixed cost (and,
        // for a security-sensitive buyer, its verification) over this part's monthly tokens.
        let selfHost = demand.selfHost.model != nil
        let selfTerms = demand.selfHost.terms
        var selfUtility = -Double.infinity
        if selfHost {
            selfUtility = selfHosting(b, selfTerms, commodity: commodity, frontier: frontier,
                                      tokensPerDay: tokensPerDay, ecosystemPenalty: demand.ecosystemPenalty).v
            if current != Self.selfHosted { selfUtility -= switching }
        }
        if demand.blendBuffer.count < demand.choiceTable.ratios.count { demand.blendBuffer = Array(repeating: 0, count: demand.choiceTable.ratios.count * 2) }
        if demand.choiceTable.ratios.count <= 4 {
            if buyer.blendEpoch != demand.choiceTable.ratioEpoch {
                for (r, ratio) in demand.choiceTable.ratios.enumerated() {
                    demand.buyers[b].blendLogs[r] = log(buyer.inputShare + (1 - buyer.inputShare) * ratio)
                }
                demand.buyers[b].blendEpoch = demand.choiceTable.ratioEpoch
            }
            for r in demand.choiceTable.ratios.indices { demand.blendBuffer[r] = demand.buyers[b].blendLogs[r] }
        } else {
            for (r, ratio) in demand.choiceTable.ratios.enumerated() {
                demand.blendBuffer[r] = log(buyer.inputShare + (1 - buyer.inputShare) * ratio)
            }
        }
        if demand.utilityBuffer.count < count + 1 { demand.utilityBuffer = Array(repeating: 0, count: count * 2 + 2) }
        let terms = MenuTerms(utility: Utility(buyer, commodity: commodity, frontier: frontier, p),
                              speed: p.speedSensitivity, openPenalty: openPenalty,
                              switching: switching, current: current, selfUtility: selfHost ? selfUtility : nil,
                              tokensPerDay: tokensPerDay)
        // The tables are passed borrowed and the buffers in place: copying them into
        // locals cost every choice a dozen reference-count operations.
        let (chosen, maxU, total, currentWeight) = Self.drawFromMenu(
            demand.choiceTable.entries, quality: catalog.quality, blendLogs: demand.blendBuffer, terms,
            weights: &demand.utilityBuffer, demandSums: &demand.entrySums, g)
        // The menu's log-sum leaves out the switching cost s that every offering but the
        // current one carried in the draw: theirs is e^s times (total - current). The
        // subtraction keeps about 1e-16 e^s of the others' relative precision, so beyond
        // s = 20 the log-sum is summed again without it. Self-hosting is on the menu:
        // its weight is in the total.
        let logSum: Double
        if switching == 0 {
            logSum = maxU + log(total)
        } else if switching <= 20 {
            logSum = maxU + switching + log((total - currentWeight) + currentWeight * p.expNegativeSwitchingCost)
        } else {
            logSum = menuLogSum(b, table: demand.choiceTable, selfHost: selfTerms, commodity: commodity, frontier: frontier,
                                tokensPerDay: tokensPerDay, ecosystemPenalty: demand.ecosystemPenalty, incidentMultiplier: demand.incidentMultiplier).logSum
        }
        recordSurplus(b, part: part, logSum: logSum, commodity: commodity, frontier: frontier, tokensPerDay: tokensPerDay,
                      day: day)
        return chosen
    }

    /// One buyer's terms in a menu's utilities (`pick`): its `Utility`, the speed
    /// sensitivity, the open offerings' penalty, the
    /// switching cost of every offering but `current`, and self-hosting's utility, if
    /// on the menu (its weight comes last).
    struct MenuTerms {
        var utility: Utility
        var speed: Double
        var openPenalty: Double
        var switching: Double
        var current: Int32
        var selfUtility: Double?
        var tokensPerDay: Double
    }

    /// The logit draw over `entries` (and self-hosting): each entry's utility, its weight
    /// e^(u - max) in `weights`, its probability added to its demand sums, and the draw.
    /// Returns the offering chosen (or `selfHosted`), the largest utility, the weights'
    /// total and the current offering's weight (0 if it is not on the menu).
    static func drawFromMenu(_ entries: ContiguousArray<ChoiceTable.Entry>, quality: [Double], blendLogs: [Double],
                             _ t: MenuTerms, weights: inout [Double], demandSums: inout [Double], _ g: RandomGenerator)
        -> (chosen: Int32, maxU: Double, total: Double, currentWeight: Double) {
        let count = entries.count
        let selfHost = t.selfUtility != nil
        return weights.withUnsafeMutableBufferPointer { u in
            entries.withUnsafeBufferPointer { entries in
                quality.withUnsafeBufferPointer { q in
                    blendLogs.withUnsafeBufferPointer { blend in
                        var maxU = t.selfUtility ?? -.infinity
                        var currentSlot = selfHost && t.current == Self.selfHosted ? count : -1
                        // Indices into the tables cannot overflow (a model's row plus a
                        // segment), so they add without the overflow check.
                        for k in 0..<count {
                            let e = entries[k]
                            let row = Int(e.qualityRow)
                            let logPrice = e.logInputPrice + blend[Int(e.ratioSlot)]
                            var v = t.utility.value(own: q[row &+ t.utility.segment], frontier: q[row &+ t.utility.frontierSegment],
                                                    logPrice: logPrice, speed: t.speed * e.logTokensPerSecond,
                                                    openPenalty: t.openPenalty * e.openWeights)
                            if e.offering != t.current { v -= t.switching } else { currentSlot = k }
                            u[k] = v
                            maxU = max(maxU, v)
                        }
                        // Self-hosting's weight last; summed in the order `choose` would sum
                        // them: the same total, the same draw.
                        let n = selfHost ? count + 1 : count
                        if let selfUtility = t.selfUtility { u[count] = selfUtility }
                        let total = LogitExponential.exponentiate(UnsafeMutableBufferPointer(rebasing: u[0..<n]), maximum: maxU)
                        let inverse = 1 / total
                        demandSums.withUnsafeMutableBufferPointer { s in
                            for k in 0..<count {
                                BestResponse.accumulate(demand: &s[2 * k], slope: &s[2 * k + 1], tokens: t.tokensPerDay,
                                                        probability: u[k] * inverse, beta: t.utility.priceSensitivity)
                            }
                        }
                        let index = g.choose(weights: UnsafeBufferPointer(rebasing: u[0..<n]), total: total)
                        return (index == count ? Self.selfHosted : entries[index].offering, maxU, total,
                                currentSlot >= 0 ? u[currentSlot] : 0)
                    }
                }
            }
        }
    }

    /// The choice terms that change only with the day: the open-ecosystem penalty and
    /// self-hosting's GPU cost per million tokens and monthly tokens per unit of usage.
    mutating func updateDailyChoiceTerms(day: Double) {
        let p = demand.parameters
        demand.ecosystemDay = day
        demand.ecosystemPenalty = p.openEcosystemPenalty * exp(-day / p.openEcosystemMaturityDays)
        guard let model = demand.selfHost.model else { return }
        // The growth factors settling already took at this instant (the buyer's accrual
        // settles its offerings first), so this costs no exponential in most choices.
        trends.update(day: day)
        // The royalty binds self-hosted deployments too (`Licence`).
        demand.selfHost.gpuUsdPerMtok = demand.selfHost.usdPerMtokPerBillionActive * catalog.activeParamsB[model.index]
            * trends.netGrowthAtDay / trends.growthAtDay + demand.selfHost.royalty.usdPerMtok
        // A buyer's tokensPerDay is scaled to the enterprises it stands for; one
        // enterprise's monthly Mtok is tokensPerDay / buyerScale x usage growth x days.
        demand.selfHost.mtokPerMonthPerScaledToken = trends.growthAtDay * Days.perMonth / 1e6 / demand.buyerScale
    }

    /// Moves one part of buyer `b`'s workload to offering `j` (or none), keeping the
    /// offerings' aggregates and the buyer's accrual marks consistent.
    mutating func move(_ b: Int, part: Part, to j: Int32, day: Double) {
        let buyer = demand.buyers[b]
        let old = part == .commodity ? buyer.commodityChoice : buyer.frontierChoice
        guard old != j else { return }
        let share = part == .commodity ? 1 - buyer.frontierShare : buyer.frontierShare
        let tokens = buyer.tokensPerDay * share
        if old == Self.selfHosted || j == Self.selfHosted { settleSelfHostRoyalty(day: day) }
        if old == Self.selfHosted {
            demand.selfHost.parts -= 1
            // With no part left the sum is exactly zero, not the rounding residue of
            // adding and removing the same amounts in another order (-8.9e-19).
            demand.selfHost.tokensPerDay = demand.selfHost.parts == 0 ? 0 : demand.selfHost.tokensPerDay - tokens
        }
        if j == Self.selfHosted {
            demand.selfHost.parts += 1
            demand.selfHost.tokensPerDay += tokens
        }
        let secure = buyer.securitySensitive ? tokens * buyer.securityOverhead : 0
        if old >= 0 {
            let k = Int(old)
            settle(k, day: day)
            offerings[k].aggregates.remove(tokens: tokens, secureTokens: secure, inputShare: buyer.inputShare)
        }
        var mark = (input: 0.0, output: 0.0)
        if j >= 0 {
            let k = Int(j)
            settle(k, day: day)
            offerings[k].aggregates.add(tokens: tokens, secureTokens: secure, inputShare: buyer.inputShare)
            mark = (offerings[k].integrals.input, offerings[k].integrals.output)
        }
        if part == .commodity {
            demand.buyers[b].commodityChoice = j
            demand.buyers[b].commodityMark = mark
        } else {
            demand.buyers[b].frontierChoice = j
            demand.buyers[b].frontierMark = mark
        }
    }

    /// Sets the security tax's incident multiplier and each security-sensitive buyer's
    /// log factor on open prices with it (offerings settled first by the caller).
    mutating func setIncidentMultiplier(_ multiplier: Double) {
        demand.incidentMultiplier = multiplier
        for b in demand.buyers.indices where demand.buyers[b].securitySensitive {
            demand.buyers[b].securityLog = log(1 + demand.buyers[b].securityOverhead * multiplier)
        }
    }
}
