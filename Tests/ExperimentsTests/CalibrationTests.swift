import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit
import Testing
@testable import Experiments

/// A calibration file in a fresh folder, fitting coding distillability and the open lab's
/// lag on a short, small base: a few seconds of runs.
func writeCalibrationFile(_ text: String? = nil, particles: Int = 16, generations: Int = 2) throws -> String {
    let folder = temporaryFolder("calibration-file")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/toy-history.json"
    try (text ?? """
    {
      // a comment, as in every marketsim file
      "base": "\(repositoryRoot)/Scenarios/base.json",
      "particles": \(particles), "replications": 2, "generations": \(generations), "seed": 3,
      "overrides": {"buyers.count": 150, "months": 38},
      "parameters": [
        {"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]},
        {"path": "actors.open_labs[0].distillation.efficiency", "prior": "normal", "mean": 0.7, "sd": 0.2, "range": [0.2, 1.2]}
      ],
      "targets": [
        {"name": "gap_2024_10", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 17.5, "interval": [15, 20]},
        {"name": "gap_2026_02", "fact": "H2", "metric": "gap_points", "at": "2026-02-01", "observed": 6, "interval": [5, 7]},
        {"name": "share_2025", "fact": "X7", "metric": "token_share_open_weights", "window": ["2025-01-01", "2025-12-01"],
         "observed": 0.3, "sd": 0.05, "role": "holdout"},
        {"name": "price_fall", "fact": "X6", "metric": "cc_price_usd_per_mtok_q60", "at": "2024-06-01", "ratio_to": "2025-06-01",
         "observed": 10, "interval": [3, 40], "role": "holdout"}
      ]
    }
    """).write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Every file of two calibration folders but the manifests, compared byte for byte.
func expectSameCalibration(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let files = try regularFiles(a)
    #expect(try regularFiles(b) == files, sourceLocation: sourceLocation)
    #expect(files.contains(OutputFileNames.Calibration.posterior), sourceLocation: sourceLocation)
    for file in files where !file.hasSuffix(OutputFileNames.Calibration.manifest) {
        #expect(try contents(a + "/" + file) == contents(b + "/" + file), "\(file) differs", sourceLocation: sourceLocation)
    }
}

@Suite("Calibration file and targets")
struct CalibrationFileTests {
    @Test("a target's window mean, ratio and date follow the trajectory by hand")
    func targetReductions() {
        let dates = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"].map { CalendarDate(iso: $0)! }
        let trajectory: [[Double]] = [[0, 8], [1, .nan], [2, 2], [3, 1]]
        func target(_ reduction: CalibrationTarget.Reduction) -> Double {
            CalibrationTarget(name: "t", fact: "X", metric: "m", reduction: reduction, observed: 0, interval: (0, 1),
                              scale: 1, fit: true).value(column: 1, trajectory: trajectory, reportDates: dates)
        }
        // The window skips the missing February: (8 + 2) / 2.
        #expect(target(.window(from: dates[0], to: dates[2])) == 5)
        #expect(target(.ratio(at: dates[0], over: dates[3])) == 8)
        #expect(target(.outcome(.onDate(CalendarDate(iso: "2025-02-15")!))) == 2)
        #expect(target(.outcome(.firstBelow(1.5))) == 3)
    }

    @Test("a calibration file loads into priors, scaled targets and settings")
    func loads() throws {
        let file = try CalibrationFile.load(try writeCalibrationFile())
        #expect(file.parameters.map(\.name) == ["coding_distillability", "actors.open_labs[0].distillation.efficiency"])
        #expect(file.parameters[1].prior == .normal(mean: 0.7, sd: 0.2, lower: 0.2, upper: 1.2))
        #expect(file.targets.map(\.scale) == [2.5, 1, 0.05, 18.5])
        #expect(file.targets.map(\.fit) == [true, true, false, false])
        #expect(file.settings.particles == 16 && file.settings.replications == 2)
    }

    @Test("bad calibration files name the file, the JSON path and the problem, all at once")
    func badFiles() throws {
        let path = try writeCalibrationFile("""
        {"base": "\(repositoryRoot)/Scenarios/base.json", "particles": 10, "replicatons": 2,
         "parameters": [{"path": "segments[0].distillability", "range": [0.5, 1.5]},
                        {"path": "segments[0].distilability", "range": [0.1, 0.2]},
                        {"path": "buyers.count", "prior": "log_uniform", "range": [0, 10], "sd": 3}],
         "targets": [{"name": "g", "fact": "H1", "metric": "gap_pionts", "at": "2024-10-01", "observed": 17, "interval": [15, 20]},
                     {"name": "h", "fact": "H2", "metric": "gap_points", "at": "2031-01-01", "observed": 6},
                     {"name": "k", "fact": "H2", "metric": "gap_points", "observed": 9, "interval": [5, 7], "role": "holdout"}]}
        """)
        #expect {
            try CalibrationFile.load(path)
        } throws: { error in
            let text = (error as! ScenarioError).description
            return text.contains("\(path): replicatons: unknown key (did you mean \"replications\"?)")
        }
        let fixed = path.replacingOccurrences(of: ".json", with: "-2.json")
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "replicatons", with: "replications")
            .write(toFile: fixed, atomically: true, encoding: .utf8)
        var message = ""
        do {
            _ = try CalibrationFile.load(fixed)
        } catch {
            message = error.description
        }
        let expected = [
            "\(fixed): parameters[0].range: the bound 1.5 is not a valid value",
            "\(fixed): parameters[1].path: the base scenario has no segments[0].distilability (did you mean segments[0].distillability?)",
            "\(fixed): parameters[2].sd: sd applies to a normal prior",
            "\(fixed): parameters[2].range: a log_uniform prior needs lo > 0",
            "\(fixed): targets[0].metric: no trajectory metric \"gap_pionts\" (did you mean \"gap_points\"?)",
            "\(fixed): targets[1]: a target needs its uncertainty",
            "\(fixed): targets[2].interval: [5, 7] must have lo < hi and hold observed (9)",
        ]
        for line in expected { #expect(message.contains(line), "missing \(line) in:\n\(message)") }
    }
}

@Suite("marketsim calibrate", .serialized)
struct CalibrateCommandTests {
    @Test("--jobs 1 and --jobs 2 write the same bytes; the posterior, targets and calibrated scenario are consistent")
    func jobs() throws {
        let file = try writeCalibrationFile()
        let one = temporaryFolder(), two = temporaryFolder()
        let first = try marketsim(["calibrate", file, "--out", one, "--jobs", "1"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardError.contains("generation 2/2: tolerance "), "\(first.standardError)")
        #expect(try marketsim(["calibrate", file, "--out", two, "--jobs", "2", "--quiet"]).status == 0)
        try expectSameCalibration(one, two)

        let posterior = try CSVTable.read(path: one + "/" + OutputFileNames.Calibration.posterior)
        #expect(posterior.rows.count == 16)
        let weights = posterior.column("weight").map { Double($0)! }
        #expect(abs(weights.reduce(0, +) - 1) < 1e-9)
        let generations = try CSVTable.read(path: one + "/" + OutputFileNames.Calibration.generations)
        let tolerance = Double(generations.column("tolerance")[1])!
        // Every accepted particle is within the last generation's tolerance.
        #expect(posterior.column("distance").allSatisfy { Double($0)! <= tolerance })
        // calibrated.json is a valid scenario holding the posterior mean.
        let calibrated = try ScenarioFile.load(one + "/" + OutputFileNames.Calibration.calibrated)
        let mean = zip(posterior.column("coding_distillability"), weights).reduce(0) { $0 + Double($1.0)! * $1.1 }
        #expect(abs(calibrated.scenario.segments[0].distillability - mean) < 1e-9)
        let targets = try CSVTable.read(path: one + "/" + OutputFileNames.Calibration.targets)
        #expect(targets.column("role") == ["fit", "fit", "holdout", "holdout"])
        for row in targets.rows.indices {
            let low = Double(targets.column("predictive_p5")[row])!, high = Double(targets.column("predictive_p95")[row])!
            let observed = Double(targets.column("observed")[row])!
            #expect(targets.column("inside")[row] == (low <= observed && observed <= high ? "yes" : "no"))
        }
        let report = try marketsim(["report", one])
        #expect(report.status == 0, "\(report.standardError)")
        let html = try String(contentsOfFile: one + "/report.html", encoding: .utf8)
        for id in ["fig-targets", "fig-marginal-1", "fig-marginal-2", "fig-pair-1", "fig-tolerance", "fig-acceptance_rate"] {
            #expect(html.contains("id=\"\(id)\""), "report.html has no \(id)")
        }
        #expect(html.contains("share_2025 (X7, holdout)"))
        let again = try marketsim(["calibrate", file, "--out", one])
        #expect(again.status == 1)
        #expect(again.standardError.contains("already exists"))
    }

    @Test("kill -9 in the middle of a generation, then --resume: the same bytes as an uninterrupted calibration")
    func killAndResume() throws {
        let file = try writeCalibrationFile(particles: 24, generations: 3)
        let whole = temporaryFolder(), killed = temporaryFolder()
        #expect(try marketsim(["calibrate", file, "--out", whole, "--quiet"]).status == 0)
        let executable = try #require(marketsimExecutable())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["calibrate", file, "--out", killed, "--jobs", "1", "--quiet"]
        try process.run()
        let journal = MarketCalibration.workFolder(of: killed) + "/generation-1/batch-0/" + OutputFileNames.Sweep.runs
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
            if text.split(separator: "\n").count > 10 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: killed), "the output appeared before the calibration finished")
        let rows = (try? String(contentsOfFile: journal, encoding: .utf8))?.split(separator: "\n").count ?? 0
        #expect(rows > 10 && rows < 24 * 3 * 2 + 1, "not killed mid-batch: \(rows) lines")
        let plain = try marketsim(["calibrate", file, "--out", killed, "--quiet"])
        #expect(plain.status == 1)
        #expect(plain.standardError.contains("--resume"))
        let resumed = try marketsim(["calibrate", file, "--out", killed, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        try expectSameCalibration(whole, killed)
    }

    @Test("run --posterior gives each replication a particle drawn by weight; replication 0 equals a run at its values")
    func runPosterior() throws {
        let file = try writeCalibrationFile()
        let calibration = temporaryFolder(), forecast = temporaryFolder(), single = temporaryFolder()
        #expect(try marketsim(["calibrate", file, "--out", calibration, "--quiet"]).status == 0)
        let run = try marketsim(["run", "--posterior", calibration, "--replications", "12", "--out", forecast, "--quiet",
                                 "--set", "buyers.count=150", "--set", "months=38"])
        #expect(run.status == 0, "\(run.standardError)")
        let manifest = try JSONSerialization.jsonObject(with: contents(forecast + "/manifest.json")) as! [String: Any]
        let particles = try #require(manifest["posterior_particles"] as? [Int])
        #expect(particles.count == 12)
        // 16 particles with an effective sample size of several: 12 draws are not all one.
        #expect(Set(particles).count > 1)
        let posterior = try CSVTable.read(path: calibration + "/" + OutputFileNames.Calibration.posterior)
        let p = particles[0]
        let values = posterior.rows[p]
        let by = try marketsim(["run", calibration + "/" + OutputFileNames.Calibration.calibrated, "--replications", "1", "--out", single,
                                "--quiet", "--set", "buyers.count=150", "--set", "months=38",
                                "--set", "segments[0].distillability=\(values[1])",
                                "--set", "actors.open_labs[0].distillation.efficiency=\(values[2])"])
        #expect(by.status == 0, "\(by.standardError)")
        let forecastRows = try CSVTable.read(path: forecast + "/trajectories.csv")
        let singleRows = try CSVTable.read(path: single + "/trajectories.csv")
        let firstReplication = forecastRows.rows.filter { $0[0] == "0" }
        #expect(firstReplication == singleRows.rows)
        #expect(forecastRows.rows.filter { $0[0] == "1" }.count == singleRows.rows.count)

        // compare --posterior: replication r of both scenarios takes the same particle.
        let compared = temporaryFolder()
        let compare = try marketsim(["compare", "base", "bull", "--posterior", calibration, "--replications", "4",
                                     "--out", compared])
        #expect(compare.status == 0, "\(compare.standardError)")
        func drawn(_ side: String) throws -> [Int]? {
            let manifest = try JSONSerialization.jsonObject(with: contents(compared + "/\(side)/manifest.json")) as? [String: Any]
            return manifest?["posterior_particles"] as? [Int]
        }
        // The run folders are named after the scenarios.
        let drawnBase = try drawn("base")
        #expect(drawnBase?.count == 4)
        #expect(try drawnBase == drawn("bull"))
    }

    @Test("shards 1/2 and 2/2 called in turn, batch by batch, end with the bytes of one machine")
    func shards() throws {
        let file = try writeCalibrationFile(particles: 10, generations: 2)
        let whole = temporaryFolder(), sharded = temporaryFolder()
        #expect(try marketsim(["calibrate", file, "--out", whole, "--quiet"]).status == 0)
        var calls = 0
        while !FileManager.default.fileExists(atPath: sharded) && calls < 40 {
            let k = calls % 2 + 1
            let result = try marketsim(["calibrate", file, "--out", sharded, "--shard", "\(k)/2", "--resume"])
            #expect(result.status == 0, "\(result.standardError)")
            if !FileManager.default.fileExists(atPath: sharded) {
                #expect(result.standardError.contains("shard \(k)/2 of generation"), "\(result.standardError)")
            }
            calls += 1
        }
        try expectSameCalibration(whole, sharded)
        // The first call runs slice 1 of the first batch; each later call completes a batch
        // (merging it) and runs its slice of the next: one call per batch, plus one.
        let batches = try CSVTable.read(path: whole + "/" + OutputFileNames.Calibration.generations).column("batches")
        #expect(calls == batches.reduce(0) { $0 + Int($1)! } + 1)
    }

    @Test("a bad calibration file fails with file and JSON path and writes nothing; the schema is printed")
    func badFileAndSchema() throws {
        let path = try writeCalibrationFile("""
        {"base": "base", "particles": 10, "parameters": [{"path": "segments[9].distillability", "range": [0.1, 0.2]}],
         "targets": [{"name": "g", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 17, "sd": 1}]}
        """)
        let out = temporaryFolder()
        let result = try marketsim(["calibrate", path, "--out", out])
        #expect(result.status == 1)
        #expect(result.standardError.contains("\(path): parameters[0].path: segments has 5 elements, no index 9"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: MarketCalibration.workFolder(of: out)))
        let schema = try marketsim(["schema", "--calibration"])
        #expect(schema.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(schema.standardOutput.utf8)) as? [String: Any])
        let properties = try #require(document["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(CalibrationFileSchema.schema.fields!.map(\.name)))
        #expect(document["required"] as? [String] == ["base", "particles", "parameters", "targets"])
        #expect(document["if"] == nil)
    }
}

extension CSVTable {
    /// The values of the column named `name`, top to bottom.
    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }
}

@Suite("Calibration recovers a market parameter")
struct MarketRecoveryTests {
    @Test("coding distillability set to 0.4 in base: its 90 % posterior interval holds 0.4 and is narrower than the prior")
    func codingDistillability() throws {
        let truth = 0.4
        let base = repositoryRoot + "/Scenarios/base.json"
        let loaded = try ScenarioFile.load(base, overrides: ["buyers.count=150", "months=38",
                                                             "segments[0].distillability=\(truth)"])
        let columns = Array(RunRecorder(compiled: loaded.compiled).metricColumns)
        let gap = columns.firstIndex(of: "gap_points_coding")!
        let dates = ["2025-06-01", "2025-10-01", "2026-02-01"]
        let rows = dates.map { loaded.compiled.reportDates.firstIndex(of: CalendarDate(iso: $0)!)! }
        // The observations: the mean of 8 runs at the truth; their uncertainty, the spread
        // of the 2-run means the calibration compares with them.
        var values = [[Double]](repeating: [], count: dates.count)
        for r in 0..<8 {
            var simulation = MarketSimulation(compiled: loaded.compiled, seed: StreamSeeding.derive(77, UInt64(r)), replication: r)
            let trajectory = try simulation.run().trajectory
            for (i, row) in rows.enumerated() { values[i].append(trajectory[row][gap]) }
        }
        let targets = zip(dates, values).map { date, v -> String in
            let mean = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
            return """
                {"name": "coding_gap_\(date.replacingOccurrences(of: "-", with: "_"))", "fact": "H2", "metric": "gap_points_coding",
                 "at": "\(date)", "observed": \(mean), "sd": \(max(0.2, sd / 2.0.squareRoot()))}
                """
        }
        let file = try writeCalibrationFile("""
            {"base": "\(base)", "particles": 60, "replications": 2, "generations": 4, "seed": 12,
             "overrides": {"buyers.count": 150, "months": 38},
             "parameters": [{"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.2, 0.9]}],
             "targets": [\(targets.joined(separator: ",\n"))]}
            """)
        let result = try MarketCalibration(file: try CalibrationFile.load(file))
            .run(folder: temporaryFolder(), options: testOptions(jobs: 2))
        let p = result.population
        let x = p.parameters.map { $0[0] }
        let low = ABCPopulation.weightedQuantile(x, weights: p.weights, 0.05)
        let high = ABCPopulation.weightedQuantile(x, weights: p.weights, 0.95)
        #expect(low <= truth && truth <= high, "90 % interval [\(low), \(high)]")
        #expect(high - low < 0.6 * (0.9 - 0.2), "90 % interval [\(low), \(high)] barely narrower than the prior")
    }
}
