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

    /// A swept parameter's value or bound where it stands alone (a sentence, a box's
    /// bounds, a bar's label): money (a `usd` name) in K, M, B or T to three figures, any
    /// other value to four significant figures without trailing zeros (`0.4`, not `0.4000`).
    public static func parameter(_ value: Double, name: String) -> String {
        if isMoney(name) { return compact(value, digits: 3, units: true) }
        let text = significant(value)
        guard text.contains(".") else { return text }
        let trimmed = text.reversed().drop { $0 == "0" }.drop { $0 == "." }
        return String(trimmed.reversed())
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

    /// `value` to `digits` significant figures, so a price of 0.0412 keeps its digits
    /// where fixed decimals print 0.04; integer digits are never dropped, zero is `0`,
    /// and magnitudes below 1e-4 print in scientific notation (`8.90e-19`) rather than
    /// as a row of zeros. With `units`, thousands and up are scaled to K, M, B or T.
    public static func compact(_ value: Double, digits: Int = 3, units: Bool = false) -> String {
        guard value.isFinite, value != 0 else { return fixed(value, decimals: 0) }
        if abs(value) < 1e-4 {
            let exponent = Int(log10(abs(value)).rounded(.down))
            let mantissa = value / pow(10, Double(exponent))
            return fixed(mantissa, decimals: digits - 1) + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
        }
        if units {
            for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] where abs(value) >= scale {
                return significant(value / scale, digits: digits) + " " + suffix
            }
        }
        return significant(value, digits: digits)
    }

    /// How a named outcome reads on a console: money (a `usd` name) with K, M, B units,
    /// a share or fraction (a `share` or `fraction` name, and `price_cut_any` and
    /// `frontier_cut_held`, shares of replications) in percent, anything else as a plain number; all to
    /// three significant figures.
    public enum Quantity: Sendable {
        case money, share, plain

        public init(outcome name: String) {
            let words = name.split(separator: "_")
            if words.contains("usd") {
                self = .money
            } else if words.contains("share") || words.contains("fraction") || name == "price_cut_any" || name == "frontier_cut_held" {
                self = .share
            } else {
                self = .plain
            }
        }

        /// A level: `78.5`, `-55.2 B`, `31.2 %`.
        public func format(_ value: Double) -> String {
            switch self {
            case .money: DisplayNumber.compact(value, units: true)
            case .share: value.isFinite ? DisplayNumber.compact(value * 100) + " %" : DisplayNumber.compact(value)
            case .plain: DisplayNumber.compact(value)
            }
        }

        /// A difference of two levels, signed: `+7.21`, `-1.20 B`, and shares in
        /// percentage points (`+2.10 pp`), since a difference of percentages is no percentage.
        public func difference(_ value: Double) -> String {
            let sign = value > 0 ? "+" : ""
            switch self {
            case .share: return sign + (value.isFinite ? DisplayNumber.compact(value * 100) + " pp" : DisplayNumber.compact(value))
            case .money, .plain: return sign + format(value)
            }
        }
    }
}
