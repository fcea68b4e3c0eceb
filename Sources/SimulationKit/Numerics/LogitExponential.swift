import Foundation

/// The weights of a multinomial logit: exp(v - maximum) for each utility v, in one loop
/// over the menu, and their sum.
///
/// The C library's `exp`: a run is a pure function of its scenario and seed, byte for
/// byte on one platform and build, and equal within the golden fixtures' tolerance
/// across platforms (whose libraries round an ulp apart). A copy of glibc's exp inlined
/// in this loop saved 12 % of a run's instructions but 9 % of its time, under the 10 %
/// that would pay for carrying it (the commits that removed Sources/CExp measure it).
public enum LogitExponential {
    /// Replaces each value v in `values` by exp(v - `maximum`) and returns their sum,
    /// added in index order (the order a draw over them sums in, so the draw and the
    /// total agree to the bit).
    @inlinable
    public static func exponentiate(_ values: UnsafeMutableBufferPointer<Double>, maximum: Double) -> Double {
        var total = 0.0
        for k in values.indices {
            // e^0 is 1 exactly (the maximum's own weight): no call.
            let x = values[k] - maximum
            let weight = x == 0 ? 1 : Foundation.exp(x)
            values[k] = weight
            total += weight
        }
        return total
    }
}
