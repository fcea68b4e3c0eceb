import Foundation
import SimulationKit

/// One replication of the AI model market on the discrete-event engine.
///
/// Build it from a compiled scenario and a seed, call `run()`, and read the result.
/// Every actor draws from its own stream, keyed by its role and id (buyers by index),
/// so two scenarios run with the same seed share common random numbers and adding an
/// actor never changes another's draws.
public struct MarketSimulation: SimulationModel, ~Copyable {
    public typealias Event = MarketEvent

    let compiled: CompiledScenario
    let seed: UInt64
    let actors: ActorDirectory
    let actorStreams: RandomStreamBank
    let buyerStreams: RandomStreamBank

    // The components, each owning its state (see the folders of the same names).
    var catalog = ModelCatalog()
    var offerings = OfferingList()
    var lineup: Lineup
    var leaders: QualityLeaders
    var research: ResearchBudgets
    var hosting: Hosting
    var widthMenus = WidthMenus()
    var priceRecord: PriceRecord
    var demand: Demand
    var ledger: Ledger
    var trends: MarketTrends
    var period = ReportPeriod()
    let recorder: RunRecorder

    /// The run's output.
    public internal(set) var result: RunResult

    // Views of the components' state, under the names every component reads.
    var scenario: Scenario { compiled.scenario }
    var segments: Int { compiled.segmentIDs.count }
    var activeOfferings: [OfferingID] { offerings.active }

    /// Prepares replication `replication` of `compiled` under `seed` (the replication's
    /// own seed, already derived). `scheme` seeds the streams; only tests change it, to
    /// show that their checks reject a broken seeding.
    public init(compiled: CompiledScenario, seed: UInt64, replication: Int,
                scheme: StreamSeeding.Scheme = StreamSeeding.state) {
        self.compiled = compiled
        self.seed = seed
        let a = compiled.scenario.actors
        actors = compiled.actorDirectory
        actorStreams = RandomStreamBank(seed: seed, keys: zip(actors.kinds, actors.ids).map { StreamKey("\($0.name)/\($1)") },
                                        scheme: scheme)
        buyerStreams = RandomStreamBank(seed: seed, family: "buyer", count: compiled.scenario.buyers.count, scheme: scheme)
        lineup = Lineup(a)
        leaders = QualityLeaders(segments: compiled.segmentIDs.count)
        research = ResearchBudgets(labs: a.frontier.count + a.openLabs.count)
        hosting = Hosting(a.infra)
        priceRecord = PriceRecord(frontierLabs: a.frontier.count)
        demand = Demand(compiled)
        ledger = Ledger(actors: actors.ids.count, segments: compiled.segmentIDs.count, periods: compiled.reportDays.count)
        trends = MarketTrends(compiled.scenario)
        recorder = RunRecorder(compiled: compiled)
        result = RunResult(replication: replication, seed: seed)
    }

    /// Runs the replication to the horizon and returns its output.
    public mutating func run() throws -> RunResult {
        var scheduler = Scheduler<MarketEvent>(start: 0, expectedPending: scenario.buyers.count + 64)
        try setUp(&scheduler)
        try scheduler.run(&self, until: compiled.reportDays.last!)
        try checkMoneyConserved(day: compiled.reportDays.last!)
        recorder.fillBooked(&result.trajectory, from: ledger.segments)
        result.fingerprint = scheduler.fingerprint.description
        result.eventsExecuted = scheduler.eventsExecuted
        return result
    }

    // MARK: - Set-up

    mutating func setUp(_ s: inout Scheduler<MarketEvent>) throws {
        let a = scenario.actors
        for (i, lab) in a.frontier.enumerated() {
            let q = capability(quality: compiled.segmentIDs.map { lab.training.initialQuality[$0]! })
            let actor = actors.frontier(i)
            research.pool[actor] = initialResearchPool(actor)
            let m = addModel(name: "\(lab.id)-0", creator: actor, open: false, capability: q,
                             activeParamsB: lab.activeParamsB, trainingCostUsd: research.pool[actor], day: 0)
            lineup.frontierModel.append(m)
            try putFamilyOnSale(actor, models: [m] + releaseTiers(of: m, booked: false, day: 0), day: 0)
            priceRecord.notePeak(blendedPrice(lineup.flagshipOffering(actor)!), frontierLab: i)
            try startFrontierRun(i, day: 0, scheduler: &s)
        }
        // The record holds the history's indexes, each at most the next's (and the
        // start's), so it stays nondecreasing.
        var ceiling = lineup.frontierModel.map { catalog[$0].overallCapability }.max() ?? .infinity
        for (day, c) in compiled.history.reversed() {
            ceiling = min(ceiling, c)
            leaders.frontierRecord.insert((day, ceiling), at: 0)
        }
        updateFrontier(day: 0)
        for (i, lab) in a.openLabs.enumerated() {
            let q = capability(quality: compiled.segmentIDs.map { lab.training.initialQuality[$0]! })
            let actor = actors.open(i)
            research.pool[actor] = initialResearchPool(actor)
            let m = addModel(name: "\(lab.id)-0", creator: actor, open: true, capability: q,
                             activeParamsB: lab.activeParamsB, trainingCostUsd: research.pool[actor], day: 0)
            lineup.openModel.append(m)
            addNarrowerWidths(of: m, menu: lab.mose, day: 0)
            let tiers = releaseTiers(of: m, booked: false, day: 0)
            if lab.api.enabled { try putFamilyOnSale(actor, models: [m] + tiers, day: 0) }
            try startOpenRun(i, day: 0, scheduler: &s)
        }
        hostOwnLabs(day: 0)
        try schedulePriceReviews(&s)
        rebuildChoiceTable(day: 0)
        updateDailyChoiceTerms(day: 0)
        try setUpBuyers(&s)
        for (i, day) in compiled.eventDays.enumerated() {
            try s.schedule(.exogenous(index: Int32(i)), at: day, priority: EventPriority.exogenous)
        }
        try s.schedule(.report, at: 0, priority: EventPriority.report)
    }

    mutating func setUpBuyers(_ s: inout Scheduler<MarketEvent>) throws {
        let p = scenario.buyers
        let shares = compiled.weights
        let bass = p.adoption
        demand.buyers.reserveCapacity(p.count)
        demand.welfare = Array(repeating: BuyerWelfare(), count: p.count)
        for b in 0..<p.count {
            let g = buyerStreams.stream(b)
            let segment = g.choose(weights: shares)
            let tokens = g.lognormal(zeta: log(p.tokensPerDay.median), sigma: p.tokensPerDay.sigma)
            let inputShare = drawBeta(g, p.inputShare)
            var frontierShare = drawBeta(g, p.frontierWorkShare)
            if let f = compiled.frontierSegment { if segment == f { frontierShare = 1 } } else { frontierShare = 0 }
            // One value level per buyer, shared by its segments (`Segment.valueUsdPerMtok`).
            let z = min(3, max(-3, g.gaussian(sigma: 1)))
            let own = scenario.segments[segment], front = scenario.segments[compiled.frontierSegment ?? segment]
            let taste = p.tasteScale.clamped(g.lognormal(zeta: log(p.tasteScale.median), sigma: p.tasteScale.sigma))
            let routes = g.bernoulli(p.routingShare)
            let secure = g.bernoulli(p.securitySensitiveShare)
            let u = g.uniform()
            let adoptionDay = bass.adoptionDay(uniform: u)
            var buyer = BuyerState(segment: segment, tokensPerDay: tokens * demand.buyerScale, inputShare: inputShare,
                                   frontierShare: frontierShare,
                                   valueOwn: own.valueUsdPerMtok * exp(own.valueSigma * z),
                                   valueFrontier: front.valueUsdPerMtok * exp(front.valueSigma * z), valueBand: ConsiderationSet.band(z: z),
                                   tasteScale: taste, routes: routes, securitySensitive: secure, adoptionDay: adoptionDay)
            // Drawn last, and only when it varies, so that a scenario without it draws
            // every other trait (and every later review) as before.
            let preference = p.proprietaryPreference
            buyer.proprietaryPreference = Float(preference.sigma > 0 ? preference.mean + g.gaussian(sigma: preference.sigma) : preference.mean)
            demand.buyers.append(buyer)
            if adoptionDay <= compiled.reportDays.last! {
                try s.schedule(.buyerReview(buyer: Int32(b)), at: adoptionDay, priority: EventPriority.buyer)
            }
        }
    }

    func drawBeta(_ g: RandomGenerator, _ p: BetaParameters) -> Double {
        g.beta(p.mean * p.concentration, (1 - p.mean) * p.concentration)
    }

    func drawDuration(_ d: DurationDistribution, actor: ActorID) -> Double {
        let g = actorStreams.stream(actor.index)
        if d.cv <= 0 { return d.meanDays }
        let shape = 1 / (d.cv * d.cv)
        return g.gamma(shape: shape, scale: d.meanDays / shape)
    }
}
