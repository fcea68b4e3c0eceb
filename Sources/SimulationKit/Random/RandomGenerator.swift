import CGSL

/// Draws from GSL's distributions on one random stream.
///
/// A non-owning view of a `gsl_rng`: it is obtained from a `RandomStream` or a
/// `RandomStreamBank` and is valid only while its owner lives (and, for a bank,
/// until the bank hands out another stream). Every draw is GSL's `gsl_ran_*`;
/// parameters are the caller's to validate (scenarios are validated on load), and
/// each method's precondition names the one GSL would otherwise mishandle silently.
@frozen
public struct RandomGenerator {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    @inlinable init(_ rng: UnsafeMutablePointer<gsl_rng>) { self.rng = rng }

    /// The generator's next raw output (`gsl_rng_get`), in 0...4294967295 for both of
    /// marketsim's generators; for checks against published reference outputs.
    @inlinable public func rawOutput() -> UInt { gsl_rng_get(rng) }

    /// A uniform draw in [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// A uniform draw in (0, 1).
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// A uniform draw in [lower, upper).
    @inlinable public func uniform(_ lower: Double, _ upper: Double) -> Double {
        gsl_ran_flat(rng, lower, upper)
    }

    /// An exponential draw with the given mean (GSL takes the mean, not the rate).
    @inlinable public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }

    /// A gamma draw with shape k and scale theta (mean k theta).
    @inlinable public func gamma(shape: Double, scale: Double) -> Double {
        gsl_ran_gamma(rng, shape, scale)
    }

    /// A lognormal draw: exp of a normal with mean `zeta` and standard deviation `sigma`.
    @inlinable public func lognormal(zeta: Double, sigma: Double) -> Double {
        gsl_ran_lognormal(rng, zeta, sigma)
    }

    /// A beta draw with shape parameters a and b.
    @inlinable public func beta(_ a: Double, _ b: Double) -> Double { gsl_ran_beta(rng, a, b) }

    /// A normal draw with mean 0 and standard deviation `sigma` (GSL's ziggurat, the
    /// fastest of its gaussian samplers).
    @inlinable public func gaussian(sigma: Double) -> Double { gsl_ran_gaussian_ziggurat(rng, sigma) }

    /// A normal draw with the given mean and standard deviation.
    @inlinable public func normal(mean: Double, sd: Double) -> Double {
        mean + gsl_ran_gaussian_ziggurat(rng, sd)
    }

    /// A Poisson draw with the given mean.
    @inlinable public func poisson(mean: Double) -> Int { Int(gsl_ran_poisson(rng, mean)) }

    /// A Bernoulli draw: true with probability p.
    @inlinable public func bernoulli(_ p: Double) -> Bool { gsl_ran_bernoulli(rng, p) == 1 }

    /// An index drawn uniformly from `0..<n`: the floor of `n` times one uniform draw.
    ///
    /// Not GSL's `gsl_rng_uniform_int`: that divides the generator's 32-bit raw output
    /// by floor((2^32 - 1) / n) and draws again on a remainder, so for about n^2 / 2^33
    /// of draws it picks a neighbouring index (3.5 in 10^5 at n = 1000 on xoshiro256**)
    /// and now and then takes two outputs. The Latin hypercube's strata and the Sobol
    /// bootstrap's rows were drawn this way from the start; GSL's draw would change
    /// their outputs.
    ///
    /// - Precondition: `n > 0`.
    @inlinable public func index(below n: Int) -> Int {
        precondition(n > 0, "index(below:) needs a positive count")
        // The product can round up to n only for a draw a hair below 1.
        return Swift.min(n - 1, Int((gsl_rng_uniform(rng) * Double(n)).rounded(.down)))
    }

    /// Puts `elements` in a uniformly random order by Fisher-Yates from the top: for i
    /// from n - 1 down to 1, element i swaps with element `index(below: i + 1)`.
    ///
    /// The algorithm and the order of draws of GSL's `gsl_ran_shuffle`, whose index
    /// draw is `gsl_rng_uniform_int` (see `index(below:)` for why this one is not).
    ///
    /// - Complexity: O(n)
    @inlinable public func shuffle<Element>(_ elements: inout [Element]) {
        var i = elements.count - 1
        while i > 0 {
            elements.swapAt(i, index(below: i + 1))
            i -= 1
        }
    }

    /// An index drawn with probability proportional to `weights` (non-negative, with a
    /// positive sum), by inverse transform on one GSL uniform. For weights that change
    /// at every draw (a logit choice) this is cheaper than building GSL's alias table;
    /// for fixed weights drawn many times use `DiscreteDistribution`.
    ///
    /// - Complexity: O(n)
    @inlinable public func choose<C: Collection>(weights: C) -> Int where C.Element == Double {
        var total = 0.0
        for w in weights { total += w }
        return choose(weights: weights, total: total)
    }

    /// The same draw, given `total`, the sum of `weights` added in order: a caller that
    /// already summed them (a logit choice needs the sum for its log-sum) saves a pass.
    /// The same total gives the same index as `choose(weights:)`.
    @inlinable public func choose<C: Collection>(weights: C, total: Double) -> Int where C.Element == Double {
        precondition(total > 0 && total.isFinite, "choose(weights:) needs a positive, finite total weight")
        let target = gsl_rng_uniform(rng) * total
        var cumulative = 0.0
        var index = 0
        for w in weights {
            cumulative += w
            if target < cumulative { return index }
            index += 1
        }
        // Rounding left the target at the cumulative total: the last positive weight,
        // found only then (tracked in the loop, it cost every weight two instructions).
        var lastPositive = 0
        index = 0
        for w in weights {
            if w > 0 { lastPositive = index }
            index += 1
        }
        return lastPositive
    }
}

/// A fixed discrete distribution drawn by GSL's alias method (`gsl_ran_discrete`):
/// O(n) to build, O(1) per draw.
public struct DiscreteDistribution: ~Copyable {
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// - Precondition: weights are non-negative, finite, with a positive sum.
    public init(weights: [Double]) {
        let total = weights.reduce(0, +)
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 && $0.isFinite } && total > 0 && total.isFinite,
                     "DiscreteDistribution needs non-negative finite weights with a positive, finite sum")
        self.table = weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) }
    }

    deinit { gsl_ran_discrete_free(table) }

    /// An index drawn with the table's probabilities.
    @inlinable public func draw(_ generator: RandomGenerator) -> Int {
        gsl_ran_discrete(generator.rng, table)
    }

    /// The probability of `index`.
    public func probability(of index: Int) -> Double { gsl_ran_discrete_pdf(index, table) }
}
