/// One `--set path=value` option: a JSON path and the value to put there.
///
/// The value is read as JSON when it parses as JSON (numbers, `true`, `false`, `null`,
/// arrays, objects, quoted strings) and is otherwise taken as a bare string, so
/// `--set start_date=2026-03-01` and `--set actors.frontier[0].name=Acme` need no shell
/// quoting. Two exceptions keep typos from turning into strings: a value that starts like
/// an object, array or quoted string (`{`, `[`, `"`) must parse, and a number out of
/// range (`1e999`) is an error, not the string "1e999".
public struct ScenarioOverride: Sendable, Equatable {
    /// The option as the user would write it, naming the origin of errors: `--set a.b=1`.
    public let option: String
    public let path: JSONPath
    public let value: JSONValue

    public init(path: JSONPath, value: JSONValue) {
        self.path = path
        self.value = value
        option = "--set \(path)=\(value.canonicalText)"
    }

    /// Parses `path=value`.
    public init(parsing text: String) throws(ScenarioIssue) {
        let option = "--set \(text)"
        let parsed: (path: JSONPath, rest: String?)
        do {
            parsed = try JSONPath.parsePrefix(of: text, terminator: UInt8(ascii: "="))
        } catch {
            throw ScenarioIssue(origin: option, message: error.description)
        }
        guard let valueText = parsed.rest else {
            throw ScenarioIssue(origin: option, message: "expected path=value, found no '='")
        }
        self.option = option
        path = parsed.path
        do {
            value = try JSONParser.parse(valueText, file: option)
        } catch {
            let looksLikeJSON = valueText.first.map { "{[\"".contains($0) } ?? false
            if error.kind == .numberOutOfRange || looksLikeJSON {
                throw ScenarioIssue(origin: option, path: path,
                                    message: "the value is not valid JSON: \(error.issue.message)")
            }
            value = .string(valueText)
        }
    }
}

/// Why a value could not be set at a path: the step that failed and what was there.
public struct JSONSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path up to and including the step that failed.
    public let path: JSONPath
    public let message: String
    public var description: String { "\(path): \(message)" }
}

extension JSONValue {
    /// A copy with `newValue` at `path`. Missing object keys along the way are created
    /// (as objects, or as the final value); an array index must already exist, and every
    /// step must go through an object (for a key) or an array (for an index).
    public func setting(_ newValue: JSONValue, at path: JSONPath) throws(JSONSetError) -> JSONValue {
        try setting(newValue, components: path.components[...], done: .root)
    }

    private func setting(_ newValue: JSONValue, components: ArraySlice<JSONPath.Component>,
                         done: JSONPath) throws(JSONSetError) -> JSONValue
    {
        guard let first = components.first else { return newValue }
        let rest = components.dropFirst()
        switch (first, self) {
        case (.key(let key), .object(var object)):
            let child = object[key] ?? .object(JSONObject())
            object[key] = try child.setting(newValue, components: rest, done: done.appending(key: key))
            return .object(object)
        case (.index(let index), .array(var elements)):
            let here = done.appending(index: index)
            guard elements.indices.contains(index) else {
                throw JSONSetError(path: here, message: "index \(index) is past the end: the array has \(elements.count) element\(elements.count == 1 ? "" : "s")")
            }
            elements[index] = try elements[index].setting(newValue, components: rest, done: here)
            return .array(elements)
        case (.key(let key), _):
            throw JSONSetError(path: done.appending(key: key),
                               message: "cannot set a key inside \(foundDescription)\(done.isRoot ? "" : " at \(done)")")
        case (.index(let index), _):
            throw JSONSetError(path: done.appending(index: index),
                               message: "cannot index into \(foundDescription)\(done.isRoot ? "" : " at \(done)")")
        }
    }
}
