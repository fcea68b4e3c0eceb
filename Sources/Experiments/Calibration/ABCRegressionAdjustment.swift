import Foundation
import SimulationKit

/// Local-linear regression adjustment of an ABC posterior (Beaumont, Zhang and Balding
/// 2002, "Approximate Bayesian computation in population genetics"; the `loclinear`
/// method of R's abc package).
///
/// ABC accepts particles whose summaries lie within the tolerance of the observation,
/// not at it, so its posterior is p(theta | summary within epsilon): as wide as the
/// tolerance lets it be, and the tolerance stops shrinking at the simulation noise or
/// at a target no parameter fits. The adjustment fits, over the final population, a
/// weighted linear regression of each parameter on the fit targets' standardised
/// residuals z_t = (summary_t - observed_t) / scale_t, and moves each particle along
/// it to where its summaries would equal the observation:
///
///     theta_i* = theta_i - sum_t beta_t z_it
///
/// The regression's rows are the particle's replications, each with one run's
/// summaries (a share or quantile target reads one run as the share or quantile of
/// one), and a particle moves by its first run's residuals: the observation is one
/// history, with one run's noise, and regressed on the mean of r runs the adjusted
/// posterior was the one given a mean of r runs, too narrow.
///
/// The weights are the importance weights times the Epanechnikov kernel
/// 1 - (d_i / epsilon)^2 of the particle's distance (epsilon the last tolerance, or the
/// largest distance when the first generation is the last). Each parameter is
/// regressed on the logit of its place in the prior's support (of its logarithm for a
/// log-uniform prior), so an adjusted particle stays inside the support (Hamilton et
/// al. 2005). The result is the posterior at the observation rather than near it:
/// narrower where the targets read the parameter, unchanged where they do not
/// (coefficients near 0).
///
/// Two guards keep it an interpolation. A fit target whose observation lies outside
/// the middle 90 % of the population's summaries of it (a target the model misses: no
/// accepted particle reaches it) is left out of the regression, since moving particles
/// along a straight line to a place none of them reached extrapolates; such targets are
/// listed in `extrapolated`. And with fewer than `minimumEffectiveSampleSize` effective
/// particles per coefficient the adjustment is not made (`adjust` returns nil).
public struct ABCRegressionAdjustment: Sendable, Equatable {
    /// The effective sample size (Kish, of the kernel weights) per regression
    /// coefficient below which the population is left unadjusted.
    public static let minimumEffectiveSampleSizePerCoefficient = 5.0
    /// A fit target is a regressor only if its observation lies between these weighted
    /// quantiles of the population's summaries of it.
    public static let observationBand = (low: 0.05, high: 0.95)

    /// The adjusted particles' parameter values, in parameter order.
    public let parameters: [[Double]]
    /// The kernel weights (normalised), which the adjusted posterior carries.
    public let weights: [Double]
    /// The targets (indices into the problem's targets) the parameters were regressed on.
    public let regressors: [Int]
    /// Fit targets left out because their observation lies outside the population's
    /// summaries (the model misses them).
    public let extrapolated: [Int]
    /// `coefficients[k][j]`: parameter k's slope on regressor j, in logit units per
    /// target scale.
    public let coefficients: [[Double]]

    /// The adjustment of `population` (the final one, whose tolerance was `tolerance`),
    /// or nil when too few effective particles support the regression.
    public static func adjust(_ population: ABCPopulation, tolerance: Double, parameters: [ABCParameter],
                              targets: [ABCTarget]) -> ABCRegressionAdjustment? {
        let n = population.count
        guard n > 0 else { return nil }
        let epsilon = tolerance.isFinite ? tolerance : (population.distances.max() ?? 0)
        guard epsilon > 0 else { return nil }
        let kernel = zip(population.weights, population.distances).map { w, d in w * max(0, 1 - (d / epsilon) * (d / epsilon)) }
        let total = kernel.reduce(0, +)
        guard total > 0 else { return nil }
        let weights = kernel.map { $0 / total }
        let effective = 1 / weights.reduce(0) { $0 + $1 * $1 }

        // The regression's rows are the particles' replications, each with its own
        // summaries (one run's), its particle's weight shared among them: the observation
        // is one run (one history), so the adjusted posterior must carry one run's noise.
        // Regressed on the mean of r replications, it carried 1 / r of it and was too
        // narrow by about sqrt(r) in the noise's share (docs/calibration.md).
        // A particle without runs has no finite summary, so no target is a regressor and
        // nothing is adjusted: every particle below has at least one run's residuals.
        var runResiduals = population.summaries.map { [[Double]](repeating: [], count: $0.count) }
        var regressors = [Int](), extrapolated = [Int]()
        for (t, target) in targets.enumerated() where target.fit {
            let z = population.summaries.map { (target.summary($0.map { $0[t] }) - target.observed) / target.scale }
            guard z.allSatisfy(\.isFinite) else { continue }
            let runs = population.summaries.map { $0.map { (target.summary([$0[t]]) - target.observed) / target.scale } }
            guard runs.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { continue }
            let low = ABCPopulation.weightedQuantile(z, weights: weights, observationBand.low)
            let high = ABCPopulation.weightedQuantile(z, weights: weights, observationBand.high)
            guard low <= 0 && 0 <= high else {
                extrapolated.append(t)
                continue
            }
            regressors.append(t)
            for i in 0..<n {
                for r in runs[i].indices { runResiduals[i][r].append(runs[i][r]) }
            }
        }
        guard !regressors.isEmpty,
              effective >= minimumEffectiveSampleSizePerCoefficient * Double(regressors.count + 1) else { return nil }

        let transformed = population.parameters.map { zip(parameters, $0).map { logit($0.0.prior, $0.1) } }
        var design = [[Double]](), rowWeights = [Double](), rowParticle = [Int]()
        for i in 0..<n {
            for row in runResiduals[i] {
                design.append([1.0] + row)
                rowWeights.append(weights[i] / Double(runResiduals[i].count))
                rowParticle.append(i)
            }
        }
        let responses = parameters.indices.map { k in rowParticle.map { transformed[$0][k] } }
        guard let fit = WeightedLeastSquares.fit(design: design, weights: rowWeights, responses: responses) else { return nil }
        let slopes = fit.coefficients.map { Array($0.dropFirst()) }
        // Each particle moves by its first replication's residuals: one run's.
        let adjusted = (0..<n).map { i in
            parameters.indices.map { k in
                let shift = zip(slopes[k], runResiduals[i][0]).reduce(0) { $0 + $1.0 * $1.1 }
                return inverseLogit(parameters[k].prior, transformed[i][k] - shift)
            }
        }
        return ABCRegressionAdjustment(parameters: adjusted, weights: weights, regressors: regressors,
                                       extrapolated: extrapolated, coefficients: slopes)
    }

    /// The place of `x` in the prior's support, 0-1 (of log x for a log-uniform prior),
    /// kept a millionth from the ends, then its logit.
    static func logit(_ prior: ABCPrior, _ x: Double) -> Double {
        let (lo, hi) = prior.bounds
        var u: Double
        if case .logUniform = prior { u = log(x / lo) / log(hi / lo) } else { u = (x - lo) / (hi - lo) }
        u = min(max(u, 1e-6), 1 - 1e-6)
        return log(u / (1 - u))
    }

    /// The inverse of `logit`.
    static func inverseLogit(_ prior: ABCPrior, _ y: Double) -> Double {
        let (lo, hi) = prior.bounds
        let u = 1 / (1 + exp(-y))
        if case .logUniform = prior { return min(max(lo * exp(u * log(hi / lo)), lo), hi) }
        return min(max(lo + u * (hi - lo), lo), hi)
    }
}
