internal import CExp

/// The exponential of a multinomial logit's weights: the C library's exp, bit for bit,
/// taken inline in one loop over the menu rather than called once per offering.
///
/// A run must stay a pure function of its scenario and seed, byte for byte, so this is
/// glibc's algorithm (table, polynomial and, where glibc's build for this CPU fuses its
/// multiply-adds, the same fused operations), not an approximation: `CExp` explains the
/// choice, and its tests compare it with the C library's exp on millions of inputs.
public enum LogitExponential {
    /// Replaces each value v in `values` by exp(v - `maximum`) and returns their sum,
    /// added in index order (the order a draw over them sums in). `maximum` and `minimum`
    /// bound the values (the loop that computed them has both).
    @inlinable
    public static func exponentiate(_ values: UnsafeMutableBufferPointer<Double>, maximum: Double,
                                    minimum: Double) -> Double {
        shiftedSum(values.baseAddress, values.count, maximum, minimum)
    }

    @usableFromInline
    static func shiftedSum(_ values: UnsafeMutablePointer<Double>?, _ count: Int, _ maximum: Double,
                           _ minimum: Double) -> Double {
        marketsim_exp_shifted_sum(values, count, maximum, minimum)
    }

    /// The exponential of one value, as `exponentiate` takes it.
    public static func exp(_ x: Double) -> Double { marketsim_exp(x) }

    /// How this CPU computes it: glibc's build with fused multiply-adds (AVX2 and FMA),
    /// its build without them, or the C library's exp itself (elsewhere).
    public enum Variant: Int32, Sendable, CaseIterable {
        case library = 0, unfused = 1, fused = 2
    }

    /// The variant this CPU runs.
    public static var variant: Variant { Variant(rawValue: marketsim_exp_variant()) ?? .library }

    /// The exponential in `variant` (`fused` only where `variant` is fused): for tests
    /// that show a comparison with the C library tells the variants apart.
    public static func exp(_ x: Double, variant: Variant) -> Double {
        precondition(variant != .fused || self.variant == .fused, "this CPU cannot run the fused variant")
        return marketsim_exp_with_variant(x, variant.rawValue)
    }
}
