import Foundation

/// A CSV file written as rows arrive, not held in memory: rows are buffered and flushed
/// in blocks of 64 KiB, and on `close()`.
///
/// Files are written under their final name inside an `OutputDirectory`, whose commit
/// makes the whole folder appear at once; a writer on its own never leaves a torn row
/// in a closed file, because each flush writes whole lines.
public final class CSVWriter {
    public let path: String
    public let columns: [String]
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let flushThreshold = 64 * 1024

    /// Creates (or truncates) `path` and writes the header row.
    public init(path: String, columns: [String]) throws {
        self.path = path
        self.columns = columns
        handle = try OutputError.checking("create", path) {
            try Data().write(to: URL(fileURLWithPath: path))
            return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }
        buffer.reserveCapacity(Self.flushThreshold * 2)
        append(CSVFormat.line(columns))
    }

    /// Appends a row of already formatted fields (escaped here).
    /// - Precondition: one field per column.
    public func write(_ fields: [String]) throws {
        precondition(fields.count == columns.count, "\(path): row has \(fields.count) fields for \(columns.count) columns")
        append(CSVFormat.line(fields))
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    private func append(_ line: String) { buffer.append(contentsOf: line.utf8) }

    /// Writes buffered rows to the file.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try OutputError.checking("write", path) { try handle.write(contentsOf: buffer) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and closes the file.
    public func close() throws {
        try flush()
        try OutputError.checking("write", path) {
            try handle.synchronize()
            try handle.close()
        }
    }
}

/// An error writing output files, with the path in its message.
public struct OutputError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// Runs `body`, which writes `path`, turning any error into one line: "cannot ACTION
    /// PATH: CAUSE", the cause in the system's words (No space left on device, Read-only
    /// file system, File name too long, Too many levels of symbolic links) rather than
    /// Foundation's "The operation could not be completed" with its error domain.
    public static func checking<T>(_ action: String, _ path: String, _ body: () throws -> T) throws(OutputError) -> T {
        do {
            return try body()
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError("cannot \(action) \(path): \(cause(of: error))")
        }
    }

    /// The system's words for a file operation's failure: the POSIX error under
    /// Foundation's, else Foundation's own description (an `OutputError`'s own, which
    /// names its path).
    public static func cause(of error: any Error) -> String {
        if let error = error as? OutputError { return error.description }
        if let error = error as? POSIXError { return String(cString: strerror(error.code.rawValue)) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error { return cause(of: underlying) }
        return ns.localizedDescription
    }
}
