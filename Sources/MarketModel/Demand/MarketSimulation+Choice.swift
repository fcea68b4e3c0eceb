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

    /// The bytes a buyer takes: its state, its surplus record and its pending review on
    /// the event heap (arrays' spare capacity aside).
    public static var bytesPerBuyer: Int {
        MemoryLayout<BuyerState>.stride + MemoryLayout<BuyerWelfare>.stride + MemoryLayout<EventQueue<MarketEvent>.Entry>.stride
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
        if !demand.buyers[b].adopted {
            demand.buyers[b].adopted = true
            demand.adoptedCount += 1
        }
        result.buyerReviews += 1
        try choose(b, day: day, forced: false)
    }

    /// Chooses offerings for buyer `b` by multinomial logit. A routing buyer chooses
    /// separately for its commodity and its frontier work (M9), the commodity part
    /// first, so the frontier part knows which family of open weights the other uses
    /// (verification is paid once per family in use, `AdoptionCosts`); others choose one
    /// offering for both. A security-sensitive buyer's choice of a family it has not
    /// verified waits for the verification (`admitted`). `forced`: its offering was
    /// withdrawn, no switching cost.
    mutating func choose(_ b: Int, day: Double, forced: Bool) throws {
        result.buyerChoices += 1
        accrueBuyer(b, day: day)
        let buyer = demand.buyers[b]
        let g = buyerStreams.stream(b)
        let commodityWeight = 1 - buyer.frontierShare
        if buyer.routes {
            let frontierFamily = familyBit(buyer.frontierChoice)
            let newCommodity = commodityWeight > 0
                ? admitted(b, pick(b, day: day, commodity: 1, frontier: 0, current: buyer.commodityChoice, forced: forced,
                                   part: .commodity, tokensPerDay: buyer.tokensPerDay * commodityWeight,
                                   shared: frontierFamily, g), current: buyer.commodityChoice, forced: forced) : .outside
            move(b, part: .commodity, to: newCommodity, day: day)
            let commodityFamily = familyBit(newCommodity)
            let newFrontier = buyer.frontierShare > 0
                ? admitted(b, pick(b, day: day, commodity: 0, frontier: 1, current: buyer.frontierChoice, forced: forced,
                                   part: .frontier, tokensPerDay: buyer.tokensPerDay * buyer.frontierShare,
                                   shared: commodityFamily, g), current: buyer.frontierChoice, forced: forced) : .outside
            move(b, part: .frontier, to: newFrontier, day: day)
        } else {
            let current = buyer.commodityChoice != .outside ? buyer.commodityChoice : buyer.frontierChoice
            let j = admitted(b, pick(b, day: day, commodity: commodityWeight, frontier: buyer.frontierShare, current: current,
                                     forced: forced, part: .commodity, tokensPerDay: buyer.tokensPerDay, shared: 0, g),
                             current: current, forced: forced)
            move(b, part: .commodity, to: commodityWeight > 0 ? j : .outside, day: day)
            move(b, part: .frontier, to: buyer.frontierShare > 0 ? j : .outside, day: day)
        }
    }

    /// What a part of security-sensitive buyer `b`'s workload moves to when its draw
    /// chose `j` over `current`: `j`, unless `j` is open weights of a family the buyer
    /// has not verified; then the buyer starts verifying that family (unless it is
    /// verifying another: one at a time, keeping its state one family and a bitmask)
    /// and keeps `current` until `verificationDone` (nothing, if `current` was
    /// withdrawn), when it chooses again.
    mutating func admitted(_ b: Int, _ j: BuyerChoice, current: BuyerChoice, forced: Bool) -> BuyerChoice {
        guard demand.buyers[b].securitySensitive, j != current, let f = family(of: j),
              demand.buyers[b].verifiedFamilies & (1 << UInt64(f)) == 0 else { return j }
        if demand.buyers[b].pendingFamily < 0 {
            demand.buyers[b].pendingFamily = Int32(f)
            demand.verificationsStarted.append(Int32(b))
        }
        return forced && current.offering.map({ !activeOfferings.contains($0) }) == true ? .outside : current
    }

    /// Buyer `b` has verified the family it was verifying: it uses that family freely
    /// from now on (its later releases and widths, in either part), and chooses again.
    mutating func verificationDone(_ b: Int, day: Double) throws {
        let f = demand.buyers[b].pendingFamily
        demand.buyers[b].verifiedFamilies |= 1 << UInt64(f)
        demand.buyers[b].pendingFamily = -1
        try choose(b, day: day, forced: false)
    }

    /// Schedules the end of each verification started by the event just handled: they
    /// all started now, so each ends `security.verification_days` from now.
    mutating func scheduleVerifications(_ s: inout Scheduler<MarketEvent>) throws {
        for b in demand.verificationsStarted {
            try s.schedule(.verificationDone(buyer: b), after: demand.parameters.verificationDays, priority: EventPriority.buyer)
        }
        demand.verificationsStarted.removeAll(keepingCapacity: true)
    }

    /// The family of open weights (its creator's global actor index) of choice `j`, nil
    /// for proprietary weights and for the outside option. Inlined: called from a
    /// mutating method, a call copied the whole simulation (2 KB) to pass it.
    @inline(__always)
    func family(of j: BuyerChoice) -> Int? {
        if j == .selfHosted { return demand.selfHost.model.map { Int(catalog.families[$0.index]) } }
        guard let k = j.offering, offerings[k].openWeights else { return nil }
        return Int(catalog.families[offerings[k].model.index])
    }

    /// `family(of: j)` as a bit of a family bitmask (0 for none).
    @inline(__always)
    func familyBit(_ j: BuyerChoice) -> UInt64 {
        family(of: j).map { 1 << UInt64($0) } ?? 0
    }

    /// The families of open weights buyer `buyer`'s parts use now.
    @inline(__always)
    func familiesInUse(_ buyer: BuyerState) -> UInt64 {
        familyBit(buyer.commodityChoice) | familyBit(buyer.frontierChoice)
    }

    /// The self-hosted model moved to another family: the security-sensitive buyers
    /// self-hosting now run it, so count the families in use again, and each that has
    /// not verified it starts verifying it (a pass over the buyers, at most once per
    /// open release).
    mutating func selfHostFamilyChanged() {
        var secure = 0
        for b in demand.buyers.indices where demand.buyers[b].securitySensitive {
            let buyer = demand.buyers[b]
            secure += familiesInUse(buyer).nonzeroBitCount
            if (buyer.commodityChoice == .selfHosted || buyer.frontierChoice == .selfHosted) && buyer.pendingFamily < 0
                && buyer.verifiedFamilies & familyBit(.selfHosted) == 0 {
                demand.buyers[b].pendingFamily = Int32(family(of: .selfHosted)!)
                demand.verificationsStarted.append(Int32(b))
            }
        }
        demand.openDeployments.secureFamilies = Double(secure)
    }

    enum Part { case commodity, frontier }

    /// The logit draw over active offerings, self-hosting and the outside option (not
    /// using a model for this part, utility 0) for a workload that is `commodity` parts
    /// of the buyer's own segment and `frontier` parts of the frontier segment. Returns
    /// the option drawn. Every choice also adds its probabilities to the offerings'
    /// demand sums, from which sellers estimate their own-price elasticity
    /// (`BestResponse`), adds the part's response to a uniform price change to the
    /// period's usage elasticity, and sets the buyer's surplus on `part` of its workload
    /// (`tokensPerDay` of it) from the draw's log-sum (`BuyerWelfare`).
    /// `shared`: the families of open weights the buyer's other part uses (verification
    /// already paid).
    mutating func pick(_ b: Int, day: Double, commodity: Double, frontier: Double, current: BuyerChoice, forced: Bool,
                       part: Part, tokensPerDay: Double, shared: UInt64, _ g: RandomGenerator) -> BuyerChoice {
        if demand.choiceTable.stale { rebuildChoiceTable(day: day) }
        let buyer = demand.buyers[b]
        let p = demand.parameters
        if demand.adoptionCostDay != day { updateDailyChoiceTerms(day: day) }
        let utility = Utility(buyer, commodity: commodity, frontier: frontier, p)
        // The outside option is also no choice yet; a self-hosting buyer pays the
        // switching cost to leave too.
        let switching = !forced && current != .outside ? p.switchingCost : 0
        let monthlyMtok = tokensPerDay * demand.mtokPerMonthPerScaledToken
        let costs = adoptionCosts(secure: buyer.securitySensitive, monthlyMtok: monthlyMtok, shared: shared,
                                  preference: utility.proprietaryPreference(buyer))
        let count = demand.choiceTable.count
        result.buyerDraws += 1
        result.menuEntries += count
        var selfUtility: Double?
        if demand.selfHost.model != nil {
            var v = selfHosting(utility, demand.selfHost.terms, monthlyMtok: monthlyMtok, costs: costs)
            if current != .selfHosted { v -= switching }
            selfUtility = v
        }
        fillBlendFactors(inputShare: buyer.inputShare)
        let layout = ScratchLayout(entries: count, nests: demand.choiceTable.nestCount)
        if demand.buffers.scratch.count < layout.doubles { demand.buffers.scratch = Array(repeating: 0, count: layout.doubles * 2) }
        if demand.buffers.indices.count < layout.indices { demand.buffers.indices = Array(repeating: 0, count: layout.indices * 2) }
        let rankSegment = commodity >= frontier ? utility.segment : utility.frontierSegment
        let terms = MenuTerms(utility: utility, speed: p.speedSensitivity, nestScale: p.nestScale, costs: costs, switching: switching,
                              current: current, selfUtility: selfUtility, tokensPerDay: tokensPerDay, consideration: p.consideration,
                              ranking: rankSegment * ConsiderationSet.valueBands + Int(buyer.valueBand))
        // The tables are passed borrowed and the buffers in place: copying them into
        // locals cost every choice a dozen reference-count operations.
        let quality = catalog.quality
        if demand.buffers.successRates.count < quality.count {
            for i in demand.buffers.successRates.count..<quality.count {
                demand.buffers.successRates.append(Utility.success(quality[i], exponent: p.successExponent))
            }
        }
        let draw = Self.drawFromMenu(demand.choiceTable, success: demand.buffers.successRates, blend: demand.buffers.blend, terms,
                                     scratch: &demand.buffers.scratch, indices: &demand.buffers.indices, demandSums: &demand.buffers.entrySums,
                                     sellerMargins: &demand.buffers.sellerMargins, g)
        result.menuModels += demand.choiceTable.nestCount
        result.modelsWeighed += draw.modelsWeighed
        result.offeringsWeighed += draw.offeringsWeighed
        // The menu's log-sum leaves out the switching cost s that every option but the
        // current one carried in the draw: theirs is e^s times (total - current). The
        // subtraction keeps about 1e-16 e^s of the others' relative precision, so beyond
        // s = 20 the log-sum is summed again without it.
        let logSum: Double
        if switching == 0 {
            logSum = draw.maxU + log(draw.total)
        } else if switching <= 20 {
            logSum = draw.maxU + switching + log((draw.total - draw.currentWeight) + draw.currentWeight * p.expNegativeSwitchingCost)
        } else {
            logSum = menuLogSum(b, table: demand.choiceTable, selfHost: demand.selfHost.terms, commodity: commodity, frontier: frontier,
                                tokensPerDay: tokensPerDay, shared: shared)
        }
        demand.usageElasticity.add(tokens: tokensPerDay, insideShare: 1 - draw.outsideProbability,
                                   elasticity: draw.usageElasticity)
        recordSurplus(b, part: part, usdPerDay: tokensPerDay / 1e6 * utility.tau * logSum, day: day)
        return draw.chosen
    }

    /// One buyer's terms in a menu's utilities (`pick`): its `Utility`, the speed
    /// sensitivity, the nest scale, the other costs per million tokens of open weights, the
    /// switching cost of every option but `current`, and self-hosting's utility, if on
    /// the menu (its weight comes after the offerings', the outside option's last).
    struct MenuTerms {
        var utility: Utility
        var speed: Double
        var nestScale: Double
        var costs: AdoptionCosts
        var switching: Double
        var current: BuyerChoice
        var selfUtility: Double?
        var tokensPerDay: Double
        var consideration: ConsiderationSet
        /// The screen's block for the buyer's segment and value band.
        var ranking: Int
    }

    /// What a draw returns: the option chosen, the largest utility, the weights' total,
    /// the current option's weight (0 if it is not on the menu), the outside option's
    /// probability, the elasticity of the part's probability of using a model with
    /// respect to a uniform change of every offering's price (a negative number), and the
    /// models and offerings weighed.
    struct Draw {
        var chosen: BuyerChoice
        var maxU: Double
        var total: Double
        var currentWeight: Double
        var outsideProbability: Double
        var usageElasticity: Double
        var modelsWeighed: Int
        var offeringsWeighed: Int
    }

    /// The nested-logit draw over `table`'s entries, self-hosting and the outside option.
    ///
    /// The sellers of one model form a nest (`ChoiceTable`): within it a buyer's taste
    /// has scale lambda (`nestScale`), so a model's sellers compete closely on price and
    /// speed, and the nest's inclusive value I_n = lambda log sum_{k in n} e^(u_k /
    /// lambda) is its utility among the models, self-hosting and the outside option
    /// (utility 0). P_k = P(n) P(k | n), P(k | n) = e^(u_k / lambda) / sum_n, P(n) =
    /// e^I_n / (sum_m e^I_m + e^u_self + e^u_0). The switching cost s is a cost of
    /// leaving the current model (moving between sellers of one model is free): every
    /// top-level option but the current one's carries -s. `weights` gets each
    /// offering's P(k | n) e^(I_n - max), then self-hosting's and the outside option's
    /// weights; the draw is over them.
    ///
    /// Scaling every offering's price by k moves offering j's utility by -p_j / tau per
    /// unit of ln k, so the probability of using a model at all, 1 - P0, has elasticity
    /// -P0 sum_j P_j p_j / tau / (1 - P0): the part's usage elasticity (self-hosting's
    /// price is a cost, not a list price, and does not move).
    ///
    /// Each offering's four demand sums (`BestResponse.accumulate`) go to `demandSums`;
    /// `sellerMargins` is scratch for the recapture sum's R_f of each seller of several
    /// offerings (`ChoiceTable.multiSellerCount`), summed over weights as they are set
    /// and scaled to probabilities by the total.
    ///
    /// Never inlined: a run calls it from `pick` as a function of its own, and inlined
    /// into `RandomMenu`'s constant buyer it folded that buyer's terms away and timed a
    /// draw no run makes.
    @inline(never)
    static func drawFromMenu(_ table: ChoiceTable, success: [Double], blend: [Double], _ t: MenuTerms,
                             scratch: inout [Double], indices: inout [Int32], demandSums: inout [Double],
                             sellerMargins: inout [Double], _ g: RandomGenerator) -> Draw {
        let count = table.count, nestCount = table.nestCount
        let lambda = t.nestScale, inverseLambda = 1 / t.nestScale
        // The buyer's terms as locals: read through `t` inside the loops, they were
        // reloaded for every nest.
        let utility = t.utility, costs = t.costs, speed = t.speed, switching = t.switching
        let segment = utility.segment, frontierSegment = utility.frontierSegment
        let inverseTau = utility.inverseTau, tokens = t.tokensPerDay
        let all = t.consideration.weighsAll(nestCount: nestCount, offerings: count)
        // The project's exponential (`LogitExponential`), its table fetched once.
        let exp = LogitExponential.exponential
        if sellerMargins.count < table.recaptureSlotCount { sellerMargins = Array(repeating: 0, count: table.recaptureSlotCount) }
        return scratch.withUnsafeMutableBufferPointer { d in
            indices.withUnsafeMutableBufferPointer { ints in
            sellerMargins.withUnsafeMutableBufferPointer { r in
                table.entries.withUnsafeBufferPointer { entries in
                    table.nestStarts.withUnsafeBufferPointer { starts in
                    table.entryNests.withUnsafeBufferPointer { entryNests in
                        success.withUnsafeBufferPointer { q in
                            blend.withUnsafeBufferPointer { blend in
                        // The scratch's parts (`ScratchLayout`).
                        let layout = ScratchLayout(entries: count, nests: nestCount)
                        let u = UnsafeMutableBufferPointer(rebasing: d[layout.weights])
                        let nestValue = UnsafeMutableBufferPointer(rebasing: d[layout.nestValues])
                        let nestWeight = UnsafeMutableBufferPointer(rebasing: d[layout.nestWeights])
                        let inverseNestWeight = UnsafeMutableBufferPointer(rebasing: d[layout.inverseNestWeights])
                        // The shortlist's seller weights, unchecked (the scratch holds
                        // `layout`'s sizes): the full menu never reads them.
                        let inverseSellerWeight = UnsafeMutableBufferPointer(start: d.baseAddress! + layout.inverseSellerWeights.lowerBound,
                                                                             count: layout.inverseSellerWeights.count)
                        let sellerWeight = UnsafeMutableBufferPointer(start: d.baseAddress! + layout.sellerWeights.lowerBound,
                                                                      count: layout.sellerWeights.count)
                        let sampledFrom = UnsafeMutableBufferPointer(start: ints.baseAddress! + layout.sampledFrom.lowerBound,
                                                                     count: layout.sampledFrom.count)
                        let list = UnsafeMutableBufferPointer(rebasing: ints[layout.nestList])
                        let drawnEntry = UnsafeMutableBufferPointer(rebasing: ints[layout.drawEntries])
                        // The outside option carries the switching cost too, unless it is
                        // current (then every other option carries it, or none does).
                        let outside = t.current == .outside ? 0 : -switching
                        let selfUtility = t.selfUtility ?? -.infinity
                        var maxTop = max(outside, selfUtility)
                        // A lower bound of the nests' values, for their exponentials.
                        var lowestTop = maxTop
                        // The current option at the top level: its nest (-1 if it is not on the
                        // menu), self-hosting (-3) or the outside option (-2).
                        let currentTop = t.current.offering.map { table.nest(of: $0) } ?? (t.current == .selfHosted ? -3 : -2)
                        // An entry's u / lambda. Its other costs (`AdoptionCosts.perMtok`) are
                        // open weights x one of two sums, a family charged verification or not.
                        let uncharged = costs.ecosystem + 0 * costs.verification
                        let charged = costs.ecosystem + 1 * costs.verification
                        // With its price coefficient p / tau (`BestResponse.accumulate`).
                        @inline(__always) func scaledUtility(_ e: ChoiceTable.Entry) -> (utility: Double, coefficient: Double) {
                            let row = Int(e.qualityRow)
                            let price = e.inputPrice * blend[Int(e.ratioSlot)]
                            let v = utility.value(worth: utility.worth(successOwn: q[row &+ segment], successFrontier: q[row &+ frontierSegment]),
                                                  price: price, otherCosts: e.openWeights * (costs.charges(bit: e.familyBit) ? charged : uncharged),
                                                  speed: speed * e.logRelativeSpeed)
                            return (v * inverseLambda, price * inverseTau)
                        }
                        // The full menu weighs every nest in the table's order, entry by
                        // entry; the shortlist gathers its nests' entries first.
                        if all {
                            // Per nest, in the table's order: its members' u / lambda (and
                            // each one's price coefficient p / tau, for its demand sums),
                            // exponentiated against their maximum into P(k | n), and its
                            // inclusive value. A weight's index is its entry's, its
                            // position its nest.
                            let coefficient = UnsafeMutableBufferPointer(start: d.baseAddress! + layout.coefficients.lowerBound,
                                                                         count: layout.coefficients.count)
                            let currentPosition = max(-1, currentTop)
                            // Every entry's u / lambda and p / tau first, two at a time (each
                            // lane `scaledUtility`'s arithmetic), and with them each nest of one
                            // seller (most models are sold by their lab alone): P(k | n) = e^0 = 1
                            // and I_n = lambda (a + log 1), the general branch's figures exactly,
                            // without its exp and log, less the switching cost (the current
                            // nest's is set again after). A nest of several keeps its members'
                            // u / lambda for the loop over such nests. In a loop per nest, an
                            // entry cost about 17 instructions more.
                            let valueOwn = utility.valueOwn, valueFrontier = utility.valueFrontier
                            // Verification charged or not, the same cost (a buyer who is not
                            // security-sensitive): no family to test.
                            let chargesNone = charged.bitPattern == uncharged.bitPattern
                            table.aloneFlags.withUnsafeBufferPointer { alone in
                            // A nest of one's P(k | n) and inclusive value from its member's u /
                            // lambda (NaN counts as -infinity, as in max(-inf, v)); -infinity's
                            // value is lambda x -infinity, lambda being positive.
                            @inline(__always) func single(_ v: SIMD2<Double>) -> (weight: SIMD2<Double>, value: SIMD2<Double>) {
                                let maxA = v.replacing(with: -.infinity, where: .!(v .>= -.infinity))
                                return (SIMD2<Double>(repeating: 0).replacing(with: 1, where: maxA .> -.infinity), lambda * maxA)
                            }
                            var k = 0
                            while k &+ 1 < count {
                                let e0 = entries[k], e1 = entries[k &+ 1]
                                let row0 = Int(e0.qualityRow), row1 = Int(e1.qualityRow)
                                let price = SIMD2(e0.inputPrice, e1.inputPrice) * SIMD2(blend[Int(e0.ratioSlot)], blend[Int(e1.ratioSlot)])
                                let worth = valueOwn * SIMD2(q[row0 &+ segment], q[row1 &+ segment])
                                    + valueFrontier * SIMD2(q[row0 &+ frontierSegment], q[row1 &+ frontierSegment])
                                let otherCosts = chargesNone ? SIMD2(repeating: uncharged)
                                    : SIMD2(costs.charges(bit: e0.familyBit) ? charged : uncharged, costs.charges(bit: e1.familyBit) ? charged : uncharged)
                                let other = SIMD2(e0.openWeights, e1.openWeights) * otherCosts
                                let v = ((worth - price - other) * inverseTau + speed * SIMD2(e0.logRelativeSpeed, e1.logRelativeSpeed)) * inverseLambda
                                let b = price * inverseTau
                                let (weight, value) = single(v)
                                let w = v.replacing(with: weight, where: SIMD2(alone[k], alone[k &+ 1]) .> 0)
                                u[k] = w[0]
                                u[k &+ 1] = w[1]
                                coefficient[k] = b[0]
                                coefficient[k &+ 1] = b[1]
                                // A shared nest's is written over by its own loop below.
                                let charged = value - switching
                                nestValue[Int(entryNests[k])] = charged[0]
                                nestValue[Int(entryNests[k &+ 1])] = charged[1]
                                k &+= 2
                            }
                            if k < count {
                                let (v, b) = scaledUtility(entries[k])
                                let (weight, value) = single(SIMD2(repeating: v))
                                u[k] = alone[k] > 0 ? weight[0] : v
                                coefficient[k] = b
                                nestValue[Int(entryNests[k])] = value[0] - switching
                            }
                            // The current nest of one carries no switching cost.
                            if currentPosition >= 0 && alone[Int(starts[currentPosition])] > 0 {
                                let (_, value) = single(SIMD2(repeating: scaledUtility(entries[Int(starts[currentPosition])]).utility))
                                nestValue[currentPosition] = value[0]
                            }
                            }
                            Self.settleSharedNests(table, u, nestValue: nestValue, starts: starts, lambda: lambda, switching: switching,
                                                   currentPosition: currentPosition, exp: exp)
                            for i in 0..<nestCount {
                                let value = nestValue[i]
                                // max(maxTop, value) for every value but NaN, in one maxsd
                                // (Swift's max keeps maxTop against a NaN, in five).
                                maxTop = maxTop > value ? maxTop : value
                                lowestTop = min(lowestTop, value)
                            }
                            // The top level: nests, then self-hosting and the outside option,
                            // summed in that order. Each weight is its nest's exponential (two
                            // at a time, `Exponential.weights`) times P(k | n); the draw's
                            // weights are `u`'s first `count`, then self-hosting's and the
                            // outside option's. With each nest's weight its inverse, for P(k |
                            // n) = weight / P(n)'s weight (0 for a nest whose weight underflowed:
                            // it has no demand to add).
                            var total = exp.weights(UnsafeMutableBufferPointer(rebasing: nestValue[0..<nestCount]),
                                                    inverses: inverseNestWeight, maximum: maxTop, lowest: lowestTop)
                            // Entry by entry, not nest by nest: most nests hold one entry,
                            // and a loop per nest cost each about 25 instructions.
                            table.recaptureSlots.withUnsafeBufferPointer { slots in
                            table.recaptureMargins.withUnsafeBufferPointer { margins in
                            for s in 0..<table.recaptureSlotCount { r[s] = 0 }
                            // Two entries at a time; R_f in entry order.
                            var k = 0
                            while k &+ 1 < count {
                                let w = SIMD2(u[k], u[k &+ 1]) * SIMD2(nestValue[Int(entryNests[k])], nestValue[Int(entryNests[k &+ 1])])
                                u[k] = w[0]
                                u[k &+ 1] = w[1]
                                let m = SIMD2(margins[k], margins[k &+ 1]) * w
                                r[Int(slots[k])] += m[0]
                                r[Int(slots[k &+ 1])] += m[1]
                                k &+= 2
                            }
                            if k < count {
                                u[k] *= nestValue[Int(entryNests[k])]
                                r[Int(slots[k])] += margins[k] * u[k]
                            }
                            }
                            }
                            var currentWeight = currentPosition >= 0 ? nestValue[currentPosition] : 0
                            let (outsideSlot, selfSlot, inverse) = Self.addOtherOptions(u, from: count, outside: outside, selfUtility: selfUtility,
                                                                                         hasSelf: t.selfUtility != nil, currentTop: currentTop,
                                                                                         maxTop: maxTop, exp: exp, total: &total,
                                                                                         currentWeight: &currentWeight)
                            // Each seller's R_f as a probability sum, scaled once here rather
                            // than at each of its entries (the same product).
                            for s in 0..<table.recaptureSlotCount { r[s] *= inverse }
                            // Returns sum_k P_k p_k / tau (summed into a local: summed into a
                            // variable the function captured, every draw paid a dynamic
                            // exclusivity check on it, about 110 instructions).
                            let pricedProbability = demandSums.withUnsafeMutableBufferPointer { s in
                                table.recaptureSlots.withUnsafeBufferPointer { slots in
                                table.recaptureMargins.withUnsafeBufferPointer { margins in
                                table.curvatureMasks.withUnsafeBufferPointer { curvatureMasks in
                                table.curvaturePairs.withUnsafeBufferPointer { curvaturePairs in
                                var pricedProbability = 0.0
                                // Two entries at a time, each lane `BestResponse.accumulate`'s
                                // arithmetic for its entry, into the pair's sums (`DemandSums.index`).
                                let curvatureFactor = (inverseLambda - 1) * inverseLambda
                                var k = 0
                                while k &+ 1 < count {
                                    let b = SIMD2(coefficient[k], coefficient[k &+ 1])
                                    let weight = SIMD2(u[k], u[k &+ 1])
                                    let probability = weight * inverse
                                    let priced = probability * b
                                    pricedProbability += priced[0]
                                    pricedProbability += priced[1]
                                    // R_f - m_j P_j: exactly 0 for a seller of one offering;
                                    // non-negative in exact arithmetic, which rounding can
                                    // take a hair below zero when j holds the seller's margin.
                                    let unclampedDiversion = SIMD2(r[Int(slots[k])], r[Int(slots[k &+ 1])])
                                        - SIMD2(margins[k], margins[k &+ 1]) * probability
                                    let diversion = unclampedDiversion.replacing(with: 0, where: .!(unclampedDiversion .>= 0))
                                    let conditional = weight * SIMD2(inverseNestWeight[Int(entryNests[k])],
                                                                     inverseNestWeight[Int(entryNests[k &+ 1])])
                                    let chosen = tokens * probability
                                    // max(0, x) as Swift's max takes it: x unless x < 0 or NaN.
                                    let unclamped = inverseLambda - (inverseLambda - 1) * conditional - probability
                                    let f = unclamped.replacing(with: 0, where: .!(unclamped .>= 0))
                                    let at = k &<< 2
                                    let chosenB = chosen * b
                                    let sums = UnsafeMutableRawPointer(s.baseAddress! + at)
                                    let demandSum = sums.loadUnaligned(as: SIMD2<Double>.self) + chosen
                                    let slope = sums.loadUnaligned(fromByteOffset: 16, as: SIMD2<Double>.self) + chosenB * f
                                    let recapture = sums.loadUnaligned(fromByteOffset: 48, as: SIMD2<Double>.self) + chosenB * diversion
                                    sums.storeBytes(of: demandSum, as: SIMD2<Double>.self)
                                    sums.storeBytes(of: slope, toByteOffset: 16, as: SIMD2<Double>.self)
                                    sums.storeBytes(of: recapture, toByteOffset: 48, as: SIMD2<Double>.self)
                                    if curvaturePairs[k &>> 1] != 0 {
                                        // A lab's curvature, never read, stays 0 (adding +0
                                        // to +0 leaves it so): its lane of the term is
                                        // masked to +0 by the table's all-ones-or-zero masks
                                        // (`ChoiceTable.curvatureMasks`), one `and`.
                                        let term = chosenB * (f + b * (probability * f - f * f + curvatureFactor * conditional * (1 - conditional)))
                                        let reads = SIMD2(curvatureMasks[k], curvatureMasks[k &+ 1])
                                        let masked = unsafeBitCast(unsafeBitCast(term, to: SIMD2<UInt64>.self) & reads, to: SIMD2<Double>.self)
                                        let curvature = sums.loadUnaligned(fromByteOffset: 32, as: SIMD2<Double>.self) + masked
                                        sums.storeBytes(of: curvature, toByteOffset: 32, as: SIMD2<Double>.self)
                                    }
                                    k &+= 2
                                }
                                if k < count {
                                    let e = entries[k]
                                    let b = coefficient[k]
                                    let probability = u[k] * inverse
                                    pricedProbability += probability * b
                                    let diversion = max(0, r[Int(slots[k])] - margins[k] * probability)
                                    let at = (demand: DemandSums.index(entry: k, sum: 0), slope: DemandSums.index(entry: k, sum: 1),
                                              curvature: DemandSums.index(entry: k, sum: 2), recapture: DemandSums.index(entry: k, sum: 3))
                                    let conditional = u[k] * inverseNestWeight[Int(entryNests[k])]
                                    // A lab's curvature, never read, is not computed.
                                    var curvature = e.readsCurvature ? s[at.curvature] : 0
                                    BestResponse.accumulate(demand: &s[at.demand], slope: &s[at.slope], curvature: &curvature,
                                                            recapture: &s[at.recapture], tokens: tokens, probability: probability,
                                                            own: probability, conditional: conditional,
                                                            priceCoefficient: b, nestScale: lambda, diversion: diversion)
                                    if e.readsCurvature { s[at.curvature] = curvature }
                                }
                                return pricedProbability
                                }
                                }
                                }
                                }
                            }
                            let outsideProbability = u[outsideSlot] * inverse
                            let inside = 1 - outsideProbability
                            let index = g.choose(weights: UnsafeBufferPointer(rebasing: u[0..<outsideSlot &+ 1]), total: total)
                            let chosen = index == outsideSlot ? .outside
                                : (index == selfSlot ? .selfHosted : BuyerChoice(entries[index].offering))
                            return Draw(chosen: chosen, maxU: maxTop, total: total, currentWeight: currentWeight,
                                        outsideProbability: outsideProbability,
                                        usageElasticity: inside > 0 ? -outsideProbability * pricedProbability / inside : 0,
                                        modelsWeighed: nestCount, offeringsWeighed: count)
                        }
                        // The nests weighed, by position i: the position of the current
                        // model's nest (-1: none), each position's entries
                        // `bounds[i]..<bounds[i + 1]` among the weights, and each weight's
                        // entry (`drawnEntry`) and position (`position`), in the order the
                        // shortlist took them.
                        var digits = UniformDigits()
                        let weighed = t.consideration.select(table, ranking: t.ranking, current: max(-1, currentTop), list: list,
                                                             weights: nestWeight,
                                                             marks: UnsafeMutableBufferPointer(rebasing: ints[layout.marks]), &digits, g)
                        // `select` takes the current model's nest first.
                        let currentPosition = currentTop >= 0 ? 0 : -1
                        let gatheredBounds = UnsafeMutableBufferPointer(rebasing: ints[layout.bounds])
                        let gatheredPosition = UnsafeMutableBufferPointer(rebasing: ints[layout.positions])
                        let taken = t.consideration.selectSellers(table, ranking: t.ranking, list: list, weighed: weighed,
                                                                  currentPosition: currentPosition, current: t.current.offering,
                                                                  entries: drawnEntry, bounds: gatheredBounds, positions: gatheredPosition,
                                                                  inverseWeights: inverseSellerWeight, sampledFrom: sampledFrom,
                                                                  weights: sellerWeight, &digits, g)
                        for k in 0..<taken { u[k] = scaledUtility(entries[Int(drawnEntry[k])]).utility }
                        let bounds = UnsafeBufferPointer(gatheredBounds)
                        let position = UnsafeBufferPointer(gatheredPosition)
                        let slots = Int(bounds[weighed])
                        // Per nest weighed: its members' u / lambda, exponentiated against
                        // their maximum into P(k | n), and its inclusive value.
                        for i in 0..<weighed {
                            let start = Int(bounds[i]), end = Int(bounds[i &+ 1])
                            var maxA = -Double.infinity
                            if end &- start == 1 {
                                maxA = max(maxA, u[start])
                            } else {
                                for k in start..<end { maxA = max(maxA, u[k]) }
                            }
                            var value = -Double.infinity
                            if end &- start == 1, maxA > -.infinity {
                                // A nest of one seller: P(k | n) = e^0 = 1 and I_n = lambda (a +
                                // log 1), the general branch's figures exactly, without its exp
                                // and log (most models are sold by their lab alone).
                                u[start] = 1
                                value = lambda * maxA
                            } else if maxA > -.infinity {
                                var sum = exp.exponentiate(UnsafeMutableBufferPointer(rebasing: u[start..<end]), maximum: maxA)
                                if Int(sampledFrom[i]) < end {
                                    // The drawn seller stands for the rest of the nest:
                                    // it weighs 1 / (its chance), `selectSellers`.
                                    let w = sellerWeight[i]
                                    for k in Int(sampledFrom[i])..<end {
                                        sum += (w - 1) * u[k]
                                        u[k] *= w
                                    }
                                }
                                let inverseSum = 1 / sum
                                for k in start..<end { u[k] *= inverseSum }
                                value = lambda * (maxA + log(sum))
                            } else {
                                // No member is worth anything (an option priced out of reach).
                                for k in start..<end { u[k] = 0 }
                            }
                            if i != currentPosition { value -= switching }
                            nestValue[i] = value
                            maxTop = max(maxTop, value)
                            lowestTop = min(lowestTop, value)
                        }
                        // The top level: nests, then self-hosting and the outside option,
                        // summed in that order; a sampled nest's weight counts for the nests
                        // it stands for. The draw's weights are `u`'s first `slots`, then
                        // self-hosting's and the outside option's.
                        var total = 0.0
                        var currentWeight = 0.0
                        // The nests' exponentials first, two at a time (`Exponential.weights`).
                        exp.weights(UnsafeMutableBufferPointer(rebasing: nestValue[0..<weighed]), maximum: maxTop, lowest: lowestTop)
                        for i in 0..<weighed {
                            let w = nestValue[i] * nestWeight[i]
                            nestValue[i] = w
                            inverseNestWeight[i] = w > 0 ? 1 / w : 0
                            // The shortlist's sampling weight R / S, then its inverse.
                            nestWeight[i] = 1 / nestWeight[i]
                            total += w
                            if i == currentPosition { currentWeight = w }
                        }
                        for s in 0..<table.multiSellerCount { r[s] = 0 }
                        for k in 0..<slots {
                            u[k] *= nestValue[Int(position[k])]
                            let slot = Int(entries[Int(drawnEntry[k])].sellerSlot)
                            if slot >= 0 { r[slot] += entries[Int(drawnEntry[k])].margin * u[k] }
                        }
                        let (outsideSlot, selfSlot, inverse) = Self.addOtherOptions(u, from: slots, outside: outside, selfUtility: selfUtility,
                                                                                     hasSelf: t.selfUtility != nil, currentTop: currentTop,
                                                                                     maxTop: maxTop, exp: exp, total: &total,
                                                                                     currentWeight: &currentWeight)
                        // Returns sum_k P_k p_k / tau. It sums into a local: summed into a
                        // variable the function captured, every draw paid a dynamic
                        // exclusivity check on it (about 110 instructions).
                        let pricedProbability = demandSums.withUnsafeMutableBufferPointer { s in
                            var pricedProbability = 0.0
                            for k in 0..<slots {
                                let entry = Int(drawnEntry[k])
                                let e = entries[entry]
                                let i = Int(position[k])
                                let coefficient = e.inputPrice * blend[Int(e.ratioSlot)] * inverseTau
                                let probability = u[k] * inverse
                                pricedProbability += probability * coefficient
                                let slot = Int(e.sellerSlot)
                                // R_f - m_j P_j: exactly 0 for a seller of one offering;
                                // non-negative in exact arithmetic, which rounding can
                                // take a hair below zero when j holds the seller's margin.
                                let diversion = slot >= 0 ? max(0, r[slot] * inverse - e.margin * probability) : 0
                                let at = (demand: DemandSums.index(entry: entry, sum: 0), slope: DemandSums.index(entry: entry, sum: 1),
                                          curvature: DemandSums.index(entry: entry, sum: 2), recapture: DemandSums.index(entry: entry, sum: 3))
                                // A sampled model's or seller's weight counts once, in
                                // `probability`; P_j and P(j | n) in the bracket are j's own.
                                let inverseSeller = inverseSellerWeight[k]
                                BestResponse.accumulate(demand: &s[at.demand], slope: &s[at.slope], curvature: &s[at.curvature], recapture: &s[at.recapture],
                                                        tokens: tokens,
                                                        probability: probability,
                                                        own: probability * nestWeight[i] * inverseSeller,
                                                        conditional: u[k] * inverseNestWeight[i] * inverseSeller,
                                                        priceCoefficient: coefficient, nestScale: lambda, diversion: diversion)
                            }
                            return pricedProbability
                        }
                        let outsideProbability = u[outsideSlot] * inverse
                        let inside = 1 - outsideProbability
                        let index = g.choose(weights: UnsafeBufferPointer(rebasing: u[0..<outsideSlot &+ 1]), total: total)
                        let chosen = index == outsideSlot ? .outside
                            : (index == selfSlot ? .selfHosted : BuyerChoice(entries[Int(drawnEntry[index])].offering))
                        return Draw(chosen: chosen, maxU: maxTop, total: total, currentWeight: currentWeight,
                                    outsideProbability: outsideProbability,
                                    usageElasticity: inside > 0 ? -outsideProbability * pricedProbability / inside : 0,
                                    modelsWeighed: weighed, offeringsWeighed: slots)
                            }
                        }
                    }
                    }
                }
            }
            }
        }
    }

    /// A full menu's nests of several sellers (`ChoiceTable.sharedNests`): per nest,
    /// its members' u / lambda in `u` exponentiated against their maximum into P(k | n),
    /// and its inclusive value, less the switching cost unless it is the current nest,
    /// into `nestValue`. A nest of two (most of them) takes the general branch's
    /// operations in its order without its loops. A function of its own: inlined into
    /// `drawFromMenu`, its registers cost the draw's loops over the entries more than
    /// the call costs.
    @inline(never)
    static func settleSharedNests(_ table: ChoiceTable, _ u: UnsafeMutableBufferPointer<Double>,
                                  nestValue: UnsafeMutableBufferPointer<Double>, starts: UnsafeBufferPointer<Int32>,
                                  lambda: Double, switching: Double, currentPosition: Int, exp: LogitExponential.Exponential) {
        for n in table.sharedNests {
            let i = Int(n)
            let start = Int(starts[i]), end = Int(starts[i &+ 1])
            var value = -Double.infinity
            if end &- start == 2 {
                // A nest of two sellers (most shared nests): the general
                // branch's operations in its order, without its loops.
                let a = u[start], b = u[start &+ 1]
                let maxA = max(max(-.infinity, a), b)
                if maxA > -.infinity {
                    let wa = exp(a - maxA), wb = exp(b - maxA)
                    var sum = 0.0
                    sum += wa
                    sum += wb
                    let inverseSum = 1 / sum
                    u[start] = wa * inverseSum
                    u[start &+ 1] = wb * inverseSum
                    value = lambda * (maxA + log(sum))
                } else {
                    u[start] = 0
                    u[start &+ 1] = 0
                }
                if i != currentPosition { value -= switching }
                nestValue[i] = value
                continue
            }
            var maxA = -Double.infinity
            for k in start..<end { maxA = max(maxA, u[k]) }
            if maxA > -.infinity {
                let sum = exp.exponentiate(UnsafeMutableBufferPointer(rebasing: u[start..<end]), maximum: maxA)
                let inverseSum = 1 / sum
                for k in start..<end { u[k] *= inverseSum }
                value = lambda * (maxA + log(sum))
            } else {
                // No member is worth anything (an option priced out of reach).
                for k in start..<end { u[k] = 0 }
            }
            if i != currentPosition { value -= switching }
            nestValue[i] = value
        }
    }

    /// Self-hosting's weight (if on the menu, `hasSelf`) and the outside option's after
    /// the offerings' `from` weights, added to `total` in that order, the current
    /// option's weight if it is one of them, and the total's inverse.
    @inline(__always)
    static func addOtherOptions(_ u: UnsafeMutableBufferPointer<Double>, from slots: Int, outside: Double, selfUtility: Double,
                                hasSelf: Bool, currentTop: Int, maxTop: Double, exp: LogitExponential.Exponential,
                                total: inout Double, currentWeight: inout Double) -> (outsideSlot: Int, selfSlot: Int, inverse: Double) {
        var next = slots
        let selfSlot = hasSelf ? next : -1
        if selfSlot >= 0 {
            u[selfSlot] = exp(selfUtility - maxTop)
            total += u[selfSlot]
            if currentTop == -3 { currentWeight = u[selfSlot] }
            next &+= 1
        }
        let outsideSlot = next
        u[outsideSlot] = exp(outside - maxTop)
        total += u[outsideSlot]
        if currentTop == -2 { currentWeight = u[outsideSlot] }
        return (outsideSlot, selfSlot, 1 / total)
    }

    /// Where `drawFromMenu`'s scratch keeps what: in the doubles, the draw's weights (each
    /// weighed entry's utility, then P(k | n), then its weight; then self-hosting's and
    /// the outside option's), and per nest weighed its inclusive value (then weight),
    /// its sampling weight (then inverse) and its weight's inverse, then per weight its
    /// seller's inverse sampling weight and per nest its sampled sellers' weight; in the
    /// indices, each nest's mark (`ConsiderationSet.select`), 0 between draws (zeroed
    /// when the table is rebuilt, which moves the parts), the nests weighed, the entry
    /// of each weight, the shortlist's gathered bounds and positions, and per nest where
    /// its sampled sellers' weights start (its end if it sampled none) (`drawFromMenu`).
    struct ScratchLayout {
        let weights: Range<Int>
        let nestValues: Range<Int>
        let nestWeights: Range<Int>
        let inverseNestWeights: Range<Int>
        let inverseSellerWeights: Range<Int>
        let sellerWeights: Range<Int>
        let coefficients: Range<Int>
        let marks: Range<Int>
        let nestList: Range<Int>
        let drawEntries: Range<Int>
        let bounds: Range<Int>
        let positions: Range<Int>
        let sampledFrom: Range<Int>

        /// Without overflow checks (a table's sizes are far from overflowing): checked,
        /// the layout cost a choice about 250 instructions.
        @inline(__always)
        init(entries: Int, nests: Int) {
            func range(_ start: Int, _ count: Int) -> Range<Int> { Range(uncheckedBounds: (start, start &+ count)) }
            weights = range(0, entries &+ 2)
            nestValues = range(weights.upperBound, nests)
            nestWeights = range(nestValues.upperBound, nests)
            inverseNestWeights = range(nestWeights.upperBound, nests)
            inverseSellerWeights = range(inverseNestWeights.upperBound, entries)
            sellerWeights = range(inverseSellerWeights.upperBound, nests)
            coefficients = range(sellerWeights.upperBound, entries)
            marks = range(0, nests)
            nestList = range(nests, nests)
            drawEntries = range(nestList.upperBound, entries)
            bounds = range(drawEntries.upperBound, nests &+ 1)
            positions = range(bounds.upperBound, entries)
            sampledFrom = range(positions.upperBound, nests)
        }

        var doubles: Int { coefficients.upperBound }
        var indices: Int { sampledFrom.upperBound }
    }

    /// The buyer's blended price factor s + (1 - s) r for each of the choice table's
    /// output-to-input price ratios r, at its input share s, in `demand.buffers.blend`.
    @inline(__always)
    mutating func fillBlendFactors(inputShare s: Double) {
        let ratios = demand.choiceTable.ratios
        if demand.buffers.blend.count < ratios.count { demand.buffers.blend = Array(repeating: 0, count: ratios.count * 2) }
        demand.buffers.blend.withUnsafeMutableBufferPointer { blend in
            for r in ratios.indices { blend[r] = s + (1 - s) * ratios[r] }
        }
    }

    /// What open weights cost a buyer besides the price, per million tokens of a part of
    /// `monthlyMtok` a month, at `demand.adoptionCostDay`: the young ecosystem's
    /// integration and support per deployment, and, for a security-sensitive buyer,
    /// verification (times the incidents in force) of each family its other part does
    /// not use already (`shared`).
    func adoptionCosts(secure: Bool, monthlyMtok: Double, shared: UInt64, preference: Double) -> AdoptionCosts {
        AdoptionCosts(ecosystem: demand.ecosystemUsdPerMonth / monthlyMtok + preference,
                      verification: secure ? demand.parameters.verificationUsdPerMonth * demand.incidentMultiplier / monthlyMtok : 0,
                      charged: ~shared)
    }

    /// The choice terms that change only with the day: the open ecosystem's cost, a
    /// scaled token a day's monthly million tokens per enterprise, and self-hosting's
    /// GPU cost per million tokens.
    mutating func updateDailyChoiceTerms(day: Double) {
        let p = demand.parameters
        demand.adoptionCostDay = day
        demand.ecosystemUsdPerMonth = p.ecosystemUsdPerMonth(day: day)
        // The growth factors settling already took at this instant (the buyer's accrual
        // settles its offerings first), so this costs no exponential in most choices.
        trends.update(day: day)
        // A buyer's tokensPerDay is scaled to the enterprises it stands for; one
        // enterprise's monthly Mtok is tokensPerDay / buyerScale x usage growth x days.
        demand.mtokPerMonthPerScaledToken = trends.growthAtDay * Days.perMonth / 1e6 / demand.buyerScale
        guard let model = demand.selfHost.model else { return }
        // The royalty binds self-hosted deployments too (`Licence`).
        demand.selfHost.gpuUsdPerMtok = demand.selfHost.usdPerMtokPerBillionActive * catalog.activeParamsB[model.index]
            * trends.netGrowthAtDay / trends.growthAtDay + demand.selfHost.royalty.usdPerMtok
    }

    /// Moves one part of buyer `b`'s workload to choice `j`, keeping the offerings'
    /// aggregates and the buyer's accrual marks consistent.
    mutating func move(_ b: Int, part: Part, to j: BuyerChoice, day: Double) {
        let buyer = demand.buyers[b]
        let old = part == .commodity ? buyer.commodityChoice : buyer.frontierChoice
        guard old != j else { return }
        let familiesBefore = buyer.securitySensitive ? familiesInUse(buyer) : 0
        let share = part == .commodity ? 1 - buyer.frontierShare : buyer.frontierShare
        let tokens = buyer.tokensPerDay * share
        if old == .selfHosted || j == .selfHosted { settleSelfHostRoyalty(day: day) }
        if old == .selfHosted {
            demand.selfHost.parts -= 1
            // With no part left the sum is exactly zero, not the rounding residue of
            // adding and removing the same amounts in another order (-8.9e-19).
            demand.selfHost.tokensPerDay = demand.selfHost.parts == 0 ? 0 : demand.selfHost.tokensPerDay - tokens
        }
        if j == .selfHosted {
            demand.selfHost.parts += 1
            demand.selfHost.tokensPerDay += tokens
        }
        // A router's parts are deployments of their own; a non-router's two parts
        // share one, half each by their shares (`pick` charges it one fixed cost).
        let deployment = buyer.routes ? 1 : share
        if old == .selfHosted || old.offering.map({ offerings[$0].openWeights }) == true {
            demand.openDeployments.remove(deployment)
        }
        if j == .selfHosted || j.offering.map({ offerings[$0].openWeights }) == true {
            demand.openDeployments.add(deployment)
        }
        if let k = old.offering {
            settle(k, day: day)
            offerings[k].aggregates.remove(tokens: tokens, inputShare: buyer.inputShare)
        }
        var mark = (input: 0.0, output: 0.0)
        if let k = j.offering {
            settle(k, day: day)
            offerings[k].aggregates.add(tokens: tokens, inputShare: buyer.inputShare)
            mark = (offerings[k].integrals.input, offerings[k].integrals.output)
        }
        if part == .commodity {
            demand.buyers[b].commodityChoice = j
            demand.buyers[b].commodityMark = mark
        } else {
            demand.buyers[b].frontierChoice = j
            demand.buyers[b].frontierMark = mark
        }
        if buyer.securitySensitive {
            demand.openDeployments.secureFamilies += Double(familiesInUse(demand.buyers[b]).nonzeroBitCount - familiesBefore.nonzeroBitCount)
        }
    }
}
