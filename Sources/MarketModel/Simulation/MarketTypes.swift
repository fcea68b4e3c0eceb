import Foundation
import SimulationKit

/// The kinds of actor whose value capture marketsim reports.
public enum ActorKind: Int, Sendable, CaseIterable {
    case frontierLab = 0, openLab, distiller, infra

    /// The name used in column names and CSV cells.
    public var name: String {
        switch self {
        case .frontierLab: "frontier_lab"
        case .openLab: "open_lab"
        case .distiller: "distiller"
        case .infra: "infra"
        }
    }
}

/// The engine events of the market. Values, not closures: a kind and a target index.
public enum MarketEvent: SimulationEvent, Sendable {
    case report
    case frontierRelease(lab: Int32)
    case openRelease(lab: Int32)
    case distill(distiller: Int32, teacher: Int32)
    case priceReview(lab: Int32)
    case buyerReview(buyer: Int32)
    case exogenous(index: Int32)
    case incidentEnd(index: Int32)

    public var fingerprintCode: UInt64 {
        switch self {
        case .report: 1
        case .frontierRelease(let i): 2 | UInt64(UInt32(bitPattern: i)) << 8
        case .openRelease(let i): 3 | UInt64(UInt32(bitPattern: i)) << 8
        case .distill(let d, let t): 4 | UInt64(UInt32(bitPattern: d)) << 8 | UInt64(UInt32(bitPattern: t)) << 32
        case .priceReview(let i): 5 | UInt64(UInt32(bitPattern: i)) << 8
        case .buyerReview(let i): 6 | UInt64(UInt32(bitPattern: i)) << 8
        case .exogenous(let i): 7 | UInt64(UInt32(bitPattern: i)) << 8
        case .incidentEnd(let i): 8 | UInt64(UInt32(bitPattern: i)) << 8
        }
    }
}

/// Same-time events run in this order (lower first): the report closes the period
/// before anything else happens on that day; scheduled history comes next, then
/// releases, price reviews, and buyers last, so they choose among the day's offerings.
enum EventPriority {
    static let report: Int16 = -10
    static let exogenous: Int16 = -5
    static let release: Int16 = 0
    static let priceReview: Int16 = 5
    static let buyer: Int16 = 10
}

/// A released model.
struct ModelRecord {
    var name: String
    var creatorKind: ActorKind
    var creator: Int
    var openWeights: Bool
    var quality: [Double]
    var overall: Double
    var activeParamsB: Double
    var trainingCostUsd: Double
    var releasedDay: Double
}

/// Something sold: a model by a seller at a price and speed. Its cumulative
/// integrals (per token-per-day of a buyer's base usage) let both buyers and sellers
/// account exactly for usage between any two instants, whatever changed in between.
struct Offering {
    var model: Int
    var sellerKind: ActorKind
    /// Global actor index.
    var seller: Int
    var openWeights: Bool
    var inputPrice: Double {
        didSet { logInputPrice = log(inputPrice); outputToInputRatio = outputPrice / inputPrice }
    }
    var outputPrice: Double {
        didSet { outputToInputRatio = outputPrice / inputPrice }
    }
    /// log(inputPrice) and outputPrice / inputPrice, kept so that a buyer's choice takes
    /// its log blended price as log(input) + log(s + (1 - s) ratio), with one logarithm
    /// per distinct ratio rather than one per offering.
    private(set) var logInputPrice: Double
    private(set) var outputToInputRatio: Double
    var tokensPerSecond: Double {
        didSet { logTokensPerSecond = log(tokensPerSecond) }
    }
    /// log(tokensPerSecond), kept so a buyer's choice takes one logarithm per offering.
    private(set) var logTokensPerSecond: Double
    var servingCostFactor: Double
    /// Usage multiplier from the usage price elasticity, at the current price.
    var usageMultiplier: Double
    // Cumulative integrals since the start, up to `lastUpdate`, per unit base tokens/day:
    var lastUpdate: Double = 0
    /// exp(g lastUpdate) and exp((g - d) lastUpdate) for usage growth g and serving-cost
    /// decline d: the lower ends of the integrals of the next settlement, kept so that
    /// settling takes two exponentials instead of four (the same values, bit for bit).
    var usageGrowthAtUpdate = 1.0
    var netGrowthAtUpdate = 1.0
    var tokenIntegral = 0.0      // tokens
    var inputIntegral = 0.0      // USD per input-share unit: m * input price * t / 1e6
    var outputIntegral = 0.0
    var costIntegral = 0.0       // USD of serving cost
    // Aggregates of the buyers on it (scaled base tokens per day):
    var aggTokens = 0.0
    var aggInput = 0.0           // sum tokens * input share
    var aggOutput = 0.0
    // Seller-side accrual already booked, in integral units:
    var bookedToken = 0.0
    var bookedInput = 0.0
    var bookedOutput = 0.0
    var bookedCost = 0.0
}

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
