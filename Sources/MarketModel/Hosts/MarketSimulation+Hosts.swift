import Foundation
import SimulationKit

extension MarketSimulation {
    // MARK: - Capacity and its costs

    /// The price of capacity at `day`: USD per million tokens a day of capacity per
    /// month, falling with the price of compute (`costs.compute.annual_decline`).
    func capacityPrice(day: Double) -> Double {
        scenario.costs.capacityUsdPerMtokPerDayMonth * exp(-trends.capacityDecayRate * day)
    }

    /// What one more million tokens a day of sustained demand costs a host per million
    /// tokens in capacity: it expands to serve demand at its target utilisation, so each
    /// Mtok/day takes 1 / target of capacity, paid monthly over `Days.perMonth` days of tokens.
    func capacityCostPerMtok(_ p: Int, day: Double) -> Double {
        capacityPrice(day: day) / (scenario.actors.infra[p].capacity.targetUtilisation * Days.perMonth)
    }

    /// What a million tokens costs a lab's own API in capacity: it holds capacity sized
    /// to its demand as it comes, at `costs.lab_capacity_utilisation`, so each token
    /// pays for its share of a month's capacity (what a host's long-run marginal cost
    /// is, without a host's lag and lumps).
    func labCapacityCostPerMtok(day: Double) -> Double {
        capacityPrice(day: day) / (scenario.costs.labCapacityUtilisation * Days.perMonth)
    }

    /// `labCapacityCostPerMtok` at the start (the same value, bit for bit, since the
    /// price's decay factor is exactly 1 there), without the exponential: every
    /// settlement of a lab's offering reads it.
    var labCapacityCostAtStart: Double {
        scenario.costs.capacityUsdPerMtokPerDayMonth / (scenario.costs.labCapacityUtilisation * Days.perMonth)
    }

    /// Marginal cost of offering `j` per million tokens at `day` (`marginalCost(model:...)`).
    func marginalCost(_ j: OfferingID, day: Double) -> Double {
        let o = offerings[j]
        return marginalCost(model: o.model, seller: o.seller, costFactor: o.servingCostFactor,
                            royaltyUsdPerMtok: o.royaltyUsdPerMtok, day: day)
    }

    /// Marginal cost per million tokens at `day` of `model` sold by `seller` on hardware
    /// at `costFactor`: serving cost, the capacity each sustained token needs (a host's
    /// long-run marginal cost at its target; a lab's API's at its utilisation), and the
    /// royalty it owes for the model (`Licence`).
    /// What a price review prices against, and what a host's entry prospect expects.
    func marginalCost(model m: ModelID, seller: ActorID, costFactor: Double, royaltyUsdPerMtok: Double, day: Double) -> Double {
        let serving = servingCost(model: m, costFactor: costFactor, day: day)
        let (kind, p) = actors.role(of: seller)
        let capacity = kind == .infra ? capacityCostPerMtok(p, day: day) : labCapacityCostPerMtok(day: day)
        return serving + capacity + royaltyUsdPerMtok
    }

    /// Host `p`'s fixed cost (`capacity_usd_per_model_month`) of hosting `models` models
    /// for `days` days.
    func fixedHostingCost(_ p: Int, models: Int, days: Double) -> Double {
        scenario.actors.infra[p].capacityUsdPerModelMonth * Double(models) * days / Days.perMonth
    }

    /// Books host `p`'s capacity charge and its fixed cost per hosted model
    /// (`capacity_usd_per_model_month`) from its mark to `day`. Called before its
    /// capacity or its set of models changes, and at every report.
    mutating func accrueHostCosts(_ p: Int, day: Double) {
        let from = hosting.states[p].costMarkDay
        guard day > from else { return }
        let integralDays = Self.exponentialIntegral(rate: -trends.capacityDecayRate, from: from, to: day,
                                                    expFrom: exp(-trends.capacityDecayRate * from), expTo: exp(-trends.capacityDecayRate * day))
        let capacity = hosting.states[p].capacityMtokPerDay * scenario.costs.capacityUsdPerMtokPerDayMonth * integralDays / Days.perMonth
        let fixed = fixedHostingCost(p, models: hosting.hosted[p].count, days: day - from)
        ledger.bookCapacity(capacity + fixed, by: actors.infra(p))
        hosting.states[p].capacityCostSinceReview += capacity
        hosting.states[p].costMarkDay = day
    }

    /// Offering `j`'s demand now, million tokens a day.
    func demandMtokPerDay(_ j: OfferingID, day: Double) -> Double {
        offerings[j].aggregates.tokens * exp(trends.usageGrowthRate * day) / 1e6
    }

    /// Host `p`'s demand now over all its offerings, million tokens a day.
    func servedMtokPerDay(_ p: Int, day: Double) -> Double {
        var served = 0.0
        let actor = actors.infra(p)
        for j in activeOfferings where offerings[j].seller == actor { served += demandMtokPerDay(j, day: day) }
        return served
    }

    /// Demand over capacity (infinite when it has demand and no capacity).
    func utilisation(_ p: Int, day: Double) -> Double {
        let served = servedMtokPerDay(p, day: day)
        return served > 0 ? served / hosting.states[p].capacityMtokPerDay : 0
    }

    /// Orders capacity for host `p` to serve `demand` Mtok/day at its target utilisation
    /// at delivery (demand grows with usage over the mean lag), if it has no order
    /// pending and its capacity falls short; the lag is drawn from its own stream.
    mutating func orderCapacity(_ p: Int, demand: Double, day: Double, trigger: EventTrigger,
                                scheduler s: inout Scheduler<MarketEvent>) throws {
        let spec = scenario.actors.infra[p]
        guard hosting.states[p].pendingMtokPerDay == 0 else { return }
        let needed = demand * exp(trends.usageGrowthRate * spec.capacity.expansionLag.meanDays) / spec.capacity.targetUtilisation
        guard needed > hosting.states[p].capacityMtokPerDay else { return }
        let lag = drawDuration(spec.capacity.expansionLag, actor: actors.infra(p))
        hosting.states[p].pendingMtokPerDay = needed - hosting.states[p].capacityMtokPerDay
        try s.schedule(.capacityArrival(host: Int32(p)), after: lag, priority: EventPriority.release)
        var event = EventRow(day: day, actor: spec.id, kind: .capacityExpansion, model: "")
        event.capacityMtokPerDay = needed
        event.durationDays = lag
        event.trigger = trigger
        result.events.append(event)
    }

    /// Ordered capacity arrives.
    mutating func capacityArrives(_ p: Int, day: Double) {
        accrueHostCosts(p, day: day)
        hosting.states[p].capacityMtokPerDay += hosting.states[p].pendingMtokPerDay
        hosting.states[p].pendingMtokPerDay = 0
    }

    // MARK: - A host's review: exit, capacity, entry

    /// Host `p`'s review of its business before it reprices: it drops each model whose
    /// offering lost money over its exit window (buyers on it choose again), orders
    /// capacity when utilisation is above target or lets it run down when low, and
    /// enters the open model with the best expected monthly profit, if positive
    /// (`entryProspect`); at its `max_models` cap, only in place of the model that earns
    /// it least, and only if the new one promises more. Work is a pass over the active offerings, never over buyers,
    /// except the forced re-choices of a dropped model's buyers.
    mutating func reviewHost(_ p: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        let actor = actors.infra(p)
        let spec = scenario.actors.infra[p]
        let mine = activeOfferings.filter { offerings[$0].seller == actor }
        for j in mine { settle(j, day: day) }
        accrueHostCosts(p, day: day)
        let served = servedMtokPerDay(p, day: day)
        let permanent = Set(spec.alwaysHost.flatMap { id in
            scenario.actors.openLabs.firstIndex(where: { $0.id == id }).map { latestFamily(openLab: $0) } ?? [] })
        var withdrawn: [OfferingID] = []
        let fullWidth = mine.filter { offerings[$0].width == 1 }
        for j in fullWidth {
            let o = offerings[j]
            var record = hosting.ledgers[j]!
            // A model served at several widths (M5) is judged with all its widths.
            let widths = [j] + (widthMenus.offerings[j] ?? [])
            let revenue = widths.reduce(0) { $0 + offerings[$1].revenueTotal }
            let serving = widths.reduce(0) { $0 + offerings[$1].servingTotal }
            let demand = widths.reduce(0) { $0 + demandMtokPerDay($1, day: day) }
            let share = served > 0 ? demand / served : 1 / Double(fullWidth.count)
            let profit = (revenue - record.revenueAtReview) - (serving - record.servingAtReview)
                - fixedHostingCost(p, models: 1, days: day - record.markDay) - hosting.states[p].capacityCostSinceReview * share
            record.revenueAtReview = revenue
            record.servingAtReview = serving
            record.profits.append(profit)
            record.days.append(day - record.markDay)
            record.markDay = day
            if record.profits.count > spec.capacity.exitWindowReviews {
                record.profits.removeFirst()
                record.days.removeFirst()
            }
            hosting.ledgers[j] = record
            if !permanent.contains(o.model), record.profits.count == spec.capacity.exitWindowReviews,
               record.profits.reduce(0, +) < 0 {
                withdrawn += withdraw(j, day: day, trigger: .exit)
            }
        }
        hosting.states[p].capacityCostSinceReview = 0
        try reassign(withdrawn, day: day)

        let demand = servedMtokPerDay(p, day: day)
        let capacity = hosting.states[p].capacityMtokPerDay
        let settling = day - hosting.states[p].lastEntryDay < Double(spec.capacity.exitWindowReviews) * scenario.pricing.reviewDays
        if demand > spec.capacity.targetUtilisation * capacity {
            try orderCapacity(p, demand: demand, day: day, trigger: .utilisation, scheduler: &s)
        } else if demand < spec.capacity.releaseBelow * capacity, hosting.states[p].pendingMtokPerDay == 0, !settling {
            hosting.states[p].capacityMtokPerDay = demand / spec.capacity.targetUtilisation
            var event = EventRow(day: day, actor: spec.id, kind: .capacityRelease, model: "")
            event.capacityMtokPerDay = hosting.states[p].capacityMtokPerDay
            event.trigger = .utilisation
            result.events.append(event)
        }

        guard let entry = entryProspect(p, day: day) else { return }
        if hosting.hosted[p].count >= spec.maxModels {
            // At its cap a host replaces the model that earns it least, if the new one
            // promises more (a model it entered needs one review before it can be judged).
            var worst: (offering: OfferingID, monthlyProfit: Double)?
            for j in activeOfferings where offerings[j].seller == actor && !permanent.contains(offerings[j].model) {
                guard let monthly = hosting.ledgers[j]?.monthlyProfit else { continue }
                if worst == nil || monthly < worst!.monthlyProfit { worst = (j, monthly) }
            }
            guard let worst, worst.monthlyProfit < entry.monthlyProfit else { return }
            try reassign(withdraw(worst.offering, day: day, trigger: .replaced), day: day)
        }
        host(p, model: entry.model, day: day, trigger: .entry)
        hosting.states[p].lastEntryDay = day
        try orderCapacity(p, demand: demand + entry.demandMtokPerDay, day: day, trigger: .entry, scheduler: &s)
    }

    /// The open model host `p` would enter now, with the demand it expects there, if any
    /// is expected to pay: the latest open models it does not host (`latestOpenModels`:
    /// open labs' flagships and tiers, frontier labs' open tiers, distillers' students), each judged by the monthly profit D x `Days.perMonth` x (p - c) - fixed cost, where
    /// - D is a logit estimate of its demand: a model already offered by n sellers with
    ///   demand D_m gives a new seller D_m / (n + 1); a model no one offers is compared
    ///   with the best-quality open model on offer (n_r sellers, demand D_r), whose
    ///   buyers would give it weight w = e^((s(q) - s(q_r)) / theta) against each of
    ///   them: D = D_r w / (n_r + w), s the success rate at overall quality and theta the
    ///   buyers' median taste scale (`Utility`: a success rate's worth over tau);
    /// - p is the cheapest price of that model (or of the reference) on offer now, the
    ///   price it would open at; c is its serving cost plus capacity at target utilisation.
    func entryProspect(_ p: Int, day: Double) -> (model: ModelID, demandMtokPerDay: Double, monthlyProfit: Double)? {
        let spec = scenario.actors.infra[p]
        // Per model on offer: sellers, demand (Mtok/day) and cheapest blended price, in
        // the order the models first appear among the active offerings.
        var pools: [ModelID: (sellers: Double, demand: Double, price: Double)] = [:]
        var reference: ModelID?
        // A narrower width's demand counts for its released model (M5); sellers and the
        // price are the full width's.
        for j in activeOfferings where offerings[j].openWeights {
            let full = offerings[j].width == 1
            let m = full ? offerings[j].model : catalog[offerings[j].model].fullWidth!
            let price = blendedPrice(j)
            var pool = pools[m] ?? (0, 0, .infinity)
            pool.demand += demandMtokPerDay(j, day: day)
            if full {
                pool.sellers += 1
                pool.price = min(pool.price, price)
            }
            pools[m] = pool
            if reference.map({ (catalog[m].overall, -m.index) > (catalog[$0].overall, -$0.index) }) ?? true { reference = m }
        }
        guard let reference else { return nil }
        let theta = scenario.buyers.tasteScale.clampedMedian
        let k = scenario.buyers.successExponent
        func success(_ q: Double) -> Double { Utility.success(q, exponent: k) }
        let fixed = spec.capacityUsdPerModelMonth
        var best: (model: ModelID, demandMtokPerDay: Double, monthlyProfit: Double)?
        for m in latestOpenModels where hosting.hosted[p][m] == nil {
            let own = pools[m]
            let pool = own ?? pools[reference]!
            let weight = own != nil ? 1 : exp((success(catalog[m].overall) - success(catalog[reference].overall)) / theta)
            let demand = pool.demand * weight / (pool.sellers + weight)
            let cost = marginalCost(model: m, seller: actors.infra(p), costFactor: spec.servingCostFactor,
                                    royaltyUsdPerMtok: licenceTerms(model: m, payer: actors.infra(p)).usdPerMtok, day: day)
            let profit = demand * Days.perMonth * (pool.price - cost) - fixed
            if profit > 0, best == nil || profit > best!.monthlyProfit { best = (m, demand, profit) }
        }
        return best
    }

    // MARK: - Hosting and withdrawing

    /// Host `p` starts offering `model`: an offering at its opening price, and an event.
    @discardableResult
    mutating func host(_ p: Int, model m: ModelID, day: Double, trigger: EventTrigger) -> OfferingID {
        let spec = scenario.actors.infra[p]
        accrueHostCosts(p, day: day)
        let j = addOffering(model: m, seller: actors.infra(p), open: true, input: 1, output: 1,
                            tokensPerSecond: spec.tokensPerSecond, costFactor: spec.servingCostFactor)
        (offerings[j].licensor, offerings[j].royaltyUsdPerMtok) = licenceTerms(model: m, payer: actors.infra(p))
        startIntegrals(j, day: day)
        setOpeningPrice(j, day: day)
        hosting.hosted[p][m] = j
        hosting.ledgers[j] = HostOfferingLedger(markDay: day)
        addWidthOfferings(of: j, day: day)
        var event = EventRow(day: day, actor: spec.id, kind: .hostingStart, model: catalog[m].name)
        event.trigger = trigger
        result.events.append(event)
        return j
    }

    /// Takes offering `j` off the menu, with its narrower widths (M5); returns them all:
    /// their buyers must choose again (`reassign`).
    @discardableResult
    mutating func withdraw(_ j: OfferingID, day: Double, trigger: EventTrigger) -> [OfferingID] {
        let p = actors.role(of: offerings[j].seller).index
        accrueHostCosts(p, day: day)
        hosting.hosted[p][offerings[j].model] = nil
        hosting.ledgers[j] = nil
        return takeOffSale(j, kind: .hostingEnd, trigger: trigger, day: day)
    }

    /// Each host serves its always-hosted labs' latest families, flagship and tiers (a
    /// lab that runs its own cloud, H11), replacing their earlier versions; every other
    /// model it hosts it entered by expected profit at a review. Returns the offerings
    /// withdrawn.
    @discardableResult
    mutating func hostOwnLabs(day: Double) -> [OfferingID] {
        var withdrawn: [OfferingID] = []
        for (p, spec) in scenario.actors.infra.enumerated() {
            for id in spec.alwaysHost {
                guard let lab = scenario.actors.openLabs.firstIndex(where: { $0.id == id }) else { continue }
                let latest = latestFamily(openLab: lab)
                for j in activeOfferings where offerings[j].seller == actors.infra(p) && !latest.contains(offerings[j].model)
                    && offerings[j].width == 1
                    && catalog[offerings[j].model].creator == actors.open(lab) {
                    withdrawn += withdraw(j, day: day, trigger: .release)
                }
                for m in latest where hosting.hosted[p][m] == nil { host(p, model: m, day: day, trigger: .release) }
            }
        }
        return withdrawn
    }

    mutating func hostOwnLabsAndReassign(day: Double) throws {
        try reassign(hostOwnLabs(day: day), day: day)
    }

    /// The buyers of withdrawn offerings choose again (no switching cost). A pass over
    /// the buyers, run only when an offering is withdrawn.
    mutating func reassign(_ withdrawn: [OfferingID], day: Double) throws {
        guard !withdrawn.isEmpty else { return }
        // By `BuyerChoice.slot`: 1 for a withdrawn offering, 0 for any other choice.
        var gone = [Int](repeating: 0, count: offerings.count + 2)
        // The buyers' parts on the withdrawn offerings (`move` counts each offering's).
        var stranded = 0
        for j in withdrawn where gone[BuyerChoice(j).slot] == 0 {
            gone[BuyerChoice(j).slot] = 1
            stranded += offerings[j].aggregates.parts
        }
        guard stranded > 0 else { return }
        // The buyers to choose again, found first in one read-only pass (a buyer's choice
        // moves only its own parts, so choosing cannot change which others lost theirs),
        // which ends at the last part stranded.
        var lost: [Int] = []
        demand.buyers.withUnsafeBufferPointer { buyers in
            gone.withUnsafeBufferPointer { gone in
                var found = 0
                for b in buyers.indices {
                    let parts = gone[buyers[b].commodityChoice.slot] &+ gone[buyers[b].frontierChoice.slot]
                    guard parts > 0 && buyers[b].adopted else { continue }
                    lost.append(b)
                    found &+= parts
                    if found >= stranded { break }
                }
            }
        }
        for b in lost { try choose(b, day: day, forced: true) }
    }
}
