import Foundation
import SimulationKit

extension MarketSimulation {
    /// Adds a released model of `capability` per segment to the catalogue (its quality is
    /// each segment's readout of it); an open one may raise the best open quality and
    /// become what self-hosting buyers run (the best open model overall, a tier on its
    /// merits: it rarely beats a flagship).
    mutating func addModel(name: String, creator: ActorID, open: Bool, capability: [Double],
                           activeParamsB: Double, trainingCostUsd: Double, day: Double) -> ModelID {
        let m = catalog.append(modelRecord(name: name, creator: creator, open: open, capability: capability,
                                           activeParamsB: activeParamsB, trainingCostUsd: trainingCostUsd, day: day))
        if open {
            for s in 0..<segments { leaders.openBest[s] = max(leaders.openBest[s], catalog[m].quality[s]) }
            leaders.openOverall = max(leaders.openOverall, catalog[m].overall)
            leaders.openOverallCapability = max(leaders.openOverallCapability, catalog[m].overallCapability)
            if scenario.buyers.selfHosting.enabled && (demand.selfHost.model.map { catalog[m].overall > catalog[$0].overall } ?? true) {
                moveSelfHosting(to: m, day: day)
                demand.invalidateDailyTerms()
            }
        }
        return m
    }

    /// The record of a model of `capability` per segment: its readouts, its overall
    /// capability (the demand-weighted mean) and that index's aggregate readout.
    func modelRecord(name: String, creator: ActorID, open: Bool, capability: [Double],
                     activeParamsB: Double, trainingCostUsd: Double, day: Double) -> ModelRecord {
        let quality = zip(scenario.segments, capability).map { $0.quality(log10Compute: $1) }
        let overall = compiled.overall(capability)
        return ModelRecord(name: name, creatorKind: actors.kind(of: creator), creator: creator, openWeights: open,
                           capability: capability, quality: quality, overall: scenario.aggregateReadout.quality(index: overall),
                           overallCapability: overall, activeParamsB: activeParamsB,
                           trainingCostUsd: trainingCostUsd, releasedDay: day)
    }

    /// The capability per segment whose readouts are `quality` (a scenario's initial or
    /// scheduled qualities).
    func capability(quality: [Double]) -> [Double] {
        zip(scenario.segments, quality).map { $0.capability(quality: $1) }
    }

    // MARK: - Frontier labs

    /// Frontier lab `lab` starts a training run at `day`; it releases when the run ends.
    mutating func startFrontierRun(_ lab: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        try s.schedule(.frontierRelease(lab: Int32(lab)), after: startRun(actors.frontier(lab), day: day), priority: EventPriority.release)
    }

    /// Frontier lab `lab`'s run ends: it releases, and its next run starts.
    mutating func frontierRunEnds(_ lab: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        try frontierRelease(lab, day: day, capability: nil, scheduler: &s)
        try startFrontierRun(lab, day: day, scheduler: &s)
    }

    /// Recomputes the frontier from the labs' latest models and extends the record
    /// of its overall capability (a running maximum, stepped at each rise).
    mutating func updateFrontier(day: Double) {
        var best = Array(repeating: 0.0, count: segments)
        var overall = 0.0, overallCapability = -Double.infinity
        for m in lineup.frontierModel {
            for s in 0..<segments { best[s] = max(best[s], catalog[m].quality[s]) }
            overall = max(overall, catalog[m].overall)
            overallCapability = max(overallCapability, catalog[m].overallCapability)
        }
        leaders.frontierBest = best
        leaders.frontierOverall = overall
        leaders.frontierOverallCapability = overallCapability
        let recorded = leaders.frontierRecord.last?.capability ?? -Double.infinity
        if overallCapability > recorded {
            if let last = leaders.frontierRecord.last, last.day < day { leaders.frontierRecord.append((day, last.capability)) }
            leaders.frontierRecord.append((day, overallCapability))
        }
    }

    /// A frontier lab's release: the run that ends now (`capability` nil) reaches its
    /// compute's capability plus noise in each segment, and the lab keeps its best; a
    /// scheduled release (`capability` given) sets the flagship at no training cost. Its
    /// tiers are released with it and the family goes on sale (`putFamilyOnSale`).
    mutating func frontierRelease(_ lab: Int, day: Double, capability explicit: [Double]?,
                                  scheduler s: inout Scheduler<MarketEvent>) throws {
        let spec = scenario.actors.frontier[lab]
        let actor = actors.frontier(lab)
        let previous = catalog[lineup.frontierModel[lab]].capability
        var q = previous
        var cost = 0.0
        if let explicit {
            q = explicit
        } else {
            let run = runCapability(actor, noise: spec.noisePoints)
            for seg in 0..<segments { q[seg] = max(previous[seg], run[seg]) }
            cost = research.runBudget[actor]
        }
        try checkCapability(q, actor: actor, day: day)
        let m = addModel(name: "\(spec.id)-\(flagshipVersion(actor))", creator: actor, open: false, capability: q,
                         activeParamsB: spec.activeParamsB, trainingCostUsd: cost, day: day)
        ledger.bookTraining(cost, by: actor)
        lineup.frontierModel[lab] = m
        updateFrontier(day: day)
        period.counts.frontierReleases += 1
        var event = EventRow(day: day, actor: spec.id, kind: .frontierRelease, model: catalog[m].name)
        event.qualityOverall = catalog[m].overall
        event.costUsd = cost
        result.events.append(event)
        let tiers = releaseTiers(of: m, day: day)
        try putFamilyOnSale(actor, models: [m] + tiers, day: day)
        try answerRelease(of: m, day: day, scheduler: &s)
        for (d, distiller) in scenario.actors.distillers.enumerated() where day >= compiled.distillerStartDays[d] && isTeacher(m) {
            try s.schedule(.distill(distiller: Int32(d), teacher: Int32(m.index)),
                           after: drawDuration(distiller.lag, actor: actors.distiller(d)), priority: EventPriority.release)
        }
    }

    // MARK: - Open labs and distillers

    /// Open lab `lab` starts a training run at `day`; it releases when the run ends.
    mutating func startOpenRun(_ lab: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        try s.schedule(.openRelease(lab: Int32(lab)), after: startRun(actors.open(lab), day: day), priority: EventPriority.release)
    }

    /// Open lab `lab`'s run ends: it releases, and its next run starts.
    mutating func openRunEnds(_ lab: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        try openRelease(lab, day: day, capability: nil, scheduler: &s)
        try startOpenRun(lab, day: day, scheduler: &s)
    }

    /// An open lab's release: its own run's capability (compute bought with its budget,
    /// times the MoE speed-up) plus, when it distils, `min(1, distillability x
    /// efficiency)` of the current teachers' lead over that in each segment, on the
    /// capability index (M1, M2), for a share of the teacher's training cost; the lab
    /// keeps its best. It distils when a frontier model is a teacher (`isTeacher`) and
    /// the research money it accrued since its run began covers the cost (paid from it,
    /// so the next run is smaller), from `distillation.active_from` if given. A
    /// scheduled release (`capability` given) sets the flagship at no cost. Its tiers
    /// are released with it; its API, if any, puts the family on sale
    /// (`putFamilyOnSale`).
    mutating func openRelease(_ lab: Int, day: Double, capability explicit: [Double]?,
                              scheduler s: inout Scheduler<MarketEvent>) throws {
        let spec = scenario.actors.openLabs[lab]
        let actor = actors.open(lab)
        let previous = catalog[lineup.openModel[lab]].capability
        var q = previous
        var training = 0.0, distillation = 0.0
        if let explicit {
            q = explicit
        } else {
            var own = runCapability(actor, noise: spec.noisePoints)
            training = research.runBudget[actor]
            // A teacher must exist, and the money accrued for research since the run
            // began must cover the distillation, which it then does not spend on the next run.
            let teachers = lineup.frontierModel.filter { isTeacher($0) }
            let teacherCost = spec.distillation.costFraction * (teachers.map { catalog[$0].trainingCostUsd }.max() ?? 0)
            accrueResearch(actor, day: day)
            if spec.distillation.efficiency > 0 && day >= compiled.openDistillationStartDays[lab] && !teachers.isEmpty
                && research.pool[actor] >= teacherCost {
                for seg in 0..<segments where own[seg].isFinite {
                    let teacher = teachers.map { catalog[$0].capability[seg] }.max()!
                    guard teacher > own[seg] else { continue }
                    let transfer = min(1, scenario.segments[seg].distillability * spec.distillation.efficiency)
                    own[seg] += transfer * (teacher - own[seg])
                }
                distillation = teacherCost
                research.pool[actor] -= teacherCost
            }
            for seg in 0..<segments { q[seg] = max(previous[seg], own[seg]) }
        }
        try checkCapability(q, actor: actor, day: day)
        let cost = training + distillation
        let m = addModel(name: "\(spec.id)-\(flagshipVersion(actor))", creator: actor, open: true, capability: q,
                         activeParamsB: spec.activeParamsB, trainingCostUsd: cost, day: day)
        addNarrowerWidths(of: m, menu: spec.mose, day: day)
        ledger.bookTraining(training, by: actor)
        ledger.bookDistillation(distillation, by: actor)
        lineup.openModel[lab] = m
        period.counts.openReleases += 1
        var event = EventRow(day: day, actor: spec.id, kind: .openRelease, model: catalog[m].name)
        event.qualityOverall = catalog[m].overall
        event.costUsd = cost
        result.events.append(event)
        let tiers = releaseTiers(of: m, day: day)
        if spec.api.enabled { try putFamilyOnSale(actor, models: [m] + tiers, day: day) }
        try hostOwnLabsAndReassign(day: day)
        try answerRelease(of: m, day: day, scheduler: &s)
    }

    /// Whether frontier model `m` is a teacher worth distilling (`TeacherRule`): its
    /// readout in the rule's segment reaches the rule's minimum.
    func isTeacher(_ m: ModelID) -> Bool {
        guard let s = compiled.teacherSegment else { return true }
        return catalog[m].quality[s] >= scenario.teachers.minQuality
    }

    /// A model's capability is finite in every segment (its readouts are then inside
    /// 0 and the soft limit).
    func checkCapability(_ q: [Double], actor: ActorID, day: Double) throws {
        for (s, v) in q.enumerated() where !v.isFinite {
            throw MarketError(actor: actors.id(of: actor), day: day, date: date(day),
                              message: "capability \(v) in segment \(compiled.segmentIDs[s]) is not finite")
        }
    }

    func date(_ day: Double) -> String { compiled.date(ofDay: day) }
}
