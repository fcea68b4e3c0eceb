/// A location inside a JSON document, printed and parsed as `actors.frontier[0].price_cut.fraction`.
///
/// Every error about a scenario names one, `--set` takes one, and sweep parameters are
/// written as one. A key made of letters, digits, `_` and `-` prints bare after a dot; any
/// other key prints as a quoted JSON string in brackets (`tables["gpt 4o"]`), which the
/// parser reads back, so printing and parsing are inverse for every path.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step: an object key or an array index. A string literal is a key, so a path
    /// reads `["actors", "infra", .index(i), "min_margin"]`.
    public enum Component: Sendable, Hashable, ExpressibleByStringLiteral {
        case key(String)
        case index(Int)

        public init(stringLiteral key: String) { self = .key(key) }
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }
    public init(arrayLiteral elements: Component...) { components = elements }

    /// The document itself.
    public static let root = JSONPath()

    public var isRoot: Bool { components.isEmpty }

    public func appending(key: String) -> JSONPath { JSONPath(components + [.key(key)]) }
    public func appending(index: Int) -> JSONPath { JSONPath(components + [.index(index)]) }

    /// True when `self` is `other` or lies inside it.
    public func hasPrefix(_ other: JSONPath) -> Bool {
        components.starts(with: other.components)
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key) where JSONPath.isBareKey(key):
                if !text.isEmpty { text += "." }
                text += key
            case .key(let key):
                text += "[" + JSONValue.quote(key) + "]"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// Parses the printed form. The whole text must be a path.
    public init(parsing text: String) throws(JSONPathSyntaxError) {
        let bytes = Array(text.utf8)
        var parser = PathParser(bytes: bytes)
        self = try parser.parse(stopAt: nil)
    }

    /// Parses a path at the start of `text` up to the first `terminator` outside brackets,
    /// returning the path and the rest after the terminator (nil when there is none).
    static func parsePrefix(of text: String, terminator: UInt8) throws(JSONPathSyntaxError)
        -> (path: JSONPath, rest: String?)
    {
        let bytes = Array(text.utf8)
        var parser = PathParser(bytes: bytes)
        let path = try parser.parse(stopAt: terminator)
        guard parser.position < bytes.count else { return (path, nil) }
        return (path, String(decoding: bytes[(parser.position + 1)...], as: UTF8.self))
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    static func isBareKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy(isBareKeyByte)
    }
}

/// A path that does not follow the `a.b[0]["c d"]` syntax, with the 1-based column of the problem.
public struct JSONPathSyntaxError: Error, Equatable, CustomStringConvertible {
    public let text: String
    public let column: Int
    public let reason: String

    public var description: String { "invalid path \(JSONValue.excerpt(text, maxCharacters: 120)) at column \(column): \(reason)" }
}

private struct PathParser {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func fail(_ reason: String) -> JSONPathSyntaxError {
        JSONPathSyntaxError(text: String(decoding: bytes, as: UTF8.self), column: position + 1, reason: reason)
    }

    var atEnd: Bool { position >= bytes.count }

    mutating func parse(stopAt terminator: UInt8?) throws(JSONPathSyntaxError) -> JSONPath {
        var components: [JSONPath.Component] = []
        func stops(_ byte: UInt8) -> Bool { byte == terminator }
        if atEnd || stops(bytes[position]) { throw fail("expected a key") }
        if bytes[position] != UInt8(ascii: "[") { components.append(.key(try bareKey())) }
        while !atEnd && !stops(bytes[position]) {
            switch bytes[position] {
            case UInt8(ascii: "."):
                position += 1
                components.append(.key(try bareKey()))
            case UInt8(ascii: "["):
                position += 1
                components.append(try bracketed())
            default:
                throw fail("expected '.', '[' or the end of the path")
            }
        }
        return JSONPath(components)
    }

    mutating func bareKey() throws(JSONPathSyntaxError) -> String {
        let start = position
        while !atEnd && JSONPath.isBareKeyByte(bytes[position]) { position += 1 }
        if start == position {
            throw fail("expected a key of letters, digits, '_' or '-' (quote other keys as [\"key\"])")
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func bracketed() throws(JSONPathSyntaxError) -> JSONPath.Component {
        guard !atEnd else { throw fail("expected an index or a quoted key after '['") }
        let component: JSONPath.Component
        if bytes[position] == UInt8(ascii: "\"") {
            let start = position
            position += 1
            while !atEnd && bytes[position] != UInt8(ascii: "\"") {
                position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard !atEnd else {
                position = start
                throw fail("unterminated quoted key")
            }
            position += 1
            let literal = String(decoding: bytes[start..<position], as: UTF8.self)
            guard case .string(let key)? = try? JSONParser.parse(literal, file: "") else {
                throw fail("invalid quoted key \(literal)")
            }
            component = .key(key)
        } else {
            let start = position
            while !atEnd && bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9") {
                position += 1
            }
            guard start < position, let index = Int(String(decoding: bytes[start..<position], as: UTF8.self))
            else { throw fail("expected a non-negative index or a quoted key after '['") }
            component = .index(index)
        }
        guard !atEnd && bytes[position] == UInt8(ascii: "]") else { throw fail("expected ']'") }
        position += 1
        return component
    }
}
