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
            let phi = { (z: Double) in exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
            return mean + sd * (phi(a) - phi(b)) / (Self.normalCDF(b) - Self.normalCDF(a))
        }
    }

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
