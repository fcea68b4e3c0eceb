import Foundation
import Reporting

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
            throw SweepError(.io, "cannot open \(path) for appending: \(OutputError.cause(of: error))")
        }
    }

    /// Starts the file at `path` afresh with `header`, its first line, and opens it for
    /// appending the rows under it.
    convenience init(path: String, header: String) throws(SweepError) {
        try SweepOutputFolder.writeAtomically(header, to: path)
        try self.init(path: path, validBytes: UInt64(header.utf8.count))
    }

    func append(_ line: String) { buffer.append(contentsOf: line.utf8) }

    func flush() throws(SweepError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SweepError(.io, "cannot write \(path): \(OutputError.cause(of: error))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func sync() throws(SweepError) {
        try flush()
        do {
            try handle.synchronize()
        } catch {
            throw SweepError(.io, "cannot sync \(path): \(OutputError.cause(of: error))")
        }
    }

    func close() throws(SweepError) {
        try sync()
        try? handle.close()
    }
}
