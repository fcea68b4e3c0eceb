/// A run stopped by an impossible state (a NaN, an infinity, a quality outside
/// 0-100, a non-positive price), naming the actor and the time.
public struct MarketError: Error, CustomStringConvertible, Sendable {
    public let actor: String
    public let day: Double
    public let date: String
    public let message: String
    public var description: String {
        "\(actor.isEmpty ? "market" : actor) at \(date) (day \(CSVNumber.format(day))): \(message)"
    }
}
