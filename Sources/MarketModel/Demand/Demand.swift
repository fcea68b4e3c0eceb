/// The buyers and what their choices read and leave behind: each buyer's state and
/// surplus, the menu as a choice reads it, self-hosting, the adoption costs of open
/// weights and the security incidents in force, the period's usage elasticity, and the
/// scratch buffers of the choice loop (kept here so that a choice allocates nothing).
struct Demand {
    var buyers: [BuyerState] = []
    /// How many buyers have adopted (`review` sets a buyer's `adopted` and counts it
    /// here): the report's adopted share without a pass over the buyers.
    var adoptedCount = 0
    /// Per buyer, in a table of its own: a choice writes it, nothing else reads it.
    var welfare: [BuyerWelfare] = []
    let parameters: ChoiceParameters
    /// Enterprises each buyer agent stands for.
    let buyerScale: Double
    var choiceTable = ChoiceTable()
    /// The choice loop's buffers (`ChoiceBuffers`).
    var buffers = ChoiceBuffers()
    /// What the screen of the buyers' shortlists ranks models by.
    let screen: ScreenTerms
    /// The terms that change only with the day, valid at `adoptionCostDay`: the open
    /// ecosystem's monthly cost per deployment, and one scaled token a day's monthly
    /// million tokens per enterprise.
    var adoptionCostDay = -Double.infinity
    var ecosystemUsdPerMonth = 0.0
    var mtokPerMonthPerScaledToken = 0.0
    /// The multiplier on security verification's cost from the incidents in force
    /// (incident index -> its multiplier).
    var incidentMultiplier = 1.0
    var activeIncidents: [Int: Double] = [:]
    /// Deployments of open weights (bought or self-hosted), and the families security-sensitive buyers use.
    var openDeployments = OpenDeployments()
    /// Buyers that started a verification during the event being handled
    /// (`scheduleVerifications` schedules its end after it).
    var verificationsStarted: [Int32] = []
    var selfHost: SelfHostOption
    var surplus = SurplusBook()
    var usageElasticity = UsageElasticity()

    init(_ compiled: CompiledScenario) {
        let p = compiled.scenario.buyers
        parameters = ChoiceParameters(compiled)
        screen = ScreenTerms(compiled)
        buyerScale = p.count > 0 ? p.represents / Double(p.count) : 0
        selfHost = SelfHostOption(compiled.scenario)
    }
}

extension Demand {
    /// Incident `index` starts, multiplying verification's cost by `multiplier` while it
    /// lasts, or ends (`multiplier` nil): the multiplier in force is the product of the
    /// active incidents', taken in their order so that it does not depend on the
    /// dictionary's.
    mutating func setIncident(_ index: Int, multiplier: Double?) {
        activeIncidents[index] = multiplier
        incidentMultiplier = activeIncidents.keys.sorted().reduce(1.0) { $0 * activeIncidents[$1]! }
    }

    /// The day's choice terms must be computed again (the self-hosted model changed).
    mutating func invalidateDailyTerms() {
        adoptionCostDay = -Double.infinity
    }

    /// A report closed the period: its buyers' surplus joins the cumulative one, and the
    /// next period's surplus and usage elasticity start from zero.
    mutating func startPeriod() {
        surplus.cumulativeUsd += surplus.periodUsd
        surplus.periodUsd = 0
        usageElasticity = UsageElasticity()
    }
}

/// The buyer agents' deployments of open-weight models (a part of a workload on an
/// open offering or self-hosted; a non-router's two parts count by their shares), and
/// the families of open weights security-sensitive buyers use (each buyer's families
/// in use, counted once however many parts use them): what the adoption-cost columns
/// multiply.
struct OpenDeployments {
    var all = 0.0
    var secureFamilies = 0.0

    mutating func add(_ weight: Double) {
        all += weight
    }

    mutating func remove(_ weight: Double) {
        all -= weight
        // Back to an exact zero when the last one leaves, not a rounding residue.
        if all < 1e-9 { all = 0 }
    }
}

/// The aggregate usage elasticity over the period: at each choice, the elasticity of
/// the part's probability of using a model at all with respect to a uniform change of
/// every offering's price, weighted by the tokens it would use (its workload times that
/// probability). Compared with X11, never fitted to it.
struct UsageElasticity {
    var weighted = 0.0
    var weight = 0.0

    mutating func add(tokens: Double, insideShare: Double, elasticity: Double) {
        weight += tokens * insideShare
        weighted += tokens * insideShare * elasticity
    }

    /// The period's elasticity as a positive number (X11's "a 10 % cut raises usage
    /// 0.5-0.7 %" is 0.05-0.07), NaN without choices.
    var value: Double { weight > 0 ? -weighted / weight : .nan }
}

/// The buffers a choice writes, kept between choices so that a choice allocates
/// nothing.
struct ChoiceBuffers {
    /// Demand sums of the choice table's entries since they were last moved into the
    /// offerings (`flushDemand`): the demand, slope, curvature and recapture sums of
    /// entry k at `DemandSums.index(entry: k, sum:)`, so the choice loop writes one
    /// contiguous array, two entries at a time.
    var entrySums: [Double] = []
    /// Per choice, each multi-offering seller's sum of margin x weight over its
    /// offerings (`ChoiceTable.multiSellerCount` of them).
    var sellerMargins: [Double] = []
    /// The buyer's blended price factor for each of the table's price ratios
    /// (`fillBlendFactors`).
    var blend: [Double] = []
    /// Every model's success rate in each segment (`Utility.success` of the catalog's
    /// `quality`, model-major like it): the catalog only appends qualities, so a choice
    /// computes the rates of the models released since the last one.
    var successRates: [Double] = []
    /// The choice's scratch (`MarketSimulation.ScratchLayout`).
    var scratch: [Double] = []
    var indices: [Int32] = []
}
