import Foundation
@testable import ScenarioFormat
import TestSupport

/// Parses `text`, failing the test with the parser's message if it is not valid.
func parseJSON(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text, file: "test.json")
}

/// The error for `text`, or nil when it parses.
func parseError(_ text: String) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(text, file: "test.json")
        return nil
    } catch {
        return error
    }
}

/// The issues `schema` finds in `value`, printed as `PATH: MESSAGE`.
func validationMessages(_ schema: Schema, _ value: JSONValue) -> [String] {
    var diagnostics = Diagnostics()
    _ = schema.validate(value, diagnostics: &diagnostics)
    return diagnostics.issues.map { $0.path.isRoot ? $0.message : "\($0.path): \($0.message)" }
}
