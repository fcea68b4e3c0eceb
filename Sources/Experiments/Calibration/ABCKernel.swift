import Foundation
import SimulationKit

/// The perturbation kernel of one ABC-SMC generation (Beaumont et al. 2009): pick an
/// ancestor from the previous population by its weight, then add a normal step whose
/// covariance is twice the population's weighted covariance.
///
/// Its mixture density, sum_j w_j K(x | x_j), is the denominator of the new particles'
/// importance weights prior(x) / sum_j w_j K(x | x_j); the kernel's normalising
/// constant is the same for every particle and cancels when the weights are normalised.
struct ABCKernel {
    let ancestors: [[Double]]
    let weights: [Double]
    private let cumulative: [Double]
    /// Lower Cholesky factor of the kernel covariance 2 Sigma.
    private let cholesky: [[Double]]

    /// The kernel of `population`. A parameter whose particles have all collapsed onto one
    /// value keeps a tiny variance (1e-12 of its prior width squared) so the factor exists.
    init(population: ABCPopulation, parameters: [ABCParameter]) {
        ancestors = population.parameters
        weights = population.weights
        var sum = 0.0
        cumulative = weights.map { sum += $0; return sum }
        var covariance = population.covariance().map { $0.map { 2 * $0 } }
        for (i, p) in parameters.enumerated() {
            let (lo, hi) = p.prior.bounds
            covariance[i][i] = max(covariance[i][i], 1e-12 * (hi - lo) * (hi - lo))
        }
        cholesky = ABCKernel.choleskyFactor(covariance)
    }

    /// A proposal: an ancestor by weight, moved by a normal step.
    func propose(_ g: RandomGenerator) -> [Double] {
        let u = g.uniform()
        let index = min(ancestors.count - 1, cumulative.partitionPoint { $0 <= u })
        let z = (0..<cholesky.count).map { _ in g.gaussian(sigma: 1) }
        return ancestors[index].enumerated().map { i, x in
            x + (0...i).reduce(0) { $0 + cholesky[i][$1] * z[$1] }
        }
    }

    /// sum_j w_j exp(-|L^-1 (x - x_j)|^2 / 2), the kernel mixture density at x up to
    /// its constant.
    func mixtureDensity(_ x: [Double]) -> Double {
        var total = 0.0
        let k = x.count
        var y = [Double](repeating: 0, count: k)
        for (ancestor, w) in zip(ancestors, weights) where w > 0 {
            var squared = 0.0
            for i in 0..<k {
                var r = x[i] - ancestor[i]
                for j in 0..<i { r -= cholesky[i][j] * y[j] }
                y[i] = r / cholesky[i][i]
                squared += y[i] * y[i]
            }
            total += w * exp(-0.5 * squared)
        }
        return total
    }

    /// The lower Cholesky factor of a symmetric positive definite matrix; a pivot that
    /// rounding makes non-positive (near-collinear parameters) is raised to 1e-12 of
    /// its diagonal entry.
    static func choleskyFactor(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i][j]
                for m in 0..<j { s -= l[i][m] * l[j][m] }
                if i == j {
                    l[i][i] = max(s, 1e-12 * a[i][i]).squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        return l
    }
}

extension Array where Element == Double {
    /// The first index whose element fails `belongs`, in an array where every element
    /// that satisfies it comes first (binary search).
    func partitionPoint(_ belongs: (Double) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if belongs(self[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
