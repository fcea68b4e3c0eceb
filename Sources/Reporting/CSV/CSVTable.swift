import Foundation
import ScenarioFormat

/// A CSV file read whole: its header, its rows as strings, and typed access to
/// columns by name. Reading is strict RFC 4180 (fields separated by commas, records
/// by CRLF or LF, quoted fields with doubled quotes and line breaks inside), plus what
/// a damaged output folder shows: a row with the wrong number of fields, a quote left
/// open or stray, a file cut off in the middle of a line, a number that is not one, a
/// header naming a column twice, a table with a header and no rows.
/// Every error names the file, the line and the column, so a damaged folder fails
/// loudly instead of drawing a wrong chart.
///
/// - Complexity: one pass over the bytes; memory is the fields' strings.
public struct CSVTable: Sendable {
    /// The file the table came from (for messages).
    public let path: String
    public let header: [String]
    public let rows: [[String]]
    /// The line of the file on which each row starts (1-based; the header is line 1).
    public let lineNumbers: [Int]
    /// The text, kept to locate a field's column for a message.
    private let text: String
    /// The byte offset in `text` at which each row starts.
    private let rowOffsets: [Int]

    /// Reads and checks the CSV file at `path`. A header without rows is an error unless
    /// `mayBeEmpty` (a run with no events, a sweep before its first run): every other
    /// file marketsim writes has at least one row, so an empty one was cut short.
    public static func read(path: String, mayBeEmpty: Bool = false) throws -> CSVTable {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(path: path, "cannot read the file (missing, unreadable or not UTF-8)")
        }
        let table = try CSVTable(text: text, path: path)
        if !mayBeEmpty { try table.requireRows() }
        return table
    }

    /// Parses `text` as the contents of a file named `path`.
    public init(text: String, path: String) throws {
        self.path = path
        self.text = text
        let bytes = Array(text.utf8)
        var parser = CSVParser(bytes: bytes, path: path)
        var records: [[String]] = []
        var starts: [Int] = []
        var offsets: [Int] = []
        while let next = try parser.nextRecord() {
            records.append(next.fields)
            starts.append(next.line)
            offsets.append(next.offset)
        }
        let lastLine = starts.last ?? 1
        // A blank line in the middle is a record of one empty field; at the end, after
        // the last line break, blank lines are dropped.
        while let last = records.last, last == [""] {
            records.removeLast()
            starts.removeLast()
            offsets.removeLast()
        }
        guard let header = records.first, header != [""] else {
            throw InputError(path: path, line: 1, "no header row")
        }
        // Every line marketsim writes ends with a line break (RFC 4180 makes the last
        // one optional, but a file cut off by a full disk or a killed copy shows here).
        if let last = bytes.last, last != 0x0A {
            throw InputError(path: path, line: lastLine, "the file ends in the middle of a line: it was cut short")
        }
        var seen = Set<String>()
        for (index, name) in header.enumerated() where !seen.insert(name).inserted {
            let (line, column) = CSVParser.position(ofField: index, inRowAt: 0, line: 1, bytes: bytes)
            throw InputError(path: path, line: line, column: column, "the header names column \(CSVTable.excerpt(name)) twice")
        }
        for (index, record) in records.enumerated().dropFirst() where record.count != header.count {
            throw InputError(path: path, line: starts[index],
                             "\(record.count) fields where the header has \(header.count)")
        }
        self.header = header
        rows = Array(records.dropFirst())
        lineNumbers = Array(starts.dropFirst())
        rowOffsets = Array(offsets.dropFirst())
    }

    /// Fails when the table has a header but no rows.
    public func requireRows() throws {
        guard rows.isEmpty else { return }
        throw InputError(path: path, line: 2, "the file has a header but no rows: it was cut short")
    }

    /// The index of the column named `name`, if present.
    public func columnIndex(_ name: String) -> Int? { header.firstIndex(of: name) }

    public func hasColumn(_ name: String) -> Bool { columnIndex(name) != nil }

    /// The index of a column that must be present.
    public func requireColumn(_ name: String) throws -> Int {
        guard let index = columnIndex(name) else {
            throw InputError(path: path, line: 1, "no column \(CSVTable.excerpt(name)) in the header")
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

    /// The largest magnitude a numeric cell may have. No output of marketsim comes near
    /// (money, tokens and counts stay below 1e20), and what the report computes from cells
    /// (axis ranges, sums, variances, sample sizes) stays finite below it: a 1e308 cell
    /// would overflow them to infinities and draw `NaN` coordinates.
    public static let largestMagnitude = 1e100

    /// One numeric cell (see `numbers(_:)`): a decimal number as marketsim writes it
    /// (`42`, `-0.5`, `1.5e-07`), or empty for missing. `nan`, `inf`, hexadecimal and
    /// anything else are errors: marketsim writes a missing value as an empty field.
    public func number(row: Int, column: Int) throws -> Double? {
        let field = rows[row][column]
        if field.isEmpty { return nil }
        guard let value = CSVTable.value(of: field) else {
            throw error(row: row, column: column, "column \(CSVTable.columnName(header[column])): \(CSVTable.excerpt(field)) is not a number"
                        + (Double(field)?.isFinite == true ? " within +-1e100, which every marketsim output is" : ""))
        }
        return value
    }

    /// The value of a non-empty numeric field, `nil` when it is not a decimal number
    /// within `largestMagnitude`.
    public static func value(of field: some StringProtocol) -> Double? {
        guard isDecimalNumber(field), let value = Double(String(field)), value.isFinite, abs(value) <= largestMagnitude else {
            return nil
        }
        return value
    }

    /// The weights in column `name` (a calibration's particle weights): every cell a
    /// number at or above zero, and their sum positive, so that drawing by weight and
    /// weighted histograms are defined.
    public func weights(_ name: String) throws -> [Double] {
        let column = try requireColumn(name)
        var weights: [Double] = []
        for row in rows.indices {
            guard let weight = try number(row: row, column: column), weight >= 0 else {
                throw error(row: row, column: column, "column \(CSVTable.columnName(name)): \(CSVTable.excerpt(rows[row][column])) is not a weight (a number at or above 0)")
            }
            weights.append(weight)
        }
        guard weights.contains(where: { $0 > 0 }) else {
            throw InputError(path: path, line: 2, "column \(CSVTable.columnName(name)): every weight is 0, so no row can be drawn")
        }
        return weights
    }

    /// One date cell, written `YYYY-MM-DD`; anything else is an error naming the file,
    /// the line and the column.
    public func date(row: Int, column: Int) throws -> CalendarDate {
        guard let date = CalendarDate(iso: rows[row][column]) else {
            throw error(row: row, column: column, "column \(CSVTable.columnName(header[column])): "
                        + "\(CSVTable.excerpt(rows[row][column])) is not a YYYY-MM-DD date")
        }
        return date
    }

    /// Checks that every cell of every column except `except` is a number or empty.
    public func checkNumbers(except: Set<String> = []) throws {
        for column in header.indices where !except.contains(header[column]) {
            for row in rows.indices { _ = try number(row: row, column: column) }
        }
    }

    /// An error at the field in `row` (an index into `rows`) and `column` (an index into
    /// the header): its line and its character column in the file.
    public func error(row: Int, column: Int, _ message: String) -> InputError {
        let (line, character) = CSVParser.position(ofField: column, inRowAt: rowOffsets[row], line: lineNumbers[row],
                                                   bytes: Array(text.utf8))
        return InputError(path: path, line: line, column: character, message)
    }

    /// `-?digits[.digits][e[+-]digits]`, with digits before or after the point.
    public static func isDecimalNumber(_ s: some StringProtocol) -> Bool {
        var bytes = s.utf8[...]
        func digits() -> Int {
            var count = 0
            while let b = bytes.first, b >= 0x30, b <= 0x39 { bytes.removeFirst(); count += 1 }
            return count
        }
        if bytes.first == 0x2D || bytes.first == 0x2B { bytes.removeFirst() }
        var mantissa = digits()
        if bytes.first == 0x2E {
            bytes.removeFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if bytes.first == 0x65 || bytes.first == 0x45 {
            bytes.removeFirst()
            if bytes.first == 0x2D || bytes.first == 0x2B { bytes.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// A field quoted for a message, cut to its start when long, line breaks and other
    /// control characters escaped (so the message stays one line).
    static func excerpt(_ field: String) -> String { JSONValue.excerpt(field, maxCharacters: 40) }

    /// A column's name for a message: as it is when short and printable, else as `excerpt`.
    static func columnName(_ name: String) -> String {
        name.unicodeScalars.count <= 40 && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
            ? name : excerpt(name)
    }
}

/// The RFC 4180 reader behind `CSVTable`: one pass over UTF-8 bytes, tracking lines.
struct CSVParser {
    let bytes: [UInt8]
    let path: String
    var index = 0
    /// The line the reader is on (1-based).
    private(set) var line = 1

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// The next record, the line it starts on and its byte offset; nil at the end.
    mutating func nextRecord() throws -> (fields: [String], line: Int, offset: Int)? {
        guard index < bytes.count else { return nil }
        let startLine = line, offset = index
        var fields: [String] = []
        while true {
            fields.append(try field(startLine: startLine, offset: offset, number: fields.count))
            if index < bytes.count && bytes[index] == Self.comma {
                index += 1
                continue
            }
            if index < bytes.count && bytes[index] == Self.cr {
                guard index + 1 < bytes.count, bytes[index + 1] == Self.lf else {
                    throw fail(fields.count - 1, startLine, offset, "a carriage return not followed by a line feed")
                }
                index += 1
            }
            if index < bytes.count { index += 1 }  // the line feed
            line += 1
            return (fields, startLine, offset)
        }
    }

    private mutating func field(startLine: Int, offset: Int, number: Int) throws -> String {
        guard index < bytes.count, bytes[index] == Self.quote else {
            let start = index
            while index < bytes.count, bytes[index] != Self.comma, bytes[index] != Self.lf, bytes[index] != Self.cr {
                if bytes[index] == Self.quote {
                    throw fail(number, startLine, offset, "a quote inside an unquoted field (RFC 4180 quotes the whole field)")
                }
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        index += 1
        var value: [UInt8] = []
        let fieldLine = line
        while true {
            guard index < bytes.count else {
                throw InputError(path: path, line: fieldLine, "a quoted field is not closed")
            }
            let byte = bytes[index]
            index += 1
            if byte == Self.quote {
                if index < bytes.count && bytes[index] == Self.quote {
                    value.append(Self.quote)
                    index += 1
                    continue
                }
                break
            }
            if byte == Self.lf || (byte == Self.cr && (index >= bytes.count || bytes[index] != Self.lf)) { line += 1 }
            value.append(byte)
        }
        if index < bytes.count, bytes[index] != Self.comma, bytes[index] != Self.lf, bytes[index] != Self.cr {
            throw fail(number, startLine, offset, "text after the closing quote of a field")
        }
        return String(decoding: value, as: UTF8.self)
    }

    private func fail(_ field: Int, _ startLine: Int, _ offset: Int, _ message: String) -> InputError {
        let (line, column) = Self.position(ofField: field, inRowAt: offset, line: startLine, bytes: bytes)
        return InputError(path: path, line: line, column: column, message)
    }

    /// The line and character column (1-based) where field `field` of the record at
    /// byte `offset` (starting on `line`) begins.
    static func position(ofField field: Int, inRowAt offset: Int, line: Int, bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = line, column = 1, index = offset, seen = 0, quoted = false
        while index < bytes.count && seen < field {
            let byte = bytes[index]
            index += 1
            if byte == quote { quoted.toggle() }
            if byte == comma && !quoted { seen += 1 }
            if byte == lf {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

/// An error in a file marketsim reads back (a CSV or a manifest of an output
/// folder), naming the file and, where known, the line.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let line: Int?
    /// The character column (1-based) on `line`, when the problem is one field.
    public let column: Int?
    public let message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        switch (line, column) {
        case let (line?, column?): "\(path):\(line):\(column): \(message)"
        case let (line?, nil): "\(path):\(line): \(message)"
        default: "\(path): \(message)"
        }
    }
}
