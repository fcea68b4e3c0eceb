import Foundation
import Reporting

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
                throw SweepError(.io, "cannot read \(path): \(OutputError.cause(of: error))")
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
