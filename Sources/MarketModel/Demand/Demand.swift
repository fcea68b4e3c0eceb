/// The buyers and what their choices read and leave behind: each buyer's state and
/// surplus, the menu as a choice reads it (and as it stood at the start, the surplus's
/// reference), self-hosting, the security incidents in force, and the scratch buffers
/// of the choice loop (kept here so that a choice allocates nothing).
struct Demand {
    var buyers: [BuyerState] = []
    /// Per buyer, in a table of its own: a choice writes it, nothing else reads it.
    var welfare: [BuyerWelfare] = []
    let parameters: ChoiceParameters
    /// Enterprises each buyer agent stands for.
    let buyerScale: Double
    var choiceTable = ChoiceTable()
    /// The menu as it stood at the end of set-up, self-hosting included: the buyers'
    /// surplus reference.
    var referenceTable = ChoiceTable()
    var referenceSelfHost = SelfHostTerms(model: nil, gpuUsdPerMtok: 0, mtokPerMonthPerScaledToken: 0)
    /// Demand sums of the choice table's entries since they were last moved into the
    /// offerings (`flushDemand`): the demand and slope sums of entry k at 2k and 2k + 1,
    /// so the choice loop writes one contiguous array.
    var entrySums: [Double] = []
    var utilityBuffer: [Double] = []
    var blendBuffer: [Double] = []
    /// The open-ecosystem penalty at `ecosystemDay` (one exponential per instant).
    var ecosystemDay = -Double.infinity
    var ecosystemPenalty = 0.0
    /// The security tax's multiplier from the incidents in force (incident index ->
    /// its multiplier).
    var incidentMultiplier = 1.0
    var activeIncidents: [Int: Double] = [:]
    var selfHost: SelfHostOption
    var surplus = SurplusBook()

    init(_ compiled: CompiledScenario) {
        let p = compiled.scenario.buyers
        parameters = ChoiceParameters(compiled)
        buyerScale = p.count > 0 ? p.represents / Double(p.count) : 0
        selfHost = SelfHostOption(compiled.scenario)
    }
}
