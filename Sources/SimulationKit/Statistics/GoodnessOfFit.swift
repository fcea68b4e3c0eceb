import CGSL
import Foundation

/// Classical tests of a sample against a distribution, and of two samples for
/// independence, with their p-values: what the statistical checks of random streams
/// and of the model's drawn populations rest on.
///
/// GSL has the distributions' CDFs but no Kolmogorov-Smirnov test, so that one is
/// written here from its textbook definition (Numerical Recipes, 3rd ed., 14.3.3).
public enum GoodnessOfFit {
    /// A test statistic and its p-value (the probability, under the null hypothesis,
    /// of a statistic at least as extreme).
    public struct Outcome: Sendable, CustomStringConvertible {
        public let statistic: Double
        public let pValue: Double
        public var description: String { "statistic \(statistic), p = \(pValue)" }
    }

    /// The one-sample Kolmogorov-Smirnov test of `sample` against the continuous `cdf`:
    /// D = sup |F_n(x) - F(x)|, with the asymptotic p-value Q_KS((sqrt(n) + 0.12 +
    /// 0.11 / sqrt(n)) D), accurate for n >= 35 or so.
    ///
    /// - Complexity: O(n log n).
    public static func kolmogorovSmirnov(_ sample: [Double], cdf: (Double) -> Double) -> Outcome {
        precondition(!sample.isEmpty, "a Kolmogorov-Smirnov test needs a sample")
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
        }
        let root = n.squareRoot()
        return Outcome(statistic: d, pValue: kolmogorovUpperTail((root + 0.12 + 0.11 / root) * d))
    }

    /// Q_KS(lambda) = 2 sum_{k >= 1} (-1)^(k-1) exp(-2 k^2 lambda^2), the limiting upper
    /// tail of sqrt(n) D.
    public static func kolmogorovUpperTail(_ lambda: Double) -> Double {
        // Below 0.2 the series converges slowly and the tail is 1 to 10 digits.
        guard lambda > 0.2 else { return 1 }
        var sum = 0.0
        var sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            sum += sign * term
            if term < 1e-16 * sum { break }
            sign = -sign
        }
        return min(1, max(0, 2 * sum))
    }

    /// Pearson's chi-squared test that `sample` (values in [0, 1)) is uniform, over
    /// `bins` equal bins (bins - 1 degrees of freedom).
    public static func chiSquaredUniform(_ sample: [Double], bins: Int) -> Outcome {
        precondition(bins >= 2 && !sample.isEmpty, "a chi-squared test needs two bins and a sample")
        var counts = [Double](repeating: 0, count: bins)
        for u in sample {
            counts[min(bins - 1, max(0, Int(u * Double(bins))))] += 1
        }
        let expected = Double(sample.count) / Double(bins)
        let statistic = counts.reduce(0) { $0 + ($1 - expected) * ($1 - expected) / expected }
        return Outcome(statistic: statistic,
                       pValue: Distributions.chiSquaredUpperTail(statistic, degreesOfFreedom: Double(bins - 1)))
    }

    /// Pearson's correlation of `x` and `y`, tested against zero (two-sided): under
    /// independence, t = r sqrt(n - 2) / sqrt(1 - r^2) follows Student's t with n - 2
    /// degrees of freedom. The statistic reported is r. A constant sample has no
    /// correlation to test and gets p = 0: it is no evidence of independent draws.
    public static func correlation(_ x: [Double], _ y: [Double]) -> Outcome {
        precondition(x.count == y.count && x.count >= 3, "a correlation test needs two samples of one size, at least 3")
        let n = Double(x.count)
        let s = CenteredSums(x, y)
        guard s.xx > 0 && s.yy > 0 else { return Outcome(statistic: .nan, pValue: 0) }
        let r = s.xy / (s.xx * s.yy).squareRoot()
        guard abs(r) < 1 else { return Outcome(statistic: r, pValue: 0) }
        let t = r * ((n - 2) / (1 - r * r)).squareRoot()
        return Outcome(statistic: r, pValue: 2 * gsl_cdf_tdist_Q(abs(t), n - 2))
    }
}
