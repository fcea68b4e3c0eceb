/// A JSON document as a value: what a scenario file is before it is decoded into model types.
///
/// Objects keep their members in the order they were written (see `JSONObject`), so a
/// scenario printed back reads like the file it came from, and a number is a `Double`
/// that the parser has already checked to be finite. Equality is structural and
/// order-sensitive for objects; compare `canonicalText` when member order must not matter.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value at `key` when this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    /// The element at `index` when this is an array that long.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { elements[index] } else { nil }
    }

    /// The value at `path`, or nil when any step is missing or of the wrong kind.
    public subscript(path: JSONPath) -> JSONValue? {
        var current = self
        for component in path.components {
            switch component {
            case .key(let key): guard let next = current[key] else { return nil }; current = next
            case .index(let index): guard let next = current[index] else { return nil }; current = next
            }
        }
        return current
    }

    public var isNull: Bool { if case .null = self { true } else { false } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var double: Double? { if case .number(let x) = self { x } else { nil } }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var object: JSONObject? { if case .object(let o) = self { o } else { nil } }

    /// The number as an `Int` when it is integral and fits.
    public var int: Int? {
        guard case .number(let x) = self, x.rounded(.towardZero) == x,
              let i = Int(exactly: x) else { return nil }
        return i
    }

    /// How this kind of value is named in messages: "a number", "an object".
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The kind and, for scalars, the value, as a message shows what it found:
    /// `a string "abc"`, `a number 3`, `an array`.
    public var foundDescription: String {
        switch self {
        case .null: "null"
        case .bool(let b): "a boolean \(b)"
        case .number(let x): "a number \(JSONValue.formatNumber(x))"
        case .string(let s): "a string \(JSONValue.excerpt(s))"
        case .array(let a): a.isEmpty ? "an empty array" : "an array"
        case .object(let o): o.isEmpty ? "an empty object" : "an object"
        }
    }
}

/// The members of a JSON object in the order they were written, with unique keys.
///
/// A plain `Dictionary` would lose the order, and iterating one would make output
/// depend on the process's hash seed. Lookups are linear scans: scenario objects have a few
/// dozen keys at most, and a scan over them is cheaper than hashing.
public struct JSONObject: Sendable, Equatable, RandomAccessCollection {
    /// One member: a key and its value.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var members: [Member]

    public init() { members = [] }

    /// An object from members whose keys are unique (a precondition: the parser reports
    /// duplicates as errors before it builds an object).
    public init(_ members: [Member]) {
        self.members = []
        for member in members {
            precondition(self[member.key] == nil, "duplicate key \"\(member.key)\" in a JSONObject")
            self.members.append(member)
        }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    public var keys: [String] { members.map(\.key) }

    /// The index of the member with `key`.
    /// - Complexity: O(n) in the number of members.
    public func index(forKey key: String) -> Int? {
        members.firstIndex { $0.key == key }
    }

    /// The value for `key`; setting a new key appends it, setting nil removes it.
    /// - Complexity: O(n) in the number of members.
    public subscript(key: String) -> JSONValue? {
        get { index(forKey: key).map { members[$0].value } }
        set {
            switch (index(forKey: key), newValue) {
            case (let i?, let value?): members[i].value = value
            case (let i?, nil): members.remove(at: i)
            case (nil, let value?): members.append(Member(key: key, value: value))
            case (nil, nil): break
            }
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Keeps the literal's order; duplicate keys are a programming error.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}
