import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit
import TestSupport
import Testing
@testable import Experiments

@Suite("Calibration file and targets")
struct CalibrationFileTests {
    /// What loading the calibration file at `path` says: its error, or "loaded".
    static func refusal(_ path: String, _ adjustments: CalibrationFile.Adjustments = .init()) -> String {
        do {
            _ = try CalibrationFile.load(path, adjustments: adjustments)
            return "loaded"
        } catch {
            return error.description
        }
    }

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
        // A share target: each run counts 1 when its reduced value is above the threshold.
        func share(_ above: Double) -> Double {
            CalibrationTarget(name: "t", fact: "X", metric: "m", reduction: .window(from: dates[0], to: dates[2]), observed: 0.5,
                              interval: (0, 1), scale: 0.5, fit: true, above: above)
                .value(column: 1, trajectory: trajectory, reportDates: dates)
        }
        #expect(share(4.9) == 1 && share(5) == 0)
    }

    @Test("a share target reads above, says so in targets.csv's reduction, and needs its observation in [0, 1]")
    func shareTarget() throws {
        func file(_ target: String) throws -> String {
            try writeCalibrationFile("""
            {"base": "\(repositoryRoot)/Scenarios/base.json", "particles": 4, "overrides": {"buyers.count": 20, "months": 4},
             "parameters": [{"path": "segments[0].distillability", "range": [0.3, 0.8]}], "targets": [\(target)]}
            """)
        }
        let loaded = try CalibrationFile.load(try file(#"{"name": "most", "fact": "H1", "metric": "gap_points", "above": 15, "observed": 0.6, "interval": [0.5, 1]}"#))
        #expect(loaded.targets[0].above == 15 && loaded.targets[0].reductionText == "share above 15 of final")
        let bad = try file(#"{"name": "most", "fact": "H1", "metric": "gap_points", "above": 15, "observed": 17.5, "interval": [15, 20]}"#)
        #expect(throws: ScenarioError.self) { try CalibrationFile.load(bad) }
        do {
            _ = try CalibrationFile.load(bad)
        } catch {
            #expect(error.description.contains("targets[0].observed: a share of replications"), "\(error.description)")
        }
    }

    @Test("a quantile target reads quantile, says so in targets.csv's reduction, and is refused beside above or with one replication, naming the path")
    func quantileTarget() throws {
        func file(_ target: String, replications: Int = 3) throws -> String {
            try writeCalibrationFile("""
            {"base": "\(repositoryRoot)/Scenarios/base.json", "particles": 4, "replications": \(replications), "overrides": {"buyers.count": 20, "months": 4},
             "parameters": [{"path": "segments[0].distillability", "range": [0.3, 0.8]}], "targets": [\(target)]}
            """)
        }
        let loaded = try CalibrationFile.load(try file(#"{"name": "high", "fact": "H1", "metric": "gap_points", "quantile": 0.9, "observed": 20, "interval": [15, 25]}"#))
        #expect(loaded.targets[0].quantile == 0.9 && loaded.targets[0].reductionText == "quantile 0.9 of final")
        #expect(loaded.abc.targets[0].quantile == 0.9)
        let both = Self.refusal(try file(#"{"name": "high", "fact": "H1", "metric": "gap_points", "quantile": 0.9, "above": 15, "observed": 0.5, "interval": [0, 1]}"#))
        #expect(both.contains("targets[0].quantile: give quantile or above, not both"), "\(both)")
        let single = try file(#"{"name": "high", "fact": "H1", "metric": "gap_points", "quantile": 0.9, "observed": 20, "interval": [15, 25]}"#, replications: 1)
        #expect(Self.refusal(single).contains("targets[0].quantile: a quantile across replications needs replications >= 2, not 1"), "\(Self.refusal(single))")
        let option = Self.refusal(try file(#"{"name": "high", "fact": "H1", "metric": "gap_points", "quantile": 0.9, "observed": 20, "interval": [15, 25]}"#),
                             .init(replications: 1))
        #expect(option.contains("needs replications >= 2, not 1 (--replications)"), "\(option)")
        let range = Self.refusal(try file(#"{"name": "high", "fact": "H1", "metric": "gap_points", "quantile": 1, "observed": 20, "interval": [15, 25]}"#))
        #expect(range.contains("targets[0].quantile"), "\(range)")
    }

    @Test("a run-level target (H7's held cut) reads the run's own outcome, refuses a date, window or threshold naming the key, and suggests run-level names")
    func runLevelTarget() throws {
        func file(_ targets: String, months: Int = 4) throws -> String {
            try writeCalibrationFile("""
            {"base": "\(repositoryRoot)/Scenarios/base.json", "particles": 4, "replications": 3, "overrides": {"buyers.count": 60, "months": \(months)},
             "parameters": [{"path": "buyers.taste_scale.median", "range": [0.005, 0.05]}], "targets": [\(targets)]}
            """)
        }
        let dated = Self.refusal(try file(#"{"name": "cut", "fact": "H7", "metric": "frontier_cut_fraction", "at": "2023-02-01", "observed": 0.8, "interval": [0.6, 0.9]}"#))
        #expect(dated.contains("targets[0].at: \"frontier_cut_fraction\" is a run-level outcome"), "\(dated)")
        let windowed = Self.refusal(try file(#"{"name": "cut", "fact": "H7", "metric": "frontier_cut_held", "window": ["2023-01-01", "2023-03-01"], "threshold": 1, "observed": 0.8, "interval": [0.6, 0.9]}"#))
        #expect(windowed.contains("targets[0].window:") && windowed.contains("targets[0].threshold:"), "\(windowed)")
        let misspelt = Self.refusal(try file(#"{"name": "cut", "fact": "H7", "metric": "frontier_cut_fractoin", "observed": 0.8, "interval": [0.6, 0.9]}"#))
        #expect(misspelt.contains("did you mean \"frontier_cut_fraction\""), "\(misspelt)")

        // Two run-level targets and a trajectory one in one file, over 2025 and the six
        // months after (43 months from January 2023, reports to August 2026): each reads its own figure of the run.
        let loaded = try CalibrationFile.load(try file("""
            {"name": "cut", "fact": "H7", "metric": "frontier_cut_fraction", "quantile": 0.5, "observed": 0.8, "interval": [0.6, 0.9]},
            {"name": "cut_90d", "fact": "H7", "metric": "frontier_cut_fraction_90d", "observed": 0.8, "interval": [0.6, 0.9]},
            {"name": "gap", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 17.5, "interval": [15, 20]}
            """, months: 43))
        #expect(loaded.targets.map(\.reduction) == [.run, .run, .outcome(.onDate(CalendarDate(iso: "2024-10-01")!))])
        #expect(loaded.targets[0].reductionText == "quantile 0.5 of run" && loaded.targets[1].reductionText == "run")
        let model = MarketCalibration(file: loaded).model(options: testOptions(jobs: 1))
        var deepest = 0.0
        for replication in 0..<3 {
            let values = try model([0.01], 41, replication)
            // The same run simulated here, its held cuts read from its list-price events.
            let compiled = try ScenarioFile.resolve(loaded.source, overrides: loaded.overrides(forParticle: [0.01])).compiled
            var simulation = MarketSimulation(compiled: compiled, seed: 41, replication: replication)
            let result = try simulation.run()
            #expect(values[0] == result.frontierCutDepth(compiled), "replication \(replication)")
            #expect(values[1] == result.frontierCutDepth(compiled, window: PersistentCut.windowDays), "replication \(replication)")
            let october = compiled.reportDates.firstIndex { $0 >= CalendarDate(iso: "2024-10-01")! }!
            #expect(values[2] == result.trajectory[october][Array(RunRecorder(compiled: compiled).metricColumns).firstIndex(of: "gap_points")!])
            deepest = max(deepest, values[0], values[1])
        }
        // Not a comparison of zeros: some replication cut a frontier price and held it.
        #expect(deepest > 0)
    }

    @Test("fixed keys are in every run and the base, refused beside the same key in overrides or as a parameter, and a bad value names its fixed entry")
    func fixedKeys() throws {
        func file(fixed: String, overrides: String = #""buyers.count": 20, "months": 4"#, parameter: String = "buyers.taste_scale.median") throws -> String {
            try writeCalibrationFile("""
            {"base": "\(repositoryRoot)/Scenarios/base.json", "particles": 4, "overrides": {\(overrides)}, "fixed": {\(fixed)},
             "parameters": [{"path": "\(parameter)", "range": [0.05, 0.1]}],
             "targets": [{"name": "gap", "fact": "H1", "metric": "gap_points", "observed": 17.5, "interval": [15, 20]}]}
            """)
        }
        let loaded = try CalibrationFile.load(try file(fixed: #""buyers.taste_scale.floor": 0.02"#))
        #expect(loaded.fixed.map(\.path.description) == ["buyers.taste_scale.floor"])
        #expect(loaded.base.scenario.buyers.tasteScale.floor == 0.02)
        let particle = try ScenarioFile.resolve(loaded.source, overrides: loaded.overrides(forParticle: [0.07])).scenario
        #expect(particle.buyers.tasteScale.floor == 0.02 && particle.buyers.tasteScale.median == 0.07 && particle.buyers.count == 20)

        let both = Self.refusal(try file(fixed: #""buyers.taste_scale.floor": 0.02"#, overrides: #""buyers.count": 20, "buyers.taste_scale.floor": 0.03"#))
        #expect(both.contains(#"fixed["buyers.taste_scale.floor"]: also set by overrides["buyers.taste_scale.floor"]"#), "\(both)")
        let calibrated = Self.refusal(try file(fixed: #""buyers.taste_scale.median": 0.06"#))
        #expect(calibrated.contains(#"parameters[0].path: buyers.taste_scale.median is also set by fixed["buyers.taste_scale.median"]"#), "\(calibrated)")
        let bad = Self.refusal(try file(fixed: #""buyers.taste_scale.floor": 2"#))
        #expect(bad.contains(#"fixed["buyers.taste_scale.floor"]: buyers.taste_scale.floor: 2 is not in (0, 1]"#), "\(bad)")
    }

    @Test("max_replications defaults to replications (fixed), is read, and is refused below replications naming the key and the option")
    func maximumReplications() throws {
        func file(_ extra: String) throws -> String {
            try writeCalibrationFile("""
            {"base": "\(repositoryRoot)/Scenarios/base.json", "particles": 4, "replications": 3, \(extra) "overrides": {"buyers.count": 20, "months": 4},
             "parameters": [{"path": "segments[0].distillability", "range": [0.3, 0.8]}],
             "targets": [{"name": "gap", "fact": "H1", "metric": "gap_points", "observed": 20, "interval": [15, 25]}]}
            """)
        }
        #expect(try CalibrationFile.load(try file("")).settings.maximumReplications == 3)
        #expect(try CalibrationFile.load(try file(#""max_replications": 12,"#)).settings.maximumReplications == 12)
        func refusal(_ adjustments: CalibrationFile.Adjustments) throws -> String {
            CalibrationFileTests.refusal(try file(#""max_replications": 4,"#), adjustments)
        }
        #expect(try refusal(.init()) == "loaded")
        let option = try refusal(.init(replications: 8))
        #expect(option.contains("max_replications: 4 is below replications (8, --replications)"), "\(option)")
    }

    @Test("adjustment defaults to none, reads linear, and refuses anything else naming the key; a linear fit writes adjustment.csv and the unadjusted SDs")
    func adjustmentKey() throws {
        func file(_ extra: String) throws -> String {
            try writeCalibrationFile("""
            {"base": "\(repositoryRoot)/Scenarios/base.json", "particles": 30, "replications": 1, "generations": 2, \(extra) "overrides": {"buyers.count": 20, "months": 22},
             "parameters": [{"path": "segments[0].distillability", "range": [0.3, 0.8]}],
             "targets": [{"name": "gap", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 20, "interval": [15, 25]},
                         {"name": "share", "fact": "X13", "metric": "token_share_open_weights", "at": "2024-10-01", "observed": 0.03, "interval": [0.01, 0.05], "role": "holdout"}]}
            """)
        }
        #expect(try CalibrationFile.load(try file("")).settings.regressionAdjustment == false)
        let linear = try file(#""adjustment": "linear","#)
        #expect(try CalibrationFile.load(linear).settings.regressionAdjustment == true)
        let bad = try file(#""adjustment": "quadratic","#)
        var message = ""
        do { _ = try CalibrationFile.load(bad) } catch { message = error.description }
        #expect(message.contains("\(bad): adjustment:") && message.contains("linear"), "\(message)")

        // Thirty particles, one regressor: a linear fit adjusts, runs the adjusted
        // particles in predictive/ and writes adjustment.csv and the unadjusted SDs.
        let folder = temporaryFolder() + "/out"
        let result = try MarketCalibration(file: CalibrationFile.load(linear)).run(folder: folder, options: testOptions(jobs: 2))
        let contraction = try CSVTable.read(path: folder + "/" + OutputFileNames.Calibration.contraction)
        #expect(contraction.header == CalibrationOutputs.contractionColumns)
        let adjustment = try #require(result.adjustment)
        #expect(adjustment.regressors == [0])
        #expect(try CSVTable.read(path: folder + "/" + OutputFileNames.Calibration.adjustment).strings("use") == ["regressor"])
        #expect(try contraction.numbers("unadjusted_posterior_sd").allSatisfy { $0 != nil })
        #expect(FileManager.default.fileExists(atPath: folder + "/" + ABCSMC.predictiveFolder + "/runs.csv"))
        // Without the key: no adjustment, no adjustment.csv, the unadjusted columns empty.
        let plain = temporaryFolder() + "/out"
        #expect(try MarketCalibration(file: CalibrationFile.load(file(""))).run(folder: plain, options: testOptions(jobs: 2)).adjustment == nil)
        #expect(!FileManager.default.fileExists(atPath: plain + "/" + OutputFileNames.Calibration.adjustment))
        #expect(try CSVTable.read(path: plain + "/" + OutputFileNames.Calibration.contraction).strings("unadjusted_sd_ratio") == [""])
    }

    @Test("the shipped second stage loads, fits only buyers' keys, runs at base's buyer count and holds out the quality facts H1 and H2")
    func demandStageFitsBuyersOnly() throws {
        let file = try CalibrationFile.load(repositoryRoot + "/Scenarios/calibration/demand.json")
        let paths = file.parameterPaths.map(\.description)
        #expect(paths.allSatisfy { $0.hasPrefix("buyers.") }, "\(paths)")
        #expect(Set(paths).isSuperset(of: ["buyers.proprietary_preference.mean", "buyers.proprietary_preference.sigma"]), "\(paths)")
        // The labs' cuts read the buyers a lab sees: a fit at fewer than base's fits noise.
        let base = try ScenarioFile.load(repositoryRoot + "/Scenarios/base.json")
        #expect(file.base.scenario.buyers.count == base.scenario.buyers.count)
        let held = Set(file.targets.filter { !$0.fit }.map(\.fact))
        #expect(held.isSuperset(of: ["H1", "H2"]), "\(held)")
        // H7 read as the run's own held cut, not a peak-to-trough of the price path.
        #expect(file.targets.contains { $0.fact == "H7" && $0.fit && $0.reduction == .run && $0.metric == "frontier_cut_fraction" })
    }

    @Test("the shipped backtest loads, every date its fit targets read is before July 2025, and it holds out H2 (February 2026)")
    func backtestPredatesHoldouts() throws {
        let file = try CalibrationFile.load(repositoryRoot + "/Scenarios/calibration/backtest.json")
        let cutoff = CalendarDate(iso: "2025-07-01")!
        // The last report a target reads; nil for a reduction over the whole run (final,
        // mean, first_below...), which would read past any cutoff.
        func lastDate(_ target: CalibrationTarget) -> CalendarDate? {
            switch target.reduction {
            case .outcome(.onDate(let date)): date
            case .outcome, .run: nil
            case .window(_, let to): to
            case .ratio(let at, let over): max(at, over)
            }
        }
        let fitted = file.targets.filter(\.fit)
        #expect(!fitted.isEmpty)
        for target in fitted {
            let last = lastDate(target)
            #expect(last.map { $0 < cutoff } == true, "\(target.name) (\(target.fact)) reads \(target.reductionText)")
        }
        // H2 (February 2026) is read over the month either side.
        #expect(file.targets.contains { !$0.fit && $0.fact == "H2" && lastDate($0).map { $0 >= CalendarDate(iso: "2026-02-01")! } == true })
    }

    @Test("a calibration file loads into priors, scaled targets and settings")
    func loads() throws {
        let file = try CalibrationFile.load(try writeCalibrationFile())
        #expect(file.parameters.map(\.name) == ["coding_distillability", "actors.open_labs[0].distillation.efficiency"])
        #expect(file.parameters[1].prior == .normal(mean: 0.7, sd: 0.2, lower: 0.2, upper: 1.2))
        // Half of each interval (H1 15-20, H4's coding gap 2-5, X6 3-40), or X7's sd.
        #expect(file.targets.map(\.scale) == [2.5, 1.5, 0.05, 18.5])
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
            "\(fixed): targets[0].metric: no trajectory metric or run-level outcome \"gap_pionts\" (did you mean \"gap_points\"?)",
            "\(fixed): targets[1]: a target needs its uncertainty",
            "\(fixed): targets[2].interval: [5, 7] must have lo < hi and hold observed (9)",
        ]
        for line in expected { #expect(message.contains(line), "missing \(line) in:\n\(message)") }
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
