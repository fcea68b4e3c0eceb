import CGSL

/// Quantiles and CDFs from GSL (`gsl_cdf_*`), for confidence intervals and tests.
public enum Distributions {
    /// The p-quantile of Student's t with `degreesOfFreedom`.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
    }

    /// The p-quantile of the standard normal.
    public static func normalQuantile(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

    /// The standard normal CDF.
    public static func normalCDF(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

    /// The chi-squared upper tail Q(x; dof), for goodness-of-fit tests.
    public static func chiSquaredUpperTail(_ x: Double, degreesOfFreedom: Double) -> Double {
        gsl_cdf_chisq_Q(x, degreesOfFreedom)
    }
}

/// Empirical quantiles.
public enum Quantiles {
    /// The p-quantile of `sorted` (ascending, non-empty) by linear interpolation
    /// between order statistics (Hyndman and Fan type 7, the default of R and numpy).
    ///
    /// The definition of GSL's `gsl_stats_quantile_from_sorted_data`, computed as
    /// x[lo] + d (x[hi] - x[lo]) where GSL computes (1 - d) x[lo] + d x[hi]. The two
    /// differ in the last bit for about one level in ten; the CSV files print every
    /// bit, and GSL's form can leave [x[lo], x[hi]] (between two equal values it
    /// returns a neighbour of theirs for about one level in ten), which this one cannot.
    public static func quantile(sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of an empty sample")
        precondition(p >= 0 && p <= 1, "quantile level must be in 0...1")
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The p-quantiles of `values` (any order), one per level.
    public static func quantiles(_ values: [Double], _ levels: [Double]) -> [Double] {
        let sorted = values.sorted()
        return levels.map { quantile(sorted: sorted, $0) }
    }
}
