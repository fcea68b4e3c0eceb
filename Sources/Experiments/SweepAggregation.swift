import Foundation
import Reporting
import SimulationKit

/// The aggregates of a finished sweep, computed from its runs.csv alone, so a sweep
/// run on one machine and a merged set of shards aggregate to the same bytes.
///
/// `points.csv`: one row per point: point_id, the parameter values, and per outcome
/// `<outcome>_mean`, `_std_error`, `_ci95_low`, `_ci95_high` (Student's t with n - 1
/// degrees of freedom) and `_n`, over the replications whose outcome is finite
/// (standard error and interval are empty below two).
///
/// `sensitivity.csv` (sobol designs): one row per outcome and parameter: parameter,
/// outcome, first_order, first_order_ci_low, first_order_ci_high, total,
/// total_ci_low, total_ci_high, from the per-point means over replications, with
/// 1000 bootstrap resamples on the stream `StreamKey("sweep/sobol-bootstrap", index:
/// outcome index)` under the sweep seed.
public enum SweepAggregation {
    /// Bootstrap resamples for the Sobol intervals.
    public static let bootstrapResamples = 1000

    /// The columns of points.csv.
    public static func pointColumns(_ definition: SweepDefinition) -> [String] {
        ["point_id"] + definition.parameters.map(\.name) + definition.outcomes.flatMap { o in
            ["\(o)_mean", "\(o)_std_error", "\(o)_ci95_low", "\(o)_ci95_high", "\(o)_n"]
        }
    }

    /// The columns of sensitivity.csv.
    public static let sensitivityColumns = ["parameter", "outcome", "first_order", "first_order_ci_low",
                                            "first_order_ci_high", "total", "total_ci_low", "total_ci_high"]

    /// Reads `folder`/runs.csv (all runs of `definition`, in run-id order) and writes
    /// points.csv and, for sobol, sensitivity.csv into `folder`.
    static func write(definition d: SweepDefinition, folder: String) throws(SweepError) {
        let runsPath = folder + "/" + OutputFileNames.Sweep.runs
        var reader = try LineReader(path: runsPath)
        defer { reader.close() }
        guard let header = try reader.next(), header + "\n" == CSVFormat.line(SweepOutputFolder.runColumns(d)) else {
            throw SweepError(.corruptFolder, "\(runsPath): the header does not match the sweep's columns")
        }
        let k = d.parameters.count, m = d.outcomes.count
        var pointMeans = d.design == .sobol ? [Double](repeating: .nan, count: d.pointCount * m) : []
        var tQuantiles = [Int: Double]()

        let pointsPath = folder + "/" + OutputFileNames.Sweep.points
        let writer: CSVWriter
        do {
            writer = try CSVWriter(path: pointsPath, columns: pointColumns(d))
        } catch {
            throw SweepError(.io, "cannot create \(pointsPath): \(OutputError.cause(of: error))")
        }
        var moments = [RunningMoments](repeating: RunningMoments(), count: m)
        var parameters = ArraySlice<Double>()

        func emit(point: Int) throws(SweepError) {
            var fields = [String(point)] + parameters.map(CSVFormat.number)
            for (o, sample) in moments.enumerated() {
                let n = sample.count
                var halfWidth = Double.nan
                var standardError = Double.nan
                if n >= 2 {
                    let t: Double
                    if let cached = tQuantiles[n] {
                        t = cached
                    } else {
                        t = Distributions.studentTQuantile(0.975, degreesOfFreedom: Double(n - 1))
                        tQuantiles[n] = t
                    }
                    standardError = sample.standardError
                    halfWidth = t * standardError
                }
                let mean = n > 0 ? sample.mean : .nan
                fields += [CSVFormat.number(mean), CSVFormat.number(standardError),
                           CSVFormat.number(mean - halfWidth), CSVFormat.number(mean + halfWidth), String(n)]
                if !pointMeans.isEmpty { pointMeans[point * m + o] = mean }
            }
            do {
                try writer.write(fields)
            } catch {
                throw SweepError(.io, "cannot write \(pointsPath): \(OutputError.cause(of: error))")
            }
        }

        var expected = 0
        while let line = try reader.next() {
            guard let record = RunRecord(line: line, parameterCount: k, outcomeCount: m),
                  record.runID == expected,
                  record.pointID == expected / d.replications,
                  record.replication == expected % d.replications else {
                throw SweepError(.corruptFolder, "\(runsPath): row \(expected + 1) is not run \(expected) of the sweep")
            }
            if record.replication == 0 {
                if expected > 0 { try emit(point: record.pointID - 1) }
                moments = [RunningMoments](repeating: RunningMoments(), count: m)
                parameters = record.parameterValues
            }
            for (o, value) in record.outcomes.enumerated() where value.isFinite { moments[o].add(value) }
            expected += 1
        }
        guard expected == d.runCount, reader.tornTail.isEmpty else {
            throw SweepError(.corruptFolder, "\(runsPath): holds \(expected) of the sweep's \(d.runCount) runs")
        }
        try emit(point: d.pointCount - 1)
        do {
            try writer.close()
        } catch {
            throw SweepError(.io, "cannot write \(pointsPath): \(OutputError.cause(of: error))")
        }

        if d.design == .sobol {
            try writeSensitivity(definition: d, pointMeans: pointMeans, folder: folder)
        }
    }

    private static func writeSensitivity(definition d: SweepDefinition, pointMeans: [Double], folder: String) throws(SweepError) {
        let k = d.parameters.count, m = d.outcomes.count, n = d.samples ?? 0
        let path = folder + "/" + OutputFileNames.Sweep.sensitivity
        do {
            let writer = try CSVWriter(path: path, columns: sensitivityColumns)
            for (o, outcome) in d.outcomes.enumerated() {
                var a = [Double](repeating: .nan, count: n), b = a
                var ab = [[Double]](repeating: a, count: k)
                for point in 0..<d.pointCount {
                    let value = pointMeans[point * m + o]
                    let (row, role) = SaltelliRole.of(pointID: point, parameterCount: k)
                    switch role {
                    case .a: a[row] = value
                    case .b: b[row] = value
                    case .ab(let i): ab[i][row] = value
                    }
                }
                let indices = SobolIndices(a: a, b: b, ab: ab, resamples: bootstrapResamples, seed: d.seed,
                                           key: StreamKey("sweep/sobol-bootstrap", index: o))
                for (i, parameter) in d.parameters.enumerated() {
                    try writer.write([parameter.name, outcome] + [
                        indices.firstOrder[i], indices.firstOrderLow[i], indices.firstOrderHigh[i],
                        indices.total[i], indices.totalLow[i], indices.totalHigh[i],
                    ].map(CSVFormat.number))
                }
            }
            try writer.close()
        } catch {
            throw SweepError(.io, "cannot write \(path): \(OutputError.cause(of: error))")
        }
    }
}
