import Foundation
import Reporting

/// Executes a sweep's runs in parallel into a resumable folder (see `SweepOutputFolder`).
///
/// The model is a closure: `evaluate` receives one run's `RunSpec` and returns its
/// outcome values, one per `definition.outcomes` name. It is called concurrently from
/// `jobs` threads and must depend on nothing but its argument.
///
/// Determinism: each run's seed is a function of its run id; results are written to
/// runs.csv strictly in run-id order (completions that arrive early wait in a buffer
/// bounded by the look-ahead window), so the files are identical for any number of
/// workers, any chunk size and any sequence of interruptions and resumes.
///
/// Durability: runs.csv is appended in whole lines as the in-order prefix grows, and
/// synced to disk at least once a second. A resumed sweep drops a torn last line,
/// checks that the rows are this shard's first runs in order, and continues after them.
public struct SweepRunner: Sendable {
    public let definition: SweepDefinition
    public let folder: String
    public let options: SweepOptions

    public init(definition: SweepDefinition, folder: String, options: SweepOptions = SweepOptions()) {
        self.definition = definition
        self.folder = URL(fileURLWithPath: folder).standardizedFileURL.path
        self.options = options
    }

    /// Runs the sweep (or the rest of it, on resume) and writes its outputs.
    ///
    /// - Throws: `SweepError`: an invalid option, a folder that exists or belongs to
    ///   another sweep, an evaluation failure (finished runs are kept), or an
    ///   interruption (`isInterrupted`; continue with resume).
    @discardableResult
    public func run(evaluate: @escaping @Sendable (RunSpec) throws -> [Double]) throws(SweepError) -> SweepSummary {
        guard options.jobs >= 1 else { throw SweepError(.invalidDefinition, "--jobs must be at least 1, not \(options.jobs)") }
        guard options.chunkSize >= 1 else { throw SweepError(.invalidDefinition, "the chunk size must be at least 1") }
        let started = Date()
        let d = definition
        let shard = options.shard
        let total = shard.runCount(of: d.runCount)
        let points = try d.points()

        let done: Int
        let validBytes: UInt64
        switch try prepareFolder() {
        case .complete:
            return SweepSummary(folder: folder, sweepHash: d.hash, shard: shard, runsInShard: total,
                                runsExecuted: 0, wasAlreadyComplete: true, throughput: nil)
        case .continueAfter(let rows, let bytes):
            done = rows
            validBytes = bytes
        }

        let journal = try JournalWriter(path: folder + "/" + OutputFileNames.Sweep.runs, validBytes: validBytes)
        let cancellation = options.cancellation ?? SweepCancellation()
        if options.handleSignals { cancellation.watchSignals() }
        defer { if options.handleSignals { cancellation.stopWatchingSignals() } }

        let outcomeCount = d.outcomes.count
        let parameterNames = d.parameters.map(\.name)
        let replications = d.replications
        let progress = ProgressLine(total: total, alreadyDone: done, quiet: options.quiet,
                                    plainIntervalSeconds: options.plainProgressIntervalSeconds, label: options.progressLabel)
        var lastSync = Date()
        var written = done
        var ioFailure: SweepError?
        let executor = OrderedExecutor(workers: options.jobs, chunk: options.chunkSize)
        let completion = executor.run(done..<total, isCancelled: {
            guard cancellation.isCancelled else { return false }
            writeToStandardError("\nstopping: finishing the runs in progress...\n")
            return true
        }, job: { (position: Int) throws(SweepError) -> [Double] in
            let runID = shard.runID(atPosition: position)
            let pointID = runID / replications
            let spec = RunSpec(runID: runID, pointID: pointID, replication: runID % replications,
                               seed: d.seed(ofRun: runID), parameterNames: parameterNames,
                               parameterValues: Array(points.point(pointID)))
            let outcomes: [Double]
            do {
                outcomes = try evaluate(spec)
            } catch {
                throw SweepError(.evaluationFailed, "run \(runID) (point \(pointID), replication \(spec.replication), seed \(spec.seed)) failed: \(error)")
            }
            guard outcomes.count == outcomeCount else {
                throw SweepError(.evaluationFailed, "run \(runID) returned \(outcomes.count) outcome values for the sweep's \(outcomeCount) outcomes")
            }
            return outcomes
        }, consume: { batch in
            for (position, outcomes) in batch {
                let runID = shard.runID(atPosition: position)
                let pointID = runID / replications
                journal.append(RunRecord(runID: runID, pointID: pointID, replication: runID % replications,
                                         seed: d.seed(ofRun: runID), parameterValues: points.point(pointID),
                                         outcomes: outcomes).line)
            }
            written += batch.count
            do throws(SweepError) {
                try journal.flush()
                if Date().timeIntervalSince(lastSync) >= 1 {
                    try journal.sync()
                    lastSync = Date()
                }
            } catch {
                ioFailure = error
                return false
            }
            progress.update(done: written)
            return true
        }, idle: {
            progress.update(done: written)
        })
        progress.finish(done: written)
        try journal.close()
        if let ioFailure { throw ioFailure }
        if let failure = completion.failure?.error {
            throw SweepError(failure.kind, "\(failure.description); the \(written) runs finished before it are saved in \(folder)")
        }
        guard written == total else {
            throw SweepError(.interrupted, "sweep interrupted after \(written) of \(total) runs; finished runs are saved in \(folder); continue with --resume")
        }

        if shard.count == 1 { try SweepAggregation.write(definition: d, folder: folder) }
        let manifest = SweepManifest(definition: d, shard: shard, runsInShard: total, runsExecuted: total - done,
                                     jobs: options.jobs, commandLine: options.commandLine, started: started,
                                     sources: [], baseScenario: options.baseScenario)
        try manifest.write(folder: folder)
        try SweepState(sweepHash: d.hash, shard: shard, status: .complete).write(folder: folder)
        return SweepSummary(folder: folder, sweepHash: d.hash, shard: shard, runsInShard: total,
                            runsExecuted: total - done, wasAlreadyComplete: false, throughput: manifest.throughput)
    }
}
