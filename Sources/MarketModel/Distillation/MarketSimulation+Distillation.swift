import Foundation
import SimulationKit

extension MarketSimulation {
    /// A distiller's student of frontier model `teacher`: on the open labs' best base
    /// in each segment (their latest releases, each its own run plus its own
    /// distillation), it closes `min(1, distillability x efficiency)` of the teacher's
    /// lead on the capability index. Students are not distilled again: the gap left is a
    /// share of the lead of the teacher over what the open labs trained, so a stronger
    /// teacher leaves a larger one.
    mutating func distill(_ d: Int, teacher: ModelID, day: Double) throws {
        let spec = scenario.actors.distillers[d]
        let actor = actors.distiller(d)
        let t = catalog[teacher]
        var base = Array(repeating: -Double.infinity, count: segments)
        // Flagships only: a tier is below its flagship in every segment (`ModelTier.capability`).
        for m in lineup.openModel { for seg in 0..<segments { base[seg] = max(base[seg], catalog[m].capability[seg]) } }
        var q = base
        for seg in 0..<segments where t.capability[seg] > base[seg] {
            let transfer = min(1, scenario.segments[seg].distillability * spec.efficiency)
            q[seg] = base[seg] + transfer * (t.capability[seg] - base[seg])
        }
        try checkCapability(q, actor: actor, day: day)
        let cost = spec.costFraction * t.trainingCostUsd
        ledger.bookDistillation(cost, by: actor)
        let version = catalog.models.filter { $0.creator == actor && $0.width == 1 }.count
        let m = addModel(name: "\(spec.id)-\(version)", creator: actor, open: true, capability: q,
                         activeParamsB: spec.activeParamsB, trainingCostUsd: cost, day: day)
        lineup.distillerModel[d] = m
        addNarrowerWidths(of: m, menu: spec.mose, day: day)
        period.counts.distillations += 1
        var event = EventRow(day: day, actor: spec.id, kind: .distillation, model: catalog[m].name)
        event.teacher = t.name
        event.qualityOverall = catalog[m].overall
        event.costUsd = cost
        result.events.append(event)
        try hostOwnLabsAndReassign(day: day)
        // After the hosts: a new API opens at the going price of the student.
        if spec.api.enabled { sellStudent(d, model: m, day: day) }
    }

    /// Distiller `d` sells its new student `model` through its own API (the first
    /// student opens the offering, as a host's new model does; later ones replace it).
    /// Called after the hosts have taken the student up, so the API opens at the
    /// cheapest host's price: opened first, at twice its own serving cost, it set the
    /// price every host copies (`setOpeningPrice`), above the one a host with a lower
    /// serving cost would open at, and raised the price of the best open model for
    /// months.
    mutating func sellStudent(_ d: Int, model: ModelID, day: Double) {
        if let j = lineup.distillerOffering[d] {
            moveOffering(j, to: model, day: day)
            return
        }
        let api = scenario.actors.distillers[d].api
        let k = addOffering(model: model, seller: actors.distiller(d), open: true, input: 1, output: 1,
                            tokensPerSecond: api.tokensPerSecond, costFactor: 1)
        startIntegrals(k, day: day)
        setOpeningPrice(k, day: day)
        lineup.distillerOffering[d] = k
        addWidthOfferings(of: k, day: day)
    }
}
