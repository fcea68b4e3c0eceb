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
public enum SweepFiles {
    public static let definition = "sweep.json"
    public static let state = "sweep-state.json"
    public static let runs = "runs.csv"
    public static let points = "points.csv"
    public static let sensitivity = "sensitivity.csv"
    public static let manifest = "manifest.json"

    /// The leading columns of runs.csv, before the parameters and outcomes.
    public static let runIdentityColumns = ["run_id", "point_id", "replication", "seed"]

    /// The columns of runs.csv for `definition`.
    public static func runColumns(_ definition: SweepDefinition) -> [String] {
        runIdentityColumns + definition.parameters.map(\.name) + definition.outcomes
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
            throw SweepError(.io, "cannot write \(path): \(error)")
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

/// The state file of a sweep folder: which sweep and shard it holds and whether all of
/// its runs are done.
struct SweepState: Equatable {
    enum Status: String { case running, complete }

    let sweepHash: String
    let shard: ShardSpec
    let status: Status

    var text: String {
        "{\"sweep_hash\":\"\(sweepHash)\",\"shard\":\"\(shard)\",\"status\":\"\(status.rawValue)\"}\n"
    }

    func write(folder: String) throws(SweepError) {
        try SweepFiles.writeAtomically(text, to: folder + "/" + SweepFiles.state)
    }

    static func read(folder: String) throws(SweepError) -> SweepState {
        struct Stored: Decodable {
            let sweep_hash: String
            let shard: String
            let status: String
        }
        let path = folder + "/" + SweepFiles.state
        let text = try SweepFiles.read(path)
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)),
              let status = Status(rawValue: stored.status) else {
            throw SweepError(.corruptFolder, "\(path): not a sweep state file")
        }
        let shard: ShardSpec
        do {
            shard = try ShardSpec(parsing: stored.shard)
        } catch {
            throw SweepError(.corruptFolder, "\(path): \(error.description)")
        }
        return SweepState(sweepHash: stored.sweep_hash, shard: shard, status: status)
    }
}

/// One row of runs.csv.
struct RunRecord: Equatable {
    let runID: Int
    let pointID: Int
    let replication: Int
    let seed: UInt64
    let parameterValues: ArraySlice<Double>
    let outcomes: [Double]

    /// The CSV line, terminated by a newline. Numbers need no quoting.
    var line: String {
        var fields = [String(runID), String(pointID), String(replication), String(seed)]
        fields.reserveCapacity(4 + parameterValues.count + outcomes.count)
        for v in parameterValues { fields.append(CSVFormat.number(v)) }
        for v in outcomes { fields.append(CSVFormat.number(v)) }
        return fields.joined(separator: ",") + "\n"
    }

    /// Parses a data line (without its newline) of a runs.csv with `parameterCount`
    /// parameters and `outcomeCount` outcomes; nil when it is malformed.
    init?(line: Substring, parameterCount: Int, outcomeCount: Int) {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 4 + parameterCount + outcomeCount,
              let runID = Int(fields[0]), let pointID = Int(fields[1]),
              let replication = Int(fields[2]), let seed = UInt64(fields[3]) else { return nil }
        // Strictly as CSVFormat writes them: `nan` or `inf` in a file is damage, not a value.
        func number(_ field: Substring) -> Double? {
            if field.isEmpty { return .nan }
            guard CSVTable.isDecimalNumber(field), let value = Double(field), value.isFinite else { return nil }
            return value
        }
        var values = [Double]()
        values.reserveCapacity(parameterCount + outcomeCount)
        for field in fields[4...] {
            guard let v = number(field) else { return nil }
            values.append(v)
        }
        self.runID = runID
        self.pointID = pointID
        self.replication = replication
        self.seed = seed
        self.parameterValues = values[0..<parameterCount]
        self.outcomes = Array(values[parameterCount...])
    }

    /// Why `line` is not a row of runs.csv with these counts: the 1-based character column
    /// of the first bad field and what is wrong, for a message naming file, line and column.
    static func problem(line: Substring, parameterCount: Int, outcomeCount: Int) -> (column: Int, message: String) {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        let expected = 4 + parameterCount + outcomeCount
        guard fields.count == expected else { return (1, "\(fields.count) fields where runs.csv has \(expected)") }
        var column = 1
        for (i, field) in fields.enumerated() {
            let ok = i < 3 ? Int(field) != nil : i == 3 ? UInt64(field) != nil
                : field.isEmpty || (CSVTable.isDecimalNumber(field) && Double(field)?.isFinite == true)
            if !ok {
                let text = field.count > 40 ? String(field.prefix(40)) + "..." : String(field)
                return (column, "\"\(text)\" is not \(i < 4 ? "an integer" : "a number")")
            }
            column += field.count + 1
        }
        return (1, "not the row this run should have")
    }

    init(runID: Int, pointID: Int, replication: Int, seed: UInt64, parameterValues: ArraySlice<Double>, outcomes: [Double]) {
        self.runID = runID
        self.pointID = pointID
        self.replication = replication
        self.seed = seed
        self.parameterValues = parameterValues
        self.outcomes = outcomes
    }
}

/// Reads a text file line by line in 64 KiB blocks, so a million-row runs.csv is never
/// held in memory. A final line without its newline is reported apart (`tornTail`):
/// it is what a process killed mid-write leaves behind.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Bytes of complete lines returned so far.
    private(set) var completeBytes: UInt64 = 0
    /// The bytes after the last newline, once the end is reached.
    private(set) var tornTail: [UInt8] = []
    let path: String

    init(path: String) throws(SweepError) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SweepError(.corruptFolder, "cannot open \(path)")
        }
        self.handle = handle
    }

    /// The next complete line without its newline, or nil at the end.
    mutating func next() throws(SweepError) -> Substring? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                // A CRLF line ending (RFC 4180's own) reads as LF.
                let end = newline > start && buffer[newline - 1] == 0x0D ? newline - 1 : newline
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                completeBytes += UInt64(newline - start + 1)
                start = newline + 1
                return Substring(line)
            }
            if atEnd {
                tornTail = Array(buffer[start...])
                return nil
            }
            buffer.removeFirst(start)
            start = 0
            let block: Data?
            do {
                block = try handle.read(upToCount: 64 * 1024)
            } catch {
                throw SweepError(.io, "cannot read \(path): \(error)")
            }
            if let block, !block.isEmpty {
                buffer.append(contentsOf: block)
            } else {
                atEnd = true
            }
        }
    }

    func close() { try? handle.close() }
}

/// Appends whole lines to runs.csv: `flush()` writes the buffered lines (the
/// operating system then holds them even if the process is killed), `sync()` also
/// forces them to disk.
final class JournalWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    let path: String

    /// Opens `path` for appending after its first `validBytes` bytes (dropping a torn tail).
    init(path: String, validBytes: UInt64) throws(SweepError) {
        self.path = path
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: validBytes)
            try handle.seekToEnd()
        } catch {
            throw SweepError(.io, "cannot open \(path) for appending: \(error)")
        }
    }

    func append(_ line: String) { buffer.append(contentsOf: line.utf8) }

    func flush() throws(SweepError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SweepError(.io, "cannot write \(path): \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func sync() throws(SweepError) {
        try flush()
        do {
            try handle.synchronize()
        } catch {
            throw SweepError(.io, "cannot sync \(path): \(error)")
        }
    }

    func close() throws(SweepError) {
        try sync()
        try? handle.close()
    }
}
