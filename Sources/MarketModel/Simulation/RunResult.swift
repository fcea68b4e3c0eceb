/// The output of one replication.
public struct RunResult: Sendable {
    public let replication: Int
    public let seed: UInt64
    /// One row per report date, in `RunRecorder.columns` order (after the first three).
    public var trajectory: [[Double]] = []
    public var trajectoryDays: [Double] = []
    /// The buyers' spend over the whole run by the kind of seller they bought from
    /// (indexed by `ActorKind.rawValue`): the buyer-side ledger that sellers' revenue by
    /// kind must match. Not written to a file.
    public var buyerSpendByKind: [Double] = []
    public var actorRows: [ActorRow] = []
    public var events: [EventRow] = []
    /// At every frontier price review that lowered a price, how far below the lab's
    /// highest price so far it left it (H7 checks).
    public var priceCutFractions: [Double] = []
    public var fingerprint = ""
    public var eventsExecuted = 0
    /// Buyer reviews (adoptions included), for the benchmark's time per review.
    public var buyerReviews = 0
    /// Buyers' logit choices: one per review, plus one for each buyer whose offering
    /// was withdrawn (a host dropping a model) and who chose again at once.
    public var buyerChoices = 0
    /// Offerings on the menus the buyers' draws saw, summed over draws (a routing
    /// buyer's choice is two draws): the benchmark's mean menu size.
    public var menuEntries = 0
    /// The buyers' logit draws (`pick`), the denominator of the mean menu size.
    public var buyerDraws = 0
    /// Models (nests) on the menus the draws saw, and the models and offerings they
    /// weighed (`ConsiderationSet`), summed over draws.
    public var menuModels = 0
    public var modelsWeighed = 0
    public var offeringsWeighed = 0
    /// Money over the whole run by the buyers' ledger and by the sellers': the run
    /// stops with an error if they differ by more than 1e-9 relative.
    public var buyerSpendUsd = 0.0
    public var sellerRevenueUsd = 0.0

    public init(replication: Int, seed: UInt64) {
        self.replication = replication
        self.seed = seed
    }
}
