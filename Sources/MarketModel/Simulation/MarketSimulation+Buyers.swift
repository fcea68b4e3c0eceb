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
        result.buyerChoices += 1
        accrueBuyer(b, day: day)
        let buyer = buyers[b]
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
        if choiceTable.stale { rebuildChoiceTable() }
        let buyer = buyers[b]
        let p = choiceParameters
        let fSeg = p.frontierSegment ?? buyer.segment
        let qWeightCommodity = buyer.qualitySensitivity * commodity
        let qWeightFrontier = buyer.qualitySensitivity * frontier * p.frontierQualityMultiplier
        if ecosystemDay != day { updateDailyChoiceTerms(day: day) }
        // An open offering's utility loses the ecosystem penalty and, for a
        // security-sensitive buyer, beta * log(1 + tax): the tax multiplies its price.
        let openPenalty = ecosystemPenalty + buyer.priceSensitivity * buyer.securityLog
        // -1 is no choice yet; a self-hosting buyer (`selfHosted`) pays it to leave too.
        let switching = !forced && current != -1 ? p.switchingCost : 0
        let speed = p.speedSensitivity, beta = buyer.priceSensitivity
        let count = choiceTable.count
        // Self-hosting, the last weight: GPU cost plus the deployment's fixed cost (and,
        // for a security-sensitive buyer, its verification) over this part's monthly tokens.
        let selfHost = selfHostModel >= 0
        let selfTerms = SelfHostTerms(model: selfHostModel, gpuUsdPerMtok: selfHostGPUUsdPerMtok,
                                      mtokPerMonthPerScaledToken: selfHostMtokPerMonthPerScaledToken)
        var selfUtility = -Double.infinity
        if selfHost {
            selfUtility = selfHosting(b, selfTerms, commodity: commodity, frontier: frontier,
                                      tokensPerDay: tokensPerDay, ecosystemPenalty: ecosystemPenalty).v
            if current != Self.selfHosted { selfUtility -= switching }
        }
        if blendBuffer.count < choiceTable.ratios.count { blendBuffer = Array(repeating: 0, count: choiceTable.ratios.count * 2) }
        if choiceTable.ratios.count <= 4 {
            if buyer.blendEpoch != choiceTable.ratioEpoch {
                for (r, ratio) in choiceTable.ratios.enumerated() {
                    buyers[b].blendLogs[r] = log(buyer.inputShare + (1 - buyer.inputShare) * ratio)
                }
                buyers[b].blendEpoch = choiceTable.ratioEpoch
            }
            for r in choiceTable.ratios.indices { blendBuffer[r] = buyers[b].blendLogs[r] }
        } else {
            for (r, ratio) in choiceTable.ratios.enumerated() {
                blendBuffer[r] = log(buyer.inputShare + (1 - buyer.inputShare) * ratio)
            }
        }
        if utilityBuffer.count < count + 1 { utilityBuffer = Array(repeating: 0, count: count * 2 + 2) }
        let terms = MenuTerms(segment: buyer.segment, frontierSegment: fSeg, qualityCommodity: qWeightCommodity,
                              qualityFrontier: qWeightFrontier, priceSensitivity: beta, speed: speed, openPenalty: openPenalty,
                              switching: switching, current: current, selfUtility: selfHost ? selfUtility : nil,
                              tokensPerDay: tokensPerDay)
        // The tables are passed borrowed and the buffers in place: copying them into
        // locals cost every choice a dozen reference-count operations.
        let (chosen, maxU, total, currentWeight) = Self.drawFromMenu(
            choiceTable.entries, quality: qualityTable, blendLogs: blendBuffer, terms,
            weights: &utilityBuffer, demandSums: &entrySums, g)
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
            logSum = menuLogSum(b, table: choiceTable, selfHost: selfTerms, commodity: commodity, frontier: frontier,
                                tokensPerDay: tokensPerDay, ecosystemPenalty: ecosystemPenalty, incidentMultiplier: incidentMultiplier).logSum
        }
        recordSurplus(b, part: part, logSum: logSum, commodity: commodity, frontier: frontier, tokensPerDay: tokensPerDay,
                      day: day)
        return chosen
    }

    /// One buyer's terms in a menu's utilities (`pick`): the weights of quality in its own
    /// and the frontier segment, its price sensitivity, the open offerings' penalty, the
    /// switching cost of every offering but `current`, and self-hosting's utility, if
    /// on the menu (its weight comes last).
    struct MenuTerms {
        var segment: Int
        var frontierSegment: Int
        var qualityCommodity: Double
        var qualityFrontier: Double
        var priceSensitivity: Double
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
                            var v = t.qualityCommodity * q[row &+ t.segment] + t.qualityFrontier * q[row &+ t.frontierSegment]
                                - t.priceSensitivity * logPrice + t.speed * e.logTokensPerSecond - t.openPenalty * e.openWeights
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
                                                        probability: u[k] * inverse, beta: t.priceSensitivity)
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
        let p = choiceParameters
        ecosystemDay = day
        ecosystemPenalty = p.openEcosystemPenalty * exp(-day / p.openEcosystemMaturityDays)
        guard selfHostModel >= 0 else { return }
        // The growth factors settling already took at this instant (the buyer's accrual
        // settles its offerings first), so this costs no exponential in most choices.
        updateGrowth(day: day)
        // The royalty binds self-hosted deployments too (`Licence`).
        selfHostGPUUsdPerMtok = selfHostUsdPerMtokPerBillionActive * activeParamsTable[selfHostModel]
            * netGrowthAtDay / growthAtDay + selfHostRoyalty.usdPerMtok
        // A buyer's tokensPerDay is scaled to the enterprises it stands for; one
        // enterprise's monthly Mtok is tokensPerDay / buyerScale x usage growth x days.
        selfHostMtokPerMonthPerScaledToken = growthAtDay * 30.4375 / 1e6 / buyerScale
    }

    /// Sets buyer `b`'s equivalent variation on `part` of its workload from the log-sum
    /// of the menu it just chose from, and the market's sum of them.
    mutating func recordSurplus(_ b: Int, part: Part, logSum: Double, commodity: Double, frontier: Double,
                                tokensPerDay: Double, day: Double) {
        var reference = part == .commodity ? welfare[b].commodity : welfare[b].frontier
        if reference.referenceLogSum.isNaN {
            (reference.referenceLogSum, reference.referenceUsdPerMtok)
                = menuLogSum(b, table: referenceTable, selfHost: referenceSelfHost, commodity: commodity,
                             frontier: frontier, tokensPerDay: tokensPerDay, ecosystemPenalty: choiceParameters.openEcosystemPenalty,
                             incidentMultiplier: 1)
        }
        let equivalentVariation = tokensPerDay * reference.referenceUsdPerMtok / 1e6
            * BuyerWelfare.savedShare(logSum: logSum, referenceLogSum: reference.referenceLogSum,
                                      priceSensitivity: buyers[b].priceSensitivity)
        settleSurplus(day: day)
        surplusUsdPerDay += equivalentVariation - reference.equivalentVariationUsdPerDay
        reference.equivalentVariationUsdPerDay = equivalentVariation
        if part == .commodity { welfare[b].commodity = reference } else { welfare[b].frontier = reference }
    }

    /// Buyer `b`'s utility of self-hosting on `terms` (no switching cost) and the price
    /// per million tokens it pays there: GPU cost plus the deployment's fixed cost (and,
    /// for a security-sensitive buyer, its verification) over this part's monthly tokens.
    func selfHosting(_ b: Int, _ terms: SelfHostTerms, commodity: Double, frontier: Double, tokensPerDay: Double,
                     ecosystemPenalty: Double) -> (v: Double, usdPerMtok: Double) {
        let buyer = buyers[b]
        let p = choiceParameters
        let fSeg = p.frontierSegment ?? buyer.segment
        let qWeightCommodity = buyer.qualitySensitivity * commodity
        let qWeightFrontier = buyer.qualitySensitivity * frontier * p.frontierQualityMultiplier
        let monthlyMtok = tokensPerDay * terms.mtokPerMonthPerScaledToken
        let fixed = buyer.securitySensitive ? selfHostSecureFixedUsd : selfHostFixedUsd
        let price = terms.gpuUsdPerMtok + fixed / monthlyMtok
        let row = terms.model * segments
        let v = qWeightCommodity * qualityTable[row + buyer.segment] + qWeightFrontier * qualityTable[row + fSeg]
            - buyer.priceSensitivity * log(price) + selfHostSpeedUtility - ecosystemPenalty
        return (v, price)
    }

    /// Buyer `b`'s log-sum and expected price per million tokens (at the logit
    /// probabilities, security tax included) over the menu `table` and self-hosting on
    /// `selfHost` (if it names a model), for a workload weighted as in `pick`, without
    /// switching cost: the same utility as a choice, summed directly. The start-of-run
    /// menu's (`referenceTable` and `referenceSelfHost`, the start date's penalty, no
    /// incident) runs once per buyer and part of its workload.
    func menuLogSum(_ b: Int, table: ChoiceTable, selfHost: SelfHostTerms, commodity: Double, frontier: Double,
                    tokensPerDay: Double, ecosystemPenalty: Double, incidentMultiplier: Double) -> (logSum: Double, usdPerMtok: Double) {
        let buyer = buyers[b]
        let p = choiceParameters
        let fSeg = p.frontierSegment ?? buyer.segment
        let qWeightCommodity = buyer.qualitySensitivity * commodity
        let qWeightFrontier = buyer.qualitySensitivity * frontier * p.frontierQualityMultiplier
        let securityMultiplier = buyer.securitySensitive ? 1 + buyer.securityOverhead * incidentMultiplier : 1
        let securityLog = log(securityMultiplier)
        let beta = buyer.priceSensitivity
        let own = selfHost.model >= 0
            ? selfHosting(b, selfHost, commodity: commodity, frontier: frontier, tokensPerDay: tokensPerDay,
                          ecosystemPenalty: ecosystemPenalty)
            : (v: -Double.infinity, usdPerMtok: 0)
        // One logarithm per distinct price ratio and one utility per entry (kept on the
        // stack), then one exponential per entry: this runs for every new buyer's parts.
        // Self-hosting's weight and price come last.
        let ratioCount = table.ratios.count, count = table.count, n = selfHost.model >= 0 ? count + 1 : count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * ratioCount + 2 * n) { buffer in
            let blendFactor = buffer.baseAddress!, blendLog = blendFactor + ratioCount
            let utilities = blendLog + ratioCount, prices = utilities + n
            for (r, ratio) in table.ratios.enumerated() {
                blendFactor[r] = buyer.inputShare + (1 - buyer.inputShare) * ratio
                blendLog[r] = log(blendFactor[r])
            }
            var maxU = own.v
            for (k, e) in table.entries.enumerated() {
                let row = Int(e.qualityRow), slot = Int(e.ratioSlot)
                let logPrice = e.logInputPrice + blendLog[slot] + securityLog * e.openWeights
                let v = qWeightCommodity * qualityTable[row + buyer.segment] + qWeightFrontier * qualityTable[row + fSeg]
                    - beta * logPrice + p.speedSensitivity * e.logTokensPerSecond - ecosystemPenalty * e.openWeights
                utilities[k] = v
                prices[k] = e.inputPrice * blendFactor[slot] * (e.openWeights > 0 ? securityMultiplier : 1)
                maxU = max(maxU, v)
            }
            if selfHost.model >= 0 {
                utilities[count] = own.v
                prices[count] = own.usdPerMtok
            }
            let total = LogitExponential.exponentiate(UnsafeMutableBufferPointer(start: utilities, count: n), maximum: maxU)
            var priced = 0.0
            for k in 0..<n { priced += utilities[k] * prices[k] }
            return (maxU + log(total), priced / total)
        }
    }

    /// Moves one part of buyer `b`'s workload to offering `j` (or none), keeping the
    /// offerings' aggregates and the buyer's accrual marks consistent.
    mutating func move(_ b: Int, part: Part, to j: Int32, day: Double) {
        let buyer = buyers[b]
        let old = part == .commodity ? buyer.commodityChoice : buyer.frontierChoice
        guard old != j else { return }
        let share = part == .commodity ? 1 - buyer.frontierShare : buyer.frontierShare
        let tokens = buyer.tokensPerDay * share
        if old == Self.selfHosted || j == Self.selfHosted { settleSelfHostRoyalty(day: day) }
        if old == Self.selfHosted { selfHostedTokens -= tokens }
        if j == Self.selfHosted { selfHostedTokens += tokens }
        let secure = buyer.securitySensitive ? tokens * buyer.securityOverhead : 0
        if old >= 0 {
            let k = Int(old)
            settle(k, day: day)
            offerings[k].removeBuyer(tokens: tokens, secureTokens: secure, inputShare: buyer.inputShare)
        }
        var mark = (input: 0.0, output: 0.0)
        if j >= 0 {
            let k = Int(j)
            settle(k, day: day)
            offerings[k].addBuyer(tokens: tokens, secureTokens: secure, inputShare: buyer.inputShare)
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
    /// that their agreement at the end of the run is a real check of the accounting.
    /// It accrues when the buyer chooses (before its workload moves) and once at the
    /// end, not at every report: a pass over every buyer each month cost a tenth of
    /// the run, and a leak anywhere in the run still shows in the total.
    mutating func accrueBuyer(_ b: Int, day: Double) {
        accrueBuyer(b, part: .commodity, day: day)
        accrueBuyer(b, part: .frontier, day: day)
    }

    /// Books the buyers' surplus since the last booking: the sum of their equivalent
    /// variations per day (each held since the buyer's last choice) times the workloads'
    /// growth over the interval. Kept as one aggregate, as the offerings' are, so a
    /// report touches no buyer for it.
    mutating func settleSurplus(day: Double) {
        guard day > surplusMarkDay else { return }
        updateGrowth(day: day)
        periodBuyerSurplus += surplusUsdPerDay * Self.exponentialIntegral(rate: usageGrowthRate, from: surplusMarkDay, to: day,
                                                                          expFrom: surplusGrowthAtMark, expTo: growthAtDay)
        surplusMarkDay = day
        surplusGrowthAtMark = growthAtDay
    }

    mutating func accrueBuyer(_ b: Int, part: Part, day: Double) {
        let buyer = buyers[b]
        let choice = part == .commodity ? buyer.commodityChoice : buyer.frontierChoice
        guard choice >= 0 else { return }
        let k = Int(choice)
        if offerings[k].lastUpdate < day { settle(k, day: day) }
        let o = offerings[k]
        let mark = part == .commodity ? buyer.commodityMark : buyer.frontierMark
        let share = part == .commodity ? 1 - buyer.frontierShare : buyer.frontierShare
        let tokens = buyer.tokensPerDay * share
        let spend = tokens * (buyer.inputShare * (o.inputIntegral - mark.input)
                              + (1 - buyer.inputShare) * (o.outputIntegral - mark.output))
        buyerSpendTotal += spend
        buyerSpendByKindTotal[o.sellerKind.rawValue] += spend
        if part == .commodity { buyers[b].commodityMark = (o.inputIntegral, o.outputIntegral) }
        else { buyers[b].frontierMark = (o.inputIntegral, o.outputIntegral) }
    }

    /// Sets the security tax's incident multiplier and each security-sensitive buyer's
    /// log factor on open prices with it (offerings settled first by the caller).
    mutating func setIncidentMultiplier(_ multiplier: Double) {
        incidentMultiplier = multiplier
        for b in buyers.indices where buyers[b].securitySensitive {
            buyers[b].securityLog = log(1 + buyers[b].securityOverhead * multiplier)
        }
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
        for b in buyers.indices where buyers[b].adopted { accrueBuyer(b, day: day) }
        var revenue = sellerRevenueTotal
        for a in periodAccounts { revenue += a.revenue }
        let scale = max(abs(revenue), abs(buyerSpendTotal), 1)
        if abs(revenue - buyerSpendTotal) > 1e-9 * scale {
            throw MarketError(actor: "", day: day, date: date(day),
                              message: "money not conserved: buyers spent \(buyerSpendTotal) USD, sellers earned \(revenue) USD since the start")
        }
        result.buyerSpendUsd = buyerSpendTotal
        result.sellerRevenueUsd = revenue
        result.buyerSpendByKind = ActorKind.allCases.map { buyerSpendByKindTotal[$0.rawValue] }
    }
}

/// What self-hosting costs at one instant: the open model a buyer would run (-1: none),
/// its GPU cost per million tokens, and one scaled token a day's monthly million tokens
/// per enterprise.
struct SelfHostTerms {
    var model: Int
    var gpuUsdPerMtok: Double
    var mtokPerMonthPerScaledToken: Double
}

/// The buyers' parameters that every choice reads, copied out of the scenario once:
/// plain numbers, so reading them costs no reference counting (the scenario's
/// `BuyerPopulation` holds strings).
struct ChoiceParameters {
    let frontierSegment: Int?
    let frontierQualityMultiplier: Double
    let speedSensitivity: Double
    let switchingCost: Double
    let openEcosystemPenalty: Double
    /// At least one day.
    let openEcosystemMaturityDays: Double
    let reviewIntervalDays: Double
    /// e^-switchingCost: what recovers the menu's log-sum from the draw's sum.
    let expNegativeSwitchingCost: Double

    init(_ compiled: CompiledScenario) {
        let p = compiled.scenario.buyers
        frontierSegment = compiled.frontierSegment
        frontierQualityMultiplier = p.frontierQualityMultiplier
        speedSensitivity = p.speedSensitivity
        switchingCost = p.switchingCost
        openEcosystemPenalty = p.openEcosystemPenalty
        openEcosystemMaturityDays = max(1, p.openEcosystemMaturityDays)
        reviewIntervalDays = p.reviewIntervalDays
        expNegativeSwitchingCost = exp(-p.switchingCost)
    }
}

/// The active offerings as a buyer's choice reads them: one entry per active offering
/// in one contiguous array (a choice runs on every review and every forced switch, so
/// it reads one block and touches no nested array). Rebuilt lazily when an offering's
/// price or model, or the active set, changes.
///
/// A blended price's logarithm is split as log(input) + log(s + (1 - s) r) with
/// r = output / input: offerings priced by one rule share r, so a choice takes one
/// logarithm per distinct ratio (two or three) rather than one per offering.
struct ChoiceTable {
    struct Entry {
        var offering: Int32
        /// The model's first index in `qualityTable` (model x segments).
        var qualityRow: Int32
        /// Index of the offering's output-to-input price ratio in `ratios`.
        var ratioSlot: Int32
        var logInputPrice: Double
        var inputPrice: Double
        /// 1 for open weights, 0 otherwise: the open penalty is multiplied by it.
        var openWeights: Double
        var logTokensPerSecond: Double
    }

    private(set) var entries: ContiguousArray<Entry> = []
    /// The distinct output-to-input price ratios, in order of first appearance.
    private(set) var ratios: [Double] = []
    /// Changes whenever `ratios` does (buyers' cached blend logarithms follow it).
    private(set) var ratioEpoch: Int32 = 0
    var count: Int { entries.count }
    private(set) var stale = true

    mutating func invalidate() { stale = true }

    mutating func rebuild(active: [Int], offerings: [Offering], segments: Int) {
        let previousRatios = ratios
        entries.removeAll(keepingCapacity: true)
        ratios.removeAll(keepingCapacity: true)
        defer { if ratios != previousRatios { ratioEpoch &+= 1 } }
        for j in active {
            let o = offerings[j]
            var slot = ratios.firstIndex(of: o.outputToInputRatio) ?? -1
            if slot < 0 {
                ratios.append(o.outputToInputRatio)
                slot = ratios.count - 1
            }
            entries.append(Entry(offering: Int32(j), qualityRow: Int32(o.model * segments), ratioSlot: Int32(slot),
                                 logInputPrice: o.logInputPrice, inputPrice: o.inputPrice, openWeights: o.openWeights ? 1 : 0,
                                 logTokensPerSecond: o.logTokensPerSecond))
        }
        stale = false
    }
}
