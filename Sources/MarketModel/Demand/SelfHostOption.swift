import Foundation

/// Self-hosting (M8): the open model a buyer would run (the best by overall quality;
/// -1 when self-hosting is off), its GPU cost per Mtok and one scaled token a day's
/// monthly Mtok per enterprise at the demand's `ecosystemDay`, GPU cost per Mtok per
/// billion active parameters at the start, the fixed monthly cost without and with the
/// security verification, the speed term, the scaled tokens a day of the workloads
/// self-hosted now and how many workload parts those are, and the royalty they owe
/// (`Licence`).
struct SelfHostOption {
    var model: ModelID?
    var gpuUsdPerMtok = 0.0
    var mtokPerMonthPerScaledToken = 0.0
    let usdPerMtokPerBillionActive: Double
    let fixedUsd: Double
    let secureFixedUsd: Double
    let speedUtility: Double
    var tokensPerDay = 0.0
    var parts = 0
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
