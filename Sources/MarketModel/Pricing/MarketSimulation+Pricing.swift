import Foundation
import SimulationKit

extension MarketSimulation {
    /// Rebuilds the choice table, first moving its entries' demand sums into their
    /// offerings (the entries are about to change).
    mutating func rebuildChoiceTable() {
        flushDemand()
        demand.choiceTable.rebuild(active: activeOfferings, offerings: offerings, segments: segments)
        if demand.entrySums.count < 2 * demand.choiceTable.count { demand.entrySums = Array(repeating: 0, count: demand.choiceTable.count * 4) }
    }

    /// Moves the choice table's per-entry demand sums into the offerings' own.
    mutating func flushDemand() {
        for (k, e) in demand.choiceTable.entries.enumerated() where 2 * k + 1 < demand.entrySums.count {
            let j = Int(e.offering)
            offerings[j].demandSum += demand.entrySums[2 * k]
            offerings[j].slopeSum += demand.entrySums[2 * k + 1]
            demand.entrySums[2 * k] = 0
            demand.entrySums[2 * k + 1] = 0
        }
    }

    /// One recurring review per price reviewer (`CompiledScenario.priceReviewers`),
    /// every `pricing.review_days`, the first one at a uniform offset within the first
    /// period drawn from a stream of its own (so reviews do not move any other draw).
    mutating func schedulePriceReviews(_ s: inout Scheduler<MarketEvent>) throws {
        let setters = compiled.priceReviewers
        let period = scenario.pricing.reviewDays
        let streams = RandomStreamBank(seed: seed, keys: setters.map { StreamKey("price_review/\(actors.kind(of: $0).name)/\(actors.id(of: $0))") })
        for (i, actor) in setters.enumerated() {
            let start = streams.stream(i).uniform() * period
            try s.scheduleRecurring(.priceReview(seller: Int32(actor.index)), start: start, period: period,
                                    priority: EventPriority.priceReview)
        }
    }

    /// Seller `actor`'s review: each of its active offerings moves toward its best
    /// response to the demand it faced since the last review (`BestResponse`), at its
    /// marginal cost (`marginalCost`: serving, a host's capacity, the royalty it owes).
    /// A host first reviews its business (`reviewHost`: exit, capacity, entry) and
    /// rations demand by price when it exceeds its capacity.
    mutating func reviewPrices(_ actor: ActorID, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        flushDemand()
        let policy = scenario.pricing
        var utilisation = 0.0
        let (kind, i) = actors.role(of: actor)
        if kind == .infra {
            try reviewHost(i, day: day, scheduler: &s)
            guard policy.openBestResponse else { return }
            flushDemand()
            utilisation = self.utilisation(i, day: day)
        }
        for j in activeOfferings where offerings[j].seller == actor {
            let o = offerings[j]
            let eta = BestResponse.elasticity(demand: o.demandSum, slope: o.slopeSum)
            offerings[j].demandSum = 0
            offerings[j].slopeSum = 0
            if let eta {
                priceRecord.periodElasticity[o.sellerKind.rawValue].sum += o.demandSum * eta
                priceRecord.periodElasticity[o.sellerKind.rawValue].weight += o.demandSum
            }
            let price = blendedPrice(j)
            let next = BestResponse.nextPrice(price: price, cost: marginalCost(j, day: day), elasticity: eta,
                                              maxStep: policy.maxStep, floorMargin: policy.floorMargin,
                                              utilisation: utilisation)
            guard next != price else { continue }
            let factor = next / price
            scalePrice(j, by: factor, day: day)
            guard o.sellerKind == .frontierLab else { continue }
            priceRecord.frontierPeak[i] = max(priceRecord.frontierPeak[i], next)
            if factor < 1 {
                period.counts.priceCuts += 1
                result.priceCutFractions.append(1 - next / priceRecord.frontierPeak[i])
            }
            var event = EventRow(day: day, actor: actors.id(of: actor), kind: .priceChange, model: catalog[o.model].name)
            (event.inputPriceBefore, event.inputPriceAfter) = (o.inputPrice, o.inputPrice * factor)
            (event.outputPriceBefore, event.outputPriceAfter) = (o.outputPrice, o.outputPrice * factor)
            event.trigger = .bestResponse
            result.events.append(event)
        }
    }

    /// The price a new open-weight offering opens at, before its first review: the
    /// cheapest blended price of the same model elsewhere, or else twice its marginal
    /// cost (serving, a host's capacity, the royalty); split into input and output
    /// prices by the market's output-to-input ratio.
    mutating func setOpeningPrice(_ j: Int, day: Double) {
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
    /// The actors that review their prices, in global actor order: frontier labs, and
    /// open labs and distillers with an API, unless the scenario holds their prices, and
    /// every host, who reviews its capacity and the models it hosts even when its prices
    /// are held. The one list that schedules the reviews and that `ResourceEstimate`
    /// counts.
    public var priceReviewers: [ActorID] {
        let a = scenario.actors, actors = actorDirectory
        var setters: [ActorID] = []
        if scenario.pricing.frontierBestResponse { setters += a.frontier.indices.map(actors.frontier) }
        if scenario.pricing.openBestResponse {
            setters += a.openLabs.indices.filter { a.openLabs[$0].api.enabled }.map(actors.open)
            setters += a.distillers.indices.filter { a.distillers[$0].api.enabled }.map(actors.distiller)
        }
        setters += a.infra.indices.map(actors.infra)
        return setters
    }
}
