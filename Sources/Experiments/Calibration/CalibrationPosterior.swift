import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit

/// The posterior of a finished calibration folder, for forecasts that carry parameter
/// uncertainty: `marketsim run --posterior DIR` gives replication r the parameter values
/// of one particle drawn by weight, from the stream keyed ("calibration/posterior", r)
/// under the run's seed, so a forecast is still a pure function of (scenario, seed).
public struct CalibrationPosterior: Sendable {
    public let folder: String
    /// The scenario path each parameter sets, in posterior.csv's column order.
    public let paths: [JSONPath]
    /// `particles[i]` holds particle i's values.
    public let particles: [[Double]]
    public let weights: [Double]

    /// The calibrated scenario of the folder (the base at the posterior mean).
    public var calibratedScenario: String { folder + "/" + OutputFileNames.Calibration.calibrated }

    /// Reads posterior.csv and the parameter paths of calibration.json in `folder`.
    public static func load(folder: String) throws(SweepError) -> CalibrationPosterior {
        func fail(_ path: String, _ message: String) -> SweepError {
            SweepError(.corruptFolder, "\(path): \(message) (a folder written by `marketsim calibrate`)")
        }
        let definitionPath = folder + "/" + OutputFileNames.Calibration.definition
        guard let data = FileManager.default.contents(atPath: definitionPath) else {
            throw fail(definitionPath, "cannot read the file")
        }
        let definition: JSONValue
        do {
            definition = try JSONParser.parse(String(decoding: data, as: UTF8.self), file: definitionPath)
        } catch {
            throw SweepError(.corruptFolder, "\(error) (a folder written by `marketsim calibrate`)")
        }
        guard let parameters = definition["calibration"]?["parameters"]?.array, !parameters.isEmpty else {
            throw fail(definitionPath, "calibration.parameters: not a list of parameters")
        }
        var paths = [JSONPath]()
        for (index, p) in parameters.enumerated() {
            guard let text = p["path"]?.string, let path = try? JSONPath(parsing: text) else {
                throw fail(definitionPath, "calibration.parameters[\(index)].path: not a scenario path")
            }
            paths.append(path)
        }
        let posteriorPath = folder + "/" + OutputFileNames.Calibration.posterior
        let table: CSVTable
        do {
            table = try CSVTable.read(path: posteriorPath)
        } catch {
            throw SweepError(.corruptFolder, "\(error) (a folder written by `marketsim calibrate`)")
        }
        guard table.header.count == paths.count + 3, table.header.last == "distance",
              table.header[paths.count + 1] == "weight" else {
            throw fail(posteriorPath + ":1", "the header does not have the calibration's \(paths.count) parameters, weight and distance")
        }
        var particles = [[Double]](), weights = [Double]()
        do {
            // Every value present and finite, every weight at or above zero and not all
            // zero: a particle is drawn with probability weight / sum.
            weights = try table.weights("weight")
            for row in table.rows.indices {
                particles.append(try (1...paths.count).map { column in
                    guard let value = try table.number(row: row, column: column) else {
                        throw table.error(row: row, column: column, "column \(table.header[column]): a particle needs every parameter's value")
                    }
                    return value
                })
            }
        } catch {
            throw SweepError(.corruptFolder, "\(error) (a folder written by `marketsim calibrate`)")
        }
        return CalibrationPosterior(folder: folder, paths: paths, particles: particles, weights: weights)
    }

    /// The particle replication `replication` of a run seeded `seed` takes.
    public func particle(forReplication replication: Int, seed: UInt64) -> Int {
        let key = StreamKey("calibration/posterior", index: replication)
        let stream = RandomStream(seed: seed, key: key)
        let u = stream.generator.uniform() * weights.reduce(0, +)
        var cumulative = 0.0
        for (i, w) in weights.enumerated() {
            cumulative += w
            if u < cumulative { return i }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    /// The scenario overrides of particle `index`.
    public func overrides(particle index: Int) -> [ScenarioOverride] {
        zip(paths, particles[index]).map { ScenarioOverride(path: $0, value: .number($1)) }
    }
}
