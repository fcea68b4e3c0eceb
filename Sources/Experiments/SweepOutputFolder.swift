import Foundation
import Reporting

/// The files of a sweep folder and how they are read and written.
///
/// A sweep folder holds:
/// - `sweep.json`: the definition's canonical text (deterministic).
/// - `sweep-state.json`: the sweep hash, the shard and the status, `running` or
///   `complete` (deterministic once complete). A folder whose status is `running` is
///   unfinished: resume it, or discard it.
/// - `runs.csv`: one row per finished run, in run-id order; it is also the journal a
///   resumed sweep continues from (deterministic).
/// - `points.csv` and, for sobol designs, `sensitivity.csv`: aggregates of runs.csv,
///   written when every run is done (deterministic; not written by a shard of several).
/// - `manifest.json`: hash, seed, design, counts, version and timings. The only file
///   that differs between two executions of the same sweep.
/// The names are `OutputFileNames.Sweep`'s (Reporting's report reads them too).
public enum SweepOutputFolder {
    /// The leading columns of runs.csv, before the parameters and outcomes.
    public static let runIdentityColumns = ["run_id", "point_id", "replication", "seed"]

    /// The columns of runs.csv for `definition`.
    public static func runColumns(_ definition: SweepDefinition) -> [String] {
        runIdentityColumns + definition.parameters.map(\.name) + definition.outcomes
    }

    /// Creates the sweep folder `path` staged, writes the definition (`sweep.json`) and
    /// what `write` adds into it, and commits it; on any failure it discards the staged
    /// folder, so a sweep folder appears whole or not at all. `path` must not hold any of
    /// `inputs` (the shard folders a merge reads).
    static func create(_ path: String, replaceExisting: Bool, inputs: [String], definition: SweepDefinition,
                       creationFailure: (any Error) -> SweepError, commitFailure: (any Error) -> SweepError,
                       _ write: (_ staged: OutputDirectory) throws(SweepError) -> Void) throws(SweepError) {
        let staged: OutputDirectory
        do {
            staged = try OutputDirectory(path: path, replaceExisting: replaceExisting, inputs: inputs)
        } catch {
            throw creationFailure(error)
        }
        do throws(SweepError) {
            try writeAtomically(definition.canonicalJSON + "\n", to: staged.file(OutputFileNames.Sweep.definition))
            try write(staged)
            do {
                try staged.commit()
            } catch {
                throw commitFailure(error)
            }
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Writes `text` to `path` through a temporary sibling and a rename, so a reader
    /// (or a resumed sweep after a crash) sees the old file or the new one, never half.
    static func writeAtomically(_ text: String, to path: String) throws(SweepError) {
        let temporary = path + ".tmp"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw SweepError(.io, "cannot write \(path): \(OutputError.cause(of: error))")
        }
    }

    static func read(_ path: String) throws(SweepError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SweepError(.corruptFolder, "\(path): no such file; the folder is not a complete sweep folder")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SweepError(.corruptFolder, "\(path): cannot read the file as UTF-8 text")
        }
        return text
    }
}
