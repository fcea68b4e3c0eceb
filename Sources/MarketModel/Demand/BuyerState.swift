/// One buyer agent.
struct BuyerState {
    var segment: Int
    var tokensPerDay: Double
    var inputShare: Double
    var frontierShare: Double
    /// What a million tokens of its work done right is worth to it, USD: in its own
    /// segment and in the frontier segment.
    var valueOwn: Double
    var valueFrontier: Double
    /// The screen's value band of its shortlists (`ConsiderationSet.band`).
    var valueBand: Int32
    /// Its logit scale as a share of the value of the work it chooses for.
    var tasteScale: Double
    var routes: Bool
    var securitySensitive: Bool
    /// A security-sensitive buyer's verified families of open weights (bit f: the
    /// models of the actor with global index f), and the family it is verifying now
    /// (-1: none; one at a time).
    var verifiedFamilies: UInt64 = 0
    var pendingFamily: Int32 = -1
    var adoptionDay: Double
    var adopted = false
    /// What its commodity work and its frontier work go to.
    var commodityChoice = BuyerChoice.outside
    var frontierChoice = BuyerChoice.outside
    /// Integral values at the last accrual, for each part.
    var commodityMark = (input: 0.0, output: 0.0)
    var frontierMark = (input: 0.0, output: 0.0)
    /// Its last accrual: the day and exp(g day), g the usage growth rate (`SegmentBook`).
    var accrued = (day: 0.0, growth: 1.0)
}
