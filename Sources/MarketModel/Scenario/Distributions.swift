import ScenarioFormat

/// A gamma-distributed duration in days, given by its mean and coefficient of variation.
public struct DurationDistribution: Sendable, Equatable {
    public var meanDays: Double = 0
    public var cv: Double = 0

    public init() {}
}

extension DurationDistribution: SchemaObject {
    public static var fields: [ObjectField<DurationDistribution>] { fields(defaults: nil) }

    /// The fields, filled with `defaults` when a file leaves them out: each use has its own
    /// (a frontier lab's releases, a distiller's lag).
    static func fields(defaults: (meanDays: Double, cv: Double)?) -> [ObjectField<DurationDistribution>] {[
        .field("mean_days", \.meanDays, ScenarioSchema.intervalDays, default: defaults.map { .number($0.meanDays) },
               doc: "Mean duration in days (at least 1)."),
        .field("cv", \.cv, .number(in: 0...5), default: defaults.map { .number($0.cv) },
               doc: "Coefficient of variation (0: always the mean); gamma-distributed."),
    ]}

    /// The schema of one use: its defaults and what the duration is.
    static func schema(meanDays: Double, cv: Double, doc: String) -> Schema {
        Schema.object(fields(defaults: (meanDays, cv)).map(\.field)).described(doc)
    }
}

/// Lognormal parameters given by median and log-scale standard deviation.
public struct LognormalParameters: Sendable, Equatable {
    public var median: Double = 0
    public var sigma: Double = 0

    public init() {}
}

extension LognormalParameters: SchemaObject {
    public static var fields: [ObjectField<LognormalParameters>] { fields(defaults: nil, maximum: nil) }

    /// The fields with the defaults and the largest median of one use.
    static func fields(defaults: (median: Double, sigma: Double)?, maximum: Double?) -> [ObjectField<LognormalParameters>] {[
        .field("median", \.median, .number(exclusiveMinimum: 0, maximum: maximum), default: defaults.map { .number($0.median) },
               doc: "The median."),
        .field("sigma", \.sigma, .number(in: 0...5), default: defaults.map { .number($0.sigma) },
               doc: "Standard deviation of the logarithm."),
    ]}

    /// The schema of one use: its defaults, the largest median, and what the variable is.
    static func schema(median: Double, sigma: Double, maximum: Double, doc: String) -> Schema {
        Schema.object(fields(defaults: (median, sigma), maximum: maximum).map(\.field))
            .described(doc)
    }
}

/// Beta parameters given by mean and concentration (a + b).
public struct BetaParameters: Sendable, Equatable {
    public var mean: Double = 0
    public var concentration: Double = 0

    public init() {}
}

extension BetaParameters: SchemaObject {
    public static var fields: [ObjectField<BetaParameters>] { fields(defaults: nil) }

    /// The fields, filled with `defaults` when a file leaves them out.
    static func fields(defaults: (mean: Double, concentration: Double)?) -> [ObjectField<BetaParameters>] {[
        .field("mean", \.mean, ScenarioSchema.openFraction, default: defaults.map { .number($0.mean) },
               doc: "The mean, strictly between 0 and 1."),
        .field("concentration", \.concentration, .number(minimum: 0.1, maximum: 1e6), default: defaults.map { .number($0.concentration) },
               doc: "a + b of the beta distribution: higher is less spread."),
    ]}

    /// The schema of one use: its defaults and what the share is.
    static func schema(mean: Double, concentration: Double, doc: String) -> Schema {
        Schema.object(fields(defaults: (mean, concentration)).map(\.field)).described(doc)
    }
}

/// Normal parameters given by mean and standard deviation.
public struct NormalParameters: Sendable, Equatable {
    public var mean: Double = 0
    public var sigma: Double = 0

    public init() {}
}

extension NormalParameters: SchemaObject {
    public static var fields: [ObjectField<NormalParameters>] { fields(range: -1...1) }

    /// The fields, the mean within `range`, both defaulting to 0.
    static func fields(range: ClosedRange<Double>) -> [ObjectField<NormalParameters>] {[
        .field("mean", \.mean, .number(in: range), default: .number(0), doc: "The mean."),
        .field("sigma", \.sigma, .number(in: 0...(range.upperBound - range.lowerBound)), default: .number(0),
               doc: "The standard deviation (0: every draw is the mean)."),
    ]}

    /// The schema of one use: the mean's range and what the variable is.
    static func schema(range: ClosedRange<Double>, doc: String) -> Schema {
        Schema.object(fields(range: range).map(\.field)).described(doc)
    }
}
