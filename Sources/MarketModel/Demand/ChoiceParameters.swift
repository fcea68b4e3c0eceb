import Foundation

/// The buyers' parameters that every choice reads, copied out of the scenario once:
/// plain numbers, so reading them costs no reference counting (the scenario's
/// `BuyerPopulation` holds strings).
struct ChoiceParameters {
    let frontierSegment: Int?
    let frontierQualityMultiplier: Double
    let speedSensitivity: Double
    let switchingCost: Double
    let openEcosystemPenalty: Double
    /// At least one day.
    let openEcosystemMaturityDays: Double
    let reviewIntervalDays: Double
    /// e^-switchingCost: what recovers the menu's log-sum from the draw's sum.
    let expNegativeSwitchingCost: Double

    init(_ compiled: CompiledScenario) {
        let p = compiled.scenario.buyers
        frontierSegment = compiled.frontierSegment
        frontierQualityMultiplier = p.frontierQualityMultiplier
        speedSensitivity = p.speedSensitivity
        switchingCost = p.switchingCost
        openEcosystemPenalty = p.openEcosystemPenalty
        openEcosystemMaturityDays = max(1, p.openEcosystemMaturityDays)
        reviewIntervalDays = p.reviewIntervalDays
        expNegativeSwitchingCost = exp(-p.switchingCost)
    }
}
