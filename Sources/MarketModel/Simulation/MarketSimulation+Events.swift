import SimulationKit

extension MarketSimulation {
    /// Routes each engine event to the component that owns it (the folder of the
    /// method named); what the event does is there, not here.
    public mutating func handle(_ event: MarketEvent, scheduler s: inout Scheduler<MarketEvent>) throws {
        let now = s.now
        switch event {
        case .report: try report(day: now, scheduler: &s)
        case .frontierRelease(let lab): try frontierRunEnds(Int(lab), day: now, scheduler: &s)
        case .openRelease(let lab): try openRunEnds(Int(lab), day: now, scheduler: &s)
        case .distill(let d, let teacher): try distill(Int(d), teacher: catalog.model(at: Int(teacher)), day: now)
        case .priceReview(let seller): try reviewPrices(actors.actor(at: Int(seller)), day: now, scheduler: &s)
        case .listPriceDecision(let seller): try decideListPrices(actors.actor(at: Int(seller)), day: now, scheduler: &s)
        case .capacityArrival(let host): capacityArrives(Int(host), day: now)
        case .buyerReview(let b): try review(Int(b), day: now, scheduler: &s)
        case .verificationDone(let b): try verificationDone(Int(b), day: now)
        case .exogenous(let index): try exogenous(Int(index), day: now, scheduler: &s)
        case .incidentEnd(let index): endIncident(Int(index), day: now)
        }
        // Any event may start a security verification (a choice, a withdrawal's forced
        // choice, a release that moves self-hosting to another family).
        if !demand.verificationsStarted.isEmpty { try scheduleVerifications(&s) }
    }
}
