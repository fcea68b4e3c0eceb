import Foundation
import SimulationKit

extension MarketSimulation {
    /// Adds a released model to the catalogue; an open one may raise the best open
    /// quality and become what self-hosting buyers run (the best open model overall, a
    /// tier on its merits: it rarely beats a flagship).
    mutating func addModel(name: String, creator: ActorID, open: Bool, quality: [Double],
                           activeParamsB: Double, trainingCostUsd: Double, day: Double) -> ModelID {
        let m = catalog.append(ModelRecord(name: name, creatorKind: actors.kind(of: creator), creator: creator, openWeights: open, quality: quality,
                                           overall: compiled.overall(quality), activeParamsB: activeParamsB,
                                           trainingCostUsd: trainingCostUsd, releasedDay: day))
        if open {
            for s in 0..<segments { leaders.openBest[s] = max(leaders.openBest[s], quality[s]) }
            leaders.openOverall = max(leaders.openOverall, catalog[m].overall)
            if scenario.buyers.selfHosting.enabled && (demand.selfHost.model.map { catalog[m].overall > catalog[$0].overall } ?? true) {
                moveSelfHosting(to: m, day: day)
                demand.invalidateDailyTerms()
            }
        }
        return m
    }

    // MARK: - Frontier labs

    /// Frontier lab `lab` starts a training run at `day`; it releases when the run ends.
    mutating func startFrontierRun(_ lab: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        try s.schedule(.frontierRelease(lab: Int32(lab)), after: startRun(actors.frontier(lab), day: day), priority: EventPriority.release)
    }

    /// Frontier lab `lab`'s run ends: it releases, and its next run starts.
    mutating func frontierRunEnds(_ lab: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        try frontierRelease(lab, day: day, quality: nil, scheduler: &s)
        try startFrontierRun(lab, day: day, scheduler: &s)
    }

    /// Recomputes the frontier from the labs' latest models and extends the record
    /// of its overall quality (a running maximum, stepped at each rise).
    mutating func updateFrontier(day: Double) {
        var best = Array(repeating: 0.0, count: segments)
        var overall = 0.0
        for m in lineup.frontierModel {
            for s in 0..<segments { best[s] = max(best[s], catalog[m].quality[s]) }
            overall = max(overall, catalog[m].overall)
        }
        leaders.frontierBest = best
        leaders.frontierOverall = overall
        let recorded = leaders.frontierRecord.last?.quality ?? -Double.infinity
        if overall > recorded {
            if let last = leaders.frontierRecord.last, last.day < day { leaders.frontierRecord.append((day, last.quality)) }
            leaders.frontierRecord.append((day, overall))
        }
    }

    /// A frontier lab's release: the run that ends now (`quality` nil) reaches its
    /// compute's quality plus noise in each segment, and the lab keeps its best; a
    /// scheduled release (`quality` given) sets the flagship at no training cost. Its
    /// tiers are released with it and the family goes on sale (`putFamilyOnSale`).
    mutating func frontierRelease(_ lab: Int, day: Double, quality explicit: [Double]?,
                                  scheduler s: inout Scheduler<MarketEvent>) throws {
        let spec = scenario.actors.frontier[lab]
        let actor = actors.frontier(lab)
        let previous = catalog[lineup.frontierModel[lab]].quality
        var q = previous
        var cost = 0.0
        if let explicit {
            q = explicit
        } else {
            let run = runQuality(actor, noise: spec.noisePoints)
            for seg in 0..<segments { q[seg] = max(previous[seg], run[seg]) }
            cost = research.runBudget[actor]
        }
        try checkQuality(q, actor: actor, day: day)
        let m = addModel(name: "\(spec.id)-\(flagshipVersion(actor))", creator: actor, open: false, quality: q,
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
        for (d, distiller) in scenario.actors.distillers.enumerated() where day >= compiled.distillerStartDays[d] {
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
        try openRelease(lab, day: day, quality: nil, scheduler: &s)
        try startOpenRun(lab, day: day, scheduler: &s)
    }

    /// An open lab's release: its own run's quality (compute bought with its budget,
    /// times the MoE speed-up) plus, once it distils, `min(1, distillability x
    /// efficiency)` of the current frontier's lead over that in each segment (M1, M2),
    /// for a share of the teacher's training cost; the lab keeps its best. A scheduled
    /// release (`quality` given) sets the flagship at no cost. Its tiers are released
    /// with it; its API, if any, puts the family on sale (`putFamilyOnSale`).
    mutating func openRelease(_ lab: Int, day: Double, quality explicit: [Double]?,
                              scheduler s: inout Scheduler<MarketEvent>) throws {
        let spec = scenario.actors.openLabs[lab]
        let actor = actors.open(lab)
        let previous = catalog[lineup.openModel[lab]].quality
        var q = previous
        var training = 0.0, distillation = 0.0
        if let explicit {
            q = explicit
        } else {
            var own = runQuality(actor, noise: spec.noisePoints)
            training = research.runBudget[actor]
            let distils = spec.distillation.efficiency > 0 && day >= compiled.openDistillationStartDays[lab]
            if distils {
                for seg in 0..<segments where leaders.frontierBest[seg] > own[seg] {
                    let transfer = min(1, scenario.segments[seg].distillability * spec.distillation.efficiency)
                    own[seg] += transfer * (leaders.frontierBest[seg] - own[seg])
                }
                let teacherCost = lineup.frontierModel.map { catalog[$0].trainingCostUsd }.max() ?? 0
                distillation = spec.distillation.costFraction * teacherCost
            }
            for seg in 0..<segments { q[seg] = max(previous[seg], own[seg]) }
        }
        try checkQuality(q, actor: actor, day: day)
        let cost = training + distillation
        let m = addModel(name: "\(spec.id)-\(flagshipVersion(actor))", creator: actor, open: true, quality: q,
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

    func checkQuality(_ q: [Double], actor: ActorID, day: Double) throws {
        for (s, v) in q.enumerated() where !(v.isFinite && v >= 0 && v <= 100) {
            throw MarketError(actor: actors.id(of: actor), day: day, date: date(day),
                              message: "quality \(v) in segment \(compiled.segmentIDs[s]) is outside 0...100")
        }
    }

    func date(_ day: Double) -> String { compiled.date(ofDay: day) }
}
