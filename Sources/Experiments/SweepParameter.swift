import Foundation

/// One swept input: a name (the JSON path of the scenario key it sets, such as
/// `actors.distillers[0].lag.mean_days`) and the values it may take, either a list of
/// discrete levels or a continuous range with a scale.
///
/// Every design works on the unit cube and maps each coordinate u in [0, 1) to a value
/// through `value(atUnit:)`; a grid instead takes `gridLevels()`.
public struct SweepParameter: Sendable, Equatable {
    /// How a range is spread between its bounds.
    public enum Scale: String, Sendable, Equatable, CaseIterable {
        /// Evenly in the value: lower + u (upper - lower).
        case uniform
        /// Evenly in the logarithm, for quantities spanning orders of magnitude
        /// (prices, token volumes); both bounds must be positive.
        case logUniform = "log_uniform"
        /// The integers lower...upper (both included), each equally likely.
        case integer
    }

    /// The values a parameter may take.
    public enum Domain: Sendable, Equatable {
        /// Discrete levels, in the order given. In a grid each level is one coordinate
        /// of the factorial; in the sampled designs u picks level floor(u * count).
        case levels([Double])
        /// A range [lower, upper] on `scale`. `gridLevels` is how many evenly spaced
        /// values (on the scale, bounds included) a grid takes; other designs ignore it.
        case range(lower: Double, upper: Double, scale: Scale, gridLevels: Int?)
    }

    public let name: String
    public let domain: Domain

    public init(name: String, domain: Domain) {
        self.name = name
        self.domain = domain
    }

    /// A parameter with discrete levels.
    public static func levels(_ name: String, _ values: [Double]) -> SweepParameter {
        SweepParameter(name: name, domain: .levels(values))
    }

    /// A parameter on a range.
    public static func range(_ name: String, lower: Double, upper: Double, scale: Scale = .uniform,
                             gridLevels: Int? = nil) -> SweepParameter {
        SweepParameter(name: name, domain: .range(lower: lower, upper: upper, scale: scale, gridLevels: gridLevels))
    }

    /// Checks the domain; `forGrid` also demands a level count for a range.
    func validate(forGrid: Bool) throws(SweepError) {
        func fail(_ message: String) -> SweepError {
            SweepError(.invalidDefinition, "parameter \(name): \(message)")
        }
        guard !name.isEmpty else { throw SweepError(.invalidDefinition, "a parameter needs a name (its JSON path)") }
        switch domain {
        case .levels(let values):
            guard !values.isEmpty else { throw fail("levels must not be empty") }
            guard values.allSatisfy(\.isFinite) else { throw fail("levels must be finite numbers") }
        case .range(let lower, let upper, let scale, let gridLevels):
            guard lower.isFinite && upper.isFinite else { throw fail("range bounds must be finite") }
            guard lower < upper else { throw fail("range lower bound \(lower) must be below its upper bound \(upper)") }
            if scale == .logUniform && lower <= 0 {
                throw fail("a log_uniform range needs a positive lower bound, not \(lower)")
            }
            if scale == .integer && (lower != lower.rounded() || upper != upper.rounded()) {
                throw fail("an integer range needs integer bounds, not [\(lower), \(upper)]")
            }
            if forGrid {
                guard let levels = gridLevels else {
                    throw fail("a range in a grid design needs a level count (levels)")
                }
                guard levels >= 2 else { throw fail("a range in a grid needs at least 2 levels, not \(levels)") }
                if scale == .integer && Double(levels) > upper - lower + 1 {
                    throw fail("\(levels) levels do not fit in the \(Int(upper - lower + 1)) integers of [\(lower), \(upper)]")
                }
            } else if let levels = gridLevels, levels < 2 {
                throw fail("a level count must be at least 2, not \(levels)")
            }
        }
    }

    /// The value at unit coordinate `u` in [0, 1).
    public func value(atUnit u: Double) -> Double {
        switch domain {
        case .levels(let values):
            return values[Swift.min(values.count - 1, Int((u * Double(values.count)).rounded(.down)))]
        case .range(let lower, let upper, let scale, _):
            switch scale {
            case .uniform:
                return lower + u * (upper - lower)
            case .logUniform:
                return exp(log(lower) + u * (log(upper) - log(lower)))
            case .integer:
                let count = upper - lower + 1
                return Swift.min(upper, lower + (u * count).rounded(.down))
            }
        }
    }

    /// The values a grid takes: the levels, or `gridLevels` values spaced evenly on the
    /// scale with both bounds included (integers rounded to the nearest).
    /// How many values a grid design takes, without generating them.
    public var gridLevelCount: Int {
        switch domain {
        case .levels(let values): values.count
        case .range(_, _, _, let gridLevels): gridLevels ?? 2
        }
    }

    public func gridLevels() -> [Double] {
        switch domain {
        case .levels(let values):
            return values
        case .range(let lower, let upper, let scale, let gridLevels):
            let count = gridLevels ?? 2
            return (0..<count).map { j in
                let t = Double(j) / Double(count - 1)
                switch scale {
                case .uniform:
                    return j == count - 1 ? upper : lower + t * (upper - lower)
                case .logUniform:
                    return j == count - 1 ? upper : exp(log(lower) + t * (log(upper) - log(lower)))
                case .integer:
                    return (lower + t * (upper - lower)).rounded(.toNearestOrAwayFromZero)
                }
            }
        }
    }
}
