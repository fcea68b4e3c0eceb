import Foundation
import SimulationKit

/// One calibrated parameter of an ABC-SMC problem: its column name and its prior.
public struct ABCParameter: Sendable, Equatable {
    public let name: String
    public let prior: ABCPrior

    public init(name: String, prior: ABCPrior) {
        self.name = name
        self.prior = prior
    }
}

/// One summary the model reports for a run, and the observation it is compared with.
///
/// The distance of a particle sums, over the `fit` targets only, the squared
/// difference between its summary of its replications' values (their mean, or their
/// `quantile`) and `observed`, each in
/// units of the target's `scale` (its standard deviation, or half its interval), so
/// that a target known to a point weighs as much as one known to a tenth of a point
/// relative to its own uncertainty. Holdout targets are computed on every run and
/// reported, never fitted.
public struct ABCTarget: Sendable, Equatable {
    public let name: String
    public let observed: Double
    /// The uncertainty the distance divides by (> 0).
    public let scale: Double
    public let fit: Bool
    /// When set, a particle's summary is this quantile (0-1) of its replications' values
    /// rather than their mean: "the gap is above 20 points in one history in ten" is
    /// the 0.9 quantile, which a mean cannot express.
    public let quantile: Double?

    public init(name: String, observed: Double, scale: Double, fit: Bool, quantile: Double? = nil) {
        self.name = name
        self.observed = observed
        self.scale = scale
        self.fit = fit
        self.quantile = quantile
    }

    /// The particle's value of the target from its replications' values: the mean of the
    /// defined ones, or their `quantile` by linear interpolation between order statistics
    /// (Hyndman and Fan type 7, as numpy and R); NaN when none is defined.
    public func summary(_ values: [Double]) -> Double {
        let defined = values.filter(\.isFinite)
        guard !defined.isEmpty else { return .nan }
        guard let quantile else { return defined.reduce(0, +) / Double(defined.count) }
        return Quantiles.quantile(sorted: defined.sorted(), quantile)
    }

    /// The variance of `summary` over R replications in units of the runs' variance / R:
    /// 1 for the mean; for a quantile the asymptotic q (1 - q) / phi(z_q)^2 of a normal
    /// sample's (1.57 for the median, 2.92 for the 0.9 quantile), so the noise stop and
    /// the replications' rise treat a quantile target as the noisier summary it is.
    public var noiseFactor: Double {
        guard let quantile else { return 1 }
        let z = Distributions.normalQuantile(quantile)
        let density = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        return quantile * (1 - quantile) / (density * density)
    }
}

/// How an ABC-SMC calibration runs: population size, replications per particle, when
/// it stops, how tolerances shrink, and the master seed.
public struct ABCSettings: Sendable, Equatable {
    /// Accepted particles per generation.
    public var particles: Int
    /// Runs per particle in the first generation (its summaries are their means or quantiles).
    public var replications: Int
    /// The most runs per particle a later generation may take: when its tolerance is
    /// within `ABCSMC.replicationRiseFactor` of the simulation noise, the replications
    /// double (up to this), which divides the noise by about 1.4 and lets the tolerances
    /// go on shrinking. Equal to `replications`: fixed replications.
    public var maximumReplications: Int
    /// At most this many generations (the first samples the prior).
    public var generations: Int
    /// Stop after the first generation whose tolerance is at or below this; tolerances
    /// never go below it.
    public var minimumTolerance: Double?
    /// Each generation's tolerance is this weighted quantile of the previous
    /// generation's distances (0.5: the weighted median, as in pyabc).
    public var quantile: Double
    /// Candidates per batch after the first generation, in multiples of `particles`.
    public var batchMultiplier: Int
    /// A generation that has not accepted `particles` after this many batches ends the
    /// calibration at the previous generation (its acceptance rate is too low to go on).
    public var maximumBatches: Int
    /// Stop after the first generation whose acceptance rate is below this: the next
    /// would cost more runs per particle than the tolerance's fall is worth.
    public var minimumAcceptance: Double?
    /// After the last generation, adjust the population by local-linear regression
    /// (`ABCRegressionAdjustment`) and run the adjusted particles once more for the
    /// posterior predictive (`ABCSMC.predictiveFolder`).
    public var regressionAdjustment: Bool
    public var seed: UInt64

    public init(particles: Int, replications: Int = 1, maximumReplications: Int? = nil, generations: Int,
                minimumTolerance: Double? = nil, quantile: Double = 0.5, batchMultiplier: Int = 3,
                maximumBatches: Int = 20, minimumAcceptance: Double? = nil, regressionAdjustment: Bool = false,
                seed: UInt64) {
        self.particles = particles
        self.replications = replications
        self.maximumReplications = max(replications, maximumReplications ?? replications)
        self.generations = generations
        self.minimumTolerance = minimumTolerance
        self.quantile = quantile
        self.batchMultiplier = batchMultiplier
        self.maximumBatches = maximumBatches
        self.minimumAcceptance = minimumAcceptance
        self.regressionAdjustment = regressionAdjustment
        self.seed = seed
    }
}
