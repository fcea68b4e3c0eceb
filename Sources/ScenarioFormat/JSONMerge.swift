/// The deep merge that lets a scenario `extends` another and state only what it changes.
///
/// `JSONMerge.merge(base, override)` combines two values by these rules:
/// - Two objects merge key by key, recursively. A key of the override that the base has
///   keeps the base's position; a new key is appended. Nothing is deleted: a key set to
///   `null` becomes `null`.
/// - Two arrays whose elements are all objects carrying a string `"id"` (both the base's
///   and the non-empty override's) merge element by element, matched by id: an override
///   element whose id exists merges into that element (recursively, by these same rules),
///   one with a new id is appended, and `{"id": "x", "remove": true}` removes element `x`.
///   This is what lets bull.json tweak one frontier lab of base.json by writing only
///   `{"id": "frontier-a", "price_cut": {"fraction": 0.9}}`. Removing an id the base does
///   not have, a `"remove"` that is not `true` or that has other keys beside `"id"`, and an
///   id given twice in one override array are errors. `"remove"` is therefore a reserved
///   key in id-keyed arrays.
/// - Anything else (scalars, arrays of scalars, arrays without ids, an empty override
///   array, values of different kinds) is replaced whole by the override.
public enum JSONMerge {
    /// Merges `override` into `base`; problems are recorded at their JSON paths.
    public static func merge(_ base: JSONValue, _ override: JSONValue, at path: JSONPath = .root,
                             diagnostics: inout Diagnostics) -> JSONValue
    {
        switch (base, override) {
        case (.object(var merged), .object(let changes)):
            for member in changes {
                let memberPath = path.appending(key: member.key)
                if let existing = merged[member.key] {
                    merged[member.key] = merge(existing, member.value, at: memberPath, diagnostics: &diagnostics)
                } else {
                    merged[member.key] = member.value
                }
            }
            return .object(merged)
        case (.array(let baseElements), .array(let changes)) where !changes.isEmpty
            && isIdentified(baseElements) && isIdentified(changes):
            return .array(mergeByID(baseElements, changes, at: path, diagnostics: &diagnostics))
        default:
            return override
        }
    }

    /// The `"id"` of an element of an id-keyed array.
    static func id(of element: JSONValue) -> String? { element["id"]?.string }

    /// True when every element is an object with a string `"id"`.
    public static func isIdentified(_ elements: [JSONValue]) -> Bool {
        elements.allSatisfy { id(of: $0) != nil }
    }

    private static func mergeByID(_ base: [JSONValue], _ changes: [JSONValue], at path: JSONPath,
                                  diagnostics: inout Diagnostics) -> [JSONValue]
    {
        var merged = base
        var seen: [String] = []
        for (changeIndex, change) in changes.enumerated() {
            let changePath = path.appending(index: changeIndex)
            guard case .object(let object) = change, let id = id(of: change) else { continue }
            if seen.contains(id) {
                diagnostics.error(at: changePath.appending(key: "id"), "the id \(JSONValue.excerpt(id)) appears twice in this array")
                continue
            }
            seen.append(id)
            let target = merged.firstIndex { JSONMerge.id(of: $0) == id }
            if let removal = object["remove"] {
                guard removal == .bool(true), object.count == 2 else {
                    diagnostics.error(at: changePath.appending(key: "remove"),
                                      "\"remove\" must be true and stand alone beside \"id\" (it removes the element with that id)")
                    continue
                }
                guard let target else {
                    diagnostics.error(at: changePath,
                                      "cannot remove \(JSONValue.excerpt(id)): the extended scenario has no element with that id here")
                    continue
                }
                merged.remove(at: target)
            } else if let target {
                merged[target] = merge(merged[target], change, at: changePath, diagnostics: &diagnostics)
            } else {
                // An id that matches nothing adds an element; one that gives fewer keys
                // than any element of the base has, and is close to one's id, is a typo.
                let ids = base.compactMap(JSONMerge.id(of:))
                let smallest = base.compactMap { $0.object?.count }.min() ?? 0
                if object.count < smallest, let suggestion = Schema.suggestion(for: id, among: ids) {
                    diagnostics.error(at: changePath.appending(key: "id"),
                                      "\(JSONValue.quote(id)) matches no element of the extended scenario (did you mean \(JSONValue.quote(suggestion))?); "
                                      + "a new element would need every key of one")
                    continue
                }
                merged.append(change)
            }
        }
        return merged
    }
}
