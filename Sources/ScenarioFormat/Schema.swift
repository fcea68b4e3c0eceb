/// A description of what a scenario file may contain, written once and used three ways:
/// to validate a file (collecting every error with its JSON path), to fill in defaults,
/// and to export a JSON Schema that editors use to check and complete files.
///
/// Build one from the static constructors:
/// ```swift
/// let priceCut = Schema.object([
///     .field("fraction", .number(in: 0...1), doc: "Share of the list price removed (H7: 0.8)."),
///     .field("trigger_gap_points", .number(minimum: 0), default: 5, doc: "Cut when open models come this close."),
/// ])
/// let lab = Schema.object([
///     .field("id", .string, doc: "Unique id, referenced by events."),
///     .optional("price_cut", priceCut, doc: "How the lab answers cheap open models."),
///     .field("quality", .map(values: .number(in: 0...100)), doc: "Points per segment."),
/// ])
/// ```
/// Objects reject keys they do not declare (with a did-you-mean suggestion). Arrays whose
/// element schema is an object with an `id` field also require unique ids, since ids are
/// how `extends` merges them (see `JSONMerge`).
public struct Schema: Sendable {
    /// A bound of a number range: the value itself allowed, or only values beyond it.
    public enum Bound: Sendable, Equatable {
        case inclusive(Double)
        case exclusive(Double)

        var value: Double {
            switch self {
            case .inclusive(let x), .exclusive(let x): x
            }
        }
    }

    indirect enum Kind: Sendable {
        case any
        case boolean
        case number(lower: Bound?, upper: Bound?, integer: Bool)
        case string(allowed: [String]?)
        case identifier(maxLength: Int)
        case date
        case array(element: Schema, minCount: Int, maxCount: Int?, unique: Bool)
        case object([Field])
        case map(values: Schema, keys: [String]?)
        case anyOf([Schema])
    }

    let kind: Kind
    /// A sentence about the value, exported as its JSON Schema description. Fields carry
    /// their own doc; this one is for a document's root and for array elements.
    public private(set) var doc: String?

    init(_ kind: Kind, doc: String? = nil) {
        self.kind = kind
        self.doc = doc
    }

    /// A copy with `doc` as its description.
    public func described(_ doc: String) -> Schema { Schema(kind, doc: doc) }

    /// Any JSON value, unchecked.
    public static let any = Schema(.any)
    /// `true` or `false`.
    public static let boolean = Schema(.boolean)
    /// Any string.
    public static let string = Schema(.string(allowed: nil))
    /// A name that may become a file or folder name: letters, digits, `-`, `_` and `.`,
    /// not starting with `.` (so never `.`, `..` or a hidden file), at most 128 characters
    /// (well under every file system's 255-byte limit on a name, with room for a prefix
    /// such as `compare-A-B`). Safe by construction: no separator, no control character,
    /// nothing a shell or a path would read specially. Nor a spelling CSV readers take for
    /// a missing value (`NA`, `NaN`, `null`, `None`), since ids become cells and columns.
    public static let identifier = Schema(.identifier(maxLength: 128))
    /// The characters of an `identifier` besides ASCII letters and digits.
    static let identifierPunctuation: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")]
    /// The pattern of an `identifier`, as JSON Schema exports it.
    static let identifierPattern = "^[A-Za-z0-9_-][A-Za-z0-9._-]*$"
    /// A calendar date written `YYYY-MM-DD` that exists (no February 30).
    public static let date = Schema(.date)
    /// Any (finite) number.
    public static let number = Schema(.number(lower: nil, upper: nil, integer: false))

    /// A number between optional bounds; names follow JSON Schema. At most one lower and
    /// one upper bound.
    public static func number(minimum: Double? = nil, exclusiveMinimum: Double? = nil,
                              maximum: Double? = nil, exclusiveMaximum: Double? = nil) -> Schema
    {
        precondition(minimum == nil || exclusiveMinimum == nil, "two lower bounds")
        precondition(maximum == nil || exclusiveMaximum == nil, "two upper bounds")
        let lower = minimum.map(Bound.inclusive) ?? exclusiveMinimum.map(Bound.exclusive)
        let upper = maximum.map(Bound.inclusive) ?? exclusiveMaximum.map(Bound.exclusive)
        return Schema(.number(lower: lower, upper: upper, integer: false))
    }

    /// A number in a closed range, such as `0...1` for a fraction.
    public static func number(in range: ClosedRange<Double>) -> Schema {
        Schema(.number(lower: .inclusive(range.lowerBound), upper: .inclusive(range.upperBound), integer: false))
    }

    /// A number greater than zero.
    public static let positive = Schema(.number(lower: .exclusive(0), upper: nil, integer: false))
    /// A number zero or greater.
    public static let nonNegative = Schema(.number(lower: .inclusive(0), upper: nil, integer: false))

    /// An integral number (`3` or `3.0`, not `3.5`) between optional inclusive bounds.
    public static func integer(minimum: Int? = nil, maximum: Int? = nil) -> Schema {
        Schema(.number(lower: minimum.map { .inclusive(Double($0)) }, upper: maximum.map { .inclusive(Double($0)) },
                       integer: true))
    }

    /// An integral number in a closed range.
    public static func integer(in range: ClosedRange<Int>) -> Schema {
        integer(minimum: range.lowerBound, maximum: range.upperBound)
    }

    /// One of the listed strings.
    public static func string(allowed: [String]) -> Schema {
        precondition(!allowed.isEmpty, "an enumeration needs values")
        return Schema(.string(allowed: allowed))
    }

    /// An array of elements that each match `element`, with a count in `minCount...maxCount`;
    /// with `unique`, no element may equal an earlier one (values that each become a column).
    public static func array(of element: Schema, minCount: Int = 0, maxCount: Int? = nil, unique: Bool = false) -> Schema {
        precondition(minCount >= 0 && (maxCount ?? minCount) >= minCount, "invalid count range")
        return Schema(.array(element: element, minCount: minCount, maxCount: maxCount, unique: unique))
    }

    /// An object with exactly the declared fields (names unique).
    public static func object(_ fields: [Field]) -> Schema {
        for (i, field) in fields.enumerated() {
            precondition(!fields[..<i].contains { $0.name == field.name }, "field \(field.name) declared twice")
        }
        return Schema(.object(fields))
    }

    /// An object from free keys to values of one schema, in written order: per-segment
    /// tables such as `{"coding": 0.8, "rag": 0.9}`. With `keys`, only those keys are
    /// allowed (still none is required); leave it nil when the keys come from the scenario
    /// itself and check them in a cross-reference pass.
    public static func map(values: Schema, keys: [String]? = nil) -> Schema {
        Schema(.map(values: values, keys: keys))
    }

    /// A value that matches at least one alternative; the first that matches is used
    /// (for defaults it fills). Exported as JSON Schema `anyOf`.
    public static func anyOf(_ alternatives: [Schema]) -> Schema {
        precondition(!alternatives.isEmpty, "anyOf needs alternatives")
        return Schema(.anyOf(alternatives))
    }

    /// The fields when this is an object schema.
    public var fields: [Field]? { if case .object(let fields) = kind { fields } else { nil } }
}

/// One named member of an object schema: its schema, whether it may be left out (and what
/// it then defaults to), and a one-line doc that editors show.
public struct Field: Sendable {
    /// What happens when a file leaves the field out.
    public enum Presence: Sendable, Equatable {
        /// Leaving it out is an error.
        case required
        /// It may be left out and stays absent.
        case optional
        /// It may be left out and is filled with this value (which is validated too).
        case defaulted(JSONValue)
    }

    public let name: String
    public let schema: Schema
    public let presence: Presence
    public let doc: String

    public init(name: String, schema: Schema, presence: Presence, doc: String) {
        self.name = name
        self.schema = schema
        self.presence = presence
        self.doc = doc
    }

    /// A field that is required, or filled with `default` when one is given.
    public static func field(_ name: String, _ schema: Schema, default value: JSONValue? = nil, doc: String) -> Field {
        Field(name: name, schema: schema, presence: value.map(Presence.defaulted) ?? .required, doc: doc)
    }

    /// A field that may be absent and has no default.
    public static func optional(_ name: String, _ schema: Schema, doc: String) -> Field {
        Field(name: name, schema: schema, presence: .optional, doc: doc)
    }
}
