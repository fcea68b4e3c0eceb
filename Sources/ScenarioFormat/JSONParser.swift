/// The scenario-file reader: strict JSON (RFC 8259) plus `//` and `/* */` comments.
///
/// It is written by hand rather than built on Foundation's `JSONSerialization` because
/// scenarios need what that parser does not give: objects that keep their key order
/// (so a resolved scenario prints like its file), the exact line and column of every
/// error, duplicate keys reported instead of silently keeping the last, comments, and
/// precise numbers (a literal that overflows to infinity, such as `1e999`, or an integer
/// beyond 2^53 that a `Double` cannot hold exactly, is an error naming its JSON path
/// rather than a silent `inf` or a rounded value). It rejects everything else JSON
/// rejects: trailing commas, NaN and Infinity, control characters and invalid escapes in
/// strings, lone UTF-16 surrogates, and text after the value.
public enum JSONParser {
    /// Objects and arrays nested deeper than this are rejected rather than risking the stack.
    public static let maximumDepth = 256

    /// Parses `text`; `file` is only used to name the origin of an error.
    public static func parse(_ text: String, file: String) throws(JSONParseError) -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8), file: file)
        return try parser.parseDocument()
    }
}

/// Why a text is not a valid JSON document: where, at which JSON path when inside a value,
/// and what was expected there.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that treat some failures differently (an override
    /// value that is not JSON is a string, unless it is a number out of range).
    public enum Kind: Sendable, Equatable {
        case syntax
        case numberOutOfRange
    }

    public let kind: Kind
    public let issue: ScenarioIssue

    public var description: String { issue.description }
}

private struct Parser {
    let bytes: [UInt8]
    let file: String
    var position = 0
    var line = 1
    var column = 1
    var path: [JSONPath.Component] = []

    init(bytes: [UInt8], file: String) {
        // A UTF-8 byte-order mark is not part of the document.
        self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        self.file = file
    }

    var here: SourcePosition { SourcePosition(line: line, column: column) }

    func error(_ message: String, at position: SourcePosition? = nil, withPath: Bool = false,
               kind: JSONParseError.Kind = .syntax) -> JSONParseError
    {
        JSONParseError(kind: kind, issue: ScenarioIssue(
            origin: file, position: position ?? here, path: withPath ? JSONPath(path) : .root, message: message))
    }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// Moves one byte forward, keeping line and column (columns count scalars, so UTF-8
    /// continuation bytes do not advance them).
    mutating func advance() {
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    /// A short description of what is at the current position, for "found ..." messages.
    var foundHere: String {
        guard let byte = current else { return "the end of the file" }
        if byte < 0x20 { return "a control character" }
        var end = position + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'" + String(decoding: bytes[position..<end], as: UTF8.self) + "'"
    }

    mutating func skipTrivia() throws(JSONParseError) {
        while let byte = current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                advance()
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                while let b = current, b != UInt8(ascii: "\n") { advance() }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                let start = here
                advance(); advance()
                while true {
                    guard let b = current else { throw error("unterminated /* comment", at: start) }
                    if b == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                        advance(); advance()
                        break
                    }
                    advance()
                }
            default:
                return
            }
        }
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        try skipTrivia()
        if current == nil { throw error("the file is empty: expected a JSON value") }
        let value = try parseValue(depth: 0)
        try skipTrivia()
        if current != nil { throw error("expected the end of the file after the JSON value, found \(foundHere)") }
        return value
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard let byte = current else { throw error("expected a value, found the end of the file") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return try parseWord()
        default: throw error("expected a value, found \(foundHere)")
        }
    }

    mutating func parseWord() throws(JSONParseError) -> JSONValue {
        let start = here
        let from = position
        while let b = current, JSONPath.isBareKeyByte(b), b != UInt8(ascii: "-") { advance() }
        let word = String(decoding: bytes[from..<position], as: UTF8.self)
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "NaN", "Infinity", "inf", "nan":
            throw error("\(word) is not a JSON number: JSON numbers are finite", at: start, withPath: true)
        default:
            throw error("expected a value, found '\(word)' (strings need double quotes)", at: start)
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        advance()
        var members: [JSONObject.Member] = []
        var keyPositions: [SourcePosition] = []
        try skipTrivia()
        if current == UInt8(ascii: "}") {
            advance()
            return .object(JSONObject())
        }
        while true {
            guard current == UInt8(ascii: "\"") else {
                throw error("expected a string in double quotes as an object key, found \(foundHere)")
            }
            let keyPosition = here
            let key = try parseString()
            if let first = members.firstIndex(where: { $0.key == key }) {
                path.append(.key(key))
                throw error("duplicate key \(JSONValue.excerpt(key)) (first defined at \(keyPositions[first]))",
                            at: keyPosition, withPath: true)
            }
            try skipTrivia()
            guard current == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \(JSONValue.excerpt(key)), found \(foundHere)")
            }
            advance()
            try skipTrivia()
            path.append(.key(key))
            let value = try parseValue(depth: depth)
            path.removeLast()
            members.append(JSONObject.Member(key: key, value: value))
            keyPositions.append(keyPosition)
            if try endsAfterItem(closing: "}", item: "member", itemWithArticle: "an object member") {
                return .object(JSONObject(members))
            }
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        advance()
        var elements: [JSONValue] = []
        try skipTrivia()
        if current == UInt8(ascii: "]") {
            advance()
            return .array([])
        }
        while true {
            path.append(.index(elements.count))
            let value = try parseValue(depth: depth)
            path.removeLast()
            elements.append(value)
            if try endsAfterItem(closing: "]", item: "element", itemWithArticle: "an array element") {
                return .array(elements)
            }
        }
    }

    /// After an object member or array element: consumes a comma and returns false (another
    /// item follows), or consumes `close` and returns true; a comma right before `close`
    /// is an error at the comma.
    mutating func endsAfterItem(closing close: Unicode.Scalar, item: String,
                                itemWithArticle: String) throws(JSONParseError) -> Bool {
        try skipTrivia()
        switch current {
        case UInt8(ascii: ","):
            let comma = here
            advance()
            try skipTrivia()
            if current == UInt8(ascii: close) {
                throw error("trailing comma before '\(close)': JSON allows no comma after the last \(item)", at: comma)
            }
            return false
        case UInt8(ascii: close):
            advance()
            return true
        default:
            throw error("expected ',' or '\(close)' after \(itemWithArticle), found \(foundHere)")
        }
    }

    mutating func digits() -> Int {
        var count = 0
        while let b = current, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
            advance()
            count += 1
        }
        return count
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = here
        let from = position
        if current == UInt8(ascii: "-") {
            advance()
            if current == UInt8(ascii: "I") {
                throw error("-Infinity is not a JSON number: JSON numbers are finite", at: start, withPath: true)
            }
        }
        if current == UInt8(ascii: "0") {
            advance()
            if let b = current, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                throw error("a number may not have leading zeros", at: start)
            }
        } else if digits() == 0 {
            throw error("expected a digit in the number, found \(foundHere)")
        }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            isInteger = false
            advance()
            if digits() == 0 { throw error("expected a digit after the decimal point, found \(foundHere)") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            if digits() == 0 { throw error("expected a digit in the exponent, found \(foundHere)") }
        }
        let literal = String(decoding: bytes[from..<position], as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw error("the number \(literal) is too large for a double-precision number",
                        at: start, withPath: true, kind: .numberOutOfRange)
        }
        // Above 2^53 not every integer is a double; one that is not would be silently rounded.
        if isInteger && value.magnitude >= 9_007_199_254_740_992
            && !(value.magnitude < 9.2e18 && String(Int64(value)) == literal)
        {
            throw error("the integer \(literal) is beyond 2^53 and cannot be held exactly by a double",
                        at: start, withPath: true, kind: .numberOutOfRange)
        }
        return .number(value)
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let b = current else { throw error("expected 4 hex digits after \\u, found the end of the file") }
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw error("expected 4 hex digits after \\u, found \(foundHere)")
            }
            value = value * 16 + UInt32(digit)
            advance()
        }
        return value
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let start = here
        advance()
        var scalars = String.UnicodeScalarView()
        var runStart = position
        let bytes = self.bytes
        func flush(upTo end: Int) {
            scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard let byte = current else { throw error("unterminated string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                flush(upTo: position)
                advance()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush(upTo: position)
                let escape = here
                advance()
                guard let code = current else { throw error("unterminated string", at: start) }
                advance()
                switch code {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    scalars.append(try unicodeEscape(at: escape))
                default:
                    let shown = code < 0x20 || code >= 0x80 ? "a non-ASCII or control character" : "'\\\(Character(Unicode.Scalar(code)))'"
                    throw error("invalid escape \(shown) in a string: JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                                at: escape, withPath: true)
                }
                runStart = position
            case 0..<0x20:
                throw error("control character U+\(hex(UInt32(byte))) in a string: write it as an escape such as \\n or \\u00\(hex(UInt32(byte)).suffix(2))",
                            withPath: true)
            default:
                advance()
            }
        }
    }

    /// Reads the XXXX of a `\uXXXX` (the backslash and `u` already read), pairing surrogates.
    mutating func unicodeEscape(at escape: SourcePosition) throws(JSONParseError) -> Unicode.Scalar {
        let unit = try hex4()
        switch unit {
        case 0xD800...0xDBFF:
            guard current == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
                throw error("lone high surrogate \\u\(hex(unit)): it must be followed by a \\uDC00-\\uDFFF low surrogate",
                            at: escape, withPath: true)
            }
            advance(); advance()
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("lone high surrogate \\u\(hex(unit)): it is followed by \\u\(hex(low)), not a low surrogate",
                            at: escape, withPath: true)
            }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        case 0xDC00...0xDFFF:
            throw error("lone low surrogate \\u\(hex(unit)) without a high surrogate before it", at: escape, withPath: true)
        default:
            return Unicode.Scalar(unit)!
        }
    }

    func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
