import Foundation
import Reporting
import Synchronization

/// How a sweep is executed. None of these change its results: the worker count, the
/// chunk size and interruptions leave every output file except manifest.json unchanged.
public struct SweepOptions: Sendable {
    /// Worker threads; all cores by default.
    public var jobs: Int
    /// The slice of runs to execute (the whole sweep by default).
    public var shard: ShardSpec
    /// Continue an unfinished sweep in the folder (or start one if there is none).
    public var resume: Bool
    /// Replace an existing folder instead of failing.
    public var force: Bool
    /// No progress line even on a terminal.
    public var quiet: Bool
    /// Runs a worker claims at once. Larger chunks cost less locking for cheap runs;
    /// workers may run ahead of the oldest unwritten run by at most 4 x jobs x chunk
    /// runs, which bounds the results held in memory.
    public var chunkSize: Int
    /// Stop on SIGINT and SIGTERM (save finished runs, then fail with a resume hint).
    public var handleSignals: Bool
    /// A token that stops the sweep like a signal when cancelled.
    public var cancellation: SweepCancellation?
    /// The command line, for the manifest.
    public var commandLine: [String]
    /// Off a terminal, a plain progress line at most this often.
    public var plainProgressIntervalSeconds = 10.0
    /// Text the progress line starts with (a calibration's generation and tolerance).
    public var progressLabel: String

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: ShardSpec = .whole,
                resume: Bool = false, force: Bool = false, quiet: Bool = false, chunkSize: Int = 4,
                handleSignals: Bool = true, cancellation: SweepCancellation? = nil, commandLine: [String] = [],
                progressLabel: String = "") {
        self.jobs = jobs
        self.shard = shard
        self.resume = resume
        self.force = force
        self.quiet = quiet
        self.chunkSize = chunkSize
        self.handleSignals = handleSignals
        self.cancellation = cancellation
        self.commandLine = commandLine
        self.progressLabel = progressLabel
    }
}

/// What a finished sweep (or shard) did.
public struct SweepSummary: Sendable, Equatable {
    public let folder: String
    public let sweepHash: String
    public let shard: ShardSpec
    /// Runs of this shard.
    public let runsInShard: Int
    /// Runs executed in this session (the rest were found finished by resume).
    public let runsExecuted: Int
    /// True when the folder was already complete and nothing ran.
    public let wasAlreadyComplete: Bool
}

/// Executes a sweep's runs in parallel into a resumable folder (see `SweepFiles`).
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
                                runsExecuted: 0, wasAlreadyComplete: true)
        case .continueAfter(let rows, let bytes):
            done = rows
            validBytes = bytes
        }

        let journal = try JournalWriter(path: folder + "/" + SweepFiles.runs, validBytes: validBytes)
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
            FileHandle.standardError.write(Data("\nstopping: finishing the runs in progress...\n".utf8))
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
        try SweepManifest(definition: d, shard: shard, runsInShard: total, runsExecuted: total - done,
                          jobs: options.jobs, commandLine: options.commandLine, started: started,
                          sources: []).write(folder: folder)
        try SweepState(sweepHash: d.hash, shard: shard, status: .complete).write(folder: folder)
        return SweepSummary(folder: folder, sweepHash: d.hash, shard: shard, runsInShard: total,
                            runsExecuted: total - done, wasAlreadyComplete: false)
    }

    private enum Start {
        case complete
        case continueAfter(rows: Int, bytes: UInt64)
    }

    /// Creates the folder, or checks and reads it for resume.
    ///
    /// A new folder is staged (`OutputDirectory`) and appears under its name only once
    /// its definition, state and runs.csv header are written and read back as a resume
    /// would read them: a sweep that could not be resumed or merged fails here, with
    /// nothing left behind, instead of after its first rows.
    private func prepareFolder() throws(SweepError) -> Start {
        let fm = FileManager.default
        let d = definition
        let header = CSVFormat.line(SweepFiles.runColumns(d))
        do {
            _ = try OutputDirectory.checkedPath(folder)
        } catch {
            throw SweepError(.invalidDefinition, error.description)
        }
        if fm.fileExists(atPath: folder) {
            if options.resume && fm.fileExists(atPath: folder + "/" + SweepFiles.state) {
                return try readForResume(header: header)
            }
            guard options.force else {
                throw SweepError(.folderExists, options.resume
                    ? "\(folder) exists but is not a sweep folder (no \(SweepFiles.state)); choose another output folder or pass --force to replace it"
                    : "\(folder) already exists; pass --resume to continue the sweep in it or --force to replace it")
            }
        }
        let staged: OutputDirectory
        do {
            staged = try OutputDirectory(path: folder, replaceExisting: true)
        } catch {
            throw SweepError(.io, "cannot create \(folder): \(error)")
        }
        do throws(SweepError) {
            try SweepFiles.writeAtomically(d.canonicalJSON + "\n", to: staged.file(SweepFiles.definition))
            try SweepState(sweepHash: d.hash, shard: options.shard, status: .running).write(folder: staged.stagingPath)
            try SweepFiles.writeAtomically(header, to: staged.file(SweepFiles.runs))
            try Self.checkReadable(staged.stagingPath, header: header, definition: d)
            do {
                try staged.commit()
            } catch {
                throw SweepError(.io, "cannot create \(folder): \(error)")
            }
        } catch {
            staged.discard()
            throw error
        }
        return .continueAfter(rows: 0, bytes: UInt64(header.utf8.count))
    }

    /// Reads a staged folder's definition and runs.csv header back as resume and merge
    /// will, so that a column name the files cannot carry fails before anything is kept.
    private static func checkReadable(_ folder: String, header: String, definition d: SweepDefinition) throws(SweepError) {
        let definitionPath = folder + "/" + SweepFiles.definition
        var text = try SweepFiles.read(definitionPath)
        if text.hasSuffix("\n") { text.removeLast() }
        guard (try? SweepDefinition(canonicalJSON: text, source: definitionPath))?.hash == d.hash else {
            throw SweepError(.invalidDefinition, "the sweep's definition does not read back from \(SweepFiles.definition); check its parameter and outcome names")
        }
        var reader = try LineReader(path: folder + "/" + SweepFiles.runs)
        defer { reader.close() }
        guard let first = try reader.next(), first + "\n" == header else {
            throw SweepError(.invalidDefinition, "the runs.csv header does not read back as one line; a parameter or outcome name holds a line break")
        }
    }

    private func readForResume(header: String) throws(SweepError) -> Start {
        let d = definition
        let state = try SweepState.read(folder: folder)
        guard state.sweepHash == d.hash else {
            throw SweepError(.mismatchedSweep, "\(folder) holds sweep \(state.sweepHash), not this sweep (\(d.hash)): the sweep definition changed since it started; choose another output folder or pass --force instead of --resume to start over")
        }
        guard state.shard == options.shard else {
            throw SweepError(.mismatchedSweep, "\(folder) holds shard \(state.shard), not shard \(options.shard)")
        }
        if state.status == .complete { return .complete }
        let runsPath = folder + "/" + SweepFiles.runs
        guard FileManager.default.fileExists(atPath: runsPath) else {
            try SweepFiles.writeAtomically(header, to: runsPath)
            return .continueAfter(rows: 0, bytes: UInt64(header.utf8.count))
        }
        var reader = try LineReader(path: runsPath)
        defer { reader.close() }
        guard let first = try reader.next() else {
            try SweepFiles.writeAtomically(header, to: runsPath)
            return .continueAfter(rows: 0, bytes: UInt64(header.utf8.count))
        }
        guard first + "\n" == header else {
            throw SweepError(.corruptFolder, "\(runsPath): the header does not match the sweep's columns")
        }
        var rows = 0
        let total = options.shard.runCount(of: d.runCount)
        while let line = try reader.next() {
            guard rows < total,
                  let record = RunRecord(line: line, parameterCount: d.parameters.count, outcomeCount: d.outcomes.count),
                  record.runID == options.shard.runID(atPosition: rows),
                  record.seed == d.seed(ofRun: record.runID) else {
                throw SweepError(.corruptFolder, "\(runsPath): line \(rows + 2) is not run \(options.shard.runID(atPosition: rows)) of this sweep; the journal was edited")
            }
            rows += 1
        }
        return .continueAfter(rows: rows, bytes: reader.completeBytes)
    }
}
