import SimulationKit

/// First-order and total Sobol sensitivity indices of one outcome, with bootstrap
/// percentile intervals.
///
/// From the model outputs on Saltelli's matrices (f_A, f_B, f_AB^(i), one value per
/// base row): the variance V is that of the 2N values of f_A and f_B (divisor 2N);
/// the first-order index is Saltelli's 2010 estimator, S_i = mean(f_B (f_AB^(i) -
/// f_A)) / V; the total index is Jansen's, ST_i = mean((f_A - f_AB^(i))^2) / (2V).
/// The intervals resample the N base rows with replacement (whole rows, so every
/// resample keeps A, B and A_B^(i) paired) and take the 2.5% and 97.5% percentiles of
/// the re-estimated indices. A base row with any non-finite output is left out.
public struct SobolIndices: Sendable, Equatable {
    /// First-order index per parameter.
    public let firstOrder: [Double]
    public let firstOrderLow: [Double]
    public let firstOrderHigh: [Double]
    /// Total index per parameter.
    public let total: [Double]
    public let totalLow: [Double]
    public let totalHigh: [Double]
    /// The output variance V.
    public let variance: Double
    /// The base rows used (those with finite outputs).
    public let baseRows: Int

    /// Indices from outputs on A (`a`), B (`b`) and each A_B^(i) (`ab[i]`), all of one
    /// length N, with `resamples` bootstrap resamples drawn from the stream `key` under
    /// `seed`.
    public init(a: [Double], b: [Double], ab: [[Double]], resamples: Int = 1000,
                seed: UInt64, key: StreamKey = StreamKey("sweep/sobol-bootstrap")) {
        let n = a.count
        precondition(b.count == n && ab.allSatisfy { $0.count == n }, "Sobol outputs need one value per base row in A, B and every A_B")
        let k = ab.count
        let rows = (0..<n).filter { j in a[j].isFinite && b[j].isFinite && ab.allSatisfy { $0[j].isFinite } }
        let fA = rows.map { a[$0] }, fB = rows.map { b[$0] }
        let fAB = ab.map { column in rows.map { column[$0] } }
        baseRows = rows.count

        let point = Self.estimate(fA, fB, fAB, rows: Array(0..<rows.count))
        variance = point.variance
        firstOrder = point.first
        total = point.total

        var firstSamples = [[Double]](repeating: [], count: k)
        var totalSamples = [[Double]](repeating: [], count: k)
        if rows.count >= 2 && resamples > 0 {
            let stream = RandomStream(seed: seed, key: key)
            let g = stream.generator
            var picks = [Int](repeating: 0, count: rows.count)
            for _ in 0..<resamples {
                for j in 0..<picks.count {
                    picks[j] = g.index(below: picks.count)
                }
                let e = Self.estimate(fA, fB, fAB, rows: picks)
                for i in 0..<k {
                    firstSamples[i].append(e.first[i])
                    totalSamples[i].append(e.total[i])
                }
            }
        }
        func interval(_ samples: [[Double]], _ p: Double) -> [Double] {
            samples.map { s in
                let finite = s.filter(\.isFinite).sorted()
                return finite.isEmpty ? .nan : Quantiles.quantile(sorted: finite, p)
            }
        }
        firstOrderLow = interval(firstSamples, 0.025)
        firstOrderHigh = interval(firstSamples, 0.975)
        totalLow = interval(totalSamples, 0.025)
        totalHigh = interval(totalSamples, 0.975)
    }

    /// The estimators over the base rows `rows` (with repeats, for a resample).
    private static func estimate(_ fA: [Double], _ fB: [Double], _ fAB: [[Double]], rows: [Int])
        -> (variance: Double, first: [Double], total: [Double]) {
        let k = fAB.count
        guard !rows.isEmpty else {
            return (.nan, [Double](repeating: .nan, count: k), [Double](repeating: .nan, count: k))
        }
        let count = Double(rows.count)
        var sum = 0.0
        for j in rows { sum += fA[j] + fB[j] }
        let mean = sum / (2 * count)
        var squares = 0.0
        for j in rows {
            let da = fA[j] - mean, db = fB[j] - mean
            squares += da * da + db * db
        }
        let variance = squares / (2 * count)
        var first = [Double](repeating: 0, count: k)
        var total = [Double](repeating: 0, count: k)
        for i in 0..<k {
            fAB[i].withUnsafeBufferPointer { abi in
                var s = 0.0, t = 0.0
                for j in rows {
                    let d = abi[j] - fA[j]
                    s += fB[j] * d
                    t += d * d
                }
                first[i] = s / count / variance
                total[i] = t / count / (2 * variance)
            }
        }
        return (variance, first, total)
    }
}
