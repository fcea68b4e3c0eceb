/// One buyer agent.
///
/// Its fields are declared widest first (doubles, then four-byte codes, then flags):
/// Swift lays a struct out in declaration order, and this order packs it into 144
/// bytes where the order of the initialiser's arguments took 160. A review reads most
/// of one buyer, so one buyer's fields stay together (three cache lines).
struct BuyerState {
    var tokensPerDay: Double
    var inputShare: Double
    var frontierShare: Double
    /// What a million tokens of its work done right is worth to it, USD: in its own
    /// segment and in the frontier segment.
    var valueOwn: Double
    var valueFrontier: Double
    /// Its logit scale as a share of the value of the work it chooses for.
    var tasteScale: Double
    var adoptionDay: Double
    /// A security-sensitive buyer's verified families of open weights (bit f: the
    /// models of the actor with global index f), and the family it is verifying now
    /// (-1: none; one at a time).
    var verifiedFamilies: UInt64 = 0
    /// Integral values at the last accrual, for each part.
    var commodityMark = (input: 0.0, output: 0.0)
    var frontierMark = (input: 0.0, output: 0.0)
    /// Its last accrual: the day and exp(g day), g the usage growth rate (`SegmentBook`).
    var accrued = (day: 0.0, growth: 1.0)
    var segment: Int
    var pendingFamily: Int32 = -1
    /// The screen's value band of its shortlists (`ConsiderationSet.band`).
    var valueBand: Int32
    /// Its preference for proprietary models over open weights, as a share of the value
    /// of the work it chooses for (`BuyerPopulation.proprietaryPreference`). A trait drawn
    /// once, kept in single precision: it fits in the struct's tail padding (144 bytes
    /// either way), and a draw's seventh digit means nothing.
    var proprietaryPreference: Float = 0
    /// What its commodity work and its frontier work go to.
    var commodityChoice = BuyerChoice.outside
    var frontierChoice = BuyerChoice.outside
    var routes: Bool
    var securitySensitive: Bool
    var adopted = false

    init(segment: Int, tokensPerDay: Double, inputShare: Double, frontierShare: Double, valueOwn: Double,
         valueFrontier: Double, valueBand: Int32, tasteScale: Double, routes: Bool, securitySensitive: Bool,
         adoptionDay: Double) {
        self.segment = segment
        self.tokensPerDay = tokensPerDay
        self.inputShare = inputShare
        self.frontierShare = frontierShare
        self.valueOwn = valueOwn
        self.valueFrontier = valueFrontier
        self.valueBand = valueBand
        self.tasteScale = tasteScale
        self.routes = routes
        self.securitySensitive = securitySensitive
        self.adoptionDay = adoptionDay
    }
}

extension BuyerState {
    /// Records an accrual at `now`, and each part's new mark (nil: a part not on an
    /// offering keeps its mark), in one access (`MarketSimulation.accrueBuyer`).
    @inline(__always)
    mutating func accrued(now: (day: Double, growth: Double), commodityMark: SIMD2<Double>?, frontierMark: SIMD2<Double>?) {
        if let m = commodityMark { self.commodityMark = (m.x, m.y) }
        if let m = frontierMark { self.frontierMark = (m.x, m.y) }
        accrued = now
    }
}
