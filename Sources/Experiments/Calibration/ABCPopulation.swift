/// One generation's accepted particles: parameter values, normalised importance
/// weights, distances, and every replication's target values (for predictive bands).
public struct ABCPopulation: Sendable, Equatable {
    /// `parameters[i]` holds particle i's values in parameter order.
    public let parameters: [[Double]]
    /// Normalised to sum 1.
    public let weights: [Double]
    public let distances: [Double]
    /// `summaries[i][r][t]`: particle i, replication r, target t.
    public let summaries: [[[Double]]]

    public init(parameters: [[Double]], weights: [Double], distances: [Double], summaries: [[[Double]]]) {
        let total = weights.reduce(0, +)
        self.parameters = parameters
        self.weights = weights.map { $0 / total }
        self.distances = distances
        self.summaries = summaries
    }

    public var count: Int { parameters.count }

    /// Kish's effective sample size, 1 / sum of squared normalised weights.
    public var effectiveSampleSize: Double { 1 / weights.reduce(0) { $0 + $1 * $1 } }

    /// The weighted mean of parameter `index`.
    public func mean(_ index: Int) -> Double {
        zip(parameters, weights).reduce(0) { $0 + $1.0[index] * $1.1 }
    }

    /// The weighted standard deviation of parameter `index` (no small-sample correction).
    public func standardDeviation(_ index: Int) -> Double {
        let m = mean(index)
        return zip(parameters, weights).reduce(0) { $0 + $1.1 * ($1.0[index] - m) * ($1.0[index] - m) }.squareRoot()
    }

    /// The weighted `q`-quantile of parameter `index`.
    public func quantile(_ index: Int, _ q: Double) -> Double {
        ABCPopulation.weightedQuantile(parameters.map { $0[index] }, weights: weights, q)
    }

    /// The weighted covariance matrix of the parameters (normalised weights, no
    /// small-sample correction: it only shapes the perturbation kernel).
    public func covariance() -> [[Double]] {
        let k = parameters.first?.count ?? 0
        let means = (0..<k).map(mean)
        var c = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for (x, w) in zip(parameters, weights) {
            for a in 0..<k {
                for b in 0...a { c[a][b] += w * (x[a] - means[a]) * (x[b] - means[b]) }
            }
        }
        for a in 0..<k { for b in 0..<a { c[b][a] = c[a][b] } }
        return c
    }

    /// The weighted `q`-quantile of `values`: the smallest value whose cumulative
    /// weight (in ascending order, ties in index order) reaches q.
    public static func weightedQuantile(_ values: [Double], weights: [Double], _ q: Double) -> Double {
        let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        for i in order {
            cumulative += weights[i] / total
            if cumulative >= q - 1e-12 { return values[i] }
        }
        return values[order.last!]
    }
}

/// What one generation did: its tolerance, how many candidates it ran and accepted,
/// and the effective sample size of the population it kept.
public struct ABCGenerationRecord: Sendable, Equatable {
    public let generation: Int
    /// Infinite for the first generation (every candidate with defined targets passes).
    public let tolerance: Double
    public let candidates: Int
    /// Candidates under the tolerance (the population keeps the first `particles`).
    public let accepted: Int
    public let batches: Int
    /// Runs per candidate (raised near the simulation noise up to `maximumReplications`).
    public let replications: Int
    public let runs: Int
    public let effectiveSampleSize: Double

    public var acceptanceRate: Double { Double(accepted) / Double(candidates) }
}

/// A finished calibration: each generation's record and the last complete population.
public struct ABCResult: Sendable, Equatable {
    /// Why it stopped.
    public enum Stop: String, Sendable, Equatable {
        /// It ran the generations it was given.
        case generations
        /// A generation reached the minimum tolerance.
        case tolerance
        /// A generation could not accept enough particles within its batches; the
        /// result is the generation before it.
        case acceptance
        /// A generation's acceptance rate fell below the minimum; the result is that
        /// generation.
        case acceptanceFloor = "acceptance_floor"
        /// The next tolerance would have been within the simulation noise; the result is
        /// the last generation run.
        case noise
    }

    public let generations: [ABCGenerationRecord]
    public let population: ABCPopulation
    /// The first generation's population: draws from the prior, each accepted with
    /// weight 1 when its fit targets are defined (its tolerance is infinite), so its runs
    /// are the prior predictive distribution.
    public let prior: ABCPopulation
    public let stop: Stop
    /// With regression adjustment, the last generation's population before it (then
    /// `population` is the adjusted one); nil otherwise.
    public let unadjusted: ABCPopulation?
    public let adjustment: ABCRegressionAdjustment?

    public init(generations: [ABCGenerationRecord], population: ABCPopulation, prior: ABCPopulation, stop: Stop,
                unadjusted: ABCPopulation? = nil, adjustment: ABCRegressionAdjustment? = nil) {
        self.generations = generations
        self.population = population
        self.prior = prior
        self.stop = stop
        self.unadjusted = unadjusted
        self.adjustment = adjustment
    }
}
