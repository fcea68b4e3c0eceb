import Foundation

/// The buyers' parameters that every choice reads, copied out of the scenario once:
/// plain numbers, so reading them costs no reference counting (the scenario's
/// `BuyerPopulation` holds strings).
struct ChoiceParameters {
    let frontierSegment: Int?
    let successExponent: Double
    let nestScale: Double
    let speedSensitivity: Double
    let switchingCost: Double
    /// USD a month per deployment of an open-weight model at the start, and its
    /// e-folding time in days (at least one day).
    let openEcosystemUsdPerMonth: Double
    let openEcosystemMaturityDays: Double
    /// USD a month per family of open weights a security-sensitive buyer uses, and the
    /// days its verification of a new family takes.
    let verificationUsdPerMonth: Double
    let verificationDays: Double
    let reviewIntervalDays: Double
    /// The models a choice weighs (`ConsiderationSet`).
    let consideration: ConsiderationSet
    /// e^-switchingCost: what recovers the menu's log-sum from the draw's sum.
    let expNegativeSwitchingCost: Double
    /// The speed at which the speed term is zero, tokens per second.
    static let referenceTokensPerSecond = 100.0

    /// The open ecosystem's monthly cost per deployment at `day`.
    func ecosystemUsdPerMonth(day: Double) -> Double {
        openEcosystemUsdPerMonth * exp(-day / openEcosystemMaturityDays)
    }

    init(_ compiled: CompiledScenario) {
        let p = compiled.scenario.buyers
        frontierSegment = compiled.frontierSegment
        successExponent = p.successExponent
        nestScale = p.nestScale
        speedSensitivity = p.speedSensitivity
        switchingCost = p.switchingCost
        openEcosystemUsdPerMonth = p.openEcosystem.usdPerMonth
        openEcosystemMaturityDays = max(1, p.openEcosystem.maturityDays)
        verificationUsdPerMonth = compiled.scenario.security.verificationUsdPerMonth
        verificationDays = compiled.scenario.security.verificationDays
        reviewIntervalDays = p.reviewIntervalDays
        consideration = ConsiderationSet(p.consideration)
        expNegativeSwitchingCost = exp(-p.switchingCost)
    }
}
