/// The run's money, booked once each: every actor's accounts for the period being
/// reported and since the start, and the buyers' side of the same money, kept apart
/// so that their agreement at the end of the run checks the accounting (`checkMoneyConserved`).
struct Ledger {
    /// Per actor (global order): the period's money and tokens, and since the start
    /// the profit and gross margin of the periods already reported.
    var accounts: [ActorAccount]
    var cumulativeProfit: [Double]
    var cumulativeGrossMargin: [Double]
    /// Buyers' spend since the start (the buyer-side ledger), and by the kind of seller
    /// they bought from (one lane per `ActorKind`).
    var buyerSpendTotal = 0.0
    var buyerSpendByKind = SIMD4<Double>()
    /// Sellers' revenue in the periods already reported (the seller side).
    var sellerRevenueTotal = 0.0
    /// The buyers' tokens and spend by segment and kind of seller, per report period.
    var segments: SegmentBook

    init(actors: Int, segments: Int, periods: Int) {
        self.segments = SegmentBook(segments: segments, periods: periods)
        accounts = Array(repeating: ActorAccount(), count: actors)
        cumulativeProfit = Array(repeating: 0, count: actors)
        cumulativeGrossMargin = Array(repeating: 0, count: actors)
    }

    /// Opens a report period: every actor's accounts start again from zero.
    mutating func startPeriod() { accounts = Array(repeating: ActorAccount(), count: accounts.count) }

    /// Books `usd` of training (a release's run, a tier's) against lab `actor`.
    mutating func bookTraining(_ usd: Double, by actor: ActorID) { accounts[actor].training += usd }

    /// Books `usd` of distillation (a student's, or an open release distilled from the
    /// frontier) against `actor`.
    mutating func bookDistillation(_ usd: Double, by actor: ActorID) { accounts[actor].distillation += usd }

    /// Books `usd` of serving capacity (a host's stock and per-model fixed costs, a lab
    /// API's capacity) against `actor`.
    mutating func bookCapacity(_ usd: Double, by actor: ActorID) { accounts[actor].capacity += usd }

    /// Books the menu cost of one of lab `actor`'s list-price changes.
    mutating func bookMenuCost(_ usd: Double, by actor: ActorID) { accounts[actor].menuCost += usd }

    /// Books a royalty of `usd`: a cost of `seller` (nil for self-hosting buyers, who
    /// hold no account) and `licensor`'s licence revenue, apart from its revenue from
    /// buyers so that the buyers' ledger and the sellers' still match.
    mutating func bookRoyalty(_ usd: Double, from seller: ActorID?, to licensor: ActorID) {
        if let seller { accounts[seller].licenceCost += usd }
        accounts[licensor].licenceRevenue += usd
    }

    /// The sellers' revenue since the start: the periods reported and the one open.
    var sellerRevenueSinceStart: Double {
        var revenue = sellerRevenueTotal
        for a in accounts { revenue += a.revenue }
        return revenue
    }
}
