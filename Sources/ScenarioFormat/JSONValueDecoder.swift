/// Decodes a validated, defaults-filled `JSONValue` into `Decodable` Swift types.
///
/// This is how a schema user reads a scenario: declare `struct PriceCut: Decodable { var
/// fraction: Double; var triggerGapPoints: Double }` and call
/// `try JSONValueDecoder().decode(PriceCut.self, from: value)`. Codable was chosen over a
/// hand-read accessor API because the struct's properties are then the only place each
/// field is named again after the schema (synthesised `Decodable` does the reading), and a
/// Swift property name maps to the file's key by snake_case (`triggerGapPoints` reads
/// `trigger_gap_points`; a key the property name does not map to, such as `segment_2` for
/// `segment2`, needs an explicit `CodingKeys` case). The decoder works on the `JSONValue`
/// itself rather than re-serialising it for Foundation's `JSONDecoder`, so objects keep
/// their order (a keyed container's `allKeys` is in file order, and dictionary keys are
/// never case-converted), numbers arrive exactly, and errors name the JSON path in
/// scenario syntax. A property of type `JSONValue` receives the raw sub-tree.
///
/// Run it only on a value that passed the schema: its errors are mismatches between the
/// schema and the Swift types (a programming error), not user errors.
public struct JSONValueDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, path: .root).decodeValue(type)
    }

    /// The scenario key that a Swift property name reads: `usdPerMillionTokens` reads
    /// `usd_per_million_tokens`; an upper-case run is one word (`maxAPICalls` reads
    /// `max_api_calls`).
    public static func snakeCase(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            let isUpper = CharacterSet.upper(scalar)
            if isUpper && i > 0 {
                let previousIsUpper = CharacterSet.upper(scalars[i - 1])
                let nextIsLower = i + 1 < scalars.count && CharacterSet.lower(scalars[i + 1])
                if !previousIsUpper || nextIsLower { out.append("_") }
            }
            out.append(contentsOf: isUpper ? String(scalar).lowercased().unicodeScalars : String(scalar).unicodeScalars)
        }
        return String(out)
    }
}

extension JSONValueDecoder {
    /// `price_cut` as `priceCut`.
    static func camelCase(_ key: String) -> String {
        let words = key.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = words.first else { return key }
        return String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// ASCII letter-case tests for key conversion (scenario keys are ASCII by convention).
private enum CharacterSet {
    static func upper(_ s: Unicode.Scalar) -> Bool { s >= "A" && s <= "Z" }
    static func lower(_ s: Unicode.Scalar) -> Bool { s >= "a" && s <= "z" }
}

/// A coding key for paths built from scenario keys and indices.
struct PathKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    init(intValue: Int) { stringValue = "\(intValue)"; self.intValue = intValue }
}

struct ValueDecoder: Decoder {
    let value: JSONValue
    let path: JSONPath

    var codingPath: [any CodingKey] {
        path.components.map { component in
            switch component {
            case .key(let key): PathKey(stringValue: key)
            case .index(let index): PathKey(intValue: index)
            }
        }
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch(_ expected: String) -> DecodingError {
        DecodingError.typeMismatch(Any.self, .init(
            codingPath: codingPath,
            debugDescription: "\(path.isRoot ? "the document" : path.description): expected \(expected), found \(value.foundDescription)"))
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let object = value.object else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let elements = value.array else { throw mismatch("an array") }
        return UnkeyedContainer(elements: elements, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    func number() throws -> Double {
        guard let x = value.double else { throw mismatch("a number") }
        return x
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let x = try number()
        guard x.rounded(.towardZero) == x, let n = T(exactly: x) else { throw mismatch("an integer that fits \(T.self)") }
        return n
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool {
        guard let b = decoder.value.bool else { throw decoder.mismatch("a boolean") }
        return b
    }
    func decode(_ type: String.Type) throws -> String {
        guard let s = decoder.value.string else { throw decoder.mismatch("a string") }
        return s
    }
    func decode(_ type: Double.Type) throws -> Double { try decoder.number() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.number()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    /// In file order: each file key as itself, or else in camelCase (`price_cut` as
    /// `priceCut`, the inverse of `snakeCase` for keys without acronyms); keys the `Key`
    /// type knows neither way are left out.
    var allKeys: [Key] {
        object.keys.compactMap { key in Key(stringValue: key) ?? Key(stringValue: JSONValueDecoder.camelCase(key)) }
    }

    /// The file's key for `key`: itself when present, else its snake_case form.
    func entry(_ key: Key) -> (name: String, value: JSONValue)? {
        if let value = object[key.stringValue] { return (key.stringValue, value) }
        let snake = JSONValueDecoder.snakeCase(key.stringValue)
        return object[snake].map { (snake, $0) }
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func child(_ key: Key) throws -> ValueDecoder {
        guard let (name, value) = entry(key) else {
            let expected = JSONValueDecoder.snakeCase(key.stringValue)
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath,
                debugDescription: "\(decoder.path.appending(key: expected)): missing (is the schema field named \"\(expected)\"?)"))
        }
        return ValueDecoder(value: value, path: decoder.path.appending(key: name))
    }

    func decodeNil(forKey key: Key) throws -> Bool { entry(key)?.value.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try child(key).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let decoder: ValueDecoder
    var currentIndex = 0

    init(elements: [JSONValue], decoder: ValueDecoder) {
        self.elements = elements
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(
                codingPath: codingPath, debugDescription: "\(decoder.path): no element \(currentIndex)"))
        }
        defer { currentIndex += 1 }
        return ValueDecoder(value: elements[currentIndex], path: decoder.path.appending(index: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        if !isAtEnd && elements[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// A `JSONValue` property receives the raw sub-tree: `JSONValueDecoder` hands it over as it
/// is; another decoder rebuilds it kind by kind (object order then follows that decoder).
extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        if let direct = decoder as? ValueDecoder {
            self = direct.value
            return
        }
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() { self = .null; return }
            if let b = try? single.decode(Bool.self) { self = .bool(b); return }
            if let x = try? single.decode(Double.self) { self = .number(x); return }
            if let s = try? single.decode(String.self) { self = .string(s); return }
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let keyed = try decoder.container(keyedBy: PathKey.self)
        self = .object(JSONObject(try keyed.allKeys.map { key in
            JSONObject.Member(key: key.stringValue, value: try keyed.decode(JSONValue.self, forKey: key))
        }))
    }
}
