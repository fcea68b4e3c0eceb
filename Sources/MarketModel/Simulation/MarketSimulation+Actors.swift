import Foundation
import SimulationKit

extension MarketSimulation {
    // MARK: - Models and offerings

    mutating func addModel(name: String, kind: ActorKind, creator: Int, open: Bool, quality: [Double],
                           activeParamsB: Double, trainingCostUsd: Double, day: Double) -> Int {
        qualityTable.append(contentsOf: quality)
        activeParamsTable.append(activeParamsB)
        models.append(ModelRecord(name: name, creatorKind: kind, creator: creator, openWeights: open, quality: quality,
                                  overall: compiled.overall(quality), activeParamsB: activeParamsB,
                                  trainingCostUsd: trainingCostUsd, releasedDay: day))
        let m = models.count - 1
        if open {
            for s in 0..<segments { openBest[s] = max(openBest[s], quality[s]) }
            openOverall = max(openOverall, models[m].overall)
            if scenario.buyers.selfHosting.enabled && (selfHostModel < 0 || models[m].overall > models[selfHostModel].overall) {
                selfHostModel = m
                updateSelfHostLicence(day: day)
                ecosystemDay = -Double.infinity
            }
        }
        return m
    }

    mutating func addOffering(model: Int, kind: ActorKind, seller: Int, open: Bool, input: Double, output: Double,
                              tokensPerSecond: Double, costFactor: Double) -> Int {
        var o = Offering(model: model, sellerKind: kind, seller: seller, openWeights: open, inputPrice: input,
                         outputPrice: output, logInputPrice: log(input), outputToInputRatio: output / input,
                         tokensPerSecond: tokensPerSecond, logTokensPerSecond: log(tokensPerSecond),
                         servingCostFactor: costFactor, usageMultiplier: 1)
        o.usageMultiplier = usageMultiplier(input: input, output: output)
        offerings.append(o)
        activeOfferings.append(offerings.count - 1)
        choiceTable.invalidate()
        return offerings.count - 1
    }

    func usageMultiplier(input: Double, output: Double) -> Double {
        let blended = TokenCost.price(input: input, output: output, basis: .blended(inputShare: scenario.report.referenceInputShare))
        return pow(blended / 10, -scenario.buyers.usagePriceElasticity)
    }

    /// Serving cost of offering `j` per million tokens at `day`.
    func servingCost(_ j: Int, day: Double) -> Double {
        servingCost(model: offerings[j].model, costFactor: offerings[j].servingCostFactor, day: day)
    }

    /// Serving cost per million tokens at `day` of `model` on a seller's hardware at
    /// `costFactor`: what an offering costs, or what a host would pay to offer it.
    func servingCost(model m: Int, costFactor: Double, day: Double) -> Double {
        scenario.costs.usdPerMtokPerBillionActive * models[m].activeParamsB * costFactor * exp(-servingDecayRate * day)
    }

    /// Brings offering `j`'s integrals to `day` at its current price, and books the
    /// seller's revenue, serving cost and tokens since the last booking. It runs at every
    /// buyer's choice, so it touches the offering and the seller's account once each.
    mutating func settle(_ j: Int, day: Double) {
        if offerings[j].lastUpdate < day { updateGrowth(day: day) }
        let c0 = scenario.costs.usdPerMtokPerBillionActive * activeParamsTable[offerings[j].model]
            * offerings[j].servingCostFactor
        guard let booked = Self.advance(&offerings[j], to: day, growthRate: usageGrowthRate,
                                        netRate: usageGrowthRate - servingDecayRate, growth: growthAtDay,
                                        net: netGrowthAtDay, servingCostAtStart: c0) else { return }
        if booked.openWeights { periodSecurityOverhead += booked.security * incidentMultiplier }
        periodAccounts[booked.seller].book(revenue: booked.revenue, serving: booked.serving, tokensMtok: booked.tokensMtok)
        if booked.widthMenu { bookWidthTokens(j, mtok: booked.tokensMtok) }
        if booked.licensor >= 0 { bookRoyalty(j, seller: booked.seller, tokensMtok: booked.tokensMtok) }
    }

    /// Brings `growthAtDay` and `netGrowthAtDay` to `day` (once per instant).
    mutating func updateGrowth(day: Double) {
        guard growthDay != day else { return }
        growthDay = day
        growthAtDay = exp(usageGrowthRate * day)
        netGrowthAtDay = exp((usageGrowthRate - servingDecayRate) * day)
    }

    /// What settling an offering books for its seller: revenue, serving cost, tokens
    /// and the security tax its buyers paid since the last booking, with what else the
    /// booking touches (the width menu's token counts, a licensor's royalty).
    struct Booking {
        var seller: Int
        var revenue: Double
        var serving: Double
        var tokensMtok: Double
        var security: Double
        var openWeights: Bool
        var widthMenu: Bool
        var licensor: Int
    }

    /// Advances `o`'s integrals to `day` (in place: settling runs on every buyer review)
    /// and, if it has buyers, adds what its seller earned since the last booking to its
    /// totals and returns it. Usage per buyer grows as exp(g t) and serving cost falls as
    /// exp(-d t); both are integrated exactly between the two instants, from
    /// exp(g day) = `growth` and exp((g - d) day) = `net`.
    static func advance(_ o: inout Offering, to day: Double, growthRate: Double, netRate: Double,
                        growth: Double, net: Double, servingCostAtStart c0: Double) -> Booking? {
        if day - o.lastUpdate > 0 {
            let m = o.usageMultiplier
            let usage = exponentialIntegral(rate: growthRate, from: o.lastUpdate, to: day,
                                            expFrom: o.usageGrowthAtUpdate, expTo: growth)
            o.tokenIntegral += m * usage
            o.inputIntegral += m * o.inputPrice * usage / 1e6
            o.outputIntegral += m * o.outputPrice * usage / 1e6
            o.costIntegral += m * c0 * exponentialIntegral(rate: netRate, from: o.lastUpdate, to: day,
                                                           expFrom: o.netGrowthAtUpdate, expTo: net) / 1e6
            o.lastUpdate = day
            o.usageGrowthAtUpdate = growth
            o.netGrowthAtUpdate = net
        } else if o.bookedInput == o.inputIntegral && o.bookedOutput == o.outputIntegral
                    && o.bookedCost == o.costIntegral && o.bookedToken == o.tokenIntegral {
            // Settled already at this instant (a choice settles its offerings when the
            // buyer accrues and again when it moves): the booking would add zeros.
            return nil
        }
        var booked: Booking?
        if o.aggTokens > 0 {
            let input = o.inputIntegral - o.bookedInput, output = o.outputIntegral - o.bookedOutput
            let booking = Booking(seller: o.seller, revenue: o.aggInput * input + o.aggOutput * output,
                                  serving: o.aggTokens * (o.costIntegral - o.bookedCost),
                                  tokensMtok: o.aggTokens * (o.tokenIntegral - o.bookedToken) / 1e6,
                                  security: o.aggSecurityInput * input + o.aggSecurityOutput * output,
                                  openWeights: o.openWeights, widthMenu: o.widthMenu, licensor: o.licensor)
            o.revenueTotal += booking.revenue
            o.servingTotal += booking.serving
            booked = booking
        }
        o.bookedInput = o.inputIntegral
        o.bookedOutput = o.outputIntegral
        o.bookedCost = o.costIntegral
        o.bookedToken = o.tokenIntegral
        return booked
    }

    /// The integral of exp(rate t) over [from, to], given exp(rate from) and exp(rate to).
    static func exponentialIntegral(rate: Double, from: Double, to: Double, expFrom: Double, expTo: Double) -> Double {
        abs(rate) < 1e-12 ? to - from : (expTo - expFrom) / rate
    }

    /// Starts offering `j`'s integrals at `day` (a host that begins serving a model).
    mutating func startIntegrals(_ j: Int, day: Double) {
        offerings[j].lastUpdate = day
        offerings[j].usageGrowthAtUpdate = exp(usageGrowthRate * day)
        offerings[j].netGrowthAtUpdate = exp((usageGrowthRate - servingDecayRate) * day)
    }

    mutating func setPrice(_ j: Int, input: Double, output: Double, day: Double) {
        reprice(j, day: day) { $0.setPrices(input: input, output: output) }
    }

    /// Sets offering `j`'s input price and its output price at `ratio` to it, the ratio kept exactly.
    mutating func setPrice(_ j: Int, input: Double, ratio: Double, day: Double) {
        reprice(j, day: day) { $0.setPrices(input: input, ratio: ratio) }
    }

    /// Scales offering `j`'s prices by `factor`, keeping their ratio (`Offering.scalePrices`).
    mutating func scalePrice(_ j: Int, by factor: Double, day: Double) {
        reprice(j, day: day) { $0.scalePrices(by: factor) }
    }

    /// Changes offering `j`'s prices by `change`: its integrals settled at the old prices
    /// first, then the choice table and its usage multiplier follow the new ones.
    private mutating func reprice(_ j: Int, day: Double, _ change: (inout Offering) -> Void) {
        settle(j, day: day)
        change(&offerings[j])
        choiceTable.invalidate()
        offerings[j].usageMultiplier = usageMultiplier(input: offerings[j].inputPrice, output: offerings[j].outputPrice)
    }

    /// Moves API offering `j` (an open lab's or a distiller's) to the seller's new release
    /// `m`, its narrower widths with it, its usage up to `day` settled on the old model.
    mutating func moveOffering(_ j: Int, to m: Int, day: Double) {
        settle(j, day: day)
        offerings[j].model = m
        choiceTable.invalidate()
        moveWidthOfferings(of: j, day: day)
    }

    func blendedPrice(_ j: Int) -> Double {
        TokenCost.price(input: offerings[j].inputPrice, output: offerings[j].outputPrice,
                        basis: .blended(inputShare: scenario.report.referenceInputShare))
    }

    // MARK: - Frontier labs

    /// Recomputes the frontier from the labs' latest models and extends the record
    /// of its overall quality (a running maximum, stepped at each rise).
    mutating func updateFrontier(day: Double) {
        var best = Array(repeating: 0.0, count: segments)
        var overall = 0.0
        for m in frontierModel where m >= 0 {
            for s in 0..<segments { best[s] = max(best[s], models[m].quality[s]) }
            overall = max(overall, models[m].overall)
        }
        frontierBest = best
        frontierOverall = overall
        let recorded = frontierRecord.last?.quality ?? -Double.infinity
        if overall > recorded {
            if let last = frontierRecord.last, last.day < day { frontierRecord.append((day, last.quality)) }
            frontierRecord.append((day, overall))
        }
    }

    /// A frontier lab's release: the run that ends now (`quality` nil) reaches its
    /// compute's quality plus noise in each segment, and the lab keeps its best; a
    /// scheduled release (`quality` given) replaces the model at no training cost.
    mutating func frontierRelease(_ lab: Int, day: Double, quality explicit: [Double]?,
                                  scheduler s: inout Scheduler<MarketEvent>) throws {
        let spec = scenario.actors.frontier[lab]
        let previous = models[frontierModel[lab]].quality
        var q = previous
        var cost = 0.0
        if let explicit {
            q = explicit
        } else {
            let run = runQuality(lab, noise: spec.noisePoints)
            for seg in 0..<segments { q[seg] = max(previous[seg], run[seg]) }
            cost = runBudget[lab]
        }
        try checkQuality(q, actor: lab, day: day)
        let version = models.filter { $0.creatorKind == .frontierLab && $0.creator == lab }.count
        let m = addModel(name: "\(spec.id)-\(version)", kind: .frontierLab, creator: lab, open: false, quality: q,
                         activeParamsB: spec.activeParamsB, trainingCostUsd: cost, day: day)
        periodAccounts[lab].training += cost
        let j = frontierOffering[lab]
        settle(j, day: day)
        offerings[j].model = m
        choiceTable.invalidate()
        frontierModel[lab] = m
        updateFrontier(day: day)
        periodCounts.frontierReleases += 1
        var event = EventRow(day: day, actor: spec.id, kind: .frontierRelease, model: models[m].name)
        event.qualityOverall = models[m].overall
        event.costUsd = cost
        result.events.append(event)
        for (d, distiller) in scenario.actors.distillers.enumerated() where day >= compiled.distillerStartDays[d] {
            try s.schedule(.distill(distiller: Int32(d), teacher: Int32(m)),
                           after: drawDuration(distiller.lag, actor: distillerBase + d), priority: EventPriority.release)
        }
    }

    // MARK: - Open labs and distillers

    /// An open lab's release: its own run's quality (compute bought with its budget,
    /// times the MoE speed-up) plus, once it distils, `min(1, distillability x
    /// efficiency)` of the current frontier's lead over that in each segment (M1, M2),
    /// for a share of the teacher's training cost; the lab keeps its best. A scheduled
    /// release (`quality` given) replaces the model at no cost.
    mutating func openRelease(_ lab: Int, day: Double, quality explicit: [Double]?) throws {
        let spec = scenario.actors.openLabs[lab]
        let actor = openBase + lab
        let previous = models[openModel[lab]].quality
        var q = previous
        var training = 0.0, distillation = 0.0
        if let explicit {
            q = explicit
        } else {
            var own = runQuality(actor, noise: spec.noisePoints)
            training = runBudget[actor]
            let distils = spec.distillation.efficiency > 0 && day >= compiled.openDistillationStartDays[lab]
            if distils {
                for seg in 0..<segments where frontierBest[seg] > own[seg] {
                    let transfer = min(1, scenario.segments[seg].distillability * spec.distillation.efficiency)
                    own[seg] += transfer * (frontierBest[seg] - own[seg])
                }
                let teacherCost = frontierModel.map { models[$0].trainingCostUsd }.max() ?? 0
                distillation = spec.distillation.costFraction * teacherCost
            }
            for seg in 0..<segments { q[seg] = max(previous[seg], own[seg]) }
        }
        try checkQuality(q, actor: actor, day: day)
        let cost = training + distillation
        let version = models.filter { $0.creatorKind == .openLab && $0.creator == actor && $0.width == 1 }.count
        let m = addModel(name: "\(spec.id)-\(version)", kind: .openLab, creator: actor, open: true, quality: q,
                         activeParamsB: spec.activeParamsB, trainingCostUsd: cost, day: day)
        addNarrowerWidths(of: m, menu: spec.mose, day: day)
        periodAccounts[actor].training += training
        periodAccounts[actor].distillation += distillation
        openModel[lab] = m
        let j = openOffering[lab]
        if j >= 0 { moveOffering(j, to: m, day: day) }
        periodCounts.openReleases += 1
        var event = EventRow(day: day, actor: spec.id, kind: .openRelease, model: models[m].name)
        event.qualityOverall = models[m].overall
        event.costUsd = cost
        result.events.append(event)
        try hostOwnLabsAndReassign(day: day)
    }

    /// A distiller's student of frontier model `teacher`: on the open labs' best base
    /// in each segment (their latest releases, each its own run plus its own
    /// distillation), it closes `min(1, distillability x efficiency)` of the teacher's
    /// lead. Students are not distilled again: the gap left is a share of the lead of the
    /// teacher over what the open labs trained, so a stronger teacher leaves a larger one.
    mutating func distill(_ d: Int, teacher: Int, day: Double) throws {
        let spec = scenario.actors.distillers[d]
        let actor = distillerBase + d
        let t = models[teacher]
        var base = Array(repeating: 0.0, count: segments)
        for m in openModel { for seg in 0..<segments { base[seg] = max(base[seg], models[m].quality[seg]) } }
        var q = base
        for seg in 0..<segments where t.quality[seg] > base[seg] {
            let transfer = min(1, scenario.segments[seg].distillability * spec.efficiency)
            q[seg] = base[seg] + transfer * (t.quality[seg] - base[seg])
        }
        try checkQuality(q, actor: actor, day: day)
        let cost = spec.costFraction * t.trainingCostUsd
        periodAccounts[actor].distillation += cost
        let version = models.filter { $0.creator == actor && $0.creatorKind == .distiller && $0.width == 1 }.count
        let m = addModel(name: "\(spec.id)-\(version)", kind: .distiller, creator: actor, open: true, quality: q,
                         activeParamsB: spec.activeParamsB, trainingCostUsd: cost, day: day)
        distillerModel[d] = m
        addNarrowerWidths(of: m, menu: spec.mose, day: day)
        periodCounts.distillations += 1
        var event = EventRow(day: day, actor: spec.id, kind: .distillation, model: models[m].name)
        event.teacher = t.name
        event.qualityOverall = models[m].overall
        event.costUsd = cost
        result.events.append(event)
        try hostOwnLabsAndReassign(day: day)
        // After the hosts: a new API opens at the going price of the student.
        if spec.api.enabled { sellStudent(d, model: m, day: day) }
    }

    // MARK: - Exogenous events

    mutating func exogenous(_ index: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        let e = scenario.events[index]
        switch e.type {
        case .release:
            let q = compiled.segmentIDs.enumerated().map { seg, id in e.quality?[id] }
            if let lab = scenario.actors.frontier.firstIndex(where: { $0.id == e.actor }) {
                let current = models[frontierModel[lab]].quality
                try frontierRelease(lab, day: day, quality: zip(q, current).map { $0 ?? $1 }, scheduler: &s)
            } else if let lab = scenario.actors.openLabs.firstIndex(where: { $0.id == e.actor }) {
                let current = models[openModel[lab]].quality
                try openRelease(lab, day: day, quality: zip(q, current).map { $0 ?? $1 })
            }
        case .priceChange:
            guard let lab = scenario.actors.frontier.firstIndex(where: { $0.id == e.actor }),
                  let input = e.inputUsdPerMtok, let output = e.outputUsdPerMtok else { return }
            let j = frontierOffering[lab]
            var event = EventRow(day: day, actor: actorIDs[lab], kind: .priceChange, model: models[offerings[j].model].name)
            (event.inputPriceBefore, event.outputPriceBefore) = (offerings[j].inputPrice, offerings[j].outputPrice)
            setPrice(j, input: input, output: output, day: day)
            frontierPeakPrice[lab] = max(frontierPeakPrice[lab], blendedPrice(j))
            (event.inputPriceAfter, event.outputPriceAfter) = (input, output)
            event.trigger = .scheduled
            result.events.append(event)
        case .backdoorIncident:
            settleAll(day: day)
            activeIncidents[index] = e.taxMultiplier ?? 1
            setIncidentMultiplier(activeIncidents.keys.sorted().reduce(1.0) { $0 * activeIncidents[$1]! })
            try s.schedule(.incidentEnd(index: Int32(index)), after: e.durationDays ?? 0, priority: EventPriority.exogenous)
            var event = EventRow(day: day, actor: "", kind: .backdoorIncident, model: "")
            event.securityTaxMultiplier = incidentMultiplier
            event.durationDays = e.durationDays ?? 0
            event.trigger = .scheduled
            result.events.append(event)
        }
    }

    func checkQuality(_ q: [Double], actor: Int, day: Double) throws {
        for (s, v) in q.enumerated() where !(v.isFinite && v >= 0 && v <= 100) {
            throw MarketError(actor: actorIDs[actor], day: day, date: date(day),
                              message: "quality \(v) in segment \(compiled.segmentIDs[s]) is outside 0...100")
        }
    }

    func date(_ day: Double) -> String { compiled.date(ofDay: day) }
}

/// A run stopped by an impossible state (a NaN, an infinity, a quality outside
/// 0-100, a non-positive price), naming the actor and the time.
public struct MarketError: Error, CustomStringConvertible, Sendable {
    public let actor: String
    public let day: Double
    public let date: String
    public let message: String
    public var description: String {
        "\(actor.isEmpty ? "market" : actor) at \(date) (day \(CSVNumber.format(day))): \(message)"
    }
}
