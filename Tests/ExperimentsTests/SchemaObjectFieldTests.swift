import MarketModel
import Testing
@testable import Experiments
@testable import ScenarioFormat

/// A `SchemaObject` is read by overwriting a placeholder (`init()`) field by field, so a
/// stored property that no field fills would silently keep its placeholder. These tests
/// read, for every object type a scenario, sweep or calibration file holds, a document
/// in which every field has a value no placeholder has, and check that every property
/// changed: a deleted field, or two fields writing one property, fails here.
@Suite("Every property of a scenario, sweep and calibration type is read from a field")
struct SchemaObjectFieldTests {
    @Test("each type has one field per stored property, and a document with every field set changes every property")
    func everyPropertyRead() {
        var checked: [String] = []
        check(Scenario.self, checked: &checked)
        check(SweepFileDocument.self, checked: &checked)
        check(CalibrationFileDocument.self, checked: &checked)
        // The walk reaches types nested several levels down, inside arrays and optionals.
        for name in ["FundingPoint", "OpenLabAPI", "BassDiffusion", "LognormalParameters", "Outcome", "Target"] {
            #expect(checked.contains(name), "\(name) not reached from the documents: \(checked)")
        }
    }

    /// Checks `T`, then every object type found inside the value read.
    private func check<T: SchemaObject>(_: T.Type, checked: inout [String]) {
        let name = String(describing: T.self)
        guard !checked.contains(name) else { return }
        checked.append(name)
        let placeholderValue = T()
        let placeholder = Mirror(reflecting: placeholderValue)
        let fieldsByProperty = Dictionary(grouping: T.fields, by: \.property)
        #expect(placeholder.children.count == fieldsByProperty.count,
                "\(name): \(placeholder.children.count) stored properties but fields fill \(fieldsByProperty.count)")

        var diagnostics = Diagnostics()
        let document = T.schema.validate(Self.sample(T.schema), diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty, "\(name): the sample document is invalid: \(diagnostics.issues)")
        let readValue = T.read(document, at: .root)
        let read = Mirror(reflecting: readValue)
        for (before, after) in zip(placeholder.children, read.children) {
            #expect(String(describing: before.value) != String(describing: after.value),
                    "\(name).\(before.label ?? "?") keeps its placeholder \(before.value): no field fills it")
            visit(after.value, checked: &checked)
        }
        // Several fields fill one property only as an inlined part's fields (`ObjectField.inlined`):
        // one per stored property of the part, each of which the document changes.
        for (property, fields) in fieldsByProperty where fields.count > 1 {
            let part = Mirror(reflecting: placeholderValue[keyPath: property])
            #expect(part.children.count == fields.count,
                    "\(name): \(fields.count) fields fill \(property), whose value has \(part.children.count) stored properties")
            for (before, after) in zip(part.children, Mirror(reflecting: readValue[keyPath: property]).children) {
                #expect(String(describing: before.value) != String(describing: after.value),
                        "\(name).\(before.label ?? "?") (inlined) keeps its placeholder \(before.value): no field fills it")
            }
        }
    }

    /// Checks every object type in `value`, looking through arrays, tables and optionals.
    private func visit(_ value: Any, checked: inout [String]) {
        if let object = value as? any SchemaObject {
            check(typeOf: object, checked: &checked)
        } else {
            for child in Mirror(reflecting: value).children { visit(child.value, checked: &checked) }
        }
    }

    private func check<T: SchemaObject>(typeOf _: T, checked: inout [String]) { check(T.self, checked: &checked) }

    /// A valid value for `schema` in which every field is present and differs from the
    /// placeholders (0, false, empty strings and collections, nil, 1970-01-01, the first
    /// case of an enumeration): non-zero numbers, `true`, the last allowed string, one
    /// element or key (two where the schema wants pairs).
    static func sample(_ schema: Schema) -> JSONValue {
        switch schema.kind {
        case .any: return 1
        case .boolean: return true
        case .number(let lower, let upper, let integer):
            let candidates = [1, 2, 0.5, 0.25, 10, 100] + [lower?.value, upper?.value].compactMap { $0 }
            let fits = { (x: Double) in
                x != 0 && (!integer || x.rounded() == x)
                    && Self.above(x, lower) && Self.above(-x, upper.map(Self.negated))
            }
            return .number(candidates.first(where: fits) ?? .nan)
        case .string(let allowed): return .string(allowed?.last ?? "x")
        case .identifier: return "x"
        case .date: return "2001-02-03"
        case .array(let element, let minCount, _, _): return .array(Array(repeating: sample(element), count: max(1, minCount)))
        case .object(let fields): return .object(JSONObject(fields.map { .init(key: $0.name, value: sample($0.schema)) }))
        case .map(let values, let keys): return .object(JSONObject([.init(key: keys?.first ?? "k", value: sample(values))]))
        case .anyOf(let alternatives): return sample(alternatives[0])
        }
    }

    private static func above(_ x: Double, _ bound: Schema.Bound?) -> Bool {
        switch bound {
        case nil: true
        case .inclusive(let b): x >= b
        case .exclusive(let b): x > b
        }
    }

    private static func negated(_ bound: Schema.Bound) -> Schema.Bound {
        switch bound {
        case .inclusive(let b): .inclusive(-b)
        case .exclusive(let b): .exclusive(-b)
        }
    }
}
