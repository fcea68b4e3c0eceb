/// Token prices and what a workload costs (facts C1-C3).
///
/// Published annual-cost figures multiply a year of tokens by one price, but not
/// always the same kind of price (C1 uses Opus's input price, C2 Kimi's output
/// price, C3 Qwen's single price). `PriceBasis` names the kind, so those figures are
/// reproduced exactly, and `blended` gives the consistent figure beside them.
public enum TokenCost {
    /// Which price a cost figure applies to every token.
    public enum PriceBasis: Sendable, Equatable, CustomStringConvertible {
        case input
        case output
        /// One price for every token (an offering priced that way, such as P6).
        case single
        /// Input and output tokens each at their own price, in this input share.
        case blended(inputShare: Double)

        public var description: String {
            switch self {
            case .input: "input price"
            case .output: "output price"
            case .single: "single price"
            case .blended(let s): "blended at \(Int((s * 100).rounded())) % input"
            }
        }
    }

    /// Million tokens in a year of `tokensPerDay`: 100M a day is 36,500.
    public static func millionTokensPerYear(tokensPerDay: Double) -> Double {
        tokensPerDay * Days.perYear / 1_000_000
    }

    /// The price per million tokens on `basis`.
    public static func price(input: Double, output: Double, basis: PriceBasis) -> Double {
        switch basis {
        case .input, .single: input
        case .output: output
        case .blended(let s): s * input + (1 - s) * output
        }
    }

    /// USD a year for `tokensPerDay` at the given prices per million tokens.
    public static func annualCostUsd(tokensPerDay: Double, input: Double, output: Double, basis: PriceBasis) -> Double {
        millionTokensPerYear(tokensPerDay: tokensPerDay) * price(input: input, output: output, basis: basis)
    }
}
