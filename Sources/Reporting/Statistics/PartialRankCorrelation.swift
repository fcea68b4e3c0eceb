import Foundation
import SimulationKit

/// Partial rank correlation coefficients (PRCC) of an outcome with each parameter of a
/// sweep: the correlation between the ranks of parameter i and of the outcome after
/// the linear effect of the other parameters' ranks has been removed from both
/// (least-squares residuals). It measures a monotone effect of one parameter with the
/// others held fixed, from -1 to 1, and needs no particular design (Marino et al. 2008).
public enum PartialRankCorrelation {
    /// The PRCC of `outcome` with each column of `parameters` (parameters[i][run]);
    /// runs with a non-finite outcome are left out; `nil` where undefined (a constant
    /// column, or fewer runs than parameters + 2).
    public static func coefficients(parameters: [[Double]], outcome: [Double]) -> [Double?] {
        let keep = outcome.indices.filter { run in outcome[run].isFinite && parameters.allSatisfy { $0[run].isFinite } }
        let k = parameters.count
        guard keep.count >= k + 2 else { return Array(repeating: nil, count: k) }
        let ranked = parameters.map { column in ranks(keep.map { column[$0] }) }
        let y = ranks(keep.map { outcome[$0] })
        return (0..<k).map { i in
            let others = (0..<k).filter { $0 != i }.map { ranked[$0] }
            guard let rx = residuals(ranked[i], on: others), let ry = residuals(y, on: others) else { return nil }
            return correlation(rx, ry)
        }
    }

    /// Average ranks (ties share the mean of their positions), from 1.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = Array(repeating: 0.0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { result[order[position]] = rank }
            start = end + 1
        }
        return result
    }

    /// The residuals of regressing `y` on an intercept and `columns` by least squares
    /// (normal equations, Gaussian elimination with partial pivoting); `nil` when the
    /// design is singular.
    static func residuals(_ y: [Double], on columns: [[Double]]) -> [Double]? {
        let n = y.count
        let design = [Array(repeating: 1.0, count: n)] + columns
        let p = design.count
        var matrix = (0..<p).map { r in (0..<p).map { c in zip(design[r], design[c]).reduce(0) { $0 + $1.0 * $1.1 } } }
        var rhs = (0..<p).map { r in zip(design[r], y).reduce(0) { $0 + $1.0 * $1.1 } }
        for column in 0..<p {
            guard let pivot = (column..<p).max(by: { abs(matrix[$0][column]) < abs(matrix[$1][column]) }),
                  abs(matrix[pivot][column]) > 1e-9 * Double(n) else { return nil }
            matrix.swapAt(column, pivot)
            rhs.swapAt(column, pivot)
            for row in 0..<p where row != column {
                let factor = matrix[row][column] / matrix[column][column]
                guard factor != 0 else { continue }
                for c in column..<p { matrix[row][c] -= factor * matrix[column][c] }
                rhs[row] -= factor * rhs[column]
            }
        }
        let beta = (0..<p).map { rhs[$0] / matrix[$0][$0] }
        return (0..<n).map { run in y[run] - (0..<p).reduce(0) { $0 + beta[$1] * design[$1][run] } }
    }

    /// Pearson's correlation; `nil` when either has no spread.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        let s = CenteredSums(x, y)
        let scale = max(s.xx, s.yy)
        guard s.xx > 1e-12 * max(1, scale), s.yy > 1e-12 * max(1, scale) else { return nil }
        return max(-1, min(1, s.xy / (s.xx * s.yy).squareRoot()))
    }
}
