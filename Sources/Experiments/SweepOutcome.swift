import MarketModel
import ScenarioFormat

/// One outcome column of a market sweep's runs.csv: a trajectory metric reduced to one
/// number per run.
///
/// The reductions: the value at the final report, the mean, maximum or minimum over all
/// reports (missing values skipped; missing when every value is), the value at the first
/// report on or after a date, or the months until the metric first goes strictly below
/// (or above) a threshold. Months count monthly reports after the start (0: already at
/// the start), as `RunOutcomes.months_to_gap_below_5` does; missing when it never crosses.
public struct SweepOutcome: Sendable, Equatable {
    /// How the trajectory of the metric becomes one number.
    public enum Statistic: Sendable, Equatable {
        case final
        case mean
        case maximum
        case minimum
        /// The value at the first report on or after the date.
        case onDate(CalendarDate)
        /// Months until the metric is first below the threshold.
        case firstBelow(Double)
        /// Months until the metric is first above the threshold.
        case firstAbove(Double)

        /// The keywords of `at` in a sweep file (dates and these).
        public static let keywords = ["final", "mean", "max", "min", "first_below", "first_above"]

        /// The statistic as a sweep file writes it: `at` and, for a crossing, `threshold`.
        public var text: (at: String, threshold: Double?) {
            switch self {
            case .final: ("final", nil)
            case .mean: ("mean", nil)
            case .maximum: ("max", nil)
            case .minimum: ("min", nil)
            case .onDate(let date): (date.description, nil)
            case .firstBelow(let x): ("first_below", x)
            case .firstAbove(let x): ("first_above", x)
            }
        }
    }

    /// The column name in runs.csv.
    public let name: String
    /// The trajectory column it reads (a `RunRecorder` metric column).
    public let metric: String
    public let statistic: Statistic

    public init(name: String, metric: String, statistic: Statistic) {
        self.name = name
        self.metric = metric
        self.statistic = statistic
    }

    /// The outcome of one run whose metric is column `column` of each `trajectory` row,
    /// the rows being the reports at `reportDates` (one date per row). A column of nil
    /// (a point whose scenario does not record the metric) gives a missing value.
    public func value(column: Int?, trajectory: [[Double]], reportDates: [CalendarDate]) -> Double {
        guard let column, !trajectory.isEmpty else { return .nan }
        switch statistic {
        case .final:
            return trajectory[trajectory.count - 1][column]
        case .mean:
            var sum = 0.0, count = 0
            for row in trajectory where row[column].isFinite {
                sum += row[column]
                count += 1
            }
            return count > 0 ? sum / Double(count) : .nan
        case .maximum:
            return trajectory.lazy.map { $0[column] }.filter(\.isFinite).max() ?? .nan
        case .minimum:
            return trajectory.lazy.map { $0[column] }.filter(\.isFinite).min() ?? .nan
        case .onDate(let date):
            guard let row = reportDates.firstIndex(where: { $0 >= date }), row < trajectory.count else { return .nan }
            return trajectory[row][column]
        case .firstBelow(let threshold):
            return trajectory.firstIndex { $0[column] < threshold }.map(Double.init) ?? .nan
        case .firstAbove(let threshold):
            return trajectory.firstIndex { $0[column] > threshold }.map(Double.init) ?? .nan
        }
    }
}
