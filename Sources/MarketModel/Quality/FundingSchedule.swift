import Foundation

/// A lab's outside funding as a rate in USD a day over engine days: the scenario's dated
/// path (`ResearchProgram.funding`), constant before its first point and after its last,
/// held (step) or interpolated linearly between points.
public struct FundingSchedule: Sendable {
    /// (day, USD a day), sorted by day.
    let points: [(day: Double, rate: Double)]
    let linear: Bool

    init(points: [(day: Double, rate: Double)], linear: Bool) {
        self.points = points.sorted { $0.day < $1.day }
        self.linear = linear
    }

    /// The funding rate at `day`, USD a day.
    public func rate(at day: Double) -> Double {
        guard let first = points.first else { return 0 }
        if day <= first.day { return first.rate }
        for i in 1..<points.count where day < points[i].day {
            let a = points[i - 1], b = points[i]
            return linear ? a.rate + (b.rate - a.rate) * (day - a.day) / (b.day - a.day) : a.rate
        }
        return points[points.count - 1].rate
    }

    /// The funding received over [from, to], USD: the exact integral of the rate
    /// (piecewise constant or piecewise linear, so the trapezoid on each piece is exact).
    public func integral(from: Double, to: Double) -> Double {
        guard to > from, !points.isEmpty else { return 0 }
        var cuts = [from]
        for p in points where p.day > from && p.day < to { cuts.append(p.day) }
        cuts.append(to)
        var total = 0.0
        for i in 1..<cuts.count {
            let a = cuts[i - 1], b = cuts[i]
            total += linear ? (rate(at: a) + rate(at: b)) / 2 * (b - a) : rate(at: a) * (b - a)
        }
        return total
    }
}
