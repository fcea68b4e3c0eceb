import Foundation
import SimulationKit

extension MarketSimulation {
    /// Rebuilds the choice table at `day` (its margins are the sellers' at that day's
    /// marginal costs), first moving its entries' demand sums into their offerings (the
    /// entries are about to change).
    mutating func rebuildChoiceTable(day: Double) {
        flushDemand()
        var margins = [Double](repeating: 0, count: offerings.count)
        for j in activeOfferings { margins[j.index] = blendedPrice(j) - marginalCost(j, day: day) }
        demand.choiceTable.rebuild(active: activeOfferings, offerings: offerings, catalog: catalog, segments: segments,
                                   screen: demand.parameters.consideration.fullMenu ? nil : demand.screen) { margins[$0.index] }
        // The shortlist's marks are laid out by the table's size (`ScratchLayout`).
        for i in demand.buffers.indices.indices { demand.buffers.indices[i] = 0 }
        let sums = DemandSums.count(entries: demand.choiceTable.count)
        if demand.buffers.entrySums.count < sums {
            demand.buffers.entrySums = Array(repeating: 0, count: sums * 2)
        }
        if demand.buffers.sellerMargins.count < demand.choiceTable.recaptureSlotCount {
            demand.buffers.sellerMargins = Array(repeating: 0, count: demand.choiceTable.recaptureSlotCount * 2)
        }
    }

    /// Moves the choice table's per-entry demand sums into the offerings' own.
    mutating func flushDemand() {
        let entries = demand.choiceTable.entries
        for k in entries.indices where DemandSums.count(entries: k + 1) <= demand.buffers.entrySums.count {
            let j = entries[k].offering
            let d = DemandSums.index(entry: k, sum: 0), s = DemandSums.index(entry: k, sum: 1)
            let c = DemandSums.index(entry: k, sum: 2), r = DemandSums.index(entry: k, sum: 3)
            offerings[j].sums.demand += demand.buffers.entrySums[d]
            offerings[j].sums.slope += demand.buffers.entrySums[s]
            offerings[j].sums.curvature += demand.buffers.entrySums[c]
            offerings[j].sums.recapture += demand.buffers.entrySums[r]
            demand.buffers.entrySums[d] = 0
            demand.buffers.entrySums[s] = 0
            demand.buffers.entrySums[c] = 0
            demand.buffers.entrySums[r] = 0
        }
    }

    /// Schedules every seller's first price decision, each at a uniform offset within
    /// its first period drawn from a stream of its own (so reviews do not move any other
    /// draw): a lab's first list-price decision within `pricing.lab_review_days` (the
    /// next ones follow each decision), a host's recurring review every
    /// `pricing.review_days`.
    mutating func schedulePriceReviews(_ s: inout Scheduler<MarketEvent>) throws {
        let labs = compiled.listPriceSetters
        let setters = labs + compiled.hostReviewers
        let policy = scenario.pricing
        let streams = RandomStreamBank(seed: seed, keys: setters.map { StreamKey("price_review/\(actors.kind(of: $0).name)/\(actors.id(of: $0))") })
        priceRecord.nextDecision = Array(repeating: (.infinity, nil, nil), count: actors.ids.count)
        for (i, actor) in setters.enumerated() {
            if i < labs.count {
                try scheduleDecision(actor, at: streams.stream(i).uniform() * policy.labReviewDays, rival: nil, scheduler: &s)
            } else {
                try s.scheduleRecurring(.priceReview(seller: Int32(actor.index)), start: streams.stream(i).uniform() * policy.reviewDays,
                                        period: policy.reviewDays, priority: EventPriority.priceReview)
            }
        }
    }

    /// Lab `lab`'s next list-price decision at `day` (brought forward by the release of
    /// `rival`, or scheduled when nil), replacing the one pending.
    mutating func scheduleDecision(_ lab: ActorID, at day: Double, rival: ModelID?, scheduler s: inout Scheduler<MarketEvent>) throws {
        if let pending = priceRecord.nextDecision[lab.index].handle { s.cancel(pending) }
        let handle = try s.schedule(.listPriceDecision(seller: Int32(lab.index)), at: day, priority: EventPriority.priceReview)
        priceRecord.nextDecision[lab.index] = (day, handle, rival)
    }

    /// Model `m`'s release changes the demand every lab but its creator faces: each
    /// decides `pricing.release_response_days` later, unless its next decision comes
    /// sooner.
    mutating func answerRelease(of m: ModelID, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        let response = day + scenario.pricing.releaseResponseDays
        for lab in compiled.listPriceSetters where lab != catalog[m].creator && priceRecord.nextDecision[lab.index].day > response {
            try scheduleDecision(lab, at: response, rival: m, scheduler: &s)
        }
    }

    /// Lab `actor`'s list-price decision: each of its active offerings moves in one step
    /// to its estimated best response against the demand seen since the last decision
    /// (`BestResponse.listPrice`), at its marginal cost (`marginalCost`: serving, the
    /// royalty it owes), when that lies outside the menu-cost band; each change books
    /// the menu cost and an event. It first retires older generations' offerings that
    /// do not cover their upkeep (`retireUnprofitable`). The next scheduled decision
    /// follows in `pricing.lab_review_days`.
    mutating func decideListPrices(_ actor: ActorID, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        if actors.kind(of: actor) != .distiller { try retireUnprofitable(actor, day: day) }
        flushDemand()
        let policy = scenario.pricing
        let rival = priceRecord.nextDecision[actor.index].rival
        for j in activeOfferings where offerings[j].seller == actor {
            let price = blendedPrice(j), cost = marginalCost(j, day: day)
            let response = observedResponse(j, price: price)
            let target = BestResponse.listPrice(price: price, cost: cost, response: response,
                                                limit: policy.decisionLimit, floorMargin: policy.floorMargin)
            guard BestResponse.changes(price: price, to: target, band: policy.menuCostBand,
                                       floor: cost * (1 + policy.floorMargin)) else { continue }
            ledger.bookMenuCost(policy.menuCostUsd, by: actor)
            recordListPriceChange(j, factor: target / price, rival: rival, day: day)
        }
        try scheduleDecision(actor, at: day + policy.labReviewDays, rival: nil, scheduler: &s)
    }

    /// Scales lab offering `j`'s list price by `factor` and records the change: an
    /// event row with its cause (a scheduled decision, or one `rival`'s release brought
    /// forward), and for a frontier lab's latest flagship its running peak and cuts (H7:
    /// a flagship's price history; a tier's or an older generation's price is another
    /// product's).
    mutating func recordListPriceChange(_ j: OfferingID, factor: Double, rival: ModelID?, day: Double) {
        let o = offerings[j]
        scalePrice(j, by: factor, day: day)
        var event = EventRow(day: day, actor: actors.id(of: o.seller), kind: .priceChange, model: catalog[o.model].name)
        (event.inputPriceBefore, event.inputPriceAfter) = (o.inputPrice, offerings[j].inputPrice)
        (event.outputPriceBefore, event.outputPriceAfter) = (o.outputPrice, offerings[j].outputPrice)
        event.trigger = rival == nil ? .scheduledReview : .rivalRelease
        event.triggerModel = rival.map { catalog[$0].name } ?? ""
        result.events.append(event)
        guard o.sellerKind == .frontierLab, j == lineup.flagshipOffering(o.seller) else { return }
        let i = actors.role(of: o.seller).index
        let next = blendedPrice(j)
        priceRecord.notePeak(next, frontierLab: i)
        if factor < 1 {
            period.counts.priceCuts += 1
            result.priceCutFractions.append(1 - next / priceRecord.frontierPeak[i])
        }
    }

    /// Offering `j`'s own-price elasticity, its slope and the recapture ratio of its
    /// seller's other offerings from the demand seen since its seller's last review, at
    /// blended price `price` (nil when none was seen), its sums restarted, and the
    /// elasticity weighed into the month's of its seller's kind.
    mutating func observedResponse(_ j: OfferingID, price: Double) -> DemandResponse? {
        let o = offerings[j]
        let response = BestResponse.response(demand: o.sums.demand, slope: o.sums.slope, curvature: o.sums.curvature,
                                             recapture: o.sums.recapture, price: price)
        offerings[j].sums = DemandSums()
        if let response {
            priceRecord.weighElasticity(response.elasticity, demand: o.sums.demand, kind: o.sellerKind)
        }
        return response
    }

    /// Host `host`'s review: it first reviews its business (`reviewHost`: exit,
    /// capacity, entry), then each of its active offerings moves toward its best
    /// response to the demand it faced since the last review (`BestResponse.nextPrice`),
    /// at its marginal cost (serving, capacity, the royalty it owes), rationing demand
    /// by price when it exceeds its capacity.
    mutating func reviewPrices(_ actor: ActorID, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        let policy = scenario.pricing
        let host = actors.role(of: actor).index
        flushDemand()
        try reviewHost(host, day: day, scheduler: &s)
        guard policy.openBestResponse else { return }
        flushDemand()
        let utilisation = self.utilisation(host, day: day)
        for j in activeOfferings where offerings[j].seller == actor {
            let price = blendedPrice(j)
            let response = observedResponse(j, price: price)
            let next = BestResponse.nextPrice(price: price, cost: marginalCost(j, day: day), response: response,
                                              maxStep: policy.maxStep, floorMargin: policy.floorMargin,
                                              utilisation: utilisation)
            if next != price { scalePrice(j, by: next / price, day: day) }
        }
    }

    /// The price a new open-weight offering opens at, before its first review: the
    /// cheapest blended price of the same model elsewhere, or else twice its marginal
    /// cost (serving, a host's capacity, the royalty); split into input and output
    /// prices by the market's output-to-input ratio.
    mutating func setOpeningPrice(_ j: OfferingID, day: Double) {
        let model = offerings[j].model
        var blended = 2 * marginalCost(j, day: day)
        var seen = false
        for k in activeOfferings where k != j && offerings[k].model == model {
            blended = seen ? min(blended, blendedPrice(k)) : blendedPrice(k)
            seen = true
        }
        let ratio = scenario.costs.outputToInputPriceRatio
        let share = scenario.report.referenceInputShare
        let input = blended / (share + (1 - share) * ratio)
        setPrice(j, input: input, ratio: ratio, day: day)
    }
}

extension CompiledScenario {
    /// The labs that set list prices, in global actor order: frontier labs, and open
    /// labs and distillers with an API, unless the scenario holds their prices.
    public var listPriceSetters: [ActorID] {
        let a = scenario.actors, actors = actorDirectory
        var setters: [ActorID] = []
        if scenario.pricing.frontierBestResponse { setters += a.frontier.indices.map(actors.frontier) }
        if scenario.pricing.openBestResponse {
            setters += a.openLabs.indices.filter { a.openLabs[$0].api.enabled }.map(actors.open)
            setters += a.distillers.indices.filter { a.distillers[$0].api.enabled }.map(actors.distiller)
        }
        return setters
    }

    /// Every host, who reviews its capacity and the models it hosts even when its
    /// prices are held.
    public var hostReviewers: [ActorID] { scenario.actors.infra.indices.map(actorDirectory.infra) }
}
