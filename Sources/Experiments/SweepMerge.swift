import Foundation
import Reporting

/// Joins the folders of a sharded sweep into one sweep folder, equal byte for byte to
/// the folder a single machine would have written (manifest.json aside).
///
/// The shards must be the complete set 1/N...N/N of one sweep: the same hash in each
/// state file and definition, distinct indices, all present, each complete. Runs are
/// interleaved back into run-id order (shard K holds run ids = K - 1 mod N) and the
/// aggregates are computed from the merged runs.csv exactly as for a single machine.
/// The output appears whole or not at all (`OutputDirectory`).
public enum SweepMerge {
    /// Merges `shardFolders` (in any order) into `outputFolder`, replacing an existing
    /// folder only when `force` is set; returns the sweep's definition.
    @discardableResult
    public static func merge(shardFolders: [String], into outputFolder: String, force: Bool = false,
                             commandLine: [String] = []) throws(SweepError) -> SweepDefinition {
        let started = Date()
        guard !shardFolders.isEmpty else { throw SweepError(.invalidShardSet, "merge needs at least one shard folder") }
        var shards = [(folder: String, state: SweepState, definition: SweepDefinition)]()
        for folder in shardFolders {
            try checkIsSweepFolder(folder)
            let state = try SweepState.read(folder: folder)
            let definitionPath = folder + "/" + OutputFileNames.Sweep.definition
            var text = try SweepOutputFolder.read(definitionPath)
            if text.hasSuffix("\n") { text.removeLast() }
            let definition = try SweepDefinition(canonicalJSON: text, source: definitionPath)
            guard definition.hash == state.sweepHash else {
                throw SweepError(.corruptFolder, "\(folder): \(OutputFileNames.Sweep.definition) (hash \(definition.hash)) and \(OutputFileNames.Sweep.state) (hash \(state.sweepHash)) disagree")
            }
            guard state.status == .complete else {
                throw SweepError(.invalidShardSet, "\(folder): shard \(state.shard) is not complete; finish it with --resume before merging")
            }
            shards.append((folder, state, definition))
        }
        let first = shards[0]
        for shard in shards.dropFirst() where shard.state.sweepHash != first.state.sweepHash {
            throw SweepError(.invalidShardSet, "\(shard.folder) is from sweep \(shard.state.sweepHash) but \(first.folder) is from sweep \(first.state.sweepHash); shards of different sweeps cannot be merged")
        }
        let count = first.state.shard.count
        var byIndex: [Int: String] = [:]
        for shard in shards {
            guard shard.state.shard.count == count else {
                throw SweepError(.invalidShardSet, "\(shard.folder) is shard \(shard.state.shard) but \(first.folder) is shard \(first.state.shard): the shard counts differ")
            }
            if let other = byIndex[shard.state.shard.index] {
                throw SweepError(.invalidShardSet, "\(shard.folder) and \(other) are both shard \(shard.state.shard)")
            }
            byIndex[shard.state.shard.index] = shard.folder
        }
        guard byIndex.count == count else {
            // Lists the first few only: a state file may claim millions of shards.
            let missing = (1...count).lazy.filter { byIndex[$0] == nil }.prefix(10).map { "\($0)/\(count)" }
            let more = count - byIndex.count > 10 ? " and \(count - byIndex.count - 10) more" : ""
            throw SweepError(.invalidShardSet, "shards \(missing.joined(separator: ", "))\(more) are missing; merge needs all \(count) shards")
        }
        let definition = first.definition
        let folders = (1...count).map { byIndex[$0]! }
        // Every shard ran the same sweep of the same scenario: the first one's record is the merge's.
        let baseScenario: BaseScenario?
        do {
            baseScenario = try BaseScenario.recorded(in: folders[0] + "/" + OutputFileNames.Sweep.manifest)
        } catch {
            throw SweepError(.corruptFolder, "\(error)")
        }

        try SweepOutputFolder.create(outputFolder, replaceExisting: force, inputs: folders, definition: definition,
                                     creationFailure: { SweepError(.folderExists, "\($0)") },
                                     commitFailure: { SweepError(.io, "\($0)") }) { output throws(SweepError) in
            try interleaveRuns(definition: definition, shardFolders: folders, into: output.file(OutputFileNames.Sweep.runs))
            try SweepAggregation.write(definition: definition, folder: output.stagingPath)
            try SweepManifest(definition: definition, shard: .whole, runsInShard: definition.runCount, runsExecuted: 0,
                              jobs: 1, commandLine: commandLine, started: started, sources: folders, baseScenario: baseScenario)
                .write(folder: output.stagingPath)
            try SweepState(sweepHash: definition.hash, shard: .whole, status: .complete).write(folder: output.stagingPath)
        }
        return definition
    }

    /// Says plainly what a folder that cannot be a shard is: missing, a file, a run or
    /// comparison folder, or a folder without the sweep's state file.
    static func checkIsSweepFolder(_ folder: String) throws(SweepError) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw SweepError(.invalidShardSet, "\(folder): no such folder")
        }
        guard isDirectory.boolValue else { throw SweepError(.invalidShardSet, "\(folder) is a file, not a sweep folder") }
        guard !fm.fileExists(atPath: folder + "/" + OutputFileNames.Sweep.state) else { return }
        let has = { (name: String) in fm.fileExists(atPath: folder + "/" + name) }
        let what = has("compare.csv") ? "a comparison folder (it has compare.csv)"
            : has("trajectories.csv") && !has(OutputFileNames.Sweep.definition) ? "a run folder (it has trajectories.csv)"
            : has(OutputFileNames.Sweep.definition) ? "a sweep folder whose \(OutputFileNames.Sweep.state) is missing"
            : "not a sweep folder (it has no \(OutputFileNames.Sweep.state))"
        throw SweepError(.invalidShardSet, "\(folder) is \(what); sweep merge joins the folders that `marketsim sweep --shard K/N` writes")
    }

    /// Writes the runs of all shards into one runs.csv in run-id order, checking that
    /// every shard holds exactly its runs.
    private static func interleaveRuns(definition d: SweepDefinition, shardFolders: [String], into path: String) throws(SweepError) {
        let header = CSVFormat.line(SweepOutputFolder.runColumns(d))
        var readers = [LineReader]()
        for folder in shardFolders {
            var reader = try LineReader(path: folder + "/" + OutputFileNames.Sweep.runs)
            guard let first = try reader.next(), first + "\n" == header else {
                throw SweepError(.corruptFolder, "\(folder)/\(OutputFileNames.Sweep.runs): the header does not match the sweep's columns")
            }
            readers.append(reader)
        }
        defer { for reader in readers { reader.close() } }
        let journal = try JournalWriter(path: path, header: header)
        let n = shardFolders.count
        for runID in 0..<d.runCount {
            let shard = runID % n
            let path = "\(shardFolders[shard])/\(OutputFileNames.Sweep.runs)"
            // Line 1 is the header; shard K's j-th row is run K - 1 + j N.
            let lineNumber = runID / n + 2
            guard let line = try readers[shard].next() else {
                throw SweepError(.corruptFolder, "\(path):\(lineNumber): run \(runID) is missing (the file ends early: was it cut short?)")
            }
            guard let record = RunRecord(line: line, parameterCount: d.parameters.count, outcomeCount: d.outcomes.count) else {
                let (column, message) = RunRecord.problem(line: line, parameterCount: d.parameters.count, outcomeCount: d.outcomes.count)
                throw SweepError(.corruptFolder, "\(path):\(lineNumber):\(column): \(message)")
            }
            guard record.runID == runID else {
                throw SweepError(.corruptFolder, "\(path):\(lineNumber):1: run \(record.runID) where run \(runID) belongs: rows are missing or out of order")
            }
            journal.append(line + "\n")
            if runID % 4096 == 4095 { try journal.flush() }
        }
        for (shard, _) in shardFolders.enumerated() {
            if try readers[shard].next() != nil || !readers[shard].tornTail.isEmpty {
                throw SweepError(.corruptFolder, "\(shardFolders[shard])/\(OutputFileNames.Sweep.runs): holds rows past the sweep's last run")
            }
        }
        try journal.close()
    }
}
