import CGSL
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

    @Test("index(below:) is uniform over 0..<n")
    func indexIsUniform() {
        let stream = RandomStream(seed: 3, key: StreamKey("index"))
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[stream.generator.index(below: 7)] += 1 }
        let x2 = Self.chiSquared(counts, [Double](repeating: 1.0 / 7, count: 7))
        #expect(Distributions.chiSquaredUpperTail(x2, degreesOfFreedom: 6) > 0.001)
    }

    @Test("shuffle makes each of the 24 orders of four elements equally likely")
    func shuffleIsUniform() {
        let stream = RandomStream(seed: 4, key: StreamKey("shuffle"))
        var counts = [[Int]: Int]()
        for _ in 0..<48_000 {
            var order = [0, 1, 2, 3]
            stream.generator.shuffle(&order)
            counts[order, default: 0] += 1
        }
        #expect(counts.count == 24)
        let x2 = Self.chiSquared(Array(counts.values), [Double](repeating: 1.0 / 24, count: 24))
        #expect(Distributions.chiSquaredUpperTail(x2, degreesOfFreedom: 23) > 0.001)
    }

    @Test("shuffle swaps in the order of GSL's gsl_ran_shuffle")
    func shuffleFollowsGSL() {
        // On MT19937 a uniform is the raw output over 2^32, so its floor times i + 1 and
        // GSL's gsl_rng_uniform_int(i + 1) agree but for about one draw in 10^8 at these
        // sizes: the two shuffles give the same orders unless the loop runs the wrong way.
        let ours = RandomStream(mt19937Seed: 11), theirs = RandomStream(mt19937Seed: 11)
        for n in [2, 5, 10, 50] {
            for _ in 0..<20 {
                var a = Array(0..<n), b = Array(0..<n)
                ours.generator.shuffle(&a)
                b.withUnsafeMutableBufferPointer { gsl_ran_shuffle(theirs.generator.rng, $0.baseAddress, n, MemoryLayout<Int>.stride) }
                #expect(a == b)
            }
        }
    }

    @Test("type-7 quantiles as R computes them, exact between equal order statistics")
    func quantiles() {
        // R: quantile(c(1, 2, 3, 4), c(0, 0.25, 0.5, 0.9, 1), type = 7) = 1, 1.75, 2.5, 3.7, 4.
        #expect(Quantiles.quantiles([4, 2, 1, 3], [0, 0.25, 0.5, 1]) == [1, 1.75, 2.5, 4])
        #expect(abs(Quantiles.quantile(sorted: [1, 2, 3, 4], 0.9) - 3.7) < 1e-15)
        let tie = 0.1 + 0.2
        for level in stride(from: 0.01, to: 1, by: 0.01) {
            #expect(Quantiles.quantile(sorted: [tie, tie], level) == tie)
        }
    }

    @Test func chiSquaredDetectsAWrongDistribution() {
        // The check above can fail: uniform counts are rejected against these weights.
        let x2 = Self.chiSquared([20_000, 20_000, 20_000, 20_000, 20_000], [0.1, 0.2, 0.3, 0.05, 0.35])
        #expect(Distributions.chiSquaredUpperTail(x2, degreesOfFreedom: 4) < 1e-6)
    }
}
