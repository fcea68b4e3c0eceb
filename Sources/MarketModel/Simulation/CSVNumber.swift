/// Deterministic number text for CSV cells and messages: integers plainly, others
/// in Swift's shortest round-trip form, non-finite values empty.
public enum CSVNumber {
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
