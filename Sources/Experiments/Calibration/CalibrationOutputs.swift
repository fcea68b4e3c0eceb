import Foundation
import MarketModel
import Reporting
import ScenarioFormat

/// The result files of a calibration folder, computed from the final population and the
/// generation records (all deterministic; manifest.json, written by
/// `MarketCalibration`, holds the timings):
///
/// - `posterior.csv`: one row per particle: particle, the parameters, weight, distance.
/// - `generations.csv`: generation, tolerance (empty for the first: infinite),
///   candidates, accepted, acceptance_rate, effective_sample_size, batches, runs,
///   replications (per candidate; appended last so readers by position keep working).
/// - `targets.csv`: each target: its fact, role, metric and reduction, observed value and
///   interval, the posterior predictive mean, 5th and 95th percentiles (over every
///   replication of every particle, weighted), whether the observation lies in that
///   90 % band, the same band of the prior predictive distribution (the first
///   generation's runs, which are prior draws) and the posterior band's width over it.
/// - `contraction.csv`: how much each parameter learnt (`ParameterContraction`).
/// - `calibrated.json`: the base scenario with the file's fixed keys and each parameter
///   at its posterior mean.
/// The names are `OutputFileNames.Calibration`'s (Reporting's report reads them too).
public enum CalibrationOutputs {
    /// Column names parameters and targets must not take: posterior.csv's own and those of
    /// the batches' runs.csv.
    public static let reservedColumns = ["particle", "weight", "distance", ABCSMC.candidateColumn] + SweepOutputFolder.runIdentityColumns
    public static let generationColumns = ["generation", "tolerance", "candidates", "accepted", "acceptance_rate",
                                           "effective_sample_size", "batches", "runs", "replications"]
    public static let targetColumns = ["target", "fact", "role", "metric", "reduction", "observed", "interval_low",
                                       "interval_high", "predictive_mean", "predictive_p5", "predictive_p95", "inside",
                                       "prior_predictive_mean", "prior_predictive_p5", "prior_predictive_p95", "band_ratio"]
    public static let contractionColumns = ["parameter", "prior_sd", "posterior_sd", "sd_ratio", "prior_p5", "prior_p95",
                                            "posterior_p5", "posterior_p95", "width_ratio", "learnt_nothing",
                                            "unadjusted_posterior_sd", "unadjusted_sd_ratio"]

    public static let checkColumns = ["truth", "parameter", "value", "posterior_mean", "posterior_p5", "posterior_p25",
                                      "posterior_p75", "posterior_p95", "inside_50", "inside_90", "rank", "adjusted"]
    public static let checkSummaryColumns = ["parameter", "truths", "coverage_50", "coverage_90", "rank_ks_statistic",
                                             "rank_uniformity_p"]

    /// check.csv of `calibrate --check`: one row per truth and parameter (`CalibrationCheck.Row`).
    static func checkCSV(_ file: CalibrationFile, _ rows: [CalibrationCheck.Row]) -> String {
        var text = CSVFormat.line(checkColumns)
        for r in rows {
            let numbers: [String] = [r.value, r.mean, r.p5, r.p25, r.p75, r.p95].map(CSVFormat.number)
            let flags: [String] = [r.inside50 ? "yes" : "no", r.inside90 ? "yes" : "no", CSVFormat.number(r.rank),
                                   r.adjusted ? "yes" : "no"]
            text += CSVFormat.line([String(r.truth), file.parameters[r.parameter].name] + numbers + flags)
        }
        return text
    }

    /// check-summary.csv of `calibrate --check`: one row per parameter (`CalibrationCheck.Summary`).
    static func checkSummaryCSV(_ file: CalibrationFile, _ summaries: [CalibrationCheck.Summary], truths: Int) -> String {
        var text = CSVFormat.line(checkSummaryColumns)
        for s in summaries {
            text += CSVFormat.line([file.parameters[s.parameter].name, String(truths)]
                + [s.coverage50, s.coverage90, s.rankStatistic, s.rankPValue].map(CSVFormat.number))
        }
        return text
    }

    static func posteriorCSV(_ file: CalibrationFile, _ population: ABCPopulation) -> String {
        var text = CSVFormat.line(["particle"] + file.parameters.map(\.name) + ["weight", "distance"])
        for i in 0..<population.count {
            text += CSVFormat.line([String(i)] + population.parameters[i].map(CSVFormat.number)
                + [CSVFormat.number(population.weights[i]), CSVFormat.number(population.distances[i])])
        }
        return text
    }

    static func generationsCSV(_ records: [ABCGenerationRecord]) -> String {
        var text = CSVFormat.line(generationColumns)
        for r in records {
            text += CSVFormat.line([String(r.generation), CSVFormat.number(r.tolerance),
                                    String(r.candidates), String(r.accepted), CSVFormat.number(r.acceptanceRate),
                                    CSVFormat.number(r.effectiveSampleSize), String(r.batches), String(r.runs),
                                    String(r.replications)])
        }
        return text
    }

    /// The weighted predictive distribution of target `t` (`target`): mean, 5th and 95th
    /// percentiles, over every replication of every particle; for a quantile target over
    /// every particle's quantile of its replications, the value it is fitted by (one
    /// run's value is not a quantile's).
    public static func predictive(_ population: ABCPopulation, target t: Int, of target: ABCTarget)
        -> (mean: Double, p5: Double, p95: Double)
    {
        var values = [Double](), weights = [Double]()
        for (summaries, w) in zip(population.summaries, population.weights) {
            if target.quantile != nil {
                let value = target.summary(summaries.map { $0[t] })
                if value.isFinite {
                    values.append(value)
                    weights.append(w)
                }
                continue
            }
            for replication in summaries where replication[t].isFinite {
                values.append(replication[t])
                weights.append(w / Double(summaries.count))
            }
        }
        guard !values.isEmpty else { return (.nan, .nan, .nan) }
        let total = weights.reduce(0, +)
        let mean = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
        return (mean, ABCPopulation.weightedQuantile(values, weights: weights, 0.05),
                ABCPopulation.weightedQuantile(values, weights: weights, 0.95))
    }

    static func targetsCSV(_ file: CalibrationFile, _ result: ABCResult) -> String {
        var text = CSVFormat.line(targetColumns)
        for (t, target) in file.targets.enumerated() {
            let (mean, p5, p95) = predictive(result.population, target: t, of: target.abcTarget)
            let prior = predictive(result.prior, target: t, of: target.abcTarget)
            let inside = p5.isFinite && p5 <= target.observed && target.observed <= p95
            text += CSVFormat.line([target.name, target.fact, target.fit ? "fit" : "holdout", target.metric,
                                    target.reductionText, CSVFormat.number(target.observed),
                                    CSVFormat.number(target.interval.low), CSVFormat.number(target.interval.high),
                                    CSVFormat.number(mean), CSVFormat.number(p5), CSVFormat.number(p95),
                                    inside ? "yes" : "no",
                                    CSVFormat.number(prior.mean), CSVFormat.number(prior.p5), CSVFormat.number(prior.p95),
                                    CSVFormat.number((p95 - p5) / (prior.p95 - prior.p5))])
        }
        return text
    }

    static func contractionCSV(_ contractions: [ParameterContraction]) -> String {
        var text = CSVFormat.line(contractionColumns)
        for c in contractions {
            text += CSVFormat.line([c.name] + [c.priorSD, c.posteriorSD, c.sdRatio, c.priorInterval.low, c.priorInterval.high,
                                               c.posteriorInterval.low, c.posteriorInterval.high, c.widthRatio].map(CSVFormat.number)
                                   + [c.learntNothing ? "yes" : "no"]
                                   + [c.unadjustedSD, c.unadjustedSD.map { $0 / c.priorSD }].map { $0.map(CSVFormat.number) ?? "" })
        }
        return text
    }

    /// adjustment.csv: one row per fit target: whether the adjustment regressed on it
    /// (`regressor`) or left it out because its observation lies outside the
    /// population's summaries (`extrapolated`), then each parameter's slope on it (logit
    /// of the parameter's place in its prior's support per target scale; empty when
    /// left out).
    static func adjustmentCSV(_ file: CalibrationFile, _ adjustment: ABCRegressionAdjustment) -> String {
        var text = CSVFormat.line(["target", "fact", "use"] + file.parameters.map(\.name))
        for (t, target) in file.targets.enumerated() where target.fit {
            if let j = adjustment.regressors.firstIndex(of: t) {
                text += CSVFormat.line([target.name, target.fact, "regressor"]
                                       + adjustment.coefficients.map { CSVFormat.number($0[j]) })
            } else {
                let use = adjustment.extrapolated.contains(t) ? "extrapolated" : "undefined"
                text += CSVFormat.line([target.name, target.fact, use] + file.parameters.map { _ in "" })
            }
        }
        return text
    }

    /// The base scenario (without the file's overrides, which only speed up the fit)
    /// with every parameter at its posterior mean, resolved and validated.
    static func calibratedScenario(_ file: CalibrationFile, _ population: ABCPopulation) throws(ScenarioError) -> JSONValue {
        let means = file.parameters.indices.map(population.mean)
        let overrides = file.fixed + zip(file.parameterPaths, means).map { ScenarioOverride(path: $0, value: .number($1)) }
            + [ScenarioOverride(path: [.key("name")], value: .string(file.base.scenario.name + "-calibrated"))]
        return try ScenarioFile.resolve(file.source, overrides: overrides).resolved.value
    }
}

/// How much the fit narrowed one parameter: the posterior's spread over the prior's, as
/// standard deviations and as the widths of the central 90 % intervals. The prior's
/// figures are exact (from `ABCPrior`), the posterior's are the last population's,
/// weighted. A ratio near 1 means the targets did not constrain the parameter, and
/// its posterior mean is then about the prior's, whatever calibrated.json says.
public struct ParameterContraction: Sendable {
    /// Above this posterior-over-prior SD, a parameter "learnt nothing" and is warned of:
    /// with 150 particles a ratio's sampling error alone is several hundredths.
    public static let learntNothingAbove = 0.9

    public let name: String
    public let priorSD: Double
    public let posteriorSD: Double
    public let priorInterval: (low: Double, high: Double)
    public let posteriorInterval: (low: Double, high: Double)
    /// With regression adjustment, the posterior SD before it (the last generation's).
    public var unadjustedSD: Double?

    public var sdRatio: Double { posteriorSD / priorSD }
    public var widthRatio: Double { (posteriorInterval.high - posteriorInterval.low) / (priorInterval.high - priorInterval.low) }
    public var learntNothing: Bool { sdRatio > Self.learntNothingAbove }

    /// Every parameter's contraction from the final population (and, with regression
    /// adjustment, the SD of the population before it).
    public static func of(_ parameters: [ABCParameter], _ population: ABCPopulation,
                          unadjusted: ABCPopulation? = nil) -> [ParameterContraction] {
        parameters.enumerated().map { i, p in
            ParameterContraction(name: p.name, priorSD: p.prior.standardDeviation, posteriorSD: population.standardDeviation(i),
                                 priorInterval: (p.prior.quantile(0.05), p.prior.quantile(0.95)),
                                 posteriorInterval: (population.quantile(i, 0.05), population.quantile(i, 0.95)),
                                 unadjustedSD: unadjusted?.standardDeviation(i))
        }
    }

    /// The console's and report's warning for a parameter that learnt nothing.
    public var warning: String {
        "warning: \(name) learnt nothing: its posterior SD is \(DisplayNumber.significant(sdRatio, digits: 2)) of its prior's (90 % interval \(DisplayNumber.significant(widthRatio, digits: 2)) of the prior's width); the fitted targets did not narrow it, so its calibrated value is about its prior's mean"
    }
}
