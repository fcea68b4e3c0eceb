import Foundation
@testable import ScenarioFormat

/// A fresh folder of scenario files for one test: write texts into it, load them by path.
///
/// Each corpus is a unique folder under the temporary directory, so tests that run in
/// parallel never see each other's files. Reusable by any test that needs scenario files.
struct ScenarioCorpus {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("marketsim-scenarios-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` (which may contain subfolders) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The path `name` would have in the corpus.
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

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
