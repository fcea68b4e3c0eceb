import Foundation

/// Self-hosting (M8): the open model a buyer would run (the best by overall quality;
/// nil when self-hosting is off), its GPU cost per Mtok at the demand's
/// `adoptionCostDay`, GPU cost per Mtok per billion active parameters at the start, the
/// fixed monthly cost of a deployment, the speed term, the scaled tokens a day of the
/// workloads self-hosted now and how many workload parts those are, and the royalty
/// they owe (`Licence`). Security verification and the ecosystem's cost are open
/// weights' however served (`openWeightsCost`).
struct SelfHostOption {
    var model: ModelID?
    var gpuUsdPerMtok = 0.0
    let usdPerMtokPerBillionActive: Double
    let fixedUsd: Double
    let speedUtility: Double
    var tokensPerDay = 0.0
    var parts = 0
    var royalty = SelfHostRoyalty()

    init(_ scenario: Scenario) {
        let host = scenario.buyers.selfHosting
        usdPerMtokPerBillionActive = scenario.costs.usdPerMtokPerBillionActive * host.gpuCostFactor
        fixedUsd = host.fixedUsdPerMonth
        speedUtility = scenario.buyers.speedSensitivity * log(host.tokensPerSecond / ChoiceParameters.referenceTokensPerSecond)
    }

    /// What a choice reads of it now.
    var terms: SelfHostTerms {
        SelfHostTerms(model: model, gpuUsdPerMtok: gpuUsdPerMtok)
    }
}
