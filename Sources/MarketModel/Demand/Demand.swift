import Foundation

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
    var referenceSelfHost = SelfHostTerms(model: -1, gpuUsdPerMtok: 0, mtokPerMonthPerScaledToken: 0)
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

/// The buyers' surplus (equivalent variation against the start-of-run menu, see
/// `BuyerWelfare`): over the period and before it, and the sum of the buyers'
/// equivalent variations per day (at usage growth factor 1), booked into `periodUsd`
/// up to `markDay`, where the usage growth factor was `growthAtMark`. Kept as one
/// aggregate, as the offerings' are, so a report touches no buyer for it.
struct SurplusBook {
    var periodUsd = 0.0
    var cumulativeUsd = 0.0
    var usdPerDay = 0.0
    var markDay = 0.0
    var growthAtMark = 1.0
}

/// Self-hosting (M8): the open model a buyer would run (the best by overall quality;
/// -1 when self-hosting is off), its GPU cost per Mtok and one scaled token a day's
/// monthly Mtok per enterprise at the demand's `ecosystemDay`, GPU cost per Mtok per
/// billion active parameters at the start, the fixed monthly cost without and with the
/// security verification, the speed term, the scaled tokens a day of the workloads
/// self-hosted now, and the royalty they owe (`Licence`).
struct SelfHostOption {
    var model = -1
    var gpuUsdPerMtok = 0.0
    var mtokPerMonthPerScaledToken = 0.0
    let usdPerMtokPerBillionActive: Double
    let fixedUsd: Double
    let secureFixedUsd: Double
    let speedUtility: Double
    var tokensPerDay = 0.0
    var royalty = SelfHostRoyalty()

    init(_ scenario: Scenario) {
        let host = scenario.buyers.selfHosting
        usdPerMtokPerBillionActive = scenario.costs.usdPerMtokPerBillionActive * host.gpuCostFactor
        fixedUsd = host.fixedUsdPerMonth
        secureFixedUsd = host.fixedUsdPerMonth + host.securityVerificationUsd / host.deploymentMonths
        speedUtility = scenario.buyers.speedSensitivity * log(host.tokensPerSecond)
    }

    /// What a choice reads of it now.
    var terms: SelfHostTerms {
        SelfHostTerms(model: model, gpuUsdPerMtok: gpuUsdPerMtok, mtokPerMonthPerScaledToken: mtokPerMonthPerScaledToken)
    }
}
