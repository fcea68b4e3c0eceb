/// Mean and variance of a stream of observations by Welford's update, numerically
/// stable in one pass and O(1) in memory.
public struct RunningMoments: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var sumOfSquaredDeviations = 0.0

    public init() {}

    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    /// Adds one observation.
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
    }

    /// The sample variance (n - 1 in the denominator); 0 for fewer than two observations.
    public var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0 }
    /// The sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }
    /// The standard error of the mean.
    public var standardError: Double { count > 1 ? (variance / Double(count)).squareRoot() : 0 }

    /// The half-width of the two-sided confidence interval of the mean at `level`,
    /// from Student's t with n - 1 degrees of freedom; 0 for fewer than two observations.
    public func confidenceHalfWidth(level: Double = 0.95) -> Double {
        guard count > 1 else { return 0 }
        return Distributions.studentTQuantile(0.5 + level / 2, degreesOfFreedom: Double(count - 1)) * standardError
    }
}

/// Batch means: the standard error of a steady-state mean from one long, autocorrelated
/// run. Observations are cut into `batchCount` consecutive batches of equal size; the
/// batch averages are nearly independent when batches are long, so their spread gives
/// an honest standard error where the raw observations' spread would not.
public struct BatchMeans: Sendable {
    public let batchCount: Int
    public let batchSize: Int
    private var current = RunningMoments()
    public private(set) var batches = RunningMoments()
    public private(set) var overall = RunningMoments()

    /// Batch means over `total` observations expected, in `batchCount` batches;
    /// observations past `batchCount * (total / batchCount)` are ignored.
    public init(expectedObservations total: Int, batchCount: Int = 30) {
        precondition(batchCount >= 2 && total >= batchCount, "batch means needs at least two non-empty batches")
        self.batchCount = batchCount
        self.batchSize = total / batchCount
    }

    public mutating func add(_ value: Double) {
        guard batches.count < batchCount else { return }
        current.add(value)
        overall.add(value)
        if current.count == batchSize {
            batches.add(current.mean)
            current = RunningMoments()
        }
    }

    /// The grand mean over the completed batches.
    public var mean: Double { batches.mean }
    /// The standard error of the grand mean, from the batch averages.
    public var standardError: Double { batches.standardError }
    /// The half-width of a confidence interval of the mean, t with batchCount - 1 dof.
    public func confidenceHalfWidth(level: Double = 0.95) -> Double { batches.confidenceHalfWidth(level: level) }
}
