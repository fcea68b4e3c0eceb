extension Schema {
    /// The schema as a JSON Schema (draft 2020-12) document, so editors can check and
    /// complete scenario files: types, properties, required keys, no additional properties,
    /// bounds, enums, item schemas and counts, descriptions from the field docs, defaults.
    ///
    /// A file with a top-level `"extends"` states only what it changes, so the document has
    /// two variants of this schema: `if` the file has `extends`, `then` the partial one
    /// (nothing required, `"remove"` allowed in id-keyed array elements, `extends` allowed),
    /// `else` the full one. Dates are strings with `format: date`; `anyOf` stays `anyOf`.
    /// A format without `extends` (sweep and calibration files) has only the full variant.
    public func jsonSchema(title: String, description: String, allowsExtends: Bool = true) -> JSONValue {
        guard allowsExtends else {
            var document = JSONObject()
            document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            document["title"] = .string(title)
            document["description"] = .string(description)
            for member in exported(partial: false).object ?? JSONObject() { document[member.key] = member.value }
            return .object(document)
        }
        var partial = exported(partial: true).object ?? JSONObject()
        if var properties = partial["properties"]?.object {
            properties["extends"] = [
                "type": "string",
                "description": "Path of the scenario this one extends, relative to this file's folder.",
            ]
            partial["properties"] = .object(properties)
        }
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": .string(title),
            "description": .string(description),
            "if": ["required": ["extends"]],
            "then": .object(partial),
            "else": exported(partial: false),
        ]
    }

    private func exported(partial: Bool) -> JSONValue {
        var out = JSONObject()
        switch kind {
        case .any:
            break
        case .boolean:
            out["type"] = "boolean"
        case .number(let lower, let upper, let integer):
            out["type"] = integer ? "integer" : "number"
            switch lower {
            case .inclusive(let x)?: out["minimum"] = .number(x)
            case .exclusive(let x)?: out["exclusiveMinimum"] = .number(x)
            case nil: break
            }
            switch upper {
            case .inclusive(let x)?: out["maximum"] = .number(x)
            case .exclusive(let x)?: out["exclusiveMaximum"] = .number(x)
            case nil: break
            }
        case .string(let allowed):
            out["type"] = "string"
            if let allowed { out["enum"] = .array(allowed.map(JSONValue.string)) }
        case .identifier(let maxLength):
            out["type"] = "string"
            out["pattern"] = .string(Schema.identifierPattern)
            out["maxLength"] = .number(Double(maxLength))
        case .date:
            out["type"] = "string"
            out["format"] = "date"
            out["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        case .array(let element, let minCount, let maxCount, let unique):
            out["type"] = "array"
            if unique { out["uniqueItems"] = true }
            var items = element.exported(partial: partial)
            if partial, element.fields?.contains(where: { $0.name == "id" }) == true,
               case .object(var itemObject) = items, case .object(var properties)? = itemObject["properties"]
            {
                properties["remove"] = [
                    "const": true,
                    "description": "Removes the element with this id from the extended scenario.",
                ]
                itemObject["properties"] = .object(properties)
                items = .object(itemObject)
            }
            out["items"] = items
            if minCount > 0 && !partial { out["minItems"] = .number(Double(minCount)) }
            if let maxCount { out["maxItems"] = .number(Double(maxCount)) }
        case .object(let fields):
            out["type"] = "object"
            var properties = JSONObject()
            for field in fields {
                guard case .object(var property) = field.schema.exported(partial: partial) else { continue }
                property["description"] = .string(field.doc)
                if case .defaulted(let value) = field.presence { property["default"] = value }
                properties[field.name] = .object(property)
            }
            out["properties"] = .object(properties)
            let required = fields.filter { $0.presence == .required }.map { JSONValue.string($0.name) }
            if !required.isEmpty && !partial { out["required"] = .array(required) }
            out["additionalProperties"] = false
        case .map(let values, let keys):
            out["type"] = "object"
            if let keys { out["propertyNames"] = ["enum": .array(keys.map(JSONValue.string))] }
            out["additionalProperties"] = values.exported(partial: partial)
        case .anyOf(let alternatives):
            out["anyOf"] = .array(alternatives.map { $0.exported(partial: partial) })
        }
        if let doc, out["description"] == nil { out["description"] = .string(doc) }
        return .object(out)
    }
}
