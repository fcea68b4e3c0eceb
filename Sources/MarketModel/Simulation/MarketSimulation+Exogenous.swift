import Foundation
import SimulationKit

extension MarketSimulation {
    // MARK: - Exogenous events

    mutating func exogenous(_ index: Int, day: Double, scheduler s: inout Scheduler<MarketEvent>) throws {
        let e = scenario.events[index]
        switch e.type {
        case .release:
            // The segments it names take the capability their quality reads; the others keep the lab's.
            let q = scenario.segments.map { segment in e.quality?[segment.id].map { segment.capability(quality: $0) } }
            if let lab = scenario.actors.frontier.firstIndex(where: { $0.id == e.actor }) {
                let current = catalog[lineup.frontierModel[lab]].capability
                try frontierRelease(lab, day: day, capability: zip(q, current).map { $0 ?? $1 }, scheduler: &s)
            } else if let lab = scenario.actors.openLabs.firstIndex(where: { $0.id == e.actor }) {
                let current = catalog[lineup.openModel[lab]].capability
                try openRelease(lab, day: day, capability: zip(q, current).map { $0 ?? $1 }, scheduler: &s)
            }
        case .priceChange:
            // A scheduled price change reprices the lab's latest flagship.
            guard let lab = scenario.actors.frontier.firstIndex(where: { $0.id == e.actor }),
                  let input = e.inputUsdPerMtok, let output = e.outputUsdPerMtok,
                  let j = lineup.flagshipOffering(actors.frontier(lab)) else { return }
            var event = EventRow(day: day, actor: actors.id(of: actors.frontier(lab)), kind: .priceChange, model: catalog[offerings[j].model].name)
            (event.inputPriceBefore, event.outputPriceBefore) = (offerings[j].inputPrice, offerings[j].outputPrice)
            setPrice(j, input: input, output: output, day: day)
            priceRecord.notePeak(blendedPrice(j), frontierLab: lab)
            (event.inputPriceAfter, event.outputPriceAfter) = (input, output)
            event.trigger = .scheduled
            result.events.append(event)
        case .backdoorIncident:
            settleAll(day: day)
            demand.setIncident(index, multiplier: e.taxMultiplier ?? 1)
            try s.schedule(.incidentEnd(index: Int32(index)), after: e.durationDays ?? 0, priority: EventPriority.exogenous)
            var event = EventRow(day: day, actor: "", kind: .backdoorIncident, model: "")
            event.securityTaxMultiplier = demand.incidentMultiplier
            event.durationDays = e.durationDays ?? 0
            event.trigger = .scheduled
            result.events.append(event)
        }
    }

    /// Backdoor incident `index` ends: verification's cost falls back to the incidents still active.
    mutating func endIncident(_ index: Int, day: Double) {
        settleAll(day: day)
        demand.setIncident(index, multiplier: nil)
        var event = EventRow(day: day, actor: "", kind: .backdoorIncidentEnd, model: "")
        event.securityTaxMultiplier = demand.incidentMultiplier
        result.events.append(event)
    }
}
