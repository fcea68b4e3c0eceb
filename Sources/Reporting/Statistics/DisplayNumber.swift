import Foundation

/// Numbers formatted for people (a terminal table, chart labels), never for CSV:
/// fixed decimals by integer arithmetic (no locale, no printf), so the same value
/// prints the same everywhere, and money with thousands grouping.
public enum DisplayNumber {
    /// `value` rounded to `decimals` places (`-0` printed as `0`); `"nan"`,
    /// `"inf"`, `"-inf"` for non-finite values.
    public static func fixed(_ value: Double, decimals: Int, grouped: Bool = false) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let places = Swift.max(0, Swift.min(decimals, 12))
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let digits: String
        if scaled < 9e18 {
            digits = String(UInt64(scaled))
        } else {
            // Too large for integer arithmetic: the exact integer part of a huge
            // double, with no decimals worth showing at that magnitude.
            return (value < 0 ? "-" : "") + group(String(format: "%.0f", abs(value)), grouped)
        }
        let padded = String(repeating: "0", count: Swift.max(0, places + 1 - digits.count)) + digits
        let integerPart = String(padded.dropLast(places))
        let fraction = String(padded.suffix(places))
        let isZero = scaled == 0
        let body = group(integerPart, grouped) + (places > 0 ? "." + fraction : "")
        return (value < 0 && !isZero ? "-" : "") + body
    }

    private static func group(_ integerDigits: String, _ grouped: Bool) -> String {
        guard grouped, integerDigits.count > 3 else { return integerDigits }
        var result = ""
        for (index, character) in integerDigits.enumerated() {
            if index > 0 && (integerDigits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }

    /// `value` with at least `digits` significant digits (never dropping integer
    /// digits), trailing fractional zeros kept so a column of values lines up.
    public static func significant(_ value: Double, digits: Int = 4, grouped: Bool = false) -> String {
        guard value.isFinite, value != 0 else { return fixed(value, decimals: 0) }
        let magnitude = Int(log10(abs(value)).rounded(.down))
        return fixed(value, decimals: Swift.max(0, digits - 1 - magnitude), grouped: grouped)
    }

    /// Money in US dollars: whole dollars with grouping from 1,000 up, cents below.
    public static func money(_ value: Double) -> String {
        guard value.isFinite else { return fixed(value, decimals: 0) }
        return abs(value) >= 1000 ? fixed(value, decimals: 0, grouped: true) : fixed(value, decimals: 2)
    }

    /// Whether an outcome or metric name denotes money (marketsim puts `usd` in
    /// the name of every money column).
    public static func isMoney(_ name: String) -> Bool {
        name.split(separator: "_").contains("usd")
    }
}
