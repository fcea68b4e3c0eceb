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
    var tokens = 0.0      // tokens
    var input = 0.0       // USD per input-share unit: m * input price * t / 1e6
    var output = 0.0
    var cost = 0.0        // USD of serving cost
    // Seller-side accrual already booked, in integral units:
    var bookedTokens = 0.0
    var bookedInput = 0.0
    var bookedOutput = 0.0
    var bookedCost = 0.0
}

/// The buyers on an offering, summed (scaled base tokens a day): all their tokens and
/// their input and output parts.
struct BuyerAggregates {
    var tokens = 0.0
    var input = 0.0           // sum tokens * input share
    var output = 0.0
    /// The buyers' parts on it: with none left the sums are exact zeros, not the
    /// rounding residue of adding and removing in another order (input +1e-12 and
    /// output -1e-12 made a host's mean price tokens' revenue over a residue).
    var parts = 0

    /// Adds a buyer's `tokens` a day at input share `inputShare`: one access to the
    /// offerings' array where three would check its uniqueness three times (every move
    /// of a buyer does this).
    mutating func add(tokens: Double, inputShare: Double) {
        self.tokens += tokens
        input += tokens * inputShare
        output += tokens * (1 - inputShare)
        parts += 1
    }

    /// Takes a buyer's tokens out, as `add` put them in.
    mutating func remove(tokens: Double, inputShare: Double) {
        parts -= 1
        if parts == 0 {
            (self.tokens, input, output) = (0, 0, 0)
        } else {
            self.tokens -= tokens
            input -= tokens * inputShare
            output -= tokens * (1 - inputShare)
        }
    }
}

/// An offering's demand sums since its seller's last review: tokens x P, tokens x P x
/// the own-price slope term, and that term's derivative in log price
/// (`BestResponse.accumulate`), from which the review reads its `DemandResponse`.
struct DemandSums {
    var demand = 0.0
    var slope = 0.0
    var curvature = 0.0
}
