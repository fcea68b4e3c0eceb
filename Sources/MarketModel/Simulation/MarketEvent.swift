import SimulationKit

/// The engine events of the market. Values, not closures: a kind and a target index.
public enum MarketEvent: SimulationEvent, Sendable {
    case report
    case frontierRelease(lab: Int32)
    case openRelease(lab: Int32)
    case distill(distiller: Int32, teacher: Int32)
    /// A host's price review of its offerings (global actor index).
    case priceReview(seller: Int32)
    /// A lab's list-price decision (global actor index).
    case listPriceDecision(seller: Int32)
    case buyerReview(buyer: Int32)
    /// A buyer's verification of a family of open weights ends (M8).
    case verificationDone(buyer: Int32)
    case exogenous(index: Int32)
    case incidentEnd(index: Int32)
    /// Capacity a host ordered is delivered (infra index).
    case capacityArrival(host: Int32)

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
        case .capacityArrival(let i): 9 | UInt64(UInt32(bitPattern: i)) << 8
        case .listPriceDecision(let i): 10 | UInt64(UInt32(bitPattern: i)) << 8
        case .verificationDone(let i): 11 | UInt64(UInt32(bitPattern: i)) << 8
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
