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
        func fail(_ message: String) -> SweepError {
            SweepError(.corruptFolder, "\(folder): \(message) (a folder written by `marketsim calibrate`)")
        }
        let definitionPath = folder + "/" + OutputFileNames.Calibration.definition
        guard let text = FileManager.default.contents(atPath: definitionPath).flatMap({ String(data: $0, encoding: .utf8) }),
              let value = try? JSONParser.parse(text, file: definitionPath),
              let parameters = value["calibration"]?["parameters"]?.array else {
            throw fail("no readable \(OutputFileNames.Calibration.definition)")
        }
        var paths = [JSONPath]()
        for p in parameters {
            guard let text = p["path"]?.string, let path = try? JSONPath(parsing: text) else {
                throw fail("\(OutputFileNames.Calibration.definition) has a parameter without a valid path")
            }
            paths.append(path)
        }
        let table: CSVTable
        do {
            table = try CSVTable.read(path: folder + "/" + OutputFileNames.Calibration.posterior)
        } catch {
            throw fail("cannot read \(OutputFileNames.Calibration.posterior): \(error)")
        }
        guard table.header.count == paths.count + 3, table.header.last == "distance",
              table.header[paths.count + 1] == "weight", !table.rows.isEmpty else {
            throw fail("\(OutputFileNames.Calibration.posterior) does not have the calibration's \(paths.count) parameters, weight and distance")
        }
        var particles = [[Double]](), weights = [Double]()
        for (n, row) in table.rows.enumerated() {
            let numbers = row[1...(paths.count + 1)].map { Double($0) }
            guard numbers.allSatisfy({ $0 != nil && $0!.isFinite }), let w = numbers.last!, w >= 0 else {
                throw fail("\(OutputFileNames.Calibration.posterior) line \(n + 2) is not a particle")
            }
            particles.append(numbers.dropLast().map { $0! })
            weights.append(w)
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
