import Foundation

/// The market's smooth trends: buyers' usage growing at g a day, serving cost falling at
/// d a day (and capacity's price with compute's), and the growth factors at the latest
/// instant that asked for them, so that every offering settled at one instant (a
/// buyer's review settles two to four) shares the two exponentials.
struct MarketTrends {
    let servingDecayRate: Double
    /// The fall of the capacity price per day (the compute price's).
    let capacityDecayRate: Double
    let usageGrowthRate: Double
    /// exp(g day), exp((g - d) day) and exp((g - c) day), c the capacity price's fall,
    /// at `growthDay`.
    private(set) var growthDay = -Double.infinity
    private(set) var growthAtDay = 1.0
    private(set) var netGrowthAtDay = 1.0
    private(set) var capacityGrowthAtDay = 1.0

    init(_ scenario: Scenario) {
        let decline = scenario.costs.annualDecline
        servingDecayRate = decline > 0 ? -log(1 - decline) / Days.perYear : 0
        let computeDecline = scenario.costs.compute.annualDecline
        capacityDecayRate = computeDecline > 0 ? -log(1 - computeDecline) / Days.perYear : 0
        usageGrowthRate = log(1 + scenario.buyers.usageGrowthPerYear) / Days.perYear
    }

    /// Brings the growth factors to `day` (once per instant). Inlined, so that the
    /// common case, factors already at `day`, costs a comparison and no call.
    @inline(__always)
    mutating func update(day: Double) {
        if growthDay != day { advance(to: day) }
    }

    @inline(never)
    private mutating func advance(to day: Double) {
        growthDay = day
        growthAtDay = exp(usageGrowthRate * day)
        netGrowthAtDay = exp((usageGrowthRate - servingDecayRate) * day)
        capacityGrowthAtDay = capacityDecayRate == servingDecayRate ? netGrowthAtDay : exp((usageGrowthRate - capacityDecayRate) * day)
    }
}
