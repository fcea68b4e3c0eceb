import ArgumentParser
import Experiments
import Foundation
import MarketModel
import Reporting

extension Marketsim {
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a scenario's parameters to observed facts by ABC-SMC, and check it on facts held out.",
            discussion: """
            The calibration file names a base scenario, the keys to fit with their priors, and the \
            targets (a trajectory metric at a date, over a window or as a ratio, as the mean, share above a \
            threshold or quantile of a particle's replications, with its observed value, \
            uncertainty and fact id; fit or holdout). The output folder holds posterior.csv (one row per \
            particle: parameters, weight, distance), generations.csv (tolerance, acceptance rate, effective \
            sample size, runs, replications), targets.csv (observed against the posterior predictive mean and 90 % band), \
            calibrated.json (the base at the posterior mean), calibration.json, manifest.json and every \
            batch's runs (generation-G/batch-B/). It appears when the calibration is done; every file but \
            the manifests is identical for any --jobs and after an interruption resumed with --resume.

            With --check N it checks the calibration instead (simulation-based calibration): N hidden \
            truths drawn from the prior, each fitted with the same settings from one run at the truth \
            standing for the observations. The folder (default runs/check-<file name>) holds check.csv \
            (per truth and parameter: truth, posterior mean, 50 % and 90 % intervals, whether they hold \
            it, its rank), check-summary.csv (per parameter: coverage of the 50 % and 90 % intervals, \
            p-value of the ranks' uniformity), calibration.json, manifest.json and each truth's fit.
            """
        )

        @Argument(help: "The calibration file (JSON with comments).")
        var file: String

        @Option(help: "Accepted particles per generation (default: the calibration file's).")
        var particles: Int?

        @Option(help: "At most this many generations (default: the calibration file's).")
        var generations: Int?

        @Option(help: "Runs per particle (default: the calibration file's).")
        var replications: Int?

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a key of the base scenario in every run, after the file's overrides (repeatable); not a calibrated key.", valueName: "path=value"))
        var overrides: [String] = []

        @Option(help: ArgumentHelp("Check the calibration on this many hidden truths drawn from the prior instead of fitting the file's targets.", valueName: "N"))
        var check: Int?

        @Option(help: "Output folder (default: runs/calibrate-<calibration file name>, or runs/check-<name> with --check).")
        var out: String?

        @OptionGroup var execution: ExecutionOptions

        @Option(help: ArgumentHelp("Run only the K-th of N round-robin slices of the next unfinished batch (default: from a Slurm array's variables, else all), then stop; with --resume, a later call merges the finished slices and goes on.", valueName: "K/N"))
        var shard: String?

        @Flag(help: "Continue an interrupted calibration of the same file, keeping its finished runs.")
        var resume = false

        @Flag(help: "No progress line, no per-generation lines and no summary; errors only.")
        var quiet = false

        /// Truths beyond this are weeks of runs at the shipped settings: a typo.
        static let maximumTruths = 10_000

        func validate() throws {
            if let check, !(1...Self.maximumTruths).contains(check) {
                throw ValidationError("--check must be in 1...\(Self.maximumTruths) hidden truths, got \(check)")
            }
            if check != nil && shard != nil {
                throw ValidationError("--check runs on one machine: it cannot be combined with --shard")
            }
        }

        func run() throws {
            let calibrationFile: CalibrationFile
            do {
                calibrationFile = try CalibrationFile.load(file, adjustments: CalibrationFile.Adjustments(
                    particles: particles, generations: generations, replications: replications, overrides: overrides))
            } catch {
                printError(error.description)
                throw ExitCode.failure
            }
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            if let check {
                try runCheck(calibrationFile, truths: check, folder: out ?? "runs/check-\(name)")
                return
            }
            let shardSpec = try resolveShard(shard)
            let folder = out ?? "runs/calibrate-\(name)"
            let options = SweepOptions(jobs: execution.jobs, shard: shardSpec, resume: resume, force: execution.force, quiet: quiet,
                                       commandLine: CommandLine.arguments)
            let generations = calibrationFile.settings.generations
            var throughput: RunThroughput?
            guard let result = try reportingErrors(folder: folder, { () throws(SweepError) -> ABCResult in
                try MarketCalibration(file: calibrationFile).run(folder: folder, options: options, generationFinished: { record in
                    guard !quiet else { return }
                    printError("generation \(record.generation + 1)/\(generations): tolerance \(record.tolerance.isFinite ? DisplayNumber.compact(record.tolerance) : "none"), acceptance \(DisplayNumber.Quantity.share.format(record.acceptanceRate)), effective sample size \(DisplayNumber.compact(record.effectiveSampleSize)) of \(calibrationFile.settings.particles), \(record.runs) runs (\(record.replications) per candidate)")
                }, sessionFinished: { throughput = $0 })
            }) else { return }
            if !quiet {
                print("calibration \(file) of \(BaseScenario(calibrationFile.base.scenario).description)")
                print("\(folder): \(calibrationFile.settings.particles) particles, \(result.generations.count) generations; \(Self.stopped(result.stop))\n")
                print(CalibrationTable.render(calibrationFile, result), terminator: "")
                printThroughput(throughput)
            }
        }

        /// The result of `work`, or nil when it found its shard or the whole folder already
        /// done (said unless quiet); its other errors printed, with the command that
        /// resumes an interruption (exit 130), else exit 1.
        private func reportingErrors<T>(folder: String, _ work: () throws(SweepError) -> T) throws -> T? {
            do {
                return try work()
            } catch {
                if error.isShardFinished || error.isAlreadyComplete {
                    if !quiet { printError("marketsim: \(error.description)") }
                    return nil
                }
                printError("marketsim: \(error.description)")
                if error.isInterrupted {
                    printError("resume with: \(resumeCommand(folder: folder))")
                    throw ExitCode(130)
                }
                throw ExitCode.failure
            }
        }

        /// `--check N`: the simulation-based check, its folder and its console summary.
        private func runCheck(_ calibrationFile: CalibrationFile, truths: Int, folder: String) throws {
            let options = SweepOptions(jobs: execution.jobs, shard: .whole, resume: resume, force: execution.force, quiet: quiet,
                                       commandLine: CommandLine.arguments)
            var throughput: RunThroughput?
            guard let summaries = try reportingErrors(folder: folder, { () throws(SweepError) -> [CalibrationCheck.Summary] in
                try MarketCalibration(file: calibrationFile).check(truths: truths, folder: folder, options: options, truthFinished: { i in
                    if !quiet { printError("truth \(i + 1)/\(truths) fitted") }
                }, sessionFinished: { throughput = $0 })
            }) else { return }
            guard !quiet else { return }
            print("check of calibration \(file) of \(BaseScenario(calibrationFile.base.scenario).description)")
            print("\(folder): \(truths) hidden truths, each fitted with \(calibrationFile.settings.particles) particles, at most \(calibrationFile.settings.generations) generations, \(calibrationFile.settings.replications) run(s) per particle\n")
            var rows = [["parameter", "50 % coverage", "90 % coverage", "rank uniformity p"]]
            for s in summaries {
                rows.append([calibrationFile.parameters[s.parameter].name, DisplayNumber.Quantity.share.format(s.coverage50),
                             DisplayNumber.Quantity.share.format(s.coverage90), DisplayNumber.significant(s.rankPValue, digits: 2)])
            }
            print(TextTable.render(rows), terminator: "")
            if calibrationFile.settings.regressionAdjustment, let adjusted = summaries.first?.adjustedTruths {
                print("Regression adjustment: \(adjusted) of \(truths) truths' posteriors adjusted (the others had too few effective particles per regressor; check.csv's adjusted column).")
            }
            print("A calibrated posterior covers about 50 % and 90 %; coverage above says it is too wide, below too narrow; p below 0.05 says the ranks are not uniform.")
            printThroughput(throughput)
        }

        /// The command that resumes this calibration: the same options, or `--resume` refuses it.
        private func resumeCommand(folder: String) -> String {
            var words = ["marketsim", "calibrate", file, "--out", folder, "--resume"]
            if let check { words += ["--check", String(check)] }
            for (option, value) in [("--particles", particles), ("--generations", generations), ("--replications", replications)] {
                if let value { words += [option, String(value)] }
            }
            for override in overrides { words += ["--set", override] }
            return words.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        }

        /// Why the calibration stopped, in words.
        static func stopped(_ stop: ABCResult.Stop) -> String {
            switch stop {
            case .generations: "it ran every generation the file asks for"
            case .tolerance: "it stopped early, a generation having reached the minimum tolerance"
            case .acceptance: "it stopped early: a generation accepted too few candidates, so the result is the generation before it"
            case .acceptanceFloor: "it stopped early, a generation's acceptance rate having fallen below min_acceptance"
            case .noise: "it stopped early: the next tolerance would have been within the noise of the particles' replications"
            }
        }
    }
}

/// The calibration's targets as a terminal table, fitted ones first, then those held
/// out: each observed value with its interval against the posterior predictive mean and
/// 90 % band and the prior's band (targets.csv's figures), and how many observations
/// fall inside their band; then how much each parameter learnt (contraction.csv's
/// figures), with a warning for each that learnt nothing.
enum CalibrationTable {
    static func render(_ file: CalibrationFile, _ result: ABCResult) -> String {
        let population = result.population
        var text = ""
        for fit in [true, false] {
            let targets = file.targets.enumerated().filter { $0.element.fit == fit }
            guard !targets.isEmpty else { continue }
            var rows = [["target", "fact", "observed", "its interval", "predicted", "90 % band", "prior's band", "inside"]]
            var inside = 0
            for (t, target) in targets {
                let predictive = CalibrationOutputs.predictive(population, target: t, of: target.abcTarget)
                let prior = CalibrationOutputs.predictive(result.prior, target: t, of: target.abcTarget)
                let covered = predictive.p5.isFinite && predictive.p5 <= target.observed && target.observed <= predictive.p95
                if covered { inside += 1 }
                rows.append([target.name, target.fact, DisplayNumber.compact(target.observed),
                             "[\(DisplayNumber.compact(target.interval.low)), \(DisplayNumber.compact(target.interval.high))]",
                             DisplayNumber.compact(predictive.mean),
                             "[\(DisplayNumber.compact(predictive.p5)), \(DisplayNumber.compact(predictive.p95))]",
                             "[\(DisplayNumber.compact(prior.p5)), \(DisplayNumber.compact(prior.p95))]",
                             covered ? "yes" : "no"])
            }
            if !text.isEmpty { text += "\n" }
            text += (fit ? "Fitted" : "Held out") + ": \(inside) of \(targets.count) observations inside the 90 % predictive band\n"
            text += TextTable.render(rows)
        }
        let contractions = ParameterContraction.of(file.parameters, population, unadjusted: result.unadjusted)
        var rows = [["parameter", "prior SD", "posterior SD", "SD ratio", "prior 90 %", "posterior 90 %", "width ratio"]
            + (result.adjustment == nil ? [] : ["unadjusted SD ratio"])]
        for c in contractions {
            rows.append([c.name, DisplayNumber.compact(c.priorSD), DisplayNumber.compact(c.posteriorSD),
                         DisplayNumber.significant(c.sdRatio, digits: 2),
                         "[\(DisplayNumber.compact(c.priorInterval.low)), \(DisplayNumber.compact(c.priorInterval.high))]",
                         "[\(DisplayNumber.compact(c.posteriorInterval.low)), \(DisplayNumber.compact(c.posteriorInterval.high))]",
                         DisplayNumber.significant(c.widthRatio, digits: 2)]
                         + (c.unadjustedSD.map { [DisplayNumber.significant($0 / c.priorSD, digits: 2)] } ?? []))
        }
        if let adjustment = result.adjustment {
            let names = { (indices: [Int]) in indices.map { file.targets[$0].name }.joined(separator: ", ") }
            text += "\nRegression adjustment (adjustment.csv): the last generation's particles moved to the observations along a weighted linear regression on \(names(adjustment.regressors)), then run again for the bands above"
            text += adjustment.extrapolated.isEmpty ? ".\n"
                : "; left out, their observations lying outside the population's 5-95 % (the model misses them): \(names(adjustment.extrapolated)).\n"
        } else if file.settings.regressionAdjustment {
            text += "\nRegression adjustment: not made (too few effective particles per regressor, or no fit target whose observation the population straddles); the posterior is the last generation's.\n"
        }
        let learnt = contractions.filter { !$0.learntNothing }.count
        text += "\nContraction: \(learnt) of \(contractions.count) parameters have a posterior SD at most \(DisplayNumber.significant(ParameterContraction.learntNothingAbove, digits: 2)) of their prior's\n"
        text += TextTable.render(rows)
        for c in contractions where c.learntNothing { text += c.warning + "\n" }
        return text
    }
}
