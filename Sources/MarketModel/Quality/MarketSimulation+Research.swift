import Foundation
import SimulationKit

extension MarketSimulation {
    // MARK: - Research budgets and training runs (see `ResearchProgram`)

    /// The training of lab `actor` (a frontier lab, then an open lab, in global order).
    func training(_ actor: ActorID) -> LabTraining {
        let (kind, i) = actors.role(of: actor)
        return kind == .frontierLab ? scenario.actors.frontier[i].training : scenario.actors.openLabs[i].training
    }

    /// Effective compute per dollar relative to a dense model: sparse MoE's training
    /// speed-up for open labs (M4), 1 for frontier labs.
    func trainingEfficiency(_ actor: ActorID) -> Double {
        let (kind, i) = actors.role(of: actor)
        return kind == .frontierLab ? 1 : scenario.actors.openLabs[i].moeTrainingSpeedup
    }

    /// Adds to lab `actor`'s research pool what it earned for research up to `day`:
    /// its margin share of the gross margin booked since the last accrual and its
    /// outside funding since then.
    mutating func accrueResearch(_ actor: ActorID, day: Double) {
        let gross = ledger.accounts[actor].revenue - ledger.accounts[actor].serving
        research.pool[actor] += training(actor).research.marginShare * max(0, gross - research.marginDrawn[actor])
        research.marginDrawn[actor] = gross
        research.pool[actor] += compiled.funding[actor].integral(from: research.fundedTo[actor], to: day)
        research.fundedTo[actor] = day
    }

    /// Accrues every lab's research up to the report at `day`, before the period's
    /// accounts are cleared (the next period's margin is drawn from zero).
    mutating func accrueResearchAtReport(day: Double) {
        for actor in actors.labs {
            accrueResearch(actor, day: day)
            research.marginDrawn[actor] = 0
        }
    }

    /// The starting pool of lab `actor`: one mean run's worth of its funding at the start.
    func initialResearchPool(_ actor: ActorID) -> Double {
        compiled.funding[actor].rate(at: 0) * training(actor).releaseInterval.meanDays
    }

    /// Starts lab `actor`'s next run on `day`, paid by everything in its pool, and
    /// returns its length in days: mean x (compute / reference)^exponent times a gamma
    /// draw of mean 1 (one draw whatever the size, so paired runs stay in step), at
    /// least the minimum; with no budget, the mean (the lab looks again then).
    mutating func startRun(_ actor: ActorID, day: Double) -> Double {
        accrueResearch(actor, day: day)
        let spec = training(actor).research
        let budget = research.pool[actor]
        research.pool[actor] = 0
        let log10Compute = scenario.costs.compute.log10Compute(usd: budget, day: day, efficiency: trainingEfficiency(actor))
        research.runBudget[actor] = budget
        research.runLog10Compute[actor] = log10Compute
        let interval = training(actor).releaseInterval
        var noise = 1.0
        if interval.cv > 0 {
            let shape = 1 / (interval.cv * interval.cv)
            noise = actorStreams.stream(actor.index).gamma(shape: shape, scale: 1 / shape)
        }
        guard log10Compute.isFinite else { return interval.meanDays }
        let size = pow(10, spec.sizeExponent * (log10Compute - spec.referenceLog10Compute))
        return max(spec.minimumRunDays, interval.meanDays * size * noise)
    }

    /// The capability per segment that lab `actor`'s finished run reaches: the run's
    /// log10 effective compute plus a normal draw, of `noise` points where the segment's
    /// readout is steepest (`Segment.decadesPerPoint`); minus infinity with no budget
    /// (the lab keeps its previous model).
    func runCapability(_ actor: ActorID, noise: Double) -> [Double] {
        let g = actorStreams.stream(actor.index)
        let log10Compute = research.runLog10Compute[actor]
        return scenario.segments.map { segment in
            let drawn = g.gaussian(sigma: noise * segment.decadesPerPoint)
            return log10Compute.isFinite ? log10Compute + drawn : -.infinity
        }
    }
}
