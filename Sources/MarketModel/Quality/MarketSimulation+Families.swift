import Foundation

/// Families: every lab releases its flagship and its tiers together (`ModelTier`), each
/// a model of its own, and its API sells each generation as offerings of their own.
/// Earlier generations stay on sale until the lab retires them: at a list-price
/// decision when an offering's gross margin since the last did not cover
/// `pricing.model_upkeep_usd_per_month` (the upkeep is a decision threshold, not a booked
/// cost), and at a release beyond `pricing.generations_on_sale`. Buyers of a retired
/// offering choose again, as those of a host's exit do.
extension MarketSimulation {
    /// The tiers of lab `actor` (a frontier or an open lab).
    func tiers(_ actor: ActorID) -> [ModelTier] {
        let (kind, i) = actors.role(of: actor)
        return kind == .frontierLab ? scenario.actors.frontier[i].tiers : scenario.actors.openLabs[i].tiers
    }

    /// The version number of lab `actor`'s next flagship (its earlier flagships counted).
    func flagshipVersion(_ actor: ActorID) -> Int {
        catalog.models.lazy.filter { $0.creator == actor && $0.width == 1 && $0.tier == nil }.count
    }

    /// Releases the tiers of flagship `m` (named after it) and returns their models: each
    /// tier's capability per segment from `ModelTier.capability`, its training cost
    /// `training_cost_share` of the flagship's, booked to the lab with an event unless
    /// `booked` is false (the start's models, trained before the start and not events,
    /// as the start's flagships are).
    /// Tiers are served at full width only: slimmable experts (M5) apply to flagships.
    mutating func releaseTiers(of m: ModelID, booked: Bool = true, day: Double) -> [ModelID] {
        let flagship = catalog[m]
        let actor = flagship.creator
        var models: [ModelID] = []
        for (k, tier) in tiers(actor).enumerated() {
            let width = tier.activeParamsB / flagship.activeParamsB
            let q = flagship.capability.enumerated().map { s, q in ModelTier.capability(flagship: q, width: width, segment: scenario.segments[s],
                                                                                             efficiency: tier.distillationEfficiency) }
            let cost = tier.trainingCostShare * flagship.trainingCostUsd
            let open = flagship.openWeights || tier.openWeights == true
            let t = addModel(name: "\(flagship.name)-\(tier.id)", creator: actor, open: open, capability: q,
                             activeParamsB: tier.activeParamsB, trainingCostUsd: cost, day: day)
            catalog[t].tier = k
            models.append(t)
            guard booked else { continue }
            ledger.bookTraining(cost, by: actor)
            var event = EventRow(day: day, actor: actors.id(of: actor), kind: .tierRelease, model: catalog[t].name)
            event.qualityOverall = catalog[t].overall
            event.costUsd = cost
            result.events.append(event)
        }
        lineup.tierModels[actor.index] = models
        return models
    }

    /// Lab `actor`'s API puts its new generation `models` (flagship, then tiers) on sale,
    /// an offering each: at the prices of the same tier's offering of the generation
    /// before, or else at the scenario's list prices (a frontier lab) or the opening
    /// price (`setOpeningPrice`, an open lab); then retires its oldest generations beyond
    /// `pricing.generations_on_sale`.
    mutating func putFamilyOnSale(_ actor: ActorID, models: [ModelID], day: Double) throws {
        let (kind, i) = actors.role(of: actor)
        let tiers = tiers(actor)
        let before = lineup.generations[actor.index].last
        var family: [OfferingID] = []
        for (k, m) in models.enumerated() {
            let tier = catalog[m].tier.map { tiers[$0] }
            let speed: Double
            var listed: (input: Double, output: Double)?
            if kind == .frontierLab {
                let spec = scenario.actors.frontier[i]
                speed = tier?.tokensPerSecond ?? spec.tokensPerSecond
                listed = tier.map { ($0.inputUsdPerMtok!, $0.outputUsdPerMtok!) } ?? (spec.inputUsdPerMtok, spec.outputUsdPerMtok)
            } else {
                speed = tier?.tokensPerSecond ?? scenario.actors.openLabs[i].api.tokensPerSecond
            }
            let j = addOffering(model: m, seller: actor, open: catalog[m].openWeights, input: listed?.input ?? 1,
                                output: listed?.output ?? 1, tokensPerSecond: speed, costFactor: 1)
            startIntegrals(j, day: day)
            if let before {
                offerings[j].setPrices(input: offerings[before[k]].inputPrice, ratio: offerings[before[k]].outputToInputRatio)
            } else if listed == nil {
                setOpeningPrice(j, day: day)
            }
            offerings[j].upkeepMark = (0, day)
            addWidthOfferings(of: j, day: day)
            family.append(j)
        }
        lineup.generations[actor.index].append(family)
        var retired: [OfferingID] = []
        while lineup.generations[actor.index].count > scenario.pricing.generationsOnSale {
            for j in lineup.generations[actor.index].removeFirst() where activeOfferings.contains(j) {
                retired += takeOffSale(j, kind: .retirement, trigger: .generationCap, day: day)
            }
        }
        try reassign(retired, day: day)
    }

    /// At lab `actor`'s list-price decision: each offering of an older generation whose
    /// gross margin (with its narrower widths') since the last decision does not cover
    /// the upkeep over those days is retired, and its buyers choose again. Every
    /// offering's margin is marked, so the latest generation's is judged from here once
    /// a newer one comes.
    mutating func retireUnprofitable(_ actor: ActorID, day: Double) throws {
        let generations = lineup.generations[actor.index]
        let upkeep = scenario.pricing.modelUpkeepUsdPerMonth
        var retired: [OfferingID] = []
        for (g, family) in generations.enumerated() {
            for j in family where activeOfferings.contains(j) {
                let widths = [j] + (widthMenus.offerings[j] ?? [])
                for k in widths { settle(k, day: day) }
                let margin = widths.reduce(0) { $0 + offerings[$1].revenueTotal - offerings[$1].servingTotal }
                let earned = margin - offerings[j].upkeepMark.margin
                let covers = earned >= upkeep * (day - offerings[j].upkeepMark.day) / Days.perMonth
                offerings[j].upkeepMark = (margin, day)
                if g < generations.count - 1 && !covers { retired += takeOffSale(j, kind: .retirement, trigger: .upkeep, day: day) }
            }
        }
        let onSale = activeOfferings
        lineup.generations[actor.index].removeAll { family in !family.contains(where: onSale.contains) }
        try reassign(retired, day: day)
    }

    /// The latest open-weight models, what hosts may enter: each open lab's flagship and
    /// tiers, frontier labs' open tiers (X17), and each distiller's latest student.
    var latestOpenModels: [ModelID] {
        var models: [ModelID] = []
        for (i, m) in lineup.openModel.enumerated() { models += [m] + lineup.tierModels[actors.open(i).index] }
        for i in lineup.frontierModel.indices { models += lineup.tierModels[actors.frontier(i).index].filter { catalog[$0].openWeights } }
        return models + lineup.distillerModel.compactMap { $0 }
    }

    /// Open lab `lab`'s latest family (flagship, then tiers): what a host that always
    /// hosts it serves.
    func latestFamily(openLab lab: Int) -> [ModelID] {
        [lineup.openModel[lab]] + lineup.tierModels[actors.open(lab).index]
    }
}
