import Testing
@testable import SimulationKit
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Each GSL draw against its analytic mean and variance. With n draws the sample mean
/// has standard error sd / sqrt(n), and the sample variance roughly
/// sqrt((mu4 - sigma^4) / n); both are checked within five standard errors, using the
/// distribution's known fourth central moment where it is simple and a generous bound
/// otherwise.
@Suite struct DistributionTests {
    static let n = 200_000

    /// Sample moments of `n` draws of `draw` on a fresh stream.
    static func moments(_ name: String, _ draw: (RandomGenerator) -> Double) -> RunningMoments {
        let stream = RandomStream(seed: 99, key: StreamKey(name))
        let generator = stream.generator
        var moments = RunningMoments()
        for _ in 0..<n { moments.add(draw(generator)) }
        return moments
    }

    /// Checks the mean within 5 SE and the variance within 5 SE of the sample variance,
    /// given the excess kurtosis of the distribution.
    static func check(_ m: RunningMoments, mean: Double, variance: Double, excessKurtosis: Double,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let meanSE = (variance / Double(n)).squareRoot()
        let varianceSE = variance * ((2 + excessKurtosis) / Double(n)).squareRoot()
        #expect(abs(m.mean - mean) < 5 * meanSE, "mean \(m.mean) vs \(mean)", sourceLocation: sourceLocation)
        #expect(abs(m.variance - variance) < 5 * varianceSE, "variance \(m.variance) vs \(variance)",
                sourceLocation: sourceLocation)
    }

    @Test func uniform() {
        let m = Self.moments("uniform") { $0.uniform(2, 5) }
        Self.check(m, mean: 3.5, variance: 9.0 / 12, excessKurtosis: -1.2)
        let unit = Self.moments("unit") { $0.uniform() }
        Self.check(unit, mean: 0.5, variance: 1.0 / 12, excessKurtosis: -1.2)
    }

    @Test func exponentialTakesTheMean() {
        let m = Self.moments("exponential") { $0.exponential(mean: 2.5) }
        Self.check(m, mean: 2.5, variance: 6.25, excessKurtosis: 6)
    }

    @Test func gammaTakesShapeAndScale() {
        let k = 3.0, theta = 0.5
        let m = Self.moments("gamma") { $0.gamma(shape: k, scale: theta) }
        Self.check(m, mean: k * theta, variance: k * theta * theta, excessKurtosis: 6 / k)
    }

    @Test func lognormal() {
        let zeta = 0.2, sigma = 0.4
        let s2 = sigma * sigma
        let m = Self.moments("lognormal") { $0.lognormal(zeta: zeta, sigma: sigma) }
        let kurtosis: Double = exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 6
        let variance: Double = (exp(s2) - 1) * exp(2 * zeta + s2)
        Self.check(m, mean: exp(zeta + s2 / 2), variance: variance, excessKurtosis: kurtosis)
    }

    @Test func beta() {
        let a = 2.0, b = 5.0
        let m = Self.moments("beta") { $0.beta(a, b) }
        let kurtosis = 6 * ((a - b) * (a - b) * (a + b + 1) - a * b * (a + b + 2)) / (a * b * (a + b + 2) * (a + b + 3))
        Self.check(m, mean: a / (a + b), variance: a * b / ((a + b) * (a + b) * (a + b + 1)), excessKurtosis: kurtosis)
    }

    @Test func gaussianAndNormal() {
        let g = Self.moments("gaussian") { $0.gaussian(sigma: 3) }
        Self.check(g, mean: 0, variance: 9, excessKurtosis: 0)
        let n = Self.moments("normal") { $0.normal(mean: -1, sd: 0.5) }
        Self.check(n, mean: -1, variance: 0.25, excessKurtosis: 0)
    }

    @Test func poisson() {
        let m = Self.moments("poisson") { Double($0.poisson(mean: 4.2)) }
        Self.check(m, mean: 4.2, variance: 4.2, excessKurtosis: 1 / 4.2)
    }

    @Test func bernoulli() {
        let p = 0.3
        let m = Self.moments("bernoulli") { $0.bernoulli(p) ? 1 : 0 }
        Self.check(m, mean: p, variance: p * (1 - p), excessKurtosis: (1 - 6 * p * (1 - p)) / (p * (1 - p)))
    }

    /// Pearson's chi-squared statistic of `counts` against `probabilities`.
    static func chiSquared(_ counts: [Int], _ probabilities: [Double]) -> Double {
        let total = Double(counts.reduce(0, +))
        return zip(counts, probabilities).reduce(0) { sum, pair in
            let expected = total * pair.1
            let diff = Double(pair.0) - expected
            return sum + diff * diff / expected
        }
    }

    static let weights = [1.0, 0, 2, 3, 0.5, 3.5]
    static var probabilities: [Double] { weights.map { $0 / 10 } }

    @Test func chooseFollowsTheWeights() {
        let stream = RandomStream(seed: 1, key: StreamKey("choose"))
        var counts = [Int](repeating: 0, count: Self.weights.count)
        for _ in 0..<100_000 { counts[stream.generator.choose(weights: Self.weights)] += 1 }
        #expect(counts[1] == 0)
        // Five degrees of freedom over the non-zero cells; p > 0.001 at this seed.
        let nonZero = Self.weights.indices.filter { Self.weights[$0] > 0 }
        let x2 = Self.chiSquared(nonZero.map { counts[$0] }, nonZero.map { Self.probabilities[$0] })
        #expect(Distributions.chiSquaredUpperTail(x2, degreesOfFreedom: 4) > 0.001)
    }

    @Test func discreteDistributionFollowsTheWeights() {
        let table = DiscreteDistribution(weights: Self.weights)
        for i in Self.weights.indices {
            #expect(abs(table.probability(of: i) - Self.probabilities[i]) < 1e-12)
        }
        let stream = RandomStream(seed: 2, key: StreamKey("discrete"))
        var counts = [Int](repeating: 0, count: Self.weights.count)
        for _ in 0..<100_000 { counts[table.draw(stream.generator)] += 1 }
        #expect(counts[1] == 0)
        let nonZero = Self.weights.indices.filter { Self.weights[$0] > 0 }
        let x2 = Self.chiSquared(nonZero.map { counts[$0] }, nonZero.map { Self.probabilities[$0] })
        #expect(Distributions.chiSquaredUpperTail(x2, degreesOfFreedom: 4) > 0.001)
    }

    @Test func chiSquaredDetectsAWrongDistribution() {
        // The check above can fail: uniform counts are rejected against these weights.
        let x2 = Self.chiSquared([20_000, 20_000, 20_000, 20_000, 20_000], [0.1, 0.2, 0.3, 0.05, 0.35])
        #expect(Distributions.chiSquaredUpperTail(x2, degreesOfFreedom: 4) < 1e-6)
    }
}
