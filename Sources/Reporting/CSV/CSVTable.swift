import CSV
import Foundation

/// A CSV file read whole: its header, its rows as strings, and typed access to
/// columns by name. Reading checks what CSV.swift alone would let pass (a row with
/// the wrong number of fields, an unterminated quote, a number that is not one) and
/// reports it with the file and the line, so a damaged output folder fails loudly
/// instead of drawing a wrong chart.
public struct CSVTable: Sendable {
    /// The file the table came from (for messages).
    public let path: String
    public let header: [String]
    public let rows: [[String]]
    /// The line of the file on which each row starts (1-based; the header is line 1).
    public let lineNumbers: [Int]

    /// Reads and checks the CSV file at `path`.
    public static func read(path: String) throws -> CSVTable {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(path: path, "cannot read the file (missing, unreadable or not UTF-8)")
        }
        return try CSVTable(text: text, path: path)
    }

    /// Parses `text` as the contents of a file named `path`.
    public init(text: String, path: String) throws {
        self.path = path
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            throw InputError(path: path, "cannot parse as CSV: \(error)")
        }
        var records: [[String]] = []
        var starts: [Int] = []
        var line = 1
        while let record = reader.next() {
            starts.append(line)
            line += 1 + record.reduce(0) { $0 + Self.lineBreaks(in: $1) }
            records.append(record)
        }
        if let error = reader.error { throw InputError(path: path, "cannot parse as CSV: \(error)") }
        // In RFC 4180 every quote is paired (open, close or doubled), so an odd count
        // means a quoted field never closed; CSV.swift then reads to the end of the
        // file inside that field, which therefore began in the last record it returned.
        if text.utf8.reduce(0, { $0 + ($1 == 0x22 ? 1 : 0) }) % 2 == 1 {
            throw InputError(path: path, line: starts.last, "a quoted field is not closed")
        }
        // A trailing line break yields no record in CSV.swift, but a blank line in
        // the middle does (one empty field): drop only blank records at the end.
        while let last = records.last, last == [""] {
            records.removeLast()
            starts.removeLast()
        }
        guard let header = records.first, header != [""] else {
            throw InputError(path: path, line: 1, "no header row")
        }
        for (index, record) in records.enumerated().dropFirst() where record.count != header.count {
            throw InputError(path: path, line: starts[index],
                             "\(record.count) fields where the header has \(header.count)")
        }
        self.header = header
        rows = Array(records.dropFirst())
        lineNumbers = Array(starts.dropFirst())
    }

    private static func lineBreaks(in field: String) -> Int {
        var count = 0
        var previousWasCR = false
        for byte in field.utf8 {
            if byte == 0x0A { if !previousWasCR { count += 1 } } else if byte == 0x0D { count += 1 }
            previousWasCR = byte == 0x0D
        }
        return count
    }

    /// The index of the column named `name`, if present.
    public func columnIndex(_ name: String) -> Int? { header.firstIndex(of: name) }

    public func hasColumn(_ name: String) -> Bool { columnIndex(name) != nil }

    /// The index of a column that must be present.
    public func requireColumn(_ name: String) throws -> Int {
        guard let index = columnIndex(name) else {
            throw InputError(path: path, line: 1, "no column \"\(name)\" in the header")
        }
        return index
    }

    /// The strings of a column, top to bottom.
    public func strings(_ name: String) throws -> [String] {
        let index = try requireColumn(name)
        return rows.map { $0[index] }
    }

    /// The numbers of a column, top to bottom: an empty field (or one holding a
    /// non-finite value) is missing (`nil`); anything else that is not a number is
    /// an error naming the file, the line and the column.
    public func numbers(_ name: String) throws -> [Double?] {
        try numbers(column: requireColumn(name))
    }

    /// The numbers of the column at `column` (see `numbers(_:)`).
    public func numbers(column: Int) throws -> [Double?] {
        try rows.indices.map { try number(row: $0, column: column) }
    }

    /// One numeric cell (see `numbers(_:)`).
    public func number(row: Int, column: Int) throws -> Double? {
        let field = rows[row][column].trimmingCharacters(in: .whitespaces)
        if field.isEmpty { return nil }
        guard let value = Double(field) else {
            throw InputError(path: path, line: lineNumbers[row],
                             "column \(header[column]): \"\(rows[row][column])\" is not a number")
        }
        return value.isFinite ? value : nil
    }
}

/// An error in a file marketsim reads back (a CSV or a manifest of an output
/// folder), naming the file and, where known, the line.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let line: Int?
    public let message: String

    public init(path: String, line: Int? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
