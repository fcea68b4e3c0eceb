import Foundation
import SimulationKit

/// The prior of one calibrated parameter: where ABC-SMC draws its first generation
/// and how it weighs every later one.
///
/// - `uniform(lower, upper)`: flat on [lower, upper].
/// - `logUniform(lower, upper)`: flat in the logarithm (density 1 / (x log(upper / lower))),
///   for quantities known only to an order of magnitude; 0 < lower.
/// - `normal(mean, sd, lower, upper)`: a normal distribution truncated to [lower, upper]
///   (the scenario key's valid range, or a narrower one), drawn by rejection.
public enum ABCPrior: Sendable, Equatable {
    case uniform(lower: Double, upper: Double)
    case logUniform(lower: Double, upper: Double)
    case normal(mean: Double, sd: Double, lower: Double, upper: Double)

    /// The narrowest spread (a normal prior's sd, a range's width) a prior may have,
    /// relative to the largest magnitude of its bounds: ABC-SMC perturbs particles by
    /// their spread, and a prior narrower than about a million ulps yields particles
    /// equal to rounding, a kernel of width 0 and weights of NaN.
    public static let relativeResolution = 1e-9

    /// The support's bounds.
    public var bounds: (lower: Double, upper: Double) {
        switch self {
        case .uniform(let lo, let hi), .logUniform(let lo, let hi), .normal(_, _, let lo, let hi): (lo, hi)
        }
    }

    /// True when `x` is inside the support.
    public func contains(_ x: Double) -> Bool {
        let (lo, hi) = bounds
        return x >= lo && x <= hi
    }

    /// The density at `x` (0 outside the support).
    public func density(_ x: Double) -> Double {
        guard contains(x) else { return 0 }
        switch self {
        case .uniform(let lo, let hi):
            return 1 / (hi - lo)
        case .logUniform(let lo, let hi):
            return 1 / (x * log(hi / lo))
        case .normal(let mean, let sd, let lo, let hi):
            let mass = Self.normalCDF((hi - mean) / sd) - Self.normalCDF((lo - mean) / sd)
            let z = (x - mean) / sd
            return exp(-0.5 * z * z) / (sd * (2 * Double.pi).squareRoot() * mass)
        }
    }

    /// The prior's mean (for the truncated normal, the mean of the truncated law).
    public var mean: Double {
        switch self {
        case .uniform(let lo, let hi):
            return (lo + hi) / 2
        case .logUniform(let lo, let hi):
            return (hi - lo) / log(hi / lo)
        case .normal(let mean, let sd, let lo, let hi):
            let a = (lo - mean) / sd, b = (hi - mean) / sd
            return mean + sd * (Self.normalDensity(a) - Self.normalDensity(b)) / (Self.normalCDF(b) - Self.normalCDF(a))
        }
    }

    /// The prior's standard deviation (for the truncated normal, that of the truncated
    /// law): the denominator of a parameter's posterior contraction.
    public var standardDeviation: Double {
        switch self {
        case .uniform(let lo, let hi):
            return (hi - lo) / 12.0.squareRoot()
        case .logUniform(let lo, let hi):
            let secondMoment = (hi * hi - lo * lo) / (2 * log(hi / lo))
            return max(0, secondMoment - mean * mean).squareRoot()
        case .normal(_, let sd, _, _):
            let (a, b) = standardBounds
            let z = Self.normalCDF(b) - Self.normalCDF(a)
            let (pa, pb) = (Self.normalDensity(a), Self.normalDensity(b))
            let shift = (pa - pb) / z
            return sd * max(0, 1 + (a * pa - b * pb) / z - shift * shift).squareRoot()
        }
    }

    /// The distribution function at `x`.
    public func cdf(_ x: Double) -> Double {
        let (lo, hi) = bounds
        if x <= lo { return 0 }
        if x >= hi { return 1 }
        switch self {
        case .uniform:
            return (x - lo) / (hi - lo)
        case .logUniform:
            return log(x / lo) / log(hi / lo)
        case .normal(let mean, let sd, _, _):
            let (a, b) = standardBounds
            return (Self.normalCDF((x - mean) / sd) - Self.normalCDF(a)) / (Self.normalCDF(b) - Self.normalCDF(a))
        }
    }

    /// The `p`-quantile, by bisection of `cdf` (to a billionth of the range).
    public func quantile(_ p: Double) -> Double {
        var (lo, hi) = bounds
        for _ in 0..<64 where hi - lo > 1e-9 * (bounds.upper - bounds.lower) {
            let middle = (lo + hi) / 2
            if cdf(middle) < p { lo = middle } else { hi = middle }
        }
        return (lo + hi) / 2
    }

    /// The truncated normal's bounds in standard units.
    private var standardBounds: (Double, Double) {
        guard case .normal(let mean, let sd, let lo, let hi) = self else { return (-.infinity, .infinity) }
        return ((lo - mean) / sd, (hi - mean) / sd)
    }

    static func normalDensity(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

    /// A draw from the prior. The truncated normal redraws until inside its bounds;
    /// validation keeps at least 1e-6 of its mass inside, so this ends.
    public func sample(_ g: RandomGenerator) -> Double {
        switch self {
        case .uniform(let lo, let hi):
            return lo + g.uniform() * (hi - lo)
        case .logUniform(let lo, let hi):
            return exp(log(lo) + g.uniform() * (log(hi) - log(lo)))
        case .normal(let mean, let sd, let lo, let hi):
            while true {
                let x = g.normal(mean: mean, sd: sd)
                if x >= lo && x <= hi { return x }
            }
        }
    }

    /// The standard normal distribution function.
    static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
}
