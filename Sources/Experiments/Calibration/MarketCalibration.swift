import Foundation
import MarketModel
import Reporting
import ScenarioFormat

/// A calibration file run on the market model, into a folder that appears whole.
///
/// The work happens in a hidden sibling, `.NAME.calibrating/`: the calibration's
/// definition (`calibration.json`), then one sweep folder per batch of every generation
/// (`generation-G/batch-B/`, see `ABCSMC`). When the last generation is done, the result
/// files (`CalibrationOutputs`) and manifest.json are written there and the folder is
/// renamed to NAME in one step. An interrupted calibration (Ctrl-C, kill -9) leaves the
/// work folder; `resume` continues it, losing no finished run, and the outputs are the
/// bytes an uninterrupted calibration writes.
public struct MarketCalibration: Sendable {
    public let file: CalibrationFile

    public init(file: CalibrationFile) { self.file = file }

    /// The work folder of the output folder `folder`.
    public static func workFolder(of folder: String) -> String {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".calibrating"
    }

    /// One run of the market: the base with the particle's values, simulated with the
    /// run's seed, reduced to the targets. A particle's replications share its compiled
    /// scenario (`ScenarioCache`, sized for `options`' workers).
    public func model(options: SweepOptions) -> ABCSMC.Model {
        let file = self.file
        let scenarios = ScenarioCache.forRuns(replications: file.settings.replications, lookAhead: options.lookAhead)
        return { values, seed, replication in
            let compile = { () throws(ScenarioError) in
                try ScenarioFile.resolve(file.source, overrides: file.overrides(forParticle: values)).compiled
            }
            let compiled = try scenarios?.compiled(values, compile: compile) ?? compile()
            var simulation = MarketSimulation(compiled: compiled, seed: seed, replication: replication)
            let result = try simulation.run()
            let recorder = RunRecorder(compiled: compiled)
            let columns = Array(recorder.metricColumns)
            let outcomes = file.targets.contains { $0.reduction == .run }
                ? RunOutcomes(result: result, recorder: recorder, compiled: compiled) : nil
            return file.targets.map { target in
                if target.reduction == .run, let outcomes, let k = outcomes.names.lastIndex(of: target.metric) {
                    return target.value(runLevel: outcomes.values[k])
                }
                return target.value(column: columns.firstIndex(of: target.metric), trajectory: result.trajectory,
                                    reportDates: compiled.reportDates)
            }
        }
    }

    /// `model` that counts its finished runs in `counter`.
    private static func counting(_ model: @escaping ABCSMC.Model, in counter: RunCounter) -> ABCSMC.Model {
        { values, seed, replication in
            let summaries = try model(values, seed, replication)
            counter.add()
            return summaries
        }
    }

    /// Runs (or resumes) the calibration and moves the finished folder to `folder`.
    /// `generationFinished` is called after each generation (progress lines),
    /// `sessionFinished` once the folder is in place, with the session's throughput.
    ///
    /// - Throws: `SweepError`: `folder` holds the calibration file or its base scenario's
    ///   files; `folder` exists without `force` (`isAlreadyComplete` when `resume` finds it
    ///   holding this calibration's result); an unfinished calibration is in the work
    ///   folder without `resume` or `force`, or belongs to another calibration; an
    ///   interruption (resume it); a failed run or write.
    @discardableResult
    public func run(folder: String, options: SweepOptions,
                    generationFinished: ((ABCGenerationRecord) -> Void)? = nil,
                    sessionFinished: ((RunThroughput) -> Void)? = nil) throws(SweepError) -> ABCResult {
        let started = Date()
        let runs = RunCounter()
        let final = URL(fileURLWithPath: folder).standardizedFileURL.path
        let work = MarketCalibration.workFolder(of: final)
        try openWork(folder: folder, final: final, work: work, definitionText: file.context + "\n", options: options)

        var seconds = [Double]()
        var generationStart = Date()
        let result = try file.abc.run(folder: work, options: options, generationFinished: { record, _ in
            seconds.append(Date().timeIntervalSince(generationStart))
            generationStart = Date()
            generationFinished?(record)
        }, model: MarketCalibration.counting(model(options: options), in: runs))

        try SweepOutputFolder.writeAtomically(CalibrationOutputs.posteriorCSV(file, result.population), to: work + "/" + OutputFileNames.Calibration.posterior)
        try SweepOutputFolder.writeAtomically(CalibrationOutputs.generationsCSV(result.generations), to: work + "/" + OutputFileNames.Calibration.generations)
        try SweepOutputFolder.writeAtomically(CalibrationOutputs.targetsCSV(file, result), to: work + "/" + OutputFileNames.Calibration.targets)
        try SweepOutputFolder.writeAtomically(CalibrationOutputs.contractionCSV(ParameterContraction.of(file.parameters, result.population,
                                                                                                          unadjusted: result.unadjusted)),
                                              to: work + "/" + OutputFileNames.Calibration.contraction)
        if let adjustment = result.adjustment {
            try SweepOutputFolder.writeAtomically(CalibrationOutputs.adjustmentCSV(file, adjustment),
                                                  to: work + "/" + OutputFileNames.Calibration.adjustment)
        }
        let calibrated: JSONValue
        do {
            calibrated = try CalibrationOutputs.calibratedScenario(file, result.population)
        } catch {
            throw SweepError(.evaluationFailed, "the posterior-mean scenario is invalid: \(error.description)")
        }
        try SweepOutputFolder.writeAtomically(calibrated.prettyText + "\n", to: work + "/" + OutputFileNames.Calibration.calibrated)
        let throughput = RunThroughput(runs: runs.runs, seconds: Date().timeIntervalSince(started), jobs: options.jobs)
        try SweepOutputFolder.writeAtomically(manifest(result, seconds: seconds, throughput: throughput, options: options).prettyText + "\n",
                                       to: work + "/" + OutputFileNames.Calibration.manifest)
        try publish(work: work, final: final)
        sessionFinished?(throughput)
        return result
    }

    /// Runs (or resumes) the simulation-based check of the calibration
    /// (`CalibrationCheck`, `truths` hidden truths) into `folder`, which appears whole as
    /// `run`'s does: check.csv, check-summary.csv, calibration.json (the calibration's
    /// definition with the number of truths), manifest.json and each truth's fit
    /// (truth-i/generation-G/batch-B/). `truthFinished` is called after each truth,
    /// `sessionFinished` as `run`'s.
    ///
    /// - Throws: `SweepError`, as `run`.
    @discardableResult
    public func check(truths: Int, folder: String, options: SweepOptions, truthFinished: ((Int) -> Void)? = nil,
                      sessionFinished: ((RunThroughput) -> Void)? = nil) throws(SweepError) -> [CalibrationCheck.Summary]
    {
        let started = Date()
        let runs = RunCounter()
        let final = URL(fileURLWithPath: folder).standardizedFileURL.path
        let work = MarketCalibration.workFolder(of: final)
        let definition: JSONValue
        do {
            definition = ["check_truths": .number(Double(truths)), "calibration_context": try JSONParser.parse(file.context, file: file.path)]
        } catch {
            throw SweepError(.invalidDefinition, error.description)
        }
        try openWork(folder: folder, final: final, work: work, definitionText: definition.canonicalText + "\n", options: options)
        let check = CalibrationCheck(abc: file.abc, truths: truths)
        let rows = try check.run(folder: work, options: options, truthFinished: truthFinished,
                                 model: MarketCalibration.counting(model(options: options), in: runs))
        let summaries = CalibrationCheck.summaries(rows, parameters: file.parameters.count)
        try SweepOutputFolder.writeAtomically(CalibrationOutputs.checkCSV(file, rows), to: work + "/" + OutputFileNames.Calibration.check)
        try SweepOutputFolder.writeAtomically(CalibrationOutputs.checkSummaryCSV(file, summaries, truths: truths),
                                              to: work + "/" + OutputFileNames.Calibration.checkSummary)
        let extra: [(String, JSONValue)] = [
            ("check_truths", .number(Double(truths))),
            ("deterministic_files", .array([OutputFileNames.Calibration.definition, OutputFileNames.Calibration.check,
                                            OutputFileNames.Calibration.checkSummary,
                                            "truth-*/generation-*/batch-*/ (except manifest.json)"].map { .string($0) })),
        ]
        let throughput = RunThroughput(runs: runs.runs, seconds: Date().timeIntervalSince(started), jobs: options.jobs)
        try SweepOutputFolder.writeAtomically(manifest(extra, throughput: throughput, options: options).prettyText + "\n",
                                              to: work + "/" + OutputFileNames.Calibration.manifest)
        try publish(work: work, final: final)
        sessionFinished?(throughput)
        return summaries
    }

    /// Checks `folder` and prepares its work folder `work` holding `definitionText`:
    /// refuses what `run` documents, keeps an unfinished work folder of the same
    /// definition when resuming, else starts afresh.
    private func openWork(folder: String, final: String, work: String, definitionText: String,
                          options: SweepOptions) throws(SweepError) {
        let fm = FileManager.default
        do {
            _ = try OutputDirectory.checkedPath(folder, inputs: [file.path] + file.base.resolved.files)
        } catch {
            throw SweepError(.invalidDefinition, error.description)
        }
        let definitionText = file.context + "\n"
        if fm.fileExists(atPath: final) && !options.force {
            if options.resume && fm.contents(atPath: final + "/" + OutputFileNames.Calibration.definition) == Data(definitionText.utf8) {
                throw SweepError(.alreadyComplete, "\(final) holds this calibration, finished; nothing to resume")
            }
            throw SweepError(.folderExists, "\(final) already exists; choose another --out or pass --force to replace it")
        }
        if fm.fileExists(atPath: work) {
            if options.resume, let existing = fm.contents(atPath: work + "/" + OutputFileNames.Calibration.definition) {
                guard existing == Data(definitionText.utf8) else {
                    throw SweepError(.mismatchedSweep, "\(work) holds another calibration (its file, base scenario or marketsim version changed); pass --force instead of --resume to start over")
                }
            } else if options.force || options.resume {
                try remove(work)
            } else {
                throw SweepError(.folderExists, "an interrupted calibration is in \(work); pass --resume to continue it or --force to start over")
            }
        }
        do {
            try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch {
            throw SweepError(.io, "cannot create \(work): \(OutputError.cause(of: error))")
        }
        try SweepOutputFolder.writeAtomically(definitionText, to: work + "/" + OutputFileNames.Calibration.definition)
    }

    /// Replaces `final` by the finished work folder in one rename.
    private func publish(work: String, final: String) throws(SweepError) {
        let fm = FileManager.default
        if fm.fileExists(atPath: final) { try remove(final) }
        do {
            try fm.moveItem(atPath: work, toPath: final)
        } catch {
            throw SweepError(.io, "cannot move \(work) to \(final): \(OutputError.cause(of: error))")
        }
    }

    private func remove(_ path: String) throws(SweepError) {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw SweepError(.io, "cannot remove \(path): \(OutputError.cause(of: error))")
        }
    }

    /// What ran and how long each generation took in this session (a generation found
    /// finished by a resume takes almost no time): the one file that is not the same
    /// from one execution to the next.
    private func manifest(_ result: ABCResult, seconds: [Double], throughput: RunThroughput, options: SweepOptions) -> JSONValue {
        manifest([
            ("generations_run", .number(Double(result.generations.count))),
            ("stop_reason", .string(result.stop.rawValue)),
            ("regression_adjustment", .string(result.adjustment == nil ? (file.settings.regressionAdjustment ? "not made: too few effective particles per regressor, or no fit target the population straddles" : "none") : "linear")),
            ("runs", .number(Double(result.generations.reduce(0) { $0 + $1.runs }
                + (result.adjustment == nil ? 0 : result.population.summaries.reduce(0) { $0 + $1.count })))),
            ("generation_seconds_this_session", .array(seconds.map { .number(($0 * 1000).rounded() / 1000) })),
            ("deterministic_files", .array([OutputFileNames.Calibration.definition, OutputFileNames.Calibration.posterior,
                                            OutputFileNames.Calibration.generations, OutputFileNames.Calibration.targets,
                                            OutputFileNames.Calibration.contraction, OutputFileNames.Calibration.adjustment,
                                            OutputFileNames.Calibration.calibrated, "generation-*/batch-*/ (except manifest.json)",
                                            "predictive/ (except manifest.json)"].map { .string($0) })),
        ], throughput: throughput, options: options)
    }

    /// The manifest fields a calibration and its check share, then `extra`.
    private func manifest(_ extra: [(String, JSONValue)], throughput: RunThroughput, options: SweepOptions) -> JSONValue {
        let base = BaseScenario(file.base.scenario)
        let shared: JSONValue = [
            "marketsim_version": .string(MarketsimVersion.string),
            "calibration_file": .string(file.path),
            "calibration_hash": .string(file.hash),
            BaseScenario.nameKey: .string(base.name),
            BaseScenario.arguesKey: .string(base.argues),
            "base_scenario_hash": .string(file.base.hash),
            "seed": .string(String(file.settings.seed)),
            "particles": .number(Double(file.settings.particles)),
            "replications": .number(Double(file.settings.replications)),
            "max_replications": .number(Double(file.settings.maximumReplications)),
            "generations": .number(Double(file.settings.generations)),
            "set": .array(file.adjustments.overrides.map { .string($0) }),
            "runs_executed_this_session": .number(Double(throughput.runs)),
            "jobs": .number(Double(options.jobs)),
            "command_line": .array(options.commandLine.map { .string($0) }),
        ]
        guard case .object(var object) = shared else { return shared }
        for (key, value) in throughput.manifestFields { object[key] = .number(value) }
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }
}
