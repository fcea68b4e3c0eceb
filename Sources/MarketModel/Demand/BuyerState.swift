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
    /// log(1 + securityOverhead x the incident multiplier) for a security-sensitive
    /// buyer, else 0: the log factor the tax puts on an open offering's price. Kept
    /// here, recomputed when an incident starts or ends, rather than taken on every choice.
    var securityLog = 0.0
    /// log(s + (1 - s) r) for the choice table's first four price ratios r (s the input
    /// share), valid while `blendEpoch` is the table's `ratioEpoch`: the ratios change
    /// only when a new pricing rule appears, so a choice rarely takes a logarithm.
    var blendLogs = SIMD4<Double>()
    var blendEpoch: Int32 = -1
}
