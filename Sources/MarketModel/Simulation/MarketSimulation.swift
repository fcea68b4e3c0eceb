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
    let scenario: Scenario
    let seed: UInt64
    let replication: Int
    let segments: Int
    let actorIDs: [String]
    let actorKinds: [ActorKind]
    // Global actor index offsets.
    let openBase: Int
    let distillerBase: Int
    let infraBase: Int

    let actorStreams: RandomStreamBank
    let buyerStreams: RandomStreamBank

    var models: [ModelRecord] = []
    /// Every model's quality per segment, model-major (`model * segments + segment`):
    /// what a buyer's choice reads, flat, so the hot loop touches no nested array.
    var qualityTable: [Double] = []
    /// Every model's active parameters (billions), by model: what settling reads.
    var activeParamsTable: [Double] = []
    var offerings: [Offering] = []
    /// Indices of the active offerings, in creation order: what buyers choose among.
    var activeOfferings: [Int] = []
    var buyers: [BuyerState] = []
    /// Latest model of each frontier lab and open lab.
    var frontierModel: [Int]
    var openModel: [Int]
    /// Offering of each frontier lab and open lab API (-1: none).
    var frontierOffering: [Int]
    var openOffering: [Int]
    /// Offering of each distiller's API (-1: none yet, or it sells none).
    var distillerOffering: [Int]
    /// Infra provider -> (model -> offering).
    var hosted: [[Int: Int]]
    /// Each host's capacity and cost book, and each hosted offering's recent profits.
    var hosts: [HostState]
    var hostLedger: [Int: HostOfferingLedger] = [:]
    /// Latest model of each distiller (-1: none yet): with the open labs', what hosts may enter.
    var distillerModel: [Int]
    /// A full-width offering of a model served at several widths -> its narrower
    /// widths' offerings, widest first (M5, `MarketSimulation+Widths`).
    var widthOfferings: [Int: [Int]] = [:]
    /// The month's bought tokens (Mtok) of models served at several widths: all of them,
    /// those below full width, and their sum weighted by width.
    var periodWidthTokens = (menu: 0.0, narrower: 0.0, widthWeighted: 0.0)
    /// Each frontier lab's highest blended price so far, and its blended price at
    /// every report: what the price-cut figures are measured from.
    var frontierPeakPrice: [Double]
    var frontierPriceAtReports: [[Double]]
    var frontierBest: [Double]
    var openBest: [Double]
    var frontierOverall = 0.0
    var openOverall = 0.0
    /// The frontier's overall quality over time (pre-start history, then releases),
    /// nondecreasing: what the gap as a time lag reads.
    var frontierRecord: [(day: Double, quality: Double)] = []
    /// Per lab (frontier labs, then open labs): research money accrued and not yet
    /// spent, the period's gross margin already accrued, the day funding is accrued to,
    /// and the budget and log10 effective compute of the run in progress.
    var researchPool: [Double]
    var researchMarginDrawn: [Double]
    var researchFundedTo: [Double]
    var runBudget: [Double]
    var runLog10Compute: [Double]
    var incidentMultiplier = 1.0
    var activeIncidents: [Int: Double] = [:]

    // Period accumulators, per global actor: revenue, serving, training, distillation, capacity, tokens (Mtok).
    var periodAccounts: [ActorAccount]
    var cumulativeProfit: [Double]
    var cumulativeGrossMargin: [Double]
    /// Buyers' spend since the start (buyer-side ledger) and sellers' revenue in the
    /// periods already reported (seller-side): `checkMoneyConserved` compares them.
    var buyerSpendTotal = 0.0
    var sellerRevenueTotal = 0.0
    /// The buyers' spend since the start by the kind of seller they bought from (the
    /// buyer-side ledger, one lane per `ActorKind`).
    var buyerSpendByKindTotal = SIMD4<Double>()
    var periodSecurityOverhead = 0.0
    /// Buyers' surplus (equivalent variation against the start-of-run menu, see
    /// `BuyerWelfare`) over the period, and before it.
    var periodBuyerSurplus = 0.0
    var cumulativeBuyerSurplus = 0.0
    /// The sum of the buyers' equivalent variations per day (at usage growth factor 1),
    /// booked into `periodBuyerSurplus` up to `surplusMarkDay`, where the usage growth
    /// factor was `surplusGrowthAtMark`.
    var surplusUsdPerDay = 0.0
    var surplusMarkDay = 0.0
    var surplusGrowthAtMark = 1.0
    /// Per buyer, in a table of its own: a choice writes it, nothing else reads it.
    var welfare: [BuyerWelfare] = []
    /// The menu as it stood at the end of set-up, self-hosting included: the buyers'
    /// surplus reference.
    var referenceTable = ChoiceTable()
    var referenceSelfHost = SelfHostTerms(model: -1, gpuUsdPerMtok: 0, mtokPerMonthPerScaledToken: 0)
    var periodCounts = EventCounts()
    /// Per actor kind, the month's reviews' own-price elasticities weighted by demand.
    var periodElasticity = Array(repeating: (sum: 0.0, weight: 0.0), count: ActorKind.allCases.count)
    var lastReportDay = 0.0
    var reportIndex = 0
    /// Demand sums of the choice table's entries since they were last moved into the
    /// offerings (`flushDemand`): the demand and slope sums of entry k at 2k and 2k + 1,
    /// so the choice loop writes one contiguous array.
    var entrySums: [Double] = []
    /// Self-hosting: the open model a buyer would run (the best by overall quality; -1
    /// when self-hosting is off), its GPU cost per Mtok and one scaled token a day's
    /// monthly Mtok per enterprise at `ecosystemDay`, GPU cost per Mtok per billion active
    /// parameters at the start, the fixed monthly cost without and
    /// with the security verification, the speed term, and the scaled tokens a day of
    /// the workloads self-hosted now.
    var selfHostModel = -1
    var selfHostGPUUsdPerMtok = 0.0
    var selfHostMtokPerMonthPerScaledToken = 0.0
    let selfHostUsdPerMtokPerBillionActive: Double
    let selfHostFixedUsd: Double
    let selfHostSecureFixedUsd: Double
    let selfHostSpeedUtility: Double
    var selfHostedTokens = 0.0
    /// The royalty self-hosting buyers owe on the model they run (`Licence`).
    var selfHostRoyalty = SelfHostRoyalty()
    /// A buyer's choice that is self-hosting rather than an offering.
    static let selfHosted: Int32 = -2
    var utilityBuffer: [Double] = []
    var blendBuffer: [Double] = []
    var choiceTable = ChoiceTable()
    let choiceParameters: ChoiceParameters
    /// The open-ecosystem penalty at `ecosystemDay` (one exponential per instant).
    var ecosystemDay = -Double.infinity
    var ecosystemPenalty = 0.0
    /// exp(g day) and exp((g - d) day) at `growthDay`: every offering settled at one
    /// instant (a buyer's review settles two to four) shares the two exponentials.
    var growthDay = -Double.infinity
    var growthAtDay = 1.0
    var netGrowthAtDay = 1.0
    let servingDecayRate: Double
    /// The fall of the capacity price per day (the compute price's).
    let capacityDecayRate: Double
    let usageGrowthRate: Double
    let buyerScale: Double
    let recorder: RunRecorder

    /// The run's output.
    public internal(set) var result: RunResult

    /// Prepares replication `replication` of `compiled` under `seed` (the replication's
    /// own seed, already derived). `scheme` seeds the streams; only tests change it, to
    /// show that their checks reject a broken seeding.
    public init(compiled: CompiledScenario, seed: UInt64, replication: Int,
                scheme: StreamSeeding.Scheme = StreamSeeding.state) {
        self.compiled = compiled
        self.scenario = compiled.scenario
        self.seed = seed
        self.replication = replication
        segments = compiled.segmentIDs.count
        let a = scenario.actors
        actorIDs = compiled.actorIDs
        actorKinds = compiled.actorKinds
        openBase = a.frontier.count
        distillerBase = openBase + a.openLabs.count
        infraBase = distillerBase + a.distillers.count
        actorStreams = RandomStreamBank(seed: seed, keys: zip(actorKinds, actorIDs).map { StreamKey("\($0.name)/\($1)") },
                                        scheme: scheme)
        buyerStreams = RandomStreamBank(seed: seed, family: "buyer", count: scenario.buyers.count, scheme: scheme)
        frontierModel = Array(repeating: -1, count: a.frontier.count)
        openModel = Array(repeating: -1, count: a.openLabs.count)
        frontierOffering = Array(repeating: -1, count: a.frontier.count)
        openOffering = Array(repeating: -1, count: a.openLabs.count)
        distillerOffering = Array(repeating: -1, count: a.distillers.count)
        hosted = Array(repeating: [:], count: a.infra.count)
        hosts = a.infra.map { HostState(capacityMtokPerDay: $0.capacity.initialMtokPerDay) }
        distillerModel = Array(repeating: -1, count: a.distillers.count)
        frontierPeakPrice = Array(repeating: 0, count: a.frontier.count)
        frontierPriceAtReports = Array(repeating: [], count: a.frontier.count)
        frontierBest = Array(repeating: 0, count: segments)
        openBest = Array(repeating: 0, count: segments)
        periodAccounts = Array(repeating: ActorAccount(), count: actorIDs.count)
        cumulativeProfit = Array(repeating: 0, count: actorIDs.count)
        cumulativeGrossMargin = Array(repeating: 0, count: actorIDs.count)
        let labs = a.frontier.count + a.openLabs.count
        researchPool = Array(repeating: 0, count: labs)
        researchMarginDrawn = Array(repeating: 0, count: labs)
        researchFundedTo = Array(repeating: 0, count: labs)
        runBudget = Array(repeating: 0, count: labs)
        runLog10Compute = Array(repeating: -.infinity, count: labs)
        let decline = scenario.costs.annualDecline
        servingDecayRate = decline > 0 ? -log(1 - decline) / 365 : 0
        let computeDecline = scenario.costs.compute.annualDecline
        capacityDecayRate = computeDecline > 0 ? -log(1 - computeDecline) / 365 : 0
        usageGrowthRate = log(1 + scenario.buyers.usageGrowthPerYear) / 365
        buyerScale = scenario.buyers.count > 0 ? scenario.buyers.represents / Double(scenario.buyers.count) : 0
        let host = scenario.buyers.selfHosting
        selfHostUsdPerMtokPerBillionActive = scenario.costs.usdPerMtokPerBillionActive * host.gpuCostFactor
        selfHostFixedUsd = host.fixedUsdPerMonth
        selfHostSecureFixedUsd = host.fixedUsdPerMonth + host.securityVerificationUsd / host.deploymentMonths
        selfHostSpeedUtility = scenario.buyers.speedSensitivity * log(host.tokensPerSecond)
        recorder = RunRecorder(compiled: compiled)
        choiceParameters = ChoiceParameters(compiled)
        result = RunResult(replication: replication, seed: seed)
    }

    /// Runs the replication to the horizon and returns its output.
    public mutating func run() throws -> RunResult {
        var scheduler = Scheduler<MarketEvent>(start: 0, expectedPending: scenario.buyers.count + 64)
        try setUp(&scheduler)
        try scheduler.run(&self, until: compiled.reportDays.last!)
        try checkMoneyConserved(day: compiled.reportDays.last!)
        result.fingerprint = scheduler.fingerprint.description
        result.eventsExecuted = scheduler.eventsExecuted
        return result
    }

    // MARK: - Set-up

    mutating func setUp(_ s: inout Scheduler<MarketEvent>) throws {
        for (day, q) in compiled.history { frontierRecord.append((day, q)) }
        let a = scenario.actors
        for (i, lab) in a.frontier.enumerated() {
            let q = compiled.segmentIDs.map { lab.training.initialQuality[$0]! }
            researchPool[i] = initialResearchPool(i)
            let m = addModel(name: "\(lab.id)-0", kind: .frontierLab, creator: i, open: false, quality: q,
                             activeParamsB: lab.activeParamsB, trainingCostUsd: researchPool[i], day: 0)
            frontierModel[i] = m
            frontierOffering[i] = addOffering(model: m, kind: .frontierLab, seller: i, open: false,
                                              input: lab.inputUsdPerMtok, output: lab.outputUsdPerMtok,
                                              tokensPerSecond: lab.tokensPerSecond, costFactor: 1)
            frontierPeakPrice[i] = blendedPrice(frontierOffering[i])
            try s.schedule(.frontierRelease(lab: Int32(i)), after: startRun(i, day: 0), priority: EventPriority.release)
        }
        updateFrontier(day: 0)
        for (i, lab) in a.openLabs.enumerated() {
            let q = compiled.segmentIDs.map { lab.training.initialQuality[$0]! }
            researchPool[openBase + i] = initialResearchPool(openBase + i)
            let m = addModel(name: "\(lab.id)-0", kind: .openLab, creator: openBase + i, open: true, quality: q,
                             activeParamsB: lab.activeParamsB, trainingCostUsd: researchPool[openBase + i], day: 0)
            openModel[i] = m
            addNarrowerWidths(of: m, menu: lab.mose, day: 0)
            if lab.api.enabled {
                openOffering[i] = addOffering(model: m, kind: .openLab, seller: openBase + i, open: true, input: 1, output: 1,
                                              tokensPerSecond: lab.api.tokensPerSecond, costFactor: 1)
                setOpeningPrice(openOffering[i], day: 0)
                addWidthOfferings(of: openOffering[i], day: 0)
            }
            try s.schedule(.openRelease(lab: Int32(i)), after: startRun(openBase + i, day: 0), priority: EventPriority.release)
        }
        hostOwnLabs(day: 0)
        try schedulePriceReviews(&s)
        rebuildChoiceTable()
        referenceTable = choiceTable
        updateDailyChoiceTerms(day: 0)
        referenceSelfHost = SelfHostTerms(model: selfHostModel, gpuUsdPerMtok: selfHostGPUUsdPerMtok,
                                          mtokPerMonthPerScaledToken: selfHostMtokPerMonthPerScaledToken)
        try setUpBuyers(&s)
        for (i, day) in compiled.eventDays.enumerated() {
            try s.schedule(.exogenous(index: Int32(i)), at: day, priority: EventPriority.exogenous)
        }
        try s.schedule(.report, at: 0, priority: EventPriority.report)
        utilityBuffer = Array(repeating: 0, count: 64)
    }

    mutating func setUpBuyers(_ s: inout Scheduler<MarketEvent>) throws {
        let p = scenario.buyers
        let shares = compiled.weights
        let bass = p.adoption
        buyers.reserveCapacity(p.count)
        welfare = Array(repeating: BuyerWelfare(), count: p.count)
        for b in 0..<p.count {
            let g = buyerStreams.stream(b)
            let segment = g.choose(weights: shares)
            let tokens = g.lognormal(zeta: log(p.tokensPerDay.median), sigma: p.tokensPerDay.sigma)
            let inputShare = drawBeta(g, p.inputShare)
            var frontierShare = drawBeta(g, p.frontierWorkShare)
            if let f = compiled.frontierSegment { if segment == f { frontierShare = 1 } } else { frontierShare = 0 }
            let beta = max(p.priceSensitivityFloor, g.lognormal(zeta: log(p.priceSensitivity.median), sigma: p.priceSensitivity.sigma))
            let quality = g.lognormal(zeta: log(p.qualitySensitivity.median), sigma: p.qualitySensitivity.sigma)
            let routes = g.bernoulli(p.routingShare)
            let secure = g.bernoulli(p.securitySensitiveShare)
            let u = g.uniform()
            let adoptionDay = bass.adoptionDay(uniform: u)
            let overhead = scenario.securityTax.overhead(tokensPerDay: tokens)
            var buyer = BuyerState(segment: segment, tokensPerDay: tokens * buyerScale, inputShare: inputShare,
                                   frontierShare: frontierShare, priceSensitivity: beta, qualitySensitivity: quality,
                                   routes: routes, securitySensitive: secure, securityOverhead: overhead,
                                   adoptionDay: adoptionDay)
            buyer.securityLog = secure ? log(1 + overhead * incidentMultiplier) : 0
            buyers.append(buyer)
            if adoptionDay <= compiled.reportDays.last! {
                try s.schedule(.buyerReview(buyer: Int32(b)), at: adoptionDay, priority: EventPriority.buyer)
            }
        }
    }

    func drawBeta(_ g: RandomGenerator, _ p: BetaParameters) -> Double {
        g.beta(p.mean * p.concentration, (1 - p.mean) * p.concentration)
    }

    func drawDuration(_ d: DurationDistribution, actor: Int) -> Double {
        let g = actorStreams.stream(actor)
        if d.cv <= 0 { return d.meanDays }
        let shape = 1 / (d.cv * d.cv)
        return g.gamma(shape: shape, scale: d.meanDays / shape)
    }

    // MARK: - Events

    public mutating func handle(_ event: MarketEvent, scheduler s: inout Scheduler<MarketEvent>) throws {
        let now = s.now
        switch event {
        case .report:
            try report(day: now)
            reportIndex += 1
            if reportIndex < compiled.reportDays.count {
                try s.schedule(.report, at: compiled.reportDays[reportIndex], priority: EventPriority.report)
            }
        case .frontierRelease(let lab):
            try frontierRelease(Int(lab), day: now, quality: nil, scheduler: &s)
            try s.schedule(event, after: startRun(Int(lab), day: now), priority: EventPriority.release)
        case .openRelease(let lab):
            try openRelease(Int(lab), day: now, quality: nil)
            try s.schedule(event, after: startRun(openBase + Int(lab), day: now), priority: EventPriority.release)
        case .distill(let d, let teacher):
            try distill(Int(d), teacher: Int(teacher), day: now)
        case .priceReview(let seller):
            try reviewPrices(Int(seller), day: now, scheduler: &s)
        case .capacityArrival(let host):
            capacityArrives(Int(host), day: now)
        case .buyerReview(let b):
            try review(Int(b), day: now)
            let mean = choiceParameters.reviewIntervalDays
            try s.schedule(event, after: buyerStreams.stream(Int(b)).exponential(mean: mean), priority: EventPriority.buyer)
        case .exogenous(let index):
            try exogenous(Int(index), day: now, scheduler: &s)
        case .incidentEnd(let index):
            settleAll(day: now)
            activeIncidents[Int(index)] = nil
            setIncidentMultiplier(activeIncidents.keys.sorted().reduce(1.0) { $0 * activeIncidents[$1]! })
            var event = EventRow(day: now, actor: "", kind: .backdoorIncidentEnd, model: "")
            event.securityTaxMultiplier = incidentMultiplier
            result.events.append(event)
        }
    }
}

/// Counts of market events in a report period.
struct EventCounts {
    var frontierReleases = 0
    var openReleases = 0
    var distillations = 0
    var priceCuts = 0
}

/// Money and tokens of one actor in one period. `revenue` is what buyers paid it;
/// royalties (`Licence`) are kept apart, so that buyers' spend equals sellers' revenue.
struct ActorAccount {
    var revenue = 0.0
    var serving = 0.0
    var training = 0.0
    var distillation = 0.0
    var capacity = 0.0
    var tokensMtok = 0.0
    /// Royalties received from hosts and self-hosting buyers (an open lab), and paid to
    /// licensors (a host).
    var licenceRevenue = 0.0
    var licenceCost = 0.0
    var profit: Double { revenue + licenceRevenue - serving - training - distillation - capacity - licenceCost }

    /// Adds a booking of sales: one access to the account where three would check its
    /// array's uniqueness three times (settling books at every buyer's choice).
    mutating func book(revenue: Double, serving: Double, tokensMtok: Double) {
        self.revenue += revenue
        self.serving += serving
        self.tokensMtok += tokensMtok
    }
}
