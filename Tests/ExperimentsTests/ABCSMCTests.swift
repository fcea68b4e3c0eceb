import Foundation
import Reporting
import SimulationKit
import Synchronization
import TestSupport
import Testing
@testable import Experiments

/// ABC-SMC on a model whose posterior is known in closed form: the mean mu of a normal
/// with known standard deviation sigma, observed through the mean of n draws. With a
/// normal prior N(m0, s0^2), the posterior is normal with precision 1/s0^2 + n/sigma^2
/// and mean (m0/s0^2 + n xbar/sigma^2) / precision; the sample mean is sufficient, so
/// the ABC posterior converges to it as the tolerance goes to 0.
@Suite("ABC-SMC")
struct ABCSMCTests {
    static let sigma = 1.0
    static let n = 10.0
    static let priorMean = 0.0
    static let priorSD = 1.0

    /// The simulated sample mean for mu: mu + sigma / sqrt(n) z, z from the run's seed.
    @Sendable static func sampleMean(_ parameters: [Double], _ seed: UInt64, _ replication: Int) -> [Double] {
        let stream = RandomStream(seed: seed, key: StreamKey("toy/sample-mean"))
        return [parameters[0] + sigma / n.squareRoot() * stream.generator.gaussian(sigma: 1)]
    }

    static func analyticPosterior(observed: Double) -> (mean: Double, variance: Double) {
        let precision = 1 / (priorSD * priorSD) + n / (sigma * sigma)
        return ((priorMean / (priorSD * priorSD) + n * observed / (sigma * sigma)) / precision, 1 / precision)
    }

    static func calibration(observed: Double, particles: Int, generations: Int, seed: UInt64) -> ABCSMC {
        ABCSMC(parameters: [ABCParameter(name: "mu", prior: .normal(mean: priorMean, sd: priorSD, lower: -6, upper: 6))],
               targets: [ABCTarget(name: "sample_mean", observed: observed, scale: 1, fit: true)],
               settings: ABCSettings(particles: particles, generations: generations, seed: seed),
               context: "toy")
    }

    static func weightedVariance(_ p: ABCPopulation) -> Double {
        let m = p.mean(0)
        return zip(p.parameters, p.weights).reduce(0) { $0 + $1.1 * ($1.0[0] - m) * ($1.0[0] - m) }
    }

    @Test("the posterior mean and variance converge to the conjugate normal posterior as the tolerance shrinks")
    func knownPosterior() throws {
        let observed = 0.8
        let (mean, variance) = Self.analyticPosterior(observed: observed)
        var steps: [(tolerance: Double, meanError: Double, varianceError: Double, ess: Double)] = []
        let result = try Self.calibration(observed: observed, particles: 400, generations: 7, seed: 11)
            .run(folder: temporaryFolder(), options: testOptions(jobs: 2)) { record, population in
                steps.append((record.tolerance, abs(population.mean(0) - mean),
                              abs(Self.weightedVariance(population) - variance) / variance, record.effectiveSampleSize))
            } model: { Self.sampleMean($0, $1, $2) }
        #expect(result.stop == .generations)
        #expect(steps.count == 7)
        // Tolerances fall generation after generation.
        for (a, b) in zip(steps, steps.dropFirst()) { #expect(b.tolerance < a.tolerance) }
        // The prior (generation 0) is far from the posterior: variance 1 against 1/11.
        #expect(steps[0].varianceError > 5)
        let last = steps[steps.count - 1]
        #expect(last.tolerance < 0.1)
        // Within sampling error of the analytic posterior: the mean within 4 standard
        // errors, the variance within 25 % (its relative standard error at an effective
        // sample size of a few hundred is under 10 %).
        #expect(last.meanError < 4 * (variance / last.ess).squareRoot())
        #expect(last.varianceError < 0.25)
        #expect(last.varianceError < steps[1].varianceError)
    }

    @Test("contraction: mu, which the target pins, near its analytic 0.30; nu, which no target reads, near 1 and warned of; the first generation's runs are the prior predictive")
    func contraction() throws {
        let calibration = ABCSMC(
            parameters: [ABCParameter(name: "mu", prior: .normal(mean: Self.priorMean, sd: Self.priorSD, lower: -6, upper: 6)),
                         ABCParameter(name: "nu", prior: .uniform(lower: -1, upper: 1))],
            targets: [ABCTarget(name: "sample_mean", observed: 0.8, scale: 1, fit: true)],
            settings: ABCSettings(particles: 400, generations: 6, seed: 5), context: "toy-contraction")
        let result = try calibration.run(folder: temporaryFolder(), options: testOptions(jobs: 2)) { Self.sampleMean($0, $1, $2) }
        let contractions = ParameterContraction.of(calibration.parameters, result.population)
        let (_, variance) = Self.analyticPosterior(observed: 0.8)
        // mu's posterior SD over its prior's: sqrt(1/11) = 0.30 at tolerance 0; a finite
        // tolerance and a few hundred particles leave it somewhat above.
        #expect(abs(contractions[0].sdRatio - variance.squareRoot() / Self.priorSD) < 0.1, "\(contractions[0].sdRatio)")
        #expect(contractions[0].widthRatio < 0.5 && !contractions[0].learntNothing)
        // nu's posterior is its prior: the ratio is 1 up to the sampling error of an SD.
        #expect(abs(contractions[1].sdRatio - 1) < 0.1 && contractions[1].widthRatio > 0.85, "\(contractions[1].sdRatio)")
        #expect(contractions[1].learntNothing && contractions[1].warning.contains("nu learnt nothing"))
        // The prior predictive of the sample mean is N(0, 1 + sigma^2 / n): its 90 % band
        // is +-1.645 sqrt(1.1); the posterior's is narrower.
        let prior = CalibrationOutputs.predictive(result.prior, target: 0, of: calibration.targets[0])
        let half = 1.645 * (Self.priorSD * Self.priorSD + Self.sigma * Self.sigma / Self.n).squareRoot()
        #expect(abs(prior.p5 + half) < 0.25 && abs(prior.p95 - half) < 0.25, "\(prior)")
        let posterior = CalibrationOutputs.predictive(result.population, target: 0, of: calibration.targets[0])
        #expect(posterior.p95 - posterior.p5 < 0.6 * (prior.p95 - prior.p5))
    }

    @Test("the tolerances shrink until the next would be within the replications' noise, sigma / sqrt(n R) here, or the acceptance rate falls below its floor")
    func stops() throws {
        let replications = 4
        func calibration(_ minimumAcceptance: Double?) -> ABCSMC {
            ABCSMC(parameters: [ABCParameter(name: "mu", prior: .normal(mean: Self.priorMean, sd: Self.priorSD, lower: -6, upper: 6))],
                   targets: [ABCTarget(name: "sample_mean", observed: 0.8, scale: 1, fit: true)],
                   settings: ABCSettings(particles: 200, replications: replications, generations: 40,
                                         minimumAcceptance: minimumAcceptance, seed: 9),
                   context: "toy-stops")
        }
        var tolerances = [Double]()
        let noisy = try calibration(nil).run(folder: temporaryFolder(), options: testOptions(jobs: 2), generationFinished: { record, _ in
            tolerances.append(record.tolerance)
        }) { Self.sampleMean($0, $1, $2) }
        // Each replication's sample mean has SD sigma / sqrt(n); a particle's mean of R
        // of them, sigma / sqrt(n R): the distance's noise with scale 1.
        let noise = Self.sigma / (Self.n * Double(replications)).squareRoot()
        #expect(noisy.stop == .noise && tolerances.count < 40)
        #expect(abs(calibration(nil).distanceNoise(noisy.population, replications: replications) / noise - 1) < 0.2)
        // The last tolerance run is above the noise, the next quantile would not be.
        #expect(tolerances.last! > calibration(nil).distanceNoise(noisy.population, replications: replications))
        let next = ABCPopulation.weightedQuantile(noisy.population.distances, weights: noisy.population.weights, 0.5)
        #expect(next <= calibration(nil).distanceNoise(noisy.population, replications: replications))

        var rates = [Double]()
        let floored = try calibration(0.4).run(folder: temporaryFolder(), options: testOptions(jobs: 2), generationFinished: { record, _ in
            rates.append(record.acceptanceRate)
        }) { Self.sampleMean($0, $1, $2) }
        #expect(floored.stop == .acceptanceFloor)
        #expect(rates.last! < 0.4 && rates.dropFirst().dropLast().allSatisfy { $0 >= 0.4 }, "\(rates)")
    }

    @Test("a quantile target's value is the hand-computed type-7 quantile of the replications' known values, in the distance and the predictive band")
    func quantileTarget() throws {
        // Replication r of a particle at mu reports mu + r^2: for mu = 0 and five
        // replications, 0, 1, 4, 9, 16; their 0.9 quantile is at position 0.9 x 4 = 3.6
        // of the sorted values, 9 + 0.6 x (16 - 9) = 13.2, their mean 6.
        let target = ABCTarget(name: "high", observed: 12, scale: 2, fit: true, quantile: 0.9)
        #expect(abs(target.summary([16, 1, 9, 0, 4]) - 13.2) < 1e-12)
        #expect(ABCTarget(name: "mean", observed: 12, scale: 2, fit: true).summary([16, 1, 9, 0, 4]) == 6)
        // Undefined runs are skipped: the 0.5 quantile of 1, 9 (a NaN left out) is 5.
        #expect(ABCTarget(name: "median", observed: 0, scale: 1, fit: true, quantile: 0.5).summary([9, .nan, 1]) == 5)
        let abc = ABCSMC(parameters: [ABCParameter(name: "mu", prior: .uniform(lower: -1, upper: 1))], targets: [target],
                         settings: ABCSettings(particles: 20, replications: 5, generations: 2, seed: 4), context: "toy-quantile")
        let result = try abc.run(folder: temporaryFolder(), options: testOptions(jobs: 2)) { parameters, _, replication in
            [parameters[0] + Double(replication * replication)]
        }
        for (x, distance) in zip(result.population.parameters, result.population.distances) {
            #expect(abs(distance - abs(x[0] + 13.2 - 12) / 2) < 1e-9)
        }
        // The predictive band is over the particles' quantiles (mu + 13.2), not over single runs (mu + 0...16).
        let band = CalibrationOutputs.predictive(result.population, target: 0, of: target)
        let quantiles = result.population.parameters.map { $0[0] + 13.2 }
        #expect(band.p5 >= quantiles.min()! - 1e-9 && band.p95 <= quantiles.max()! + 1e-9)
        #expect(abs(band.mean - (result.population.mean(0) + 13.2)) < 1e-9)
    }

    @Test("a quantile target's noise factor: pi / 2 for the median, and the 0.9 quantile's matches the spread of simulated sample quantiles")
    func quantileNoise() {
        #expect(abs(ABCTarget(name: "m", observed: 0, scale: 1, fit: true, quantile: 0.5).noiseFactor - Double.pi / 2) < 1e-9)
        #expect(ABCTarget(name: "m", observed: 0, scale: 1, fit: true).noiseFactor == 1)
        // 4,000 samples of 200 standard normals: the variance of their 0.9 quantile, times
        // 200, estimates the factor (its relative standard error is about 2 %).
        let target = ABCTarget(name: "q", observed: 0, scale: 1, fit: true, quantile: 0.9)
        let stream = RandomStream(seed: 21, key: StreamKey("toy/quantile-noise"))
        let quantiles = withExtendedLifetime(stream) {
            let g = stream.generator
            return (0..<4000).map { _ in target.summary((0..<200).map { _ in g.gaussian(sigma: 1) }) }
        }
        let m = quantiles.reduce(0, +) / Double(quantiles.count)
        let variance = quantiles.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(quantiles.count - 1)
        #expect(abs(variance * 200 / target.noiseFactor - 1) < 0.1, "\(variance * 200) against \(target.noiseFactor)")
    }

    @Test("near the noise the replications double up to max_replications, and the tolerance and the posterior then shrink below where fixed replications stop")
    func replicationsRise() throws {
        func calibration(maximumReplications: Int) -> ABCSMC {
            ABCSMC(
                parameters: [ABCParameter(name: "mu", prior: .normal(mean: Self.priorMean, sd: Self.priorSD, lower: -6, upper: 6))],
                targets: [ABCTarget(name: "sample_mean", observed: 0.8, scale: 1, fit: true)],
                settings: ABCSettings(particles: 150, replications: 2, maximumReplications: maximumReplications,
                                      generations: 30, seed: 12),
                context: "toy-rise")
        }
        func run(maximumReplications: Int) throws -> (ABCResult, [ABCGenerationRecord], [Double]) {
            let calibration = calibration(maximumReplications: maximumReplications)
            var records = [ABCGenerationRecord](), noises = [Double]()
            let result = try calibration.run(folder: temporaryFolder(), options: testOptions(jobs: 2), generationFinished: { record, population in
                records.append(record)
                noises.append(calibration.distanceNoise(population, replications: record.replications))
            }) { Self.sampleMean($0, $1, $2) }
            return (result, records, noises)
        }
        let (fixed, fixedRecords, _) = try run(maximumReplications: 2)
        let (raised, raisedRecords, noises) = try run(maximumReplications: 16)
        #expect(fixed.stop == .noise && raised.stop == .noise)
        #expect(fixedRecords.allSatisfy { $0.replications == 2 })
        // 2, then doublings to the cap, each when the tolerance came within twice the
        // noise of the previous generation's replications.
        let replications = raisedRecords.map(\.replications)
        #expect(replications.first == 2 && replications.last == 16, "\(replications)")
        for (g, (a, b)) in zip(replications, replications.dropFirst()).enumerated() where b != a {
            #expect(b == 2 * a || b == 16, "\(replications)")
            #expect(raisedRecords[g + 1].tolerance <= ABCSMC.replicationRiseFactor * noises[g] * 1.0000001, "\(raisedRecords)")
        }
        #expect(raisedRecords.allSatisfy { $0.runs == $0.candidates * $0.replications })
        // A replication's sample mean has SD 1 / sqrt(10): the noise of 2 replications is
        // 0.22, of 16, 0.08, so the tolerance goes on shrinking and the posterior of mu
        // (SD about sqrt(noise^2 + tolerance^2 / 3)) narrows well below the fixed run's.
        #expect(raisedRecords.last!.tolerance < 0.6 * fixedRecords.last!.tolerance, "\(fixedRecords) \(raisedRecords)")
        #expect(raised.population.standardDeviation(0) < 0.7 * fixed.population.standardDeviation(0),
                "\(raised.population.standardDeviation(0)) against \(fixed.population.standardDeviation(0))")

        // Interrupted in the first generation with raised replications and resumed, it
        // raises them at the same generations and ends with the same result.
        let firstRise = raisedRecords.firstIndex { $0.replications > 2 }!
        let interruptAt = raisedRecords[..<firstRise].reduce(0) { $0 + $1.runs } + 10
        let folder = temporaryFolder(), cancellation = SweepCancellation(), counter = RunTally()
        #expect(throws: SweepError.self) {
            _ = try calibration(maximumReplications: 16).run(folder: folder, options: testOptions(jobs: 2, cancellation: cancellation)) {
                if counter.increment() == interruptAt { cancellation.cancel() }
                return Self.sampleMean($0, $1, $2)
            }
        }
        let resumed = try calibration(maximumReplications: 16).run(folder: folder, options: testOptions(jobs: 2)) { Self.sampleMean($0, $1, $2) }
        #expect(resumed == raised)
    }

    @Test("the priors' exact SDs and quantiles: uniform, log-uniform and a half-normal against their closed forms")
    func priorMoments() {
        let uniform = ABCPrior.uniform(lower: 2, upper: 5)
        #expect(abs(uniform.standardDeviation - 3 / 12.0.squareRoot()) < 1e-12)
        #expect(abs(uniform.quantile(0.05) - 2.15) < 1e-6 && abs(uniform.quantile(0.95) - 4.85) < 1e-6)
        // log-uniform on [1, e]: x = e^u, E x = e - 1, E x^2 = (e^2 - 1) / 2; quantiles e^q.
        let logUniform = ABCPrior.logUniform(lower: 1, upper: exp(1.0))
        let variance = (exp(2.0) - 1) / 2 - (exp(1.0) - 1) * (exp(1.0) - 1)
        #expect(abs(logUniform.standardDeviation - variance.squareRoot()) < 1e-12)
        #expect(abs(logUniform.quantile(0.95) - exp(0.95)) < 1e-6)
        // A standard normal cut at 0 and 50: the half-normal, SD sqrt(1 - 2/pi), median 0.6745.
        let half = ABCPrior.normal(mean: 0, sd: 1, lower: 0, upper: 50)
        #expect(abs(half.standardDeviation - (1 - 2 / Double.pi).squareRoot()) < 1e-9)
        #expect(abs(half.quantile(0.5) - 0.674490) < 1e-5)
    }

    @Test("repeated recoveries of a true mu cover it with their 90 % intervals about 90 % of the time")
    func coverage() throws {
        let recoveries = 30
        var covered = 0
        var widthRatios = [Double]()
        for k in 0..<recoveries {
            let truth = RandomStream(seed: StreamSeeding.derive(99, UInt64(k)), key: StreamKey("toy/truth"))
            let g = truth.generator
            let mu = g.normal(mean: Self.priorMean, sd: Self.priorSD)
            let observed = Self.sampleMean([mu], StreamSeeding.derive(1234, UInt64(k)), 0)[0]
            let result = try Self.calibration(observed: observed, particles: 150, generations: 5, seed: UInt64(k + 1))
                .run(folder: temporaryFolder(), options: testOptions(jobs: 2)) { Self.sampleMean($0, $1, $2) }
            let p = result.population
            let values = p.parameters.map { $0[0] }
            let low = ABCPopulation.weightedQuantile(values, weights: p.weights, 0.05)
            let high = ABCPopulation.weightedQuantile(values, weights: p.weights, 0.95)
            if low <= mu && mu <= high { covered += 1 }
            widthRatios.append((high - low) / (2 * 1.6449 * Self.analyticPosterior(observed: observed).variance.squareRoot()))
        }
        // Binomial(30, 0.9): 21 or fewer covered has probability under 1 %; an interval
        // as wide as the prior's would cover every time, hence the width check.
        #expect(covered >= 22)
        let meanWidth = widthRatios.reduce(0, +) / Double(widthRatios.count)
        #expect(meanWidth > 0.8 && meanWidth < 1.3, "mean width / analytic width: \(meanWidth)")
    }

    @Test("the simulation-based check covers about 50 % and 90 % with uniform ranks; a shrunk posterior and one that ignores the data fail it")
    func simulationBasedCheck() throws {
        let check = CalibrationCheck(abc: Self.calibration(observed: 0, particles: 150, generations: 5, seed: 21), truths: 60)
        let folder = temporaryFolder()
        let rows = try check.run(folder: folder, options: testOptions(jobs: 2)) { Self.sampleMean($0, $1, $2) }
        #expect(rows.count == 60)
        var meanError = 0.0
        for row in rows {
            // Each truth is fitted from one run at it, against the conjugate posterior.
            let truth = check.truth(row.truth)
            #expect(row.value == truth[0])
            let observed = try check.observation(row.truth) { Self.sampleMean($0, $1, $2) }
            #expect(observed == Self.sampleMean(truth, StreamSeeding.derive(21, StreamKey("check/observation", index: row.truth).value), 0))
            meanError += abs(row.mean - Self.analyticPosterior(observed: observed[0]).mean) / 60
        }
        #expect(meanError < 0.1, "mean |posterior mean - analytic|: \(meanError)")
        // Truths are independent prior draws: N(0, 1) moments within 4 standard errors.
        let truths = rows.map(\.value)
        #expect(abs(truths.reduce(0, +) / 60) < 4 / 60.0.squareRoot())
        let summary = CalibrationCheck.summaries(rows, parameters: 1)[0]
        // Binomial(60, 0.9): 47 or fewer covered has probability 0.6 %; Binomial(60, 0.5):
        // outside 20...40 has probability under 0.5 %.
        #expect(summary.coverage90 >= 48 / 60.0, "90 % coverage \(summary.coverage90)")
        #expect(summary.coverage50 >= 20 / 60.0 && summary.coverage50 <= 40 / 60.0, "50 % coverage \(summary.coverage50)")
        #expect(summary.rankPValue > 0.001, "rank uniformity \(summary.rankStatistic), p \(summary.rankPValue)")

        // The same posteriors (their batches resumed), each shrunk to 0.3 of its spread
        // about its mean: the 90 % interval then spans about +-0.49 posterior SDs and
        // covers about 38 % of the truths (45 or more of 60: probability under 1e-9), and
        // the ranks pile up near 0 and 1 (KS distance about 0.26: p near 5e-4).
        var shrunk = [CalibrationCheck.Row]()
        for i in 0..<60 {
            let problem = try check.problem(i, observed: check.observation(i) { Self.sampleMean($0, $1, $2) })
            let p = try problem.run(folder: folder + "/" + CalibrationCheck.truthFolder(i), options: testOptions(jobs: 2)) { Self.sampleMean($0, $1, $2) }.population
            let m = p.mean(0)
            let narrow = ABCPopulation(parameters: p.parameters.map { [m + 0.3 * ($0[0] - m)] }, weights: p.weights,
                                       distances: p.distances, summaries: p.summaries)
            shrunk += CalibrationCheck.rows(truth: i, values: check.truth(i), population: narrow)
        }
        let narrow = CalibrationCheck.summaries(shrunk, parameters: 1)[0]
        #expect(narrow.coverage90 <= 44 / 60.0, "shrunk 90 % coverage \(narrow.coverage90)")
        #expect(narrow.rankPValue < 0.01, "shrunk ranks p \(narrow.rankPValue)")

        // Every truth fitted to the same observation (0) instead of its own: the posterior
        // N(0, 1/11) covers a N(0, 1) truth with its 90 % interval about 38 % of the time;
        // 15 or more of 20 has probability under 0.1 %. (Its ranks' KS p-value, about 0.1
        // at 20 truths, is too weak a signal to test.)
        var deaf = [CalibrationCheck.Row]()
        for i in 0..<20 {
            let p = try check.problem(i, observed: [0]).run(folder: temporaryFolder(), options: testOptions(jobs: 2)) { Self.sampleMean($0, $1, $2) }.population
            deaf += CalibrationCheck.rows(truth: i, values: check.truth(i), population: p)
        }
        let ignoring = CalibrationCheck.summaries(deaf, parameters: 1)[0]
        #expect(ignoring.coverage90 <= 14 / 20.0, "data-blind 90 % coverage \(ignoring.coverage90)")
    }

    @Test("the files of a calibration are identical whatever the worker count, and after an interruption and resume")
    func determinism() throws {
        let calibration = Self.calibration(observed: 0.5, particles: 60, generations: 3, seed: 5)
        let one = temporaryFolder()
        let resultOne = try calibration.run(folder: one, options: testOptions(jobs: 1)) { Self.sampleMean($0, $1, $2) }
        let three = temporaryFolder()
        let resultThree = try calibration.run(folder: three, options: testOptions(jobs: 3)) { Self.sampleMean($0, $1, $2) }
        #expect(resultOne == resultThree)

        let interrupted = temporaryFolder()
        let cancellation = SweepCancellation()
        let counter = RunTally()
        #expect(throws: SweepError.self) {
            _ = try calibration.run(folder: interrupted, options: testOptions(jobs: 2, cancellation: cancellation)) {
                if counter.increment() == 150 { cancellation.cancel() }
                return Self.sampleMean($0, $1, $2)
            }
        }
        let resumed = try calibration.run(folder: interrupted, options: testOptions(jobs: 2)) { Self.sampleMean($0, $1, $2) }
        #expect(resumed == resultOne)
        let files = try regularFiles(one)
        #expect(files.count > 6)
        #expect(try regularFiles(three) == files)
        #expect(try regularFiles(interrupted) == files)
        for file in files where !file.hasSuffix(OutputFileNames.Sweep.manifest) {
            #expect(try contents(one + "/" + file) == contents(three + "/" + file), "\(file) differs with 3 jobs")
            #expect(try contents(one + "/" + file) == contents(interrupted + "/" + file), "\(file) differs after resume")
        }
    }

    @Test("generation 0's candidates are independent prior draws: uniform moments and no repeated coordinate")
    func priorDraws() throws {
        let abc = ABCSMC(parameters: [ABCParameter(name: "a", prior: .uniform(lower: 0, upper: 1)),
                                      ABCParameter(name: "b", prior: .logUniform(lower: 1, upper: 100))],
                         targets: [], settings: ABCSettings(particles: 10, generations: 1, seed: 8), context: "")
        let draws = try (0..<2000).map { try abc.propose(generation: 0, slot: $0, kernel: nil) }
        let a = draws.map { $0[0] }, logB = draws.map { log10($0[1]) }
        for (values, mean, variance) in [(a, 0.5, 1.0 / 12), (logB, 1.0, 4.0 / 12)] {
            let m = values.reduce(0, +) / Double(values.count)
            let v = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
            #expect(abs(m - mean) < 4 * (variance / Double(values.count)).squareRoot())
            #expect(abs(v / variance - 1) < 0.12)
        }
        #expect(Set(a).count == a.count)
        // Slot order does not matter: slot 7 is the same draw alone.
        #expect(try abc.propose(generation: 0, slot: 7, kernel: nil) == draws[7])
    }

    @Test("the kernel's weights follow prior / mixture density: a proposal far from every ancestor weighs more")
    func importanceWeights() {
        let population = ABCPopulation(parameters: [[0], [1]], weights: [0.5, 0.5], distances: [0, 0], summaries: [[], []])
        let kernel = ABCKernel(population: population, parameters: [ABCParameter(name: "x", prior: .uniform(lower: -10, upper: 10))])
        // Weighted variance 0.25, kernel variance 0.5: the mixture at 0.5 is
        // exp(-0.25 / (2 * 0.5)) = exp(-0.25); at 3 it is (exp(-9) + exp(-4)) / 2.
        #expect(abs(kernel.mixtureDensity([0.5]) - exp(-0.25)) < 1e-12)
        #expect(abs(kernel.mixtureDensity([3]) - (exp(-9) + exp(-4)) / 2) < 1e-12)
    }
}

/// Counts runs across worker threads.
final class RunTally: Sendable {
    private let count = Atomic<Int>(0)
    func increment() -> Int { count.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue }
}

