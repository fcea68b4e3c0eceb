import Testing
@testable import ScenarioFormat

@Suite("JSON Schema export")
struct ScenarioFormatJSONSchemaTests {
    let schema = Schema.object([
        .field("id", .string, doc: "Unique id."),
        .field("fraction", .number(in: 0...1), default: 0.8, doc: "Share removed."),
        .optional("lag_days", .number(exclusiveMinimum: 0, exclusiveMaximum: 365), doc: "Delay."),
        .field("count", .integer(minimum: 1), default: 2, doc: "How many."),
        .field("kind", .string(allowed: ["open", "proprietary"]), doc: "Licence."),
        .field("start", .date, doc: "First day."),
        .field("labs", .array(of: Schema.object([.field("id", .string, doc: "Lab id.")]).described("A lab."), minCount: 1, maxCount: 3),
               doc: "Labs."),
        .field("mix", .map(values: .nonNegative, keys: ["coding", "rag"]), default: [:], doc: "Demand mix."),
        .field("note", .anyOf([.string, .boolean]), default: false, doc: "A note."),
    ]).described("A test scenario.")

    @Test("the full variant carries types, bounds, enums, required keys, docs and defaults")
    func full() throws {
        let document = schema.jsonSchema(title: "T", description: "D")
        #expect(document["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(document["title"] == "T")
        #expect(document["description"] == "D")
        #expect(document["if"] == ["required": ["extends"]])
        let full = try #require(document["else"])
        #expect(full["type"] == "object")
        #expect(full["additionalProperties"] == false)
        #expect(full["description"] == "A test scenario.")
        #expect(full["required"] == ["id", "kind", "start", "labs"])
        let properties = try #require(full["properties"]?.object)
        #expect(properties.keys == ["id", "fraction", "lag_days", "count", "kind", "start", "labs", "mix", "note"])
        #expect(properties["fraction"] == ["type": "number", "minimum": 0, "maximum": 1, "description": "Share removed.", "default": 0.8])
        #expect(properties["lag_days"] == ["type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 365, "description": "Delay."])
        #expect(properties["count"] == ["type": "integer", "minimum": 1, "description": "How many.", "default": 2])
        #expect(properties["kind"] == ["type": "string", "enum": ["open", "proprietary"], "description": "Licence."])
        #expect(properties["start"]?["format"] == "date")
        #expect(properties["labs"] == [
            "type": "array",
            "items": ["type": "object", "properties": ["id": ["type": "string", "description": "Lab id."]],
                      "required": ["id"], "additionalProperties": false, "description": "A lab."],
            "minItems": 1, "maxItems": 3, "description": "Labs.",
        ])
        #expect(properties["mix"] == [
            "type": "object", "propertyNames": ["enum": ["coding", "rag"]],
            "additionalProperties": ["type": "number", "minimum": 0], "description": "Demand mix.", "default": [:],
        ])
        #expect(properties["note"]?["anyOf"] == [["type": "string"], ["type": "boolean"]])
    }

    @Test("the partial variant for files with extends requires nothing and allows extends and remove")
    func partial() throws {
        let partial = try #require(schema.jsonSchema(title: "T", description: "D")["then"])
        #expect(partial["required"] == nil)
        #expect(partial["properties"]?["extends"]?["type"] == "string")
        let items = try #require(partial["properties"]?["labs"]?["items"])
        #expect(items["required"] == nil)
        #expect(items["properties"]?["remove"]?["const"] == true)
        #expect(partial["properties"]?["labs"]?["minItems"] == nil)
    }

    @Test("the exported document is valid JSON that parses back unchanged")
    func roundTrip() throws {
        let document = schema.jsonSchema(title: "T", description: "D")
        #expect(try parseJSON(document.prettyText) == document)
    }
}
