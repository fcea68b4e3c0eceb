import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import TestSupport
import Testing
@testable import Experiments

/// Every file of two calibration folders but the manifests, compared byte for byte.
func expectSameCalibration(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let files = try regularFiles(a)
    #expect(try regularFiles(b) == files, sourceLocation: sourceLocation)
    #expect(files.contains(OutputFileNames.Calibration.posterior), sourceLocation: sourceLocation)
    for file in files where !file.hasSuffix(OutputFileNames.Calibration.manifest) {
        #expect(CLI.contents(a + "/" + file) == CLI.contents(b + "/" + file), "\(file) differs", sourceLocation: sourceLocation)
    }
}

@Suite("marketsim calibrate", .serialized)
struct CalibrateCommandTests {
    @Test("calibrated.json holds the file's fixed keys and the posterior mean, not its overrides (the fit's run settings)")
    func fixedKeysInTheCalibratedScenario() throws {
        let file = try writeCalibrationFile("""
        {"base": "\(repositoryRoot)/Scenarios/base.json", "particles": 4, "generations": 1, "seed": 3,
         "overrides": {"buyers.count": 30, "months": 4}, "fixed": {"buyers.taste_scale.floor": 0.02},
         "parameters": [{"path": "buyers.taste_scale.median", "range": [0.05, 0.1]}],
         "targets": [{"name": "gap", "fact": "H1", "metric": "gap_points", "observed": 17.5, "interval": [15, 20]}]}
        """)
        let folder = temporaryFolder()
        let run = try CLI.run(["calibrate", file, "--out", folder, "--quiet"])
        try #require(run.status == 0, "\(run.stderr)")
        let calibrated = try ScenarioFile.load(folder + "/" + OutputFileNames.Calibration.calibrated).scenario
        let base = try ScenarioFile.load(repositoryRoot + "/Scenarios/base.json").scenario
        #expect(calibrated.buyers.tasteScale.floor == 0.02)
        #expect(calibrated.buyers.count == base.buyers.count && calibrated.months == base.months)
        #expect((0.05...0.1).contains(calibrated.buyers.tasteScale.median))
    }

    @Test("--jobs 1 and --jobs 2 write the same bytes; the posterior, targets and calibrated scenario are consistent")
    func jobs() throws {
        let file = try writeCalibrationFile()
        let one = temporaryFolder(), two = temporaryFolder()
        let first = try CLI.run(["calibrate", file, "--out", one, "--jobs", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("generation 2/2: tolerance "), "\(first.stderr)")
        #expect(try CLI.run(["calibrate", file, "--out", two, "--jobs", "2", "--quiet"]).status == 0)
        try expectSameCalibration(one, two)

        let posterior = try CSVTable.read(path: one + "/" + OutputFileNames.Calibration.posterior)
        #expect(posterior.rows.count == 16)
        let weights = posterior.column("weight").map { Double($0)! }
        #expect(abs(weights.reduce(0, +) - 1) < 1e-9)
        let generations = try CSVTable.read(path: one + "/" + OutputFileNames.Calibration.generations)
        try #require(generations.rows.count == 2, "generations run: \(generations.rows.count)")
        let tolerance = Double(generations.column("tolerance")[1])!
        // Every accepted particle is within the last generation's tolerance.
        #expect(posterior.column("distance").allSatisfy { Double($0)! <= tolerance })
        // Without max_replications the file's 2 replications stay fixed, recorded per
        // generation, each candidate's runs being that many.
        #expect(generations.column("replications") == ["2", "2"])
        for row in generations.rows.indices {
            #expect(Int(generations.column("runs")[row])! == 2 * Int(generations.column("candidates")[row])!)
        }
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
            let priorLow = Double(targets.column("prior_predictive_p5")[row])!, priorHigh = Double(targets.column("prior_predictive_p95")[row])!
            #expect(priorLow <= priorHigh)
            #expect(abs(Double(targets.column("band_ratio")[row])! - (high - low) / (priorHigh - priorLow)) < 1e-9)
        }
        // The prior predictive band is the first generation's runs: every candidate of
        // generation-0/batch-0, whose tolerance is infinite.
        let firstRuns = try CSVTable.read(path: one + "/generation-0/batch-0/" + OutputFileNames.Sweep.runs)
        let firstGaps = firstRuns.column("gap_2024_10").map { Double($0)! }
        #expect(abs(Double(targets.column("prior_predictive_mean")[0])! - firstGaps.reduce(0, +) / Double(firstGaps.count)) < 1e-9)
        // contraction.csv: the posterior's weighted SD over the prior's exact one (uniform
        // on [0.3, 0.8]: 0.5 / sqrt(12)); a warning on the console for a ratio above 0.9.
        let contraction = try CSVTable.read(path: one + "/" + OutputFileNames.Calibration.contraction)
        #expect(contraction.column("parameter") == ["coding_distillability", "actors.open_labs[0].distillation.efficiency"])
        #expect(abs(Double(contraction.column("prior_sd")[0])! - 0.5 / 12.0.squareRoot()) < 1e-12)
        let values = posterior.column("coding_distillability").map { Double($0)! }
        let sd = zip(values, weights).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) }.squareRoot()
        #expect(abs(Double(contraction.column("posterior_sd")[0])! - sd) < 1e-9)
        #expect(abs(Double(contraction.column("sd_ratio")[0])! - sd / (0.5 / 12.0.squareRoot())) < 1e-9)
        #expect(first.stdout.contains("Contraction: "), "\(first.stdout)")
        for (name, nothing) in zip(contraction.column("parameter"), contraction.column("learnt_nothing")) {
            #expect(first.stdout.contains("warning: \(name) learnt nothing") == (nothing == "yes"))
        }
        let report = try CLI.run(["report", one])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: one + "/report.html", encoding: .utf8)
        for id in ["fig-targets", "fig-marginal-1", "fig-marginal-2", "fig-pair-1", "fig-tolerance", "fig-acceptance_rate", "fig-replications"] {
            #expect(html.contains("id=\"\(id)\""), "report.html has no \(id)")
        }
        #expect(html.contains("share_2025 (X7, holdout)"))
        #expect(html.contains("id=\"contraction\"") && html.contains("contraction.csv") && html.contains("parameters learnt nothing"))
        let again = try CLI.run(["calibrate", file, "--out", one])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
    }

    @Test("kill -9 in the middle of a generation, then --resume: the same bytes as an uninterrupted calibration")
    func killAndResume() throws {
        let file = try writeCalibrationFile(particles: 24, generations: 3)
        let whole = temporaryFolder(), killed = temporaryFolder()
        #expect(try CLI.run(["calibrate", file, "--out", whole, "--quiet"]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
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
        let plain = try CLI.run(["calibrate", file, "--out", killed, "--quiet"])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("--resume"))
        let resumed = try CLI.run(["calibrate", file, "--out", killed, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try expectSameCalibration(whole, killed)
    }

    @Test("run --posterior gives each replication a particle drawn by weight; replication 0 equals a run at its values")
    func runPosterior() throws {
        let file = try writeCalibrationFile()
        let calibration = temporaryFolder(), forecast = temporaryFolder(), single = temporaryFolder()
        #expect(try CLI.run(["calibrate", file, "--out", calibration, "--quiet"]).status == 0)
        let run = try CLI.run(["run", "--posterior", calibration, "--replications", "12", "--out", forecast, "--quiet",
                                 "--set", "buyers.count=150", "--set", "months=38"])
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: contents(forecast + "/manifest.json")) as! [String: Any]
        let particles = try #require(manifest["posterior_particles"] as? [Int])
        #expect(particles.count == 12)
        // 16 particles with an effective sample size of several: 12 draws are not all one.
        #expect(Set(particles).count > 1)
        let posterior = try CSVTable.read(path: calibration + "/" + OutputFileNames.Calibration.posterior)
        let p = particles[0]
        let values = posterior.rows[p]
        let by = try CLI.run(["run", calibration + "/" + OutputFileNames.Calibration.calibrated, "--replications", "1", "--out", single,
                                "--quiet", "--set", "buyers.count=150", "--set", "months=38",
                                "--set", "segments[0].distillability=\(values[1])",
                                "--set", "actors.open_labs[0].distillation.efficiency=\(values[2])"])
        #expect(by.status == 0, "\(by.stderr)")
        let forecastRows = try CSVTable.read(path: forecast + "/trajectories.csv")
        let singleRows = try CSVTable.read(path: single + "/trajectories.csv")
        let firstReplication = forecastRows.rows.filter { $0[0] == "0" }
        #expect(firstReplication == singleRows.rows)
        #expect(forecastRows.rows.filter { $0[0] == "1" }.count == singleRows.rows.count)

        // compare --posterior: replication r of both scenarios takes the same particle.
        let compared = temporaryFolder()
        let compare = try CLI.run(["compare", "base", "bull", "--posterior", calibration, "--replications", "4",
                                     "--out", compared])
        #expect(compare.status == 0, "\(compare.stderr)")
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
        #expect(try CLI.run(["calibrate", file, "--out", whole, "--quiet"]).status == 0)
        var calls = 0
        while !FileManager.default.fileExists(atPath: sharded) && calls < 40 {
            let k = calls % 2 + 1
            let result = try CLI.run(["calibrate", file, "--out", sharded, "--shard", "\(k)/2", "--resume"])
            #expect(result.status == 0, "\(result.stderr)")
            if !FileManager.default.fileExists(atPath: sharded) {
                #expect(result.stderr.contains("shard \(k)/2 of generation"), "\(result.stderr)")
            }
            calls += 1
        }
        try expectSameCalibration(whole, sharded)
        // The first call runs slice 1 of the first batch; each later call completes a batch
        // (merging it) and runs its slice of the next: one call per batch, plus one.
        let batches = try CSVTable.read(path: whole + "/" + OutputFileNames.Calibration.generations).column("batches")
        #expect(calls == batches.reduce(0) { $0 + Int($1)! } + 1)
    }

    @Test("--particles, --generations, --replications and --set replace the file's; --resume with others is refused")
    func options() throws {
        let file = try writeCalibrationFile(particles: 16, generations: 2)
        let out = temporaryFolder()
        let sizes = ["--particles", "6", "--generations", "1", "--replications", "3"]
        let done = try CLI.run(["calibrate", file, "--out", out, "--quiet", "--set", "buyers.count=40"] + sizes)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try CSVTable.read(path: out + "/" + OutputFileNames.Calibration.posterior).rows.count == 6)
        #expect(try CSVTable.read(path: out + "/" + OutputFileNames.Calibration.generations).rows.count == 1)
        let runs = try CSVTable.read(path: out + "/generation-0/batch-0/" + OutputFileNames.Sweep.runs)
        #expect(runs.rows.count == 6 * 3)
        let manifest = try JSONSerialization.jsonObject(with: contents(out + "/manifest.json")) as! [String: Any]
        #expect(manifest["particles"] as? Int == 6 && manifest["generations"] as? Int == 1 && manifest["replications"] as? Int == 3)
        #expect(manifest["set"] as? [String] == ["buyers.count=40"])
        // The --set is part of the calibration's identity, beside the validated file.
        let definition = try String(contentsOfFile: out + "/" + OutputFileNames.Calibration.definition, encoding: .utf8)
        #expect(definition.contains("buyers.count=40"))

        // A folder left by a shard: resuming it with other sizes or another --set is refused.
        let sharded = temporaryFolder()
        let slice = try CLI.run(["calibrate", file, "--out", sharded, "--shard", "1/2"] + sizes)
        #expect(slice.status == 0, "\(slice.stderr)")
        for other in [["--particles", "7", "--generations", "1", "--replications", "3"], sizes + ["--set", "buyers.count=41"], []] {
            let clash = try CLI.run(["calibrate", file, "--out", sharded, "--resume", "--quiet", "--shard", "2/2"] + other)
            #expect(clash.status == 1 && clash.stderr.contains("holds another calibration"), "\(other): \(clash.stderr)")
        }
        let same = try CLI.run(["calibrate", file, "--out", sharded, "--resume", "--quiet", "--shard", "2/2"] + sizes)
        #expect(same.status == 0, "\(same.stderr)")
    }

    @Test("A bad --particles, --generations, --replications or --set is named in the error, and nothing is written",
          arguments: [(["--particles", "1"], "--particles 1: "), (["--generations", "0"], "--generations 0: "),
                      (["--replications", "0"], "--replications 0: "), (["--set", "buyers.count=-3"], "--set buyers.count=-3"),
                      (["--set", "segments[0].distillability=0.5"], "also set by --set segments[0].distillability=0.5")])
    func badOptions(_ options: [String], _ named: String) throws {
        let file = try writeCalibrationFile()
        let out = temporaryFolder()
        let result = try CLI.run(["calibrate", file, "--out", out] + options)
        #expect(result.status == 1)
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: MarketCalibration.workFolder(of: out)))
    }

    @Test("--check N fits N hidden truths drawn from the prior; check.csv and check-summary.csv agree, whatever --jobs and after kill -9 and --resume")
    func check() throws {
        let file = try writeCalibrationFile(particles: 8, generations: 2)
        let one = temporaryFolder(), two = temporaryFolder()
        let result = try CLI.run(["calibrate", file, "--check", "3", "--out", one, "--replications", "1", "--jobs", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("truth 3/3 fitted"), "\(result.stderr)")
        #expect(result.stdout.contains("3 hidden truths") && result.stdout.contains("90 % coverage"), "\(result.stdout)")
        #expect(try CLI.run(["calibrate", file, "--check", "3", "--out", two, "--replications", "1", "--jobs", "2", "--quiet"]).status == 0)
        let files = try regularFiles(one)
        #expect(try regularFiles(two) == files)
        for name in files where !name.hasSuffix(OutputFileNames.Calibration.manifest) {
            #expect(CLI.contents(one + "/" + name) == CLI.contents(two + "/" + name), "\(name) differs")
        }
        #expect(files.contains("truth-2/generation-1/batch-0/" + OutputFileNames.Sweep.runs))

        let loaded = try CalibrationFile.load(file, adjustments: CalibrationFile.Adjustments(replications: 1))
        let expected = CalibrationCheck(abc: loaded.abc, truths: 3)
        let table = try CSVTable.read(path: one + "/" + OutputFileNames.Calibration.check)
        #expect(table.header == CalibrationOutputs.checkColumns)
        #expect(table.column("truth") == ["0", "0", "1", "1", "2", "2"])
        #expect(table.column("parameter") == Array(repeating: ["coding_distillability", "actors.open_labs[0].distillation.efficiency"], count: 3).flatMap { $0 })
        var inside = [[Double]](repeating: [], count: 2)
        for row in table.rows.indices {
            func number(_ column: String) -> Double { Double(table.column(column)[row])! }
            // The truths are the prior draws of the check's own stream.
            #expect(number("value") == expected.truth(row / 2)[row % 2])
            let value = number("value")
            #expect(number("posterior_p5") <= number("posterior_p25") && number("posterior_p75") <= number("posterior_p95"))
            #expect(table.column("inside_90")[row] == (number("posterior_p5") <= value && value <= number("posterior_p95") ? "yes" : "no"))
            #expect(table.column("inside_50")[row] == (number("posterior_p25") <= value && value <= number("posterior_p75") ? "yes" : "no"))
            #expect(number("rank") >= 0 && number("rank") <= 1)
            inside[row % 2].append(table.column("inside_90")[row] == "yes" ? 1 : 0)
        }
        let summary = try CSVTable.read(path: one + "/" + OutputFileNames.Calibration.checkSummary)
        #expect(summary.header == CalibrationOutputs.checkSummaryColumns)
        #expect(summary.column("truths") == ["3", "3"])
        for k in 0..<2 {
            #expect(abs(Double(summary.column("coverage_90")[k])! - inside[k].reduce(0, +) / 3) < 1e-12)
        }
        let manifest = try JSONSerialization.jsonObject(with: contents(one + "/manifest.json")) as! [String: Any]
        #expect(manifest["check_truths"] as? Int == 3 && manifest["replications"] as? Int == 1)
        let again = try CLI.run(["calibrate", file, "--check", "3", "--out", one])
        #expect(again.status == 1 && again.stderr.contains("already exists"), "\(again.stderr)")

        // kill -9 while the second truth is being fitted: no output folder, and --resume
        // ends with the bytes of the uninterrupted check.
        let killed = temporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["calibrate", file, "--check", "3", "--out", killed, "--replications", "1", "--jobs", "1", "--quiet"]
        try process.run()
        let second = MarketCalibration.workFolder(of: killed) + "/" + CalibrationCheck.truthFolder(1)
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && !FileManager.default.fileExists(atPath: second) { usleep(1_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the check ended before it was killed")
        #expect(!FileManager.default.fileExists(atPath: killed), "the output appeared before the check finished")
        let resumed = try CLI.run(["calibrate", file, "--check", "3", "--out", killed, "--replications", "1", "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try regularFiles(killed) == files)
        for name in files where !name.hasSuffix(OutputFileNames.Calibration.manifest) {
            #expect(CLI.contents(one + "/" + name) == CLI.contents(killed + "/" + name), "\(name) differs after resume")
        }
    }

    @Test("A bad --check is refused naming the option, and nothing is written",
          arguments: [["--check", "0"], ["--check", "-2"], ["--check", "many"], ["--check", "10001"], ["--check", "2", "--shard", "1/2"]])
    func badCheck(_ options: [String]) throws {
        let file = try writeCalibrationFile()
        let out = temporaryFolder()
        let result = try CLI.run(["calibrate", file, "--out", out] + options)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--check"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: MarketCalibration.workFolder(of: out)))
    }

    @Test("a bad calibration file fails with file and JSON path and writes nothing; the schema is printed")
    func badFileAndSchema() throws {
        let path = try writeCalibrationFile("""
        {"base": "base", "particles": 10, "parameters": [{"path": "segments[9].distillability", "range": [0.1, 0.2]}],
         "targets": [{"name": "g", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 17, "sd": 1}]}
        """)
        let out = temporaryFolder()
        let result = try CLI.run(["calibrate", path, "--out", out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path): parameters[0].path: segments has 5 elements, no index 9"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: MarketCalibration.workFolder(of: out)))
        let schema = try CLI.run(["schema", "--calibration"])
        #expect(schema.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) as? [String: Any])
        let properties = try #require(document["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(CalibrationFileSchema.schema.fields!.map(\.name)))
        #expect(document["required"] as? [String] == ["base", "particles", "parameters", "targets"])
        #expect(document["if"] == nil)
    }

    @Test("sweep and calibrate end with their runs per second and per core, and their manifests record them, consistent with runs, wall time and jobs")
    func throughput() throws {
        let tmp = try CLI.temporaryFolder("throughput")
        let swept = try CLI.run(["sweep", "small", "--jobs", "2", "--out", tmp + "/sweep"])
        #expect(swept.status == 0, "\(swept.stderr)")
        // Piped, the line is left to the terminal (`SweepCommandTests.progress` reads it there).
        #expect(!swept.stderr.contains("runs/s"), "\(swept.stderr)")
        let sweepManifest = try #require(try JSONSerialization.jsonObject(with: contents(tmp + "/sweep/manifest.json")) as? [String: Any])
        #expect(throughputProblems(sweepManifest, runs: 4, jobs: 2) == [])

        let file = try writeCalibrationFile(particles: 6, generations: 1)
        let calibrated = try CLI.run(["calibrate", file, "--out", tmp + "/calibration", "--jobs", "2", "--replications", "2",
                                      "--set", "buyers.count=40"])
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: contents(tmp + "/calibration/manifest.json")) as? [String: Any])
        // A fresh calibration runs every run itself: 6 candidates x 2 replications.
        #expect(manifest["runs"] as? Int == 12 && manifest["runs_executed_this_session"] as? Int == 12)
        #expect(throughputProblems(manifest, runs: 12, jobs: 2) == [])
        #expect(!calibrated.stderr.contains("runs/s"), "\(calibrated.stderr)")

        // Resumed when complete, nothing runs and no throughput is claimed.
        let again = try CLI.run(["sweep", "small", "--jobs", "2", "--out", tmp + "/sweep", "--resume"])
        #expect(again.status == 0 && !again.stderr.contains("runs/s"), "\(again.stderr)")
    }
}

extension CSVTable {
    /// The values of the column named `name`, top to bottom.
    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }
}
