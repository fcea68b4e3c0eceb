import Foundation
import Reporting
import SimulationKit
import TestSupport
import Testing
@testable import Experiments

/// The local-linear regression adjustment on ABCSMCTests' conjugate toy: mu observed
/// through the mean of n = 10 draws of N(mu, 1), prior N(0, 1), whose posterior at an
/// observed mean of 0.8 is N(0.727, 1/11) (SD 0.30).
@Suite("ABC regression adjustment")
struct ABCRegressionAdjustmentTests {
    static func problem(adjust: Bool, generations: Int, seed: UInt64, replications: Int = 1, extraTargets: [ABCTarget] = [],
                        parameters extra: [ABCParameter] = []) -> ABCSMC {
        ABCSMC(parameters: [ABCParameter(name: "mu", prior: .normal(mean: 0, sd: 1, lower: -6, upper: 6))] + extra,
               targets: [ABCTarget(name: "sample_mean", observed: 0.8, scale: 1, fit: true)] + extraTargets,
               settings: ABCSettings(particles: 400, replications: replications, generations: generations,
                                     regressionAdjustment: adjust, seed: seed),
               context: "toy-adjustment")
    }

    /// The observation is one run (one sample mean), whatever the replications a particle
    /// takes, so the adjusted posterior is still N(0.727, 1/11). Regressed on the mean of
    /// a particle's 4 replications, it was the posterior given a mean of 4 runs at the
    /// observation, N(., 1/41): SD 0.16, half the exact 0.30 (the --check of
    /// docs/calibration.md: 0.88 coverage over all pairs with one replication, 0.80 with two).
    @Test("with several replications a particle, the adjusted posterior carries one run's noise, as the observation does")
    func replications() throws {
        let (mean, variance) = ABCSMCTests.analyticPosterior(observed: 0.8)
        let result = try Self.problem(adjust: true, generations: 2, seed: 33, replications: 4)
            .run(folder: temporaryFolder(), options: testOptions(jobs: 2)) { ABCSMCTests.sampleMean($0, $1, $2) }
        _ = try #require(result.adjustment)
        let sd = result.population.standardDeviation(0)
        #expect(abs(sd / variance.squareRoot() - 1) < 0.2, "adjusted SD \(sd) against \(variance.squareRoot())")
        #expect(abs(result.population.mean(0) - mean) < 0.1, "adjusted mean \(result.population.mean(0)) against \(mean)")
    }

    @Test("two generations leave the posterior about 1.5 times too wide; adjusted, its mean and SD are the conjugate posterior's, and its runs (predictive/) are the adjusted particles'")
    func conjugate() throws {
        let (mean, variance) = ABCSMCTests.analyticPosterior(observed: 0.8)
        let folder = temporaryFolder()
        let result = try Self.problem(adjust: true, generations: 2, seed: 31)
            .run(folder: folder, options: testOptions(jobs: 2)) { ABCSMCTests.sampleMean($0, $1, $2) }
        let unadjusted = try #require(result.unadjusted)
        let adjustment = try #require(result.adjustment)
        #expect(adjustment.regressors == [0] && adjustment.extrapolated.isEmpty)
        // The unadjusted posterior at the second generation's tolerance (the median
        // distance of the prior's draws) is much wider than the conjugate one.
        let before = unadjusted.standardDeviation(0), after = result.population.standardDeviation(0)
        #expect(before > 1.4 * variance.squareRoot(), "unadjusted SD \(before)")
        // Adjusted: the slope of mu on the residual is about 1 (mu = observed + noise),
        // so each particle moves to mu - (mean - observed), leaving the noise of its
        // sample mean: SD within 20 % of 0.30, mean within 0.1 of 0.727.
        #expect(abs(after / variance.squareRoot() - 1) < 0.2, "adjusted SD \(after) against \(variance.squareRoot())")
        #expect(abs(result.population.mean(0) - mean) < 0.1, "adjusted mean \(result.population.mean(0)) against \(mean)")
        // The population's summaries are new runs at the adjusted values: each particle's
        // summary is its mu plus N(0, 1/10) noise, not the unadjusted particle's summary.
        let residuals = zip(result.population.parameters, result.population.summaries).map { $1[0][0] - $0[0] }
        let spread = (residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count)).squareRoot()
        #expect(abs(spread - (1 / ABCSMCTests.n).squareRoot()) < 0.05, "run noise about the adjusted mu \(spread)")
        #expect(FileManager.default.fileExists(atPath: folder + "/" + ABCSMC.predictiveFolder + "/" + ABCSMC.candidatesFile))
        let distances = result.population.summaries.map { abs($0[0][0] - 0.8) }
        #expect(zip(result.population.distances, distances).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test("a parameter no target reads keeps its prior; a target no particle reaches is left out, not extrapolated to")
    func guards() throws {
        // nu is read by nothing; "unreachable" is always 0 and observed at 5 (scale 1):
        // every particle is 5 scales from it, so it is listed and not regressed on.
        let nu = ABCParameter(name: "nu", prior: .uniform(lower: -1, upper: 1))
        let unreachable = ABCTarget(name: "unreachable", observed: 5, scale: 10, fit: true)
        let result = try Self.problem(adjust: true, generations: 2, seed: 32, extraTargets: [unreachable], parameters: [nu])
            .run(folder: temporaryFolder(), options: testOptions(jobs: 2)) { p, seed, r in
                ABCSMCTests.sampleMean(p, seed, r) + [0]
            }
        let adjustment = try #require(result.adjustment)
        #expect(adjustment.regressors == [0] && adjustment.extrapolated == [1])
        let contraction = ParameterContraction.of(Self.problem(adjust: true, generations: 2, seed: 32, parameters: [nu]).parameters,
                                                  result.population, unadjusted: result.unadjusted)
        #expect(abs(contraction[1].sdRatio - 1) < 0.12, "nu's SD ratio \(contraction[1].sdRatio)")
        #expect(contraction[0].sdRatio < 0.4 && contraction[0].unadjustedSD! > contraction[0].posteriorSD)
    }

    @Test("adjusted posteriors of hidden truths cover them at about the nominal rates, with intervals about the conjugate posterior's width, not the unadjusted one's")
    func simulationBasedCheck() throws {
        // 40 truths, two generations each. The same fits unadjusted (their batches
        // resumed from the same folder) are the comparison: too wide, they cover too,
        // so coverage alone cannot tell the two apart; the intervals' width does.
        let truths = 40, folder = temporaryFolder()
        func rows(adjust: Bool) throws -> [CalibrationCheck.Row] {
            let check = CalibrationCheck(abc: Self.problem(adjust: adjust, generations: 2, seed: 33), truths: truths)
            return try check.run(folder: folder, options: testOptions(jobs: 2)) { ABCSMCTests.sampleMean($0, $1, $2) }
        }
        let adjusted = try rows(adjust: true), unadjusted = try rows(adjust: false)
        // A truth's fit is left unadjusted when its kernel weights' effective sample is
        // under 5 per coefficient (one of the 40 here); the unadjusted runs never are.
        let summary = CalibrationCheck.summaries(adjusted, parameters: 1)[0]
        #expect(summary.adjustedTruths >= 36, "\(summary.adjustedTruths) of \(truths) adjusted")
        let unadjustedCount = unadjusted.filter(\.adjusted).count
        #expect(unadjustedCount == 0)
        // Binomial(40, 0.9): 31 or fewer covered has probability 1.5 %; Binomial(40, 0.5):
        // outside 12...28 has probability 1.7 %.
        #expect(summary.coverage90 >= 32 / 40.0, "90 % coverage \(summary.coverage90)")
        #expect(summary.coverage50 >= 12 / 40.0 && summary.coverage50 <= 28 / 40.0, "50 % coverage \(summary.coverage50)")
        // The conjugate posterior's 90 % interval is 2 x 1.645 x 0.302 = 0.99 wide
        // whatever the observation; the adjusted intervals average within 20 % of it,
        // the unadjusted ones are at least 1.4 times as wide.
        let conjugate = 2 * 1.645 * ABCSMCTests.analyticPosterior(observed: 0).variance.squareRoot()
        let width = adjusted.reduce(0) { $0 + $1.p95 - $1.p5 } / Double(truths)
        let unadjustedWidth = unadjusted.reduce(0) { $0 + $1.p95 - $1.p5 } / Double(truths)
        #expect(abs(width / conjugate - 1) < 0.2, "adjusted 90 % width \(width) against \(conjugate)")
        #expect(unadjustedWidth > 1.4 * conjugate, "unadjusted 90 % width \(unadjustedWidth)")
    }
}
