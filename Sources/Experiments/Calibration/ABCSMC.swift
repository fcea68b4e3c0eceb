import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit

/// Approximate Bayesian computation by sequential Monte Carlo (population Monte Carlo,
/// Beaumont et al. 2009; Toni et al. 2009), generic over the model: `Model` maps a
/// particle's parameter values, a seed and a replication number to the values of the
/// targets, and the market is one such model, a toy with a known posterior another.
///
/// Generation 0 samples the prior and accepts every candidate whose fit targets are
/// defined. Generation t > 0 takes as tolerance the weighted `quantile` of generation
/// t - 1's distances (never below `minimumTolerance`), proposes candidates through
/// `ABCKernel`, and accepts those within the tolerance, weighting each by
/// prior / kernel mixture density. The tolerances shrink until `generations` have run,
/// a generation's acceptance rate falls below `minimumAcceptance`, or the next
/// tolerance would be at or below the simulation noise (`distanceNoise`): a smaller one
/// would select lucky replications rather than better parameters. Before that, while
/// the next tolerance is within `replicationRiseFactor` of the noise, the replications
/// per candidate double up to `maximumReplications`, lowering the noise so the
/// tolerances can go on shrinking.
///
/// Batches make it deterministic and resumable. A generation runs fixed batches of
/// candidates (`particles` in generation 0, `particles x batchMultiplier` after), each
/// proposed before any of them runs, from streams keyed by (seed, generation, candidate
/// slot, attempt), so a proposal never depends on a run's outcome or on timing. Each
/// batch is a sweep of one `candidate` parameter run by `SweepRunner` into
/// `generation-G/batch-B/` (with the candidates' values in `candidates.csv`): parallel
/// on `jobs` threads, journaled, resumable after kill -9. Candidates are accepted in
/// slot order until `particles` are; when a batch leaves the population short, the next
/// batch runs. A resumed calibration replays from generation 0, finding the finished
/// batches complete, so every file is identical whatever the worker count and however
/// often it was interrupted.
///
/// With `options.shard` K/N (N > 1), a call runs only slice K of the first unfinished
/// batch, into `batch-B.shard-K-of-N/`, and stops with `SweepError.isShardFinished`
/// unless that completes the set: then (or in any later call, sharded or not) the
/// shards are merged into `batch-B/`, identical to a batch one machine ran, and the
/// calibration goes on. Calling every shard in turn (or as a Slurm job array, once
/// per batch) therefore ends with the same files as one machine.
public struct ABCSMC: Sendable {
    /// A run of the model: parameter values (in parameter order), the run's seed and
    /// replication number, to one value per target (NaN when undefined).
    public typealias Model = @Sendable (_ parameters: [Double], _ seed: UInt64, _ replication: Int) throws -> [Double]

    public let parameters: [ABCParameter]
    public let targets: [ABCTarget]
    public let settings: ABCSettings
    /// What else the runs depend on (the model's version, the base scenario's hash...);
    /// part of every batch's sweep hash, so a changed calibration is never resumed.
    public let context: String

    /// The column of the candidate index in each batch's runs.csv.
    public static let candidateColumn = "candidate"
    /// Each batch's candidates' parameter values.
    public static let candidatesFile = "candidates.csv"

    public init(parameters: [ABCParameter], targets: [ABCTarget], settings: ABCSettings, context: String) {
        self.parameters = parameters
        self.targets = targets
        self.settings = settings
        self.context = context
    }

    /// The replications double while the next tolerance is at or below this many times
    /// the simulation noise at the current count. The rise comes a generation or two
    /// before the noise stop would (near the noise the tolerance falls by less than half
    /// per generation), and after it the tolerance is above twice the new noise, so only
    /// a count held at `maximumReplications` ends the calibration on the noise.
    public static let replicationRiseFactor = 2.0

    /// The folder of the regression-adjusted particles' runs, relative to the calibration's folder.
    public static let predictiveFolder = "predictive"

    /// The folder of a generation's batch, relative to the calibration's folder.
    public static func batchFolder(generation: Int, batch: Int) -> String { "generation-\(generation)/batch-\(batch)" }

    /// Runs (or resumes) the calibration in `folder`, which it creates if needed.
    /// `generationFinished`, if given, is called after each generation with its record
    /// and population.
    ///
    /// - Throws: `SweepError` from the runner (an interruption can be resumed by
    ///   calling `run` again on the same folder), or an evaluation failure.
    public func run(folder: String, options: SweepOptions,
                    generationFinished: ((ABCGenerationRecord, ABCPopulation) -> Void)? = nil,
                    model: @escaping Model) throws(SweepError) -> ABCResult {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SweepError(.io, "cannot create \(folder): \(OutputError.cause(of: error))")
        }
        var records = [ABCGenerationRecord]()
        var previous: ABCPopulation?
        var first: ABCPopulation?
        var replications = settings.replications
        for generation in 0..<settings.generations {
            var tolerance = Double.infinity
            if let previous {
                tolerance = ABCPopulation.weightedQuantile(previous.distances, weights: previous.weights, settings.quantile)
                if let floor = settings.minimumTolerance { tolerance = max(tolerance, floor) }
                while replications < settings.maximumReplications
                    && tolerance <= ABCSMC.replicationRiseFactor * distanceNoise(previous, replications: replications) {
                    replications = min(2 * replications, settings.maximumReplications)
                }
                if tolerance <= distanceNoise(previous, replications: replications) {
                    return try finish(records, previous, tolerance: records.last?.tolerance ?? .infinity, prior: first!, stop: .noise,
                                  replications: replications, folder: folder, options: options, model: model)
                }
            }
            let kernel = previous.map { ABCKernel(population: $0, parameters: parameters) }
            guard let (population, record) = try runGeneration(generation, tolerance: tolerance, kernel: kernel,
                                                               replications: replications, folder: folder,
                                                               options: options, model: model) else {
                return try finish(records, previous!, tolerance: records.last?.tolerance ?? .infinity, prior: first!, stop: .acceptance,
                                  replications: replications, folder: folder, options: options, model: model)
            }
            records.append(record)
            generationFinished?(record, population)
            previous = population
            if first == nil { first = population }
            if let floor = settings.minimumTolerance, generation > 0, tolerance <= floor {
                return try finish(records, population, tolerance: tolerance, prior: first!, stop: .tolerance,
                                  replications: replications, folder: folder, options: options, model: model)
            }
            if let floor = settings.minimumAcceptance, generation > 0, record.acceptanceRate < floor {
                return try finish(records, population, tolerance: tolerance, prior: first!, stop: .acceptanceFloor,
                                  replications: replications, folder: folder, options: options, model: model)
            }
        }
        return try finish(records, previous!, tolerance: records.last?.tolerance ?? .infinity, prior: first!, stop: .generations,
                                  replications: replications, folder: folder, options: options, model: model)
    }

    /// The result of a finished calibration whose last population is `population`
    /// (accepted at `tolerance`): that population, or with `regressionAdjustment` the
    /// adjusted particles (kernel-weighted) with the summaries of their own runs, one
    /// batch of `replications` each in `predictiveFolder` (resumable as any batch).
    private func finish(_ records: [ABCGenerationRecord], _ population: ABCPopulation, tolerance: Double,
                        prior: ABCPopulation, stop: ABCResult.Stop, replications: Int, folder: String,
                        options: SweepOptions, model: @escaping Model) throws(SweepError) -> ABCResult {
        guard settings.regressionAdjustment,
              let adjustment = ABCRegressionAdjustment.adjust(population, tolerance: tolerance, parameters: parameters,
                                                              targets: targets) else {
            return ABCResult(generations: records, population: population, prior: prior, stop: stop)
        }
        let summaries = try runBatch(folderName: ABCSMC.predictiveFolder,
                                     seedKey: StreamKey("abc/runs/predictive", index: 0),
                                     contextFields: [("predictive", .string("regression-adjusted"))],
                                     name: "the adjusted posterior's batch",
                                     proposals: adjustment.parameters, replications: replications, folder: folder,
                                     options: options, label: "adjusted posterior  \(adjustment.parameters.count) particles",
                                     model: model)
        let adjusted = ABCPopulation(parameters: adjustment.parameters, weights: adjustment.weights,
                                     distances: summaries.map(distance), summaries: summaries)
        return ABCResult(generations: records, population: adjusted, prior: prior, stop: stop,
                         unadjusted: population, adjustment: adjustment)
    }

    /// One generation's batches until `particles` are accepted; nil when `maximumBatches`
    /// batches are not enough (never for generation 0, whose failure is an error).
    private func runGeneration(_ generation: Int, tolerance: Double, kernel: ABCKernel?, replications: Int,
                               folder: String, options: SweepOptions, model: @escaping Model) throws(SweepError)
        -> (ABCPopulation, ABCGenerationRecord)?
    {
        let n = settings.particles
        let batchSize = generation == 0 ? n : n * settings.batchMultiplier
        var kept: [(parameters: [Double], distance: Double, summaries: [[Double]])] = []
        var underTolerance = 0, candidates = 0, batch = 0
        while kept.count < n {
            guard batch < settings.maximumBatches else {
                if generation == 0 {
                    throw SweepError(.evaluationFailed, "the prior gave only \(kept.count) of \(n) particles whose fit targets are defined in \(batch) batches of \(batchSize); check the targets' metrics and dates")
                }
                return nil
            }
            let proposals = try (0..<batchSize).map { (slot: Int) throws(SweepError) -> [Double] in
                try propose(generation: generation, slot: batch * batchSize + slot, kernel: kernel)
            }
            let rate = candidates > 0 ? String(format: "  acceptance %.2f", Double(underTolerance) / Double(candidates)) : ""
            let label = "generation \(generation + 1)/\(settings.generations)  tolerance "
                + (tolerance.isFinite ? String(format: "%.4g", tolerance) : "none") + "  batch \(batch + 1)"
                + "  accepted \(kept.count)/\(n)" + rate
            let results = try runBatch(generation: generation, batch: batch, proposals: proposals, replications: replications,
                                       folder: folder, options: options, label: label, model: model)
            for (values, summaries) in zip(proposals, results) {
                candidates += 1
                let d = distance(summaries)
                guard d.isFinite && d <= tolerance else { continue }
                underTolerance += 1
                if kept.count < n { kept.append((values, d, summaries)) }
            }
            batch += 1
        }
        let weights: [Double] = kept.map { particle in
            let prior = zip(parameters, particle.parameters).reduce(1.0) { $0 * $1.0.prior.density($1.1) }
            guard let kernel else { return 1 }
            return prior / kernel.mixtureDensity(particle.parameters)
        }
        let population = ABCPopulation(parameters: kept.map(\.parameters), weights: weights,
                                       distances: kept.map(\.distance), summaries: kept.map(\.summaries))
        let record = ABCGenerationRecord(generation: generation, tolerance: tolerance, candidates: candidates,
                                         accepted: underTolerance, batches: batch, replications: replications,
                                         runs: candidates * replications,
                                         effectiveSampleSize: population.effectiveSampleSize)
        return (population, record)
    }

    /// The distance of a candidate from its replications' target values: the root of the
    /// sum over fit targets of ((summary - observed) / scale)^2, the summary being the
    /// replications' mean or quantile (`ABCTarget.summary`); infinite when a fit target
    /// has no defined value in any replication.
    public func distance(_ summaries: [[Double]]) -> Double {
        var total = 0.0
        for (t, target) in targets.enumerated() where target.fit {
            let summary = target.summary(summaries.map { $0[t] })
            guard summary.isFinite else { return .infinity }
            let z = (summary - target.observed) / target.scale
            total += z * z
        }
        return total.squareRoot()
    }

    /// The distance a particle at the true parameters would have from replication noise
    /// alone: the root of the sum over fit targets of the variance of the summary of
    /// `replications` runs (the runs' variance / replications, times the target's
    /// `noiseFactor`) over the target's scale squared, the runs' variance being the
    /// weighted mean over `population`'s particles of their replications' sample
    /// variance. 0 when `population` has one replication per particle (no spread to measure).
    public func distanceNoise(_ population: ABCPopulation, replications: Int) -> Double {
        var total = 0.0
        for (t, target) in targets.enumerated() where target.fit {
            var variance = 0.0, weight = 0.0
            for (summaries, w) in zip(population.summaries, population.weights) {
                let values = summaries.map { $0[t] }.filter(\.isFinite)
                guard values.count > 1 else { continue }
                let m = values.reduce(0, +) / Double(values.count)
                variance += w * values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
                weight += w
            }
            guard weight > 0 else { continue }
            total += variance / weight * target.noiseFactor / Double(replications) / (target.scale * target.scale)
        }
        return total.squareRoot()
    }

    /// The candidate in `slot` of `generation`: a prior draw in generation 0, else a
    /// kernel proposal redrawn (attempt 1, 2, ...) until it lies inside the prior's support.
    func propose(generation: Int, slot: Int, kernel: ABCKernel?) throws(SweepError) -> [Double] {
        for attempt in 0..<10_000 {
            let key = StreamKey("abc/generation-\(generation)/attempt-\(attempt)", index: slot)
            let stream = RandomStream(seed: settings.seed, key: key)
            let g = stream.generator
            guard let kernel else { return parameters.map { $0.prior.sample(g) } }
            let x = kernel.propose(g)
            if zip(parameters, x).allSatisfy({ $0.prior.contains($1) }) { return x }
        }
        throw SweepError(.evaluationFailed, "generation \(generation), candidate \(slot): 10,000 proposals fell outside the prior; the population sits on a bound of the prior")
    }

    /// True when `folder` holds a complete sweep.
    static func isComplete(_ folder: String) -> Bool {
        (try? SweepState.read(folder: folder))?.status == .complete
    }

    /// The folder of one shard of a batch: a sibling of the batch's folder.
    static func shardFolder(_ batchFolder: String, _ shard: ShardSpec) -> String {
        batchFolder + ".shard-\(shard.index)-of-\(shard.count)"
    }

    /// The shard folders beside `batchFolder`, by shard count.
    private func shardSets(of batchFolder: String) -> [Int: [String]] {
        let parent = (batchFolder as NSString).deletingLastPathComponent
        let prefix = (batchFolder as NSString).lastPathComponent + ".shard-"
        var sets: [Int: [String]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            let parts = name.dropFirst(prefix.count).split(separator: "-")
            guard parts.count == 3, parts[1] == "of", let count = Int(parts[2]) else { continue }
            sets[count, default: []].append(parent + "/" + name)
        }
        return sets
    }

    /// Merges a complete set of shard folders into the batch's folder (byte for byte what
    /// one machine writes) and removes the shards; false when no set is complete. Two
    /// shard processes finishing together may both merge: the second finds the batch
    /// complete.
    private func mergeShards(of batchFolder: String, commandLine: [String]) throws(SweepError) -> Bool {
        for (count, folders) in shardSets(of: batchFolder).sorted(by: { $0.key < $1.key })
        where folders.count == count && folders.allSatisfy(ABCSMC.isComplete) {
            do {
                try SweepMerge.merge(shardFolders: folders.sorted(), into: batchFolder, commandLine: commandLine)
            } catch {
                guard ABCSMC.isComplete(batchFolder) else { throw error }
            }
            try removeShards(of: batchFolder)
            return true
        }
        return false
    }

    private func removeShards(of batchFolder: String) throws(SweepError) {
        for folder in shardSets(of: batchFolder).values.joined() {
            do {
                try FileManager.default.removeItem(atPath: folder)
            } catch {
                throw SweepError(.io, "cannot remove \(folder): \(OutputError.cause(of: error))")
            }
        }
    }

    /// Runs one batch as a sweep and reads back each candidate's replications' targets.
    private func runBatch(generation: Int, batch: Int, proposals: [[Double]], replications: Int, folder: String,
                          options: SweepOptions, label: String, model: @escaping Model) throws(SweepError) -> [[[Double]]] {
        try runBatch(folderName: ABCSMC.batchFolder(generation: generation, batch: batch),
                     seedKey: StreamKey("abc/runs/generation-\(generation)", index: batch),
                     contextFields: [("generation", .number(Double(generation))), ("batch", .number(Double(batch)))],
                     name: "generation \(generation) batch \(batch)", proposals: proposals,
                     replications: replications, folder: folder, options: options, label: label, model: model)
    }

    /// Runs the candidates `proposals` as a sweep in `folder`/`folderName`, seeded from
    /// `seedKey`, and reads back each candidate's replications' targets.
    private func runBatch(folderName: String, seedKey: StreamKey, contextFields: [(String, JSONValue)], name: String,
                          proposals: [[Double]], replications: Int,
                          folder: String, options: SweepOptions, label: String,
                          model: @escaping Model) throws(SweepError) -> [[[Double]]] {
        let batchFolder = folder + "/" + folderName
        let candidatesText = CSVFormat.line([ABCSMC.candidateColumn] + parameters.map(\.name))
            + proposals.enumerated().map { i, x in CSVFormat.line([String(i)] + x.map(CSVFormat.number)) }.joined()
        let fields = [("calibration", JSONValue.string(context))] + contextFields
            + [("candidates_fnv1a", .string(String(StreamKey.fnv1a(candidatesText), radix: 16)))]
        let batchContextValue = JSONValue.object(JSONObject(fields.map { JSONObject.Member(key: $0.0, value: $0.1) }))
        let batchContext = batchContextValue.canonicalText
        let definition = try SweepDefinition(
            parameters: [.levels(ABCSMC.candidateColumn, proposals.indices.map(Double.init))], design: .grid,
            samples: nil, replications: replications,
            seed: StreamSeeding.derive(settings.seed, seedKey.value),
            outcomes: targets.map(\.name), context: batchContext)
        var batchOptions = options
        batchOptions.resume = true
        batchOptions.force = true
        batchOptions.progressLabel = label
        batchOptions.shard = .whole
        let evaluate: @Sendable (RunSpec) throws -> [Double] = { spec in
            try model(proposals[spec.pointID], spec.seed, spec.replication)
        }
        var complete = ABCSMC.isComplete(batchFolder)
        if !complete { complete = try mergeShards(of: batchFolder, commandLine: options.commandLine) }
        if !complete {
            if options.shard.count > 1 {
                batchOptions.shard = options.shard
                let shardFolder = ABCSMC.shardFolder(batchFolder, options.shard)
                try SweepRunner(definition: definition, folder: shardFolder, options: batchOptions).run(evaluate: evaluate)
                guard try mergeShards(of: batchFolder, commandLine: options.commandLine) else {
                    throw SweepError(.shardFinished, "shard \(options.shard) of \(name) is done in \(shardFolder); run every shard of it (the same command with --shard K/\(options.shard.count)), then any of them again to go on")
                }
            } else {
                try SweepRunner(definition: definition, folder: batchFolder, options: batchOptions).run(evaluate: evaluate)
                try removeShards(of: batchFolder)
            }
        }
        try SweepOutputFolder.writeAtomically(candidatesText, to: batchFolder + "/" + ABCSMC.candidatesFile)

        var results = [[[Double]]](repeating: [], count: proposals.count)
        var reader = try LineReader(path: batchFolder + "/" + OutputFileNames.Sweep.runs)
        defer { reader.close() }
        _ = try reader.next()
        while let line = try reader.next() {
            guard let record = RunRecord(line: line, parameterCount: 1, outcomeCount: targets.count),
                  record.pointID < proposals.count else {
                throw SweepError(.corruptFolder, "\(batchFolder)/\(OutputFileNames.Sweep.runs): malformed line \(line)")
            }
            results[record.pointID].append(record.outcomes)
        }
        guard results.allSatisfy({ $0.count == replications }) else {
            throw SweepError(.corruptFolder, "\(batchFolder)/\(OutputFileNames.Sweep.runs): not every candidate has its \(replications) replications")
        }
        return results
    }
}
