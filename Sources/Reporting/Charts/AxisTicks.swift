import Foundation
import MarketModel
import ScenarioFormat

/// The scale of a value axis.
public enum AxisScale: Sendable {
    case linear
    /// Base-10 logarithmic; values at or below zero cannot be drawn and are missing.
    case log10
}

/// A tick on an axis: where it is (in data units; a day number on a time axis) and
/// what it says.
struct AxisTick: Equatable {
    let value: Double
    let label: String
}

/// A value axis: its domain (the data range widened to whole ticks) and ticks.
struct ValueAxis {
    let scale: AxisScale
    let domain: ClosedRange<Double>
    let ticks: [AxisTick]
    /// Unlabelled grid lines between ticks (2..9 times each power of ten on a log axis).
    let minorTicks: [Double]

    /// The axis position (0 at the bottom of the domain, 1 at the top) of `value`;
    /// `nil` if the scale cannot show it.
    func fraction(_ value: Double) -> Double? {
        switch scale {
        case .linear:
            return (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .log10:
            guard value > 0 else { return nil }
            let low = Foundation.log10(domain.lowerBound)
            return (Foundation.log10(value) - low) / (Foundation.log10(domain.upperBound) - low)
        }
    }

    /// The ticks where the frame draws them: (axis fraction, label), ticks the scale
    /// can show.
    var frameTicks: [(fraction: Double, label: String)] {
        ticks.map { (fraction: fraction($0.value)!, label: $0.label) }
    }

    /// Ticks at "nice" steps (1, 2, 2.5 or 5 times a power of ten), about
    /// `targetCount` of them, covering `minimum...maximum`; with `integer`, whole steps
    /// only, for a count such as a generation, of which 0.2 means nothing.
    static func linear(minimum: Double, maximum: Double, targetCount: Int = 6, integer: Bool = false) -> ValueAxis {
        var low = minimum
        var high = maximum
        if !(low.isFinite && high.isFinite) { (low, high) = (0, 1) }
        if high - low < 1e-12 * Swift.max(1, abs(high)) {
            let pad = integer || abs(high) == 0 ? 1 : abs(high) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        var step = niceStep((high - low) / Double(Swift.max(1, targetCount - 1)))
        if integer { step = step < 1 ? 1 : step == 2.5 ? 2 : step }
        let first = Int((low / step).rounded(.down))
        let last = Int((high / step).rounded(.up))
        let values = (first...last).map { Double($0) * step }
        let labels = tickLabels(values, step: step)
        return ValueAxis(scale: .linear, domain: values.first!...values.last!,
                         ticks: zip(values, labels).map(AxisTick.init), minorTicks: [])
    }

    /// Ticks at powers of ten covering `minimum...maximum` (both > 0), at least one
    /// decade; every second power when there are more than eight decades.
    static func log10(minimum: Double, maximum: Double) -> ValueAxis {
        var low = Int(Foundation.log10(minimum).rounded(.down))
        var high = Int(Foundation.log10(maximum).rounded(.up))
        if !(minimum > 0 && maximum > 0 && minimum.isFinite && maximum.isFinite) { (low, high) = (0, 1) }
        if high <= low { high = low + 1 }
        let stride = high - low > 8 ? 2 : 1
        if stride == 2 && (high - low) % 2 == 1 { high += 1 }
        let exponents = Array(Swift.stride(from: low, through: high, by: stride))
        let ticks = exponents.map { AxisTick(value: powerOfTen($0), label: powerOfTenLabel($0)) }
        var minor: [Double] = []
        if stride == 1 && high - low <= 4 {
            for exponent in low..<high {
                for multiple in 2...9 { minor.append(Double(multiple) * powerOfTen(exponent)) }
            }
        }
        return ValueAxis(scale: .log10, domain: powerOfTen(low)...powerOfTen(high), ticks: ticks, minorTicks: minor)
    }

    /// 10^exponent computed exactly for the exponents charts use (a product of
    /// tens is exact up to 10^22; a quotient by one is the nearest double).
    static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    private static func powerOfTenLabel(_ exponent: Int) -> String {
        if exponent < 0 { return DisplayNumber.fixed(powerOfTen(exponent), decimals: -exponent) }
        let suffixes: [(Int, String)] = [(12, "T"), (9, "B"), (6, "M"), (3, "k")]
        for (size, suffix) in suffixes where exponent >= size {
            return DisplayNumber.fixed(powerOfTen(exponent - size), decimals: 0) + suffix
        }
        return DisplayNumber.fixed(powerOfTen(exponent), decimals: 0)
    }

    private static func niceStep(_ rough: Double) -> Double {
        let exponent = Int(Foundation.log10(rough).rounded(.down))
        let magnitude = powerOfTen(exponent)
        let fraction = rough / magnitude
        // Nearest nice value, so the tick count stays close to the target.
        let nice: Double = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7 ? 5 : 10
        return nice * magnitude
    }

    /// Labels with as many decimals as the step needs, large values shortened with
    /// k, M, B (billion) or T so money axes stay readable.
    static func tickLabels(_ values: [Double], step: Double) -> [String] {
        let largest = values.map(abs).max() ?? 0
        // (smallest value shortened, divisor, suffix): from 10,000 up, so 5000 stays 5000.
        let scales: [(Double, Double, String)] = [(1e12, 1e12, "T"), (1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k")]
        let (_, divisor, suffix) = scales.first { largest >= $0.0 } ?? (1, 1, "")
        let scaledStep = step / divisor
        var decimals = 0
        while decimals < 10 {
            let scaled = scaledStep * powerOfTen(decimals)
            if abs(scaled - scaled.rounded()) < 1e-6 * Swift.max(1, abs(scaled)) { break }
            decimals += 1
        }
        return values.map { DisplayNumber.fixed($0 / divisor, decimals: decimals) + ($0 == 0 ? "" : suffix) }
    }
}

/// Time-axis ticks on the first of a month, every 1, 2, 3, 6, 12, 24, 60 or 120
/// months, the smallest step that gives at most `maximumCount` ticks; labelled
/// `Jan 2026` for steps under a year and `2026` for yearly ones.
enum DateTicks {
    static func ticks(from start: CalendarDate, to end: CalendarDate, maximumCount: Int = 8) -> [AxisTick] {
        let firstMonth = start.day == 1 ? start.monthIndex : start.monthIndex + 1
        let lastMonth = end.monthIndex
        guard lastMonth >= firstMonth else {
            return [AxisTick(value: Double(start.daysSinceEpoch), label: start.description)]
        }
        let steps = [1, 2, 3, 6, 12, 24, 60, 120]
        let step = steps.first { step in
            let first = (firstMonth + step - 1) / step * step
            return first > lastMonth || (lastMonth - first) / step + 1 <= maximumCount
        } ?? 120
        let first = (firstMonth + step - 1) / step * step
        return Swift.stride(from: first, through: lastMonth, by: step).map { index in
            let date = CalendarDate(year: index / 12, month: index % 12 + 1, day: 1)!
            let label = step >= 12 ? String(date.year) : CalendarDate.monthAbbreviations[date.month - 1] + " " + String(date.year)
            return AxisTick(value: Double(date.daysSinceEpoch), label: label)
        }
    }
}
