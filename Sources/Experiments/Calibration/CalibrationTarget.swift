import MarketModel
import ScenarioFormat

/// One observation a calibration compares the market with: a trajectory metric reduced
/// to one number per run (at a date, a sweep outcome's reduction, a mean over a window,
/// or a ratio of two dates) or a run-level outcome (H7's held cut, read from the run's
/// list-price changes), the observed value with its uncertainty, the fact
/// id it comes from, and whether it is fitted or held out.
public struct CalibrationTarget: Sendable, Equatable {
    /// How a run's trajectory becomes the target's value.
    public enum Reduction: Sendable, Equatable {
        /// A sweep outcome's reduction (a date, final, mean, max, min, first_below, first_above).
        case outcome(SweepOutcome.Statistic)
        /// The mean over the reports dated from...to (both included; missing values skipped).
        case window(from: CalendarDate, to: CalendarDate)
        /// The value at the first report on or after `at` divided by that at `over`: a
        /// price a year before over the price now is the fall's factor (X5, X6).
        case ratio(at: CalendarDate, over: CalendarDate)
        /// A run-level outcome (`RunOutcomes.runLevelNames`, summary.csv's figures after
        /// the final period's), one number of the whole run already.
        case run
    }

    public let name: String
    /// The fact id (docs/facts.md: H1, X7...).
    public let fact: String
    public let metric: String
    public let reduction: Reduction
    public let observed: Double
    /// The interval the observation is believed to lie in: the one given, or observed
    /// +- 1.96 sd when a standard deviation was given.
    public let interval: (low: Double, high: Double)
    /// The uncertainty distances divide by: the standard deviation, or half the interval.
    public let scale: Double
    public let fit: Bool
    /// When set, a run's value is 1 if the reduced metric is above this and 0 if not, so
    /// a particle's mean over its replications is the share of them above it ("in most
    /// replications": observed 0.6 or more).
    public let above: Double?
    /// When set, the target is this quantile (0-1) across a particle's replications of
    /// the run's value, not their mean (`ABCTarget.summary`).
    public let quantile: Double?

    public init(name: String, fact: String, metric: String, reduction: Reduction, observed: Double,
                interval: (low: Double, high: Double), scale: Double, fit: Bool, above: Double? = nil,
                quantile: Double? = nil) {
        self.name = name
        self.fact = fact
        self.metric = metric
        self.reduction = reduction
        self.observed = observed
        self.interval = interval
        self.scale = scale
        self.fit = fit
        self.above = above
        self.quantile = quantile
    }

    public static func == (a: CalibrationTarget, b: CalibrationTarget) -> Bool {
        a.name == b.name && a.fact == b.fact && a.metric == b.metric && a.reduction == b.reduction
            && a.observed == b.observed && a.interval == b.interval && a.scale == b.scale && a.fit == b.fit
            && a.above == b.above && a.quantile == b.quantile
    }

    /// The target's value in one run whose metric is column `column` of each trajectory
    /// row (NaN when undefined, or when the column is nil).
    public func value(column: Int?, trajectory: [[Double]], reportDates: [CalendarDate]) -> Double {
        thresholded(reduced(column: column, trajectory: trajectory, reportDates: reportDates))
    }

    /// The target's value in one run whose run-level outcome (`Reduction.run`) is `outcome`.
    public func value(runLevel outcome: Double) -> Double { thresholded(outcome) }

    /// `above`'s 1 or 0 of a run's value, or the value.
    private func thresholded(_ value: Double) -> Double {
        guard let above, value.isFinite else { return value }
        return value > above ? 1 : 0
    }

    /// The metric reduced to one number of the run, before any `above`.
    private func reduced(column: Int?, trajectory: [[Double]], reportDates: [CalendarDate]) -> Double {
        guard let column else { return .nan }
        func at(_ date: CalendarDate) -> Double {
            SweepOutcome(name: name, metric: metric, statistic: .onDate(date))
                .value(column: column, trajectory: trajectory, reportDates: reportDates)
        }
        switch reduction {
        case .outcome(let statistic):
            return SweepOutcome(name: name, metric: metric, statistic: statistic)
                .value(column: column, trajectory: trajectory, reportDates: reportDates)
        case .window(let from, let to):
            var sum = 0.0, count = 0
            for (row, date) in zip(trajectory, reportDates) where date >= from && date <= to && row[column].isFinite {
                sum += row[column]
                count += 1
            }
            return count > 0 ? sum / Double(count) : .nan
        case .ratio(let numerator, let denominator):
            let over = at(denominator)
            return over != 0 ? at(numerator) / over : .nan
        case .run:
            return .nan
        }
    }

    /// The target as the generic ABC engine sees it.
    public var abcTarget: ABCTarget { ABCTarget(name: name, observed: observed, scale: scale, fit: fit, quantile: quantile) }

    /// How the target is reduced, in words for targets.csv: `at 2024-10-01`, `mean
    /// 2025-01-01..2025-12-01`, `2024-06-01 / 2025-06-01`, `first_above 0.5`, `quantile
    /// 0.9 of at 2026-02-01`, `run` (a run-level outcome).
    public var reductionText: String {
        let text: String
        switch reduction {
        case .outcome(let statistic):
            let (at, threshold) = statistic.text
            text = threshold.map { "\(at) \(JSONValue.formatNumber($0))" } ?? at
        case .window(let from, let to):
            text = "mean \(from)..\(to)"
        case .ratio(let at, let over):
            text = "\(at) / \(over)"
        case .run:
            text = "run"
        }
        if let quantile { return "quantile \(JSONValue.formatNumber(quantile)) of \(text)" }
        return above.map { "share above \(JSONValue.formatNumber($0)) of \(text)" } ?? text
    }
}
