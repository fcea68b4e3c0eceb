/// One buyer agent.
struct BuyerState {
    var segment: Int
    var tokensPerDay: Double
    var inputShare: Double
    var frontierShare: Double
    var priceSensitivity: Double
    var qualitySensitivity: Double
    var routes: Bool
    var securitySensitive: Bool
    var securityOverhead: Double
    var adoptionDay: Double
    var adopted = false
    /// Offering index for commodity work and for frontier work (-1: none).
    var commodityChoice: Int32 = -1
    var frontierChoice: Int32 = -1
    /// Integral values at the last accrual, for each part.
    var commodityMark = (input: 0.0, output: 0.0)
    var frontierMark = (input: 0.0, output: 0.0)
}
