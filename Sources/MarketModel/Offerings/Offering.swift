import Foundation

/// Something sold: a model by a seller at a price and speed. Its cumulative
/// integrals (per token-per-day of a buyer's base usage) let both buyers and sellers
/// account exactly for usage between any two instants, whatever changed in between.
struct Offering {
    var model: ModelID
    var sellerKind: ActorKind
    var seller: ActorID
    var openWeights: Bool
    private(set) var inputPrice: Double
    private(set) var outputPrice: Double
    /// outputPrice / inputPrice, kept so that a buyer's choice takes its blended price as
    /// input x (s + (1 - s) ratio), with one blend factor per distinct ratio rather than
    /// one per offering (`ChoiceTable.ratios`).
    private(set) var outputToInputRatio: Double
    var tokensPerSecond: Double {
        didSet { logTokensPerSecond = log(tokensPerSecond) }
    }
    /// log(tokensPerSecond), kept so a buyer's choice takes one logarithm per offering.
    private(set) var logTokensPerSecond: Double
    var servingCostFactor: Double
    /// The lab its seller pays a royalty to for the model, if any, and the royalty per
    /// million tokens (`Licence`).
    var licensor: ActorID?
    var royaltyUsdPerMtok = 0.0
    /// Its model's width (M5): below 1 for a narrower width of a model served at several.
    var width = 1.0
    /// Whether its model is served at several widths (this offering's full width included).
    var widthMenu = false
    /// Its usage and money since the start, and what of them its seller has booked.
    var integrals = OfferingIntegrals()
    /// The buyers on it now.
    var aggregates = BuyerAggregates()
    /// Demand sums since its seller's last price review (`BestResponse.accumulate`).
    var sums = DemandSums()
    /// Its seller's revenue and serving cost on it since the start (what a host's exit reads).
    var revenueTotal = 0.0
    var servingTotal = 0.0
    /// A lab offering's gross margin since the start (its narrower widths' included)
    /// and the day, at its lab's last list-price decision: what retirement reads.
    var upkeepMark = (margin: 0.0, day: 0.0)

    /// Sets both prices (their ratio follows them).
    mutating func setPrices(input: Double, output: Double) {
        inputPrice = input
        outputPrice = output
        outputToInputRatio = output / input
    }

    /// Sets the input price and the output price at `ratio` to it, keeping `ratio` exactly.
    mutating func setPrices(input: Double, ratio: Double) {
        setPrices(input: input, output: input * ratio)
        outputToInputRatio = ratio
    }

    /// Scales both prices by `factor`, keeping their ratio as it was, bit for bit: a
    /// ratio recomputed from scaled prices can move in its last bit, and every distinct
    /// ratio costs each buyer's choice a blend factor (`ChoiceTable.ratios`).
    mutating func scalePrices(by factor: Double) {
        inputPrice *= factor
        outputPrice *= factor
    }
}

/// An offering's cumulative integrals since the start, up to `lastUpdate`, per unit of
/// base tokens a day, and the part of them its seller has booked.
struct OfferingIntegrals {
    var lastUpdate: Double = 0
    /// exp(g lastUpdate) and exp((g - d) lastUpdate) for usage growth g and serving-cost
    /// decline d: the lower ends of the integrals of the next settlement, kept so that
    /// settling takes two exponentials instead of four (the same values, bit for bit).
    var usageGrowthAtUpdate = 1.0
    var netGrowthAtUpdate = 1.0
    /// exp((g - c) lastUpdate), c the capacity price's fall: a lab's capacity integral.
    var capacityGrowthAtUpdate = 1.0
    var tokens = 0.0      // tokens
    var input = 0.0       // USD per input-share unit: m * input price * t / 1e6
    var output = 0.0
    var cost = 0.0        // USD of serving cost
    var capacity = 0.0    // USD of capacity, for a lab's API (a host pays for its capacity stock)
    // Seller-side accrual already booked, in integral units:
    var bookedTokens = 0.0
    var bookedInput = 0.0
    var bookedOutput = 0.0
    var bookedCost = 0.0
    var bookedCapacity = 0.0

    /// Whether settling at `day` would do nothing: the integrals reach `day` already and
    /// the seller has booked all of them (`MarketSimulation.settle`'s test, and
    /// `MarketSimulation.advance`'s early return).
    @inline(__always)
    func settled(at day: Double) -> Bool {
        !(day - lastUpdate > 0) && bookedInput == input && bookedOutput == output && bookedCost == cost
            && bookedTokens == tokens && bookedCapacity == capacity
    }
}

/// The buyers on an offering, summed (scaled base tokens a day): all their tokens and
/// their input and output parts, and how many workload parts they are.
struct BuyerAggregates: Equatable {
    var tokens = 0.0
    var input = 0.0           // sum tokens * input share
    var output = 0.0
    var parts = 0

    /// Adds a buyer's `tokens` a day at input share `inputShare`: one access to the
    /// offerings' array where three would check its uniqueness three times (every move
    /// of a buyer does this).
    @inline(__always)
    mutating func add(tokens: Double, inputShare: Double) {
        self.tokens += tokens
        input += tokens * inputShare
        output += tokens * (1 - inputShare)
        parts += 1
    }

    /// Takes a buyer's tokens out, as `add` put them in; with no part left the sums are
    /// exactly zero, not the rounding residue of adding and removing the same amounts in
    /// another order (a residue of mixed signs booked negative revenue on an offering
    /// its buyers had left, such as a retired generation's).
    @inline(__always)
    mutating func remove(tokens: Double, inputShare: Double) {
        parts -= 1
        if parts == 0 {
            (self.tokens, input, output) = (0, 0, 0)
            return
        }
        self.tokens -= tokens
        input -= tokens * inputShare
        output -= tokens * (1 - inputShare)
    }
}

/// An offering's demand sums since its seller's last review: tokens x P, tokens x P x
/// the own-price slope term, that term's derivative in log price, and the margin its
/// seller's other offerings recapture (`BestResponse.accumulate`), from which the
/// review reads its `DemandResponse`.
struct DemandSums {
    var demand = 0.0
    var slope = 0.0
    var curvature = 0.0
    var recapture = 0.0

    /// The sums per choice-table entry in `ChoiceBuffers.entrySums`.
    static let stride = 4

    /// Where entry `entry`'s sum `sum` (0 demand, 1 slope, 2 curvature, 3 recapture)
    /// lies among the choice table's sums: entries in pairs, each pair's sums sum by
    /// sum (both demands, both slopes, ...), so that a full menu's draw adds two
    /// entries' sums in one packed operation (`MarketSimulation.drawFromMenu`).
    @inline(__always)
    static func index(entry: Int, sum: Int) -> Int { (entry >> 1) &<< 3 | (entry & 1) | sum &<< 1 }

    /// The doubles the sums of `entries` entries take (a whole pair for an odd last one).
    static func count(entries: Int) -> Int { stride * (entries + (entries & 1)) }
}
