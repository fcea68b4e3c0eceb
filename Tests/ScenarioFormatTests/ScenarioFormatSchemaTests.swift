import Testing
@testable import ScenarioFormat

/// A small market-like schema used across the schema tests.
enum TestSchemas {
    static let priceCut = Schema.object([
        .field("fraction", .number(in: 0...1), doc: "Share of the list price removed."),
        .field("trigger_gap_points", .nonNegative, default: 5, doc: "Gap that triggers a cut."),
    ])
    static let lab = Schema.object([
        .field("id", .string, doc: "Unique id."),
        .field("kind", .string(allowed: ["proprietary", "open"]), default: "proprietary", doc: "Licence."),
        .optional("price_cut", priceCut, doc: "Competitive response."),
        .field("quality", .map(values: .number(in: 0...100)), default: [:], doc: "Points per segment."),
        .field("releases_per_year", .integer(in: 1...12), default: 2, doc: "Training cadence."),
    ])
    static let scenario = Schema.object([
        .field("start_date", .date, doc: "First simulated day."),
        .field("horizon_days", .positive, doc: "Length of the run."),
        .field("actors", .object([
            .field("frontier", .array(of: lab, minCount: 1, maxCount: 4), doc: "Frontier labs."),
        ]), doc: "Who is in the market."),
        .field("seed_note", .anyOf([.string, .integer(minimum: 0)]), default: 0, doc: "Free note."),
        .field("segments", .map(values: .number(in: 0...1), keys: ["coding", "rag"]), default: ["coding": 1], doc: "Mix."),
        .field("verbose", .boolean, default: false, doc: "Chatty output."),
    ])
}

@Suite("Schema validation")
struct ScenarioFormatSchemaTests {
    @Test("a valid document comes back with defaults filled in schema order")
    func defaults() throws {
        let value = try parseJSON("""
        {"actors": {"frontier": [{"price_cut": {"fraction": 0.8}, "id": "a"}]},
         "horizon_days": 365, "start_date": "2026-02-01"}
        """)
        var diagnostics = Diagnostics()
        let completed = TestSchemas.scenario.validate(value, diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        let expected: JSONValue = [
            "start_date": "2026-02-01", "horizon_days": 365,
            "actors": ["frontier": [[
                "id": "a", "kind": "proprietary",
                "price_cut": ["fraction": 0.8, "trigger_gap_points": 5],
                "quality": [:], "releases_per_year": 2,
            ]]],
            "seed_note": 0, "segments": ["coding": 1], "verbose": false,
        ]
        #expect(completed == expected)
    }

    @Test("every problem in a document is reported in one pass")
    func allErrors() throws {
        let value = try parseJSON("""
        {"start_date": "2026-02-30", "horizon_days": "NaN", "extra": 1,
         "actors": {"frontier": [
            {"id": "a", "pric_cut": {"fraction": 0.5}, "price_cut": {"fraction": 1.4}, "kind": "opne"},
            {"id": "a", "quality": {"coding": 101, "rag": "high"}, "releases_per_year": 2.5},
            {"kind": "open", "releases_per_year": 13}
         ]},
         "seed_note": -1, "segments": {"codng": 0.5}, "verbose": "yes"}
        """)
        #expect(validationMessages(TestSchemas.scenario, value) == [
            "extra: unknown key (expected one of \"start_date\", \"horizon_days\", \"actors\", \"seed_note\", \"segments\", \"verbose\")",
            "start_date: \"2026-02-30\" is not a calendar date written YYYY-MM-DD",
            "horizon_days: expected a number, found a string \"NaN\"",
            "actors.frontier[1].id: duplicate id \"a\" (also at actors.frontier[0])",
            "actors.frontier[0].pric_cut: unknown key (did you mean \"price_cut\"?)",
            "actors.frontier[0].kind: \"opne\" is not one of \"proprietary\", \"open\" (did you mean \"open\"?)",
            "actors.frontier[0].price_cut.fraction: 1.4 is not in 0...1",
            "actors.frontier[1].quality.coding: 101 is not in 0...100",
            "actors.frontier[1].quality.rag: expected a number, found a string \"high\"",
            "actors.frontier[1].releases_per_year: 2.5 is not an integer",
            "actors.frontier[2].id: required key is missing (Unique id.)",
            "actors.frontier[2].releases_per_year: 13 is not in 1...12",
            "seed_note: -1 is not >= 0",
            "segments.codng: unknown key (did you mean \"coding\"?)",
            "verbose: expected a boolean (true or false), found a string \"yes\"",
        ])
    }

    @Test("a misspelt key gets a suggestion, preferring keys not yet present")
    func didYouMean() {
        let schema = Schema.object([
            .optional("price_cut", .number, doc: "."), .optional("horizon_days", .number, doc: "."),
            .optional("seed", .number, doc: "."),
        ])
        #expect(validationMessages(schema, ["pric_cut": 1]) == ["pric_cut: unknown key (did you mean \"price_cut\"?)"])
        #expect(validationMessages(schema, ["prcie_cut": 1]) == ["prcie_cut: unknown key (did you mean \"price_cut\"?)"])
        #expect(validationMessages(schema, ["horizon": 1]) == ["horizon: unknown key (did you mean \"horizon_days\"?)"])
        #expect(validationMessages(schema, ["Seed": 1]) == ["Seed: unknown key (did you mean \"seed\"?)"])
        #expect(validationMessages(schema, ["wholly_unrelated": 1])
            == ["wholly_unrelated: unknown key (expected one of \"price_cut\", \"horizon_days\", \"seed\")"])
        // With `extends` and defaults the intended key is usually present already (from
        // the base file), so it is still suggested when no absent key is close.
        #expect(validationMessages(schema, ["pric_cut": 1, "price_cut": 2]) == ["pric_cut: unknown key (did you mean \"price_cut\"?)"])
        #expect(validationMessages(schema, ["seeds": 1, "seed": 2]) == ["seeds: unknown key (did you mean \"seed\"?)"])
    }

    @Test("Damerau-Levenshtein distance counts adjacent transpositions as one edit", arguments: [
        ("", "abc", 3), ("abc", "abc", 0), ("abc", "acb", 1), ("price_cut", "pric_cut", 1),
        ("kitten", "sitting", 3), ("ca", "abc", 2), ("abcdef", "badcfe", 3),
    ])
    func distance(a: String, b: String, expected: Int) {
        #expect(Schema.damerauLevenshtein(Array(a.unicodeScalars), Array(b.unicodeScalars)) == expected)
        #expect(Schema.damerauLevenshtein(Array(b.unicodeScalars), Array(a.unicodeScalars)) == expected)
    }

    @Test("an identifier is not a spelling CSV readers take for a missing value", arguments: [
        ("NaN", false), ("nan", false), ("NA", false), ("None", false), ("null", false), ("-nan", false),
        ("nanotech", true), ("NAB", true), ("openai", true),
    ])
    func identifiersAreNotMissingValues(id: String, accepted: Bool) {
        let messages = validationMessages(.identifier, .string(id))
        #expect(messages.isEmpty == accepted, "\(messages)")
        if !accepted { #expect(messages == ["\"\(id)\" is not a name: pandas and R read \"\(id)\" in a CSV cell as a missing value"]) }
    }

    @Test("wrong kinds are type errors that show what was found", arguments: [
        (Schema.number, JSONValue.string("abc"), "expected a number, found a string \"abc\""),
        (Schema.number, JSONValue.null, "expected a number, found null"),
        (Schema.string, JSONValue.number(3), "expected a string, found a number 3"),
        (Schema.boolean, JSONValue.array([]), "expected a boolean (true or false), found an empty array"),
        (Schema.array(of: .number), JSONValue.object(JSONObject()), "expected an array, found an empty object"),
        (Schema.object([]), JSONValue.bool(true), "expected an object, found a boolean true"),
        (Schema.date, JSONValue.number(20260201), "expected a date string (YYYY-MM-DD), found a number 20260201"),
        (Schema.anyOf([.string, .boolean]), JSONValue.number(1), "expected a string or a boolean, found a number 1"),
        (Schema.integer(), JSONValue.string("1"), "expected an integer, found a string \"1\""),
    ])
    func typeErrors(schema: Schema, value: JSONValue, message: String) {
        #expect(validationMessages(schema, value) == [message])
    }

    @Test("number bounds: closed, half-open, exclusive and one-sided", arguments: [
        (Schema.number(in: 0...1), 0.0, true), (Schema.number(in: 0...1), 1.0, true), (Schema.number(in: 0...1), 1.0001, false),
        (Schema.number(minimum: 0, exclusiveMaximum: 1), 1.0, false), (Schema.number(minimum: 0, exclusiveMaximum: 1), 0.0, true),
        (Schema.number(exclusiveMinimum: 0, maximum: 1), 0.0, false), (Schema.positive, 0.0, false),
        (Schema.positive, 1e-300, true), (Schema.nonNegative, 0.0, true), (Schema.nonNegative, -1e-300, false),
        (Schema.number(maximum: 5), -1e300, true), (Schema.number(exclusiveMaximum: 5), 5.0, false),
        (Schema.integer(minimum: 1), 1.0, true), (Schema.integer(minimum: 1), 0.0, false),
    ])
    func bounds(schema: Schema, x: Double, valid: Bool) {
        #expect(validationMessages(schema, .number(x)).isEmpty == valid)
    }

    @Test("range messages use the notation of the bounds", arguments: [
        (Schema.number(in: 0...1), 2.0, "2 is not in 0...1"),
        (Schema.number(minimum: 0, exclusiveMaximum: 1), 1.0, "1 is not in 0..<1"),
        (Schema.number(exclusiveMinimum: 0, maximum: 1), 0.0, "0 is not in (0, 1]"),
        (Schema.number(exclusiveMinimum: 0, exclusiveMaximum: 1), 1.0, "1 is not in (0, 1)"),
        (Schema.positive, -0.5, "-0.5 is not > 0"),
        (Schema.number(maximum: 2), 3.0, "3 is not <= 2"),
        (Schema.number(exclusiveMaximum: 2), 2.0, "2 is not < 2"),
    ])
    func rangeMessages(schema: Schema, x: Double, message: String) {
        #expect(validationMessages(schema, .number(x)) == [message])
    }

    @Test("array counts are checked and described")
    func counts() {
        #expect(validationMessages(.array(of: .number, minCount: 1), []) == ["the array has 0 elements; expected at least 1"])
        #expect(validationMessages(.array(of: .number, maxCount: 1), [1, 2]) == ["the array has 2 elements; expected at most 1"])
        #expect(validationMessages(.array(of: .number, minCount: 2, maxCount: 2), [1]) == ["the array has 1 element; expected exactly 2"])
        #expect(validationMessages(.array(of: .number, minCount: 1, maxCount: 3), [1, 2, 3, 4]) == ["the array has 4 elements; expected 1 to 3"])
        #expect(validationMessages(.array(of: .number, minCount: 1, maxCount: 3), [1, 2]).isEmpty)
    }

    @Test("dates must exist on the calendar and be written YYYY-MM-DD", arguments: [
        ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true), ("2026-04-31", false),
        ("2026-12-31", true), ("2026-13-01", false), ("2026-00-10", false), ("2026-1-05", false), ("2026-01-05T00:00", false),
        ("26-01-05", false), ("2026/01/05", false), ("2026-01-00", false),
    ])
    func dates(text: String, valid: Bool) {
        #expect(validationMessages(.date, .string(text)).isEmpty == valid)
    }

    @Test("anyOf uses the first alternative that accepts the value, and its defaults")
    func anyOf() {
        let withDefault = Schema.object([.field("x", .number, default: 1, doc: ".")])
        let schema = Schema.anyOf([.string, withDefault])
        var diagnostics = Diagnostics()
        #expect(schema.validate("s", diagnostics: &diagnostics) == "s")
        #expect(schema.validate([:], diagnostics: &diagnostics) == ["x": 1])
        #expect(diagnostics.isEmpty)
        #expect(validationMessages(schema, ["x": "bad"]) == ["x: expected a number, found a string \"bad\""])
    }

    @Test("defaults are validated and completed like written values")
    func defaultValidation() {
        let inner = Schema.object([.field("a", .number, default: 2, doc: "."), .field("b", .number(in: 0...1), default: 5, doc: ".")])
        let schema = Schema.object([.field("inner", inner, default: [:], doc: ".")])
        var diagnostics = Diagnostics()
        let completed = schema.validate([:], diagnostics: &diagnostics)
        #expect(completed == ["inner": ["a": 2, "b": 5]])
        #expect(diagnostics.issues.map(\.description) == ["<scenario>: inner.b: 5 is not in 0...1"])
    }

    @Test("the any schema accepts everything unchanged")
    func anySchema() throws {
        let value = try parseJSON(#"{"x": [1, {"y": null}]}"#)
        #expect(validationMessages(.any, value).isEmpty)
    }
}
