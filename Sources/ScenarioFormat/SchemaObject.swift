/// A Swift type read from a validated JSON value.
///
/// The leaf types (numbers, strings, booleans, dates, string enumerations) read
/// themselves; arrays, string-keyed tables and `SchemaObject`s read their parts.
/// Run `read` only on a value that passed the schema it was declared with: a mismatch
/// is a disagreement between a schema and a Swift type (a programming error), so it
/// stops with the path rather than reaching the user as a scenario error.
public protocol SchemaValue {
    /// Reads `value`, found at `path` of a validated document.
    static func read(_ value: JSONValue, at path: JSONPath) -> Self
}

/// A Swift struct whose JSON keys are declared once: in `fields`, each with its key, the
/// property it fills, schema, default and doc. The object's schema (validation, defaults,
/// JSON Schema export) and its reading both come from that one list, so a key cannot be
/// spelled one way for validation and another for decoding.
///
/// Reading starts from `init()`, a placeholder whose properties each field then
/// overwrites through its writable key path; a property no field fills keeps its
/// placeholder, which the tests of every scenario and sweep type catch.
public protocol SchemaObject: SchemaValue {
    /// The fields in file order (the order JSON Schema lists them and defaults are filled).
    static var fields: [ObjectField<Self>] { get }
    /// A placeholder value, which `read` overwrites field by field.
    init()
    /// Completes a value after its fields are read (defaults that depend on other fields).
    mutating func didRead()
}

extension SchemaObject {
    /// The schema of the object: exactly `fields`.
    public static var schema: Schema { Schema.object(fields.map(\.field)) }

    public static func read(_ value: JSONValue, at path: JSONPath) -> Self {
        var object = Self()
        for field in fields {
            field.write(&object, value[field.field.name], path.appending(key: field.field.name))
        }
        object.didRead()
        return object
    }

    /// Nothing to complete: the fields are the value.
    public mutating func didRead() {}
}

/// A field of an object schema bound to the property of `Root` it fills.
public struct ObjectField<Root> {
    /// The key, schema, presence and doc, as validation and JSON Schema export use them.
    public let field: Field
    /// The stored property of `Root` the field fills (for a field of an inlined part, the
    /// part's property), so that a test can match the fields to the stored properties.
    let property: PartialKeyPath<Root>
    /// Reads the field's value (nil when the document leaves it out) into its property.
    let write: (inout Root, JSONValue?, JSONPath) -> Void

    /// A field that is required, or filled with `default` when one is given.
    public static func field<Value: SchemaValue>(_ name: String, _ keyPath: WritableKeyPath<Root, Value>, _ schema: Schema,
                                                 default value: JSONValue? = nil, doc: String) -> ObjectField
    {
        ObjectField(field: .field(name, schema, default: value, doc: doc), property: keyPath) { root, json, path in
            guard let json else { preconditionFailure("\(path): missing from a validated document") }
            root[keyPath: keyPath] = Value.read(json, at: path)
        }
    }

    /// A field that may be absent and has no default.
    public static func optional<Value: SchemaValue>(_ name: String, _ keyPath: WritableKeyPath<Root, Value?>, _ schema: Schema,
                                                    doc: String) -> ObjectField
    {
        ObjectField(field: .optional(name, schema, doc: doc), property: keyPath) { root, json, path in
            root[keyPath: keyPath] = json.map { Value.read($0, at: path) }
        }
    }

    /// The fields of a part (a struct several objects hold) read into the part's property
    /// at `keyPath`: the part's fields are declared once, and its keys stay flat in the
    /// object that holds it.
    public static func inlined<Part>(_ keyPath: WritableKeyPath<Root, Part>, _ fields: [ObjectField<Part>]) -> [ObjectField] {
        fields.map { part in
            ObjectField(field: part.field, property: keyPath) { root, json, path in part.write(&root[keyPath: keyPath], json, path) }
        }
    }
}

extension SchemaValue {
    /// Stops: the value does not have the shape the schema promised (never returns).
    static func mismatch(_ value: JSONValue, at path: JSONPath) -> Self {
        preconditionFailure("\(path): \(value.foundDescription) where the schema promised \(Self.self)")
    }
}

/// A leaf that one conversion of a JSON scalar reads: `read` is that conversion, or a
/// stop at a value of another JSON type, written once for every number, string, boolean
/// and date type.
public protocol SchemaScalar: SchemaValue {
    /// The Swift value `value` holds, or nil when it holds another JSON type.
    static func converted(from value: JSONValue) -> Self?
}

extension SchemaScalar {
    public static func read(_ value: JSONValue, at path: JSONPath) -> Self {
        converted(from: value) ?? mismatch(value, at: path)
    }
}

extension Double: SchemaScalar {
    public static func converted(from value: JSONValue) -> Double? { value.double }
}

extension Int: SchemaScalar {
    public static func converted(from value: JSONValue) -> Int? { value.int }
}

extension UInt64: SchemaScalar {
    public static func converted(from value: JSONValue) -> UInt64? { value.double.flatMap { UInt64(exactly: $0) } }
}

extension Bool: SchemaScalar {
    public static func converted(from value: JSONValue) -> Bool? { value.bool }
}

extension String: SchemaScalar {
    public static func converted(from value: JSONValue) -> String? { value.string }
}

extension CalendarDate: SchemaScalar {
    public static func converted(from value: JSONValue) -> CalendarDate? { value.string.flatMap(CalendarDate.init(iso:)) }
}

extension JSONValue: SchemaValue {
    /// The raw sub-tree, for values the schema leaves free (`Schema.any`).
    public static func read(_ value: JSONValue, at path: JSONPath) -> JSONValue { value }
}

extension JSONObject: SchemaScalar {
    /// A table of free keys in written order (`Schema.map`), values unread.
    public static func converted(from value: JSONValue) -> JSONObject? { value.object }
}

extension SchemaValue where Self: RawRepresentable, RawValue == String {
    /// A string enumeration (`Schema.string(allowed:)` lists its raw values).
    public static func read(_ value: JSONValue, at path: JSONPath) -> Self {
        value.string.flatMap(Self.init(rawValue:)) ?? mismatch(value, at: path)
    }
}

extension Array: SchemaValue where Element: SchemaValue {
    public static func read(_ value: JSONValue, at path: JSONPath) -> [Element] {
        guard let elements = value.array else { return mismatch(value, at: path) }
        return elements.enumerated().map { Element.read($1, at: path.appending(index: $0)) }
    }
}

extension Dictionary: SchemaValue where Key == String, Value: SchemaValue {
    /// A table with free keys (`Schema.map`).
    public static func read(_ value: JSONValue, at path: JSONPath) -> [String: Value] {
        guard let object = value.object else { return mismatch(value, at: path) }
        var table: [String: Value] = [:]
        for member in object { table[member.key] = Value.read(member.value, at: path.appending(key: member.key)) }
        return table
    }
}
