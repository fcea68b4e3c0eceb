import Foundation
import Reporting

/// The sweep folder before the runs: a new folder staged and checked, or an existing
/// one read for resume.
extension SweepRunner {
    /// Where a sweep starts: nothing to do, or after the rows already in runs.csv.
    enum Start {
        case complete
        case continueAfter(rows: Int, bytes: UInt64)
    }

    /// Creates the folder, or checks and reads it for resume.
    ///
    /// A new folder is staged (`OutputDirectory`) and appears under its name only once
    /// its definition, state and runs.csv header are written and read back as a resume
    /// would read them: a sweep that could not be resumed or merged fails here, with
    /// nothing left behind, instead of after its first rows.
    func prepareFolder() throws(SweepError) -> Start {
        let fm = FileManager.default
        let d = definition
        let header = CSVFormat.line(SweepOutputFolder.runColumns(d))
        do {
            _ = try OutputDirectory.checkedPath(folder)
        } catch {
            throw SweepError(.invalidDefinition, error.description)
        }
        if fm.fileExists(atPath: folder) {
            if options.resume && fm.fileExists(atPath: folder + "/" + OutputFileNames.Sweep.state) {
                return try readForResume(header: header)
            }
            guard options.force else {
                throw SweepError(.folderExists, options.resume
                    ? "\(folder) exists but is not a sweep folder (no \(OutputFileNames.Sweep.state)); choose another output folder or pass --force to replace it"
                    : "\(folder) already exists; pass --resume to continue the sweep in it or --force to replace it")
            }
        }
        let cannotCreate = { (error: any Error) in SweepError(.io, "cannot create \(folder): \(OutputError.cause(of: error))") }
        try SweepOutputFolder.create(folder, replaceExisting: true, inputs: [], definition: d,
                                     creationFailure: cannotCreate, commitFailure: cannotCreate) { staged throws(SweepError) in
            try SweepState(sweepHash: d.hash, shard: options.shard, status: .running).write(folder: staged.stagingPath)
            try SweepOutputFolder.writeAtomically(header, to: staged.file(OutputFileNames.Sweep.runs))
            try Self.checkReadable(staged.stagingPath, header: header, definition: d)
        }
        return .continueAfter(rows: 0, bytes: UInt64(header.utf8.count))
    }

    /// Reads a staged folder's definition and runs.csv header back as resume and merge
    /// will, so that a column name the files cannot carry fails before anything is kept.
    private static func checkReadable(_ folder: String, header: String, definition d: SweepDefinition) throws(SweepError) {
        let definitionPath = folder + "/" + OutputFileNames.Sweep.definition
        var text = try SweepOutputFolder.read(definitionPath)
        if text.hasSuffix("\n") { text.removeLast() }
        guard (try? SweepDefinition(canonicalJSON: text, source: definitionPath))?.hash == d.hash else {
            throw SweepError(.invalidDefinition, "the sweep's definition does not read back from \(OutputFileNames.Sweep.definition); check its parameter and outcome names")
        }
        var reader = try LineReader(path: folder + "/" + OutputFileNames.Sweep.runs)
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
        let runsPath = folder + "/" + OutputFileNames.Sweep.runs
        guard FileManager.default.fileExists(atPath: runsPath) else {
            try SweepOutputFolder.writeAtomically(header, to: runsPath)
            return .continueAfter(rows: 0, bytes: UInt64(header.utf8.count))
        }
        var reader = try LineReader(path: runsPath)
        defer { reader.close() }
        guard let first = try reader.next() else {
            try SweepOutputFolder.writeAtomically(header, to: runsPath)
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
