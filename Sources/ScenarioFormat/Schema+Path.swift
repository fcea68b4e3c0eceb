extension Schema {
    /// The schemas of the value at `path`: the field of an object, the values of a map,
    /// the element of an array, every alternative of an `anyOf` on the way that has the
    /// place. Empty when the schema declares no such place.
    public func schemas(at path: JSONPath) -> [Schema] {
        schemas(at: path.components[...])
    }

    private func schemas(at components: ArraySlice<JSONPath.Component>) -> [Schema] {
        if case .anyOf(let alternatives) = kind {
            return alternatives.flatMap { $0.schemas(at: components) }
        }
        guard let first = components.first else { return [self] }
        let rest = components.dropFirst()
        switch (kind, first) {
        case (.object(let fields), .key(let key)):
            return fields.first { $0.name == key }?.schema.schemas(at: rest) ?? []
        case (.map(let values, _), .key):
            return values.schemas(at: rest)
        case (.array(let element, _, _, _), .index):
            return element.schemas(at: rest)
        default:
            return []
        }
    }

    /// True when the schema declares the value at `path` an integer: `months`,
    /// `buyers.count`, `seed`. A sweep or a calibration that sets such a key to any
    /// number of a range would fail at its first run with a fraction, so their loaders
    /// ask this first.
    public func requiresInteger(at path: JSONPath) -> Bool {
        schemas(at: path).contains { schema in
            if case .number(_, _, let integer) = schema.kind { integer } else { false }
        }
    }
}
