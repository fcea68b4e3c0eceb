import Foundation
import Reporting
import SimulationKit

/// Simulation-based calibration (Talts et al. 2018) of an ABC-SMC problem: does the
/// posterior the calibration reports carry the uncertainty it claims?
///
/// For truth i in 0..<`truths`, the parameters are drawn from the prior (stream
/// ("check/truth", i) under the problem's seed), the model is run once at them (seed
/// derived from ("check/observation", i); replication 0, or 1, 2, ... until every fit
/// target is defined), and that run's target values replace the observations; the
/// problem is then fitted again with the same settings and a seed derived from
/// ("check/fit", i), into `truth-i/`. One run, not the mean of `replications`, stands
/// for the data because the facts a calibration fits are one history of the world: a
/// synthetic observation with less noise than a real one would make the check too kind.
///
/// If the posterior is right, the truth is a draw from it: its 50 % and 90 % central
/// intervals cover the truth in about 50 % and 90 % of the truths, and the truth's rank
/// (the posterior's weighted share below it) is uniform on [0, 1]. A posterior that
/// ignores the data covers too often, one too narrow too rarely; both skew the ranks.
public struct CalibrationCheck: Sendable {
    public let abc: ABCSMC
    public let truths: Int

    /// One parameter of one truth: the truth, the posterior's weighted mean and 5th,
    /// 25th, 75th and 95th percentiles, and the truth's rank.
    public struct Row: Sendable, Equatable {
        public let truth: Int
        public let parameter: Int
        public let value: Double
        public let mean: Double
        public let p5: Double, p25: Double, p75: Double, p95: Double
        /// The posterior's weight strictly below the truth plus half its weight at it,
        /// over its total weight (0-1).
        public let rank: Double
        /// Whether the truth's posterior was regression-adjusted (`ABCSMC`'s
        /// `regressionAdjustment` on and enough effective particles).
        public let adjusted: Bool

        public var inside50: Bool { p25 <= value && value <= p75 }
        public var inside90: Bool { p5 <= value && value <= p95 }
    }

    /// One parameter over every truth: the share of truths its 50 % and 90 % intervals
    /// cover, and the Kolmogorov-Smirnov test of its ranks against the uniform
    /// distribution (asymptotic p-value: rough below 35 truths or so).
    public struct Summary: Sendable, Equatable {
        public let parameter: Int
        public let coverage50: Double
        public let coverage90: Double
        public let rankStatistic: Double
        public let rankPValue: Double
        /// How many truths' posteriors were regression-adjusted.
        public let adjustedTruths: Int
    }

    public init(abc: ABCSMC, truths: Int) {
        self.abc = abc
        self.truths = truths
    }

    /// The folder of truth i's fit, relative to the check's folder.
    public static func truthFolder(_ i: Int) -> String { "truth-\(i)" }

    /// Truth i's parameter values.
    public func truth(_ i: Int) -> [Double] {
        let stream = RandomStream(seed: abc.settings.seed, key: StreamKey("check/truth", index: i))
        let g = stream.generator
        return abc.parameters.map { $0.prior.sample(g) }
    }

    /// Truth i's synthetic observations: one run at the truth whose fit targets are all
    /// defined; a quantile target's is instead its quantile over the first `replications`
    /// runs at the truth, since a quantile across histories is a statement about many
    /// of them, which one run cannot make.
    public func observation(_ i: Int, model: ABCSMC.Model) throws(SweepError) -> [Double] {
        let values = truth(i)
        let seed = StreamSeeding.derive(abc.settings.seed, StreamKey("check/observation", index: i).value)
        var runs = [[Double]]()
        func run(_ replication: Int) throws(SweepError) -> [Double] {
            while runs.count <= replication {
                do {
                    runs.append(try model(values, seed, runs.count))
                } catch {
                    throw SweepError(.evaluationFailed, "truth \(i): the run at the truth failed: \(error)")
                }
            }
            return runs[replication]
        }
        for replication in 0..<100 {
            var observed = try run(replication)
            guard zip(abc.targets, observed).allSatisfy({ !$0.0.fit || $0.1.isFinite }) else { continue }
            for (t, target) in abc.targets.enumerated() where target.quantile != nil {
                let many = try (0..<abc.settings.replications).map { (r: Int) throws(SweepError) in try run(r)[t] }
                observed[t] = target.summary(many)
            }
            return observed
        }
        throw SweepError(.evaluationFailed, "truth \(i): 100 runs at the truth left a fit target undefined; check the targets' metrics and dates")
    }

    /// The problem truth i fits: the fit targets observe `observed`, the seed is truth i's.
    public func problem(_ i: Int, observed: [Double]) -> ABCSMC {
        var settings = abc.settings
        settings.seed = StreamSeeding.derive(abc.settings.seed, StreamKey("check/fit", index: i).value)
        let targets = zip(abc.targets, observed).map { target, value in
            target.fit ? ABCTarget(name: target.name, observed: value, scale: target.scale, fit: true, quantile: target.quantile) : target
        }
        return ABCSMC(parameters: abc.parameters, targets: targets, settings: settings, context: abc.context + " check truth \(i)")
    }

    /// Fits every truth (resuming finished batches in `folder`) and returns the rows,
    /// by truth then parameter. `truthFinished` is called after each truth's fit.
    public func run(folder: String, options: SweepOptions, truthFinished: ((Int) -> Void)? = nil,
                    model: @escaping ABCSMC.Model) throws(SweepError) -> [Row] {
        var rows = [Row]()
        for i in 0..<truths {
            let values = truth(i)
            let result = try problem(i, observed: observation(i, model: model))
                .run(folder: folder + "/" + CalibrationCheck.truthFolder(i), options: options, model: model)
            rows += CalibrationCheck.rows(truth: i, values: values, population: result.population,
                                          adjusted: result.adjustment != nil)
            truthFinished?(i)
        }
        return rows
    }

    /// The rows of one truth against the posterior `population` (`adjusted`: whether it
    /// was regression-adjusted).
    public static func rows(truth i: Int, values: [Double], population p: ABCPopulation, adjusted: Bool = false) -> [Row] {
        values.enumerated().map { k, value in
            let total = p.weights.reduce(0, +)
            let below = zip(p.parameters, p.weights).reduce(0.0) { sum, particle in
                let x = particle.0[k]
                return sum + (x < value ? particle.1 : x == value ? particle.1 / 2 : 0)
            }
            return Row(truth: i, parameter: k, value: value, mean: p.mean(k),
                       p5: p.quantile(k, 0.05), p25: p.quantile(k, 0.25), p75: p.quantile(k, 0.75), p95: p.quantile(k, 0.95),
                       rank: below / total, adjusted: adjusted)
        }
    }

    /// Each parameter's coverage and rank test over `rows`.
    public static func summaries(_ rows: [Row], parameters: Int) -> [Summary] {
        (0..<parameters).map { k in
            let own = rows.filter { $0.parameter == k }
            let n = Double(own.count)
            let ks = GoodnessOfFit.kolmogorovSmirnov(own.map(\.rank)) { min(max($0, 0), 1) }
            return Summary(parameter: k, coverage50: Double(own.filter(\.inside50).count) / n,
                           coverage90: Double(own.filter(\.inside90).count) / n,
                           rankStatistic: ks.statistic, rankPValue: ks.pValue, adjustedTruths: own.filter(\.adjusted).count)
        }
    }
}
