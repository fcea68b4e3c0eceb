import Foundation

/// A scenario after its `extends` chain is read and merged, before overrides and validation.
///
/// A sweep reads its base scenario once into a `ScenarioSource` and then calls `resolve`
/// for each design point with that point's parameters as overrides.
public struct ScenarioSource: Sendable {
    /// One file of the chain: its name as shown in errors and its own content without
    /// `extends`, kept to tell which file set a value that fails validation.
    struct Layer: Sendable {
        let origin: String
        let value: JSONValue
    }

    /// The file that was asked for, as given.
    public let file: String
    /// The merged content, `extends` removed.
    public let merged: JSONValue
    let layers: [Layer]

    /// The files merged, base first, the asked-for file last; paths as the user or the
    /// `extends` keys wrote them, relative to the current folder.
    public var files: [String] { layers.map(\.origin) }

    /// Applies `overrides` in order, validates against `schema` (filling defaults), then runs
    /// `check` for cross-reference rules. `check` runs only when the schema found no error,
    /// so it may rely on every declared field being present with the right type; issues it
    /// records without an origin are attributed like schema errors. Throws every problem
    /// found, each attributed to the file or override that set the value.
    public func resolve(overrides: [ScenarioOverride] = [], schema: Schema,
                        check: (JSONValue, inout Diagnostics) -> Void = { _, _ in })
        throws(ScenarioError) -> ResolvedScenario
    {
        var diagnostics = Diagnostics()
        var value = merged
        for override in overrides {
            do {
                value = try value.setting(override.value, at: override.path)
            } catch {
                diagnostics.append(ScenarioIssue(origin: override.option, path: error.path, message: error.message))
            }
        }
        var validation = Diagnostics()
        let completed = schema.validate(value, diagnostics: &validation)
        if validation.isEmpty { check(completed, &validation) }
        validation.attribute { origin(ofPath: $0.path, in: value, overrides: overrides) }
        diagnostics.append(contentsOf: validation)
        guard diagnostics.isEmpty else { throw ScenarioError(file: file, issues: diagnostics.issues) }
        return ResolvedScenario(value: completed, files: files, overrides: overrides.map(\.option))
    }

    /// Who set the value at `path`: the last override whose path contains it (an override
    /// replaces its value whole), else the file that sets the deepest part of `path`, the
    /// later file on a tie. So a bad value names where it was written, and a missing key
    /// names the file that wrote the object it is missing from.
    func origin(ofPath path: JSONPath, in value: JSONValue, overrides: [ScenarioOverride]) -> String {
        if let override = overrides.last(where: { path.hasPrefix($0.path) }) { return override.option }
        var best: (length: Int, origin: String) = (0, file)
        for layer in layers {
            let length = ScenarioSource.matchedLength(of: path, in: layer.value, mergedInto: value)
            if length >= best.length { best = (length, layer.origin) }
        }
        // A key no file writes, inside an override's path, was made by that override
        // (`--set buyer.count=1` makes the unknown key `buyer`).
        if best.length < path.components.count,
           let override = overrides.last(where: { $0.path.hasPrefix(path) }) { return override.option }
        return best.origin
    }

    /// How many leading components of `path` (a path in `merged`) exist in `layer`, where
    /// an index into an id-keyed array is matched by the element's id, not its position.
    static func matchedLength(of path: JSONPath, in layer: JSONValue, mergedInto merged: JSONValue) -> Int {
        var layerValue = layer
        var mergedValue: JSONValue? = merged
        var length = 0
        for component in path.components {
            switch component {
            case .key(let key):
                guard let next = layerValue[key] else { return length }
                layerValue = next
                mergedValue = mergedValue?[key]
            case .index(let index):
                let element = mergedValue?[index]
                if let id = element.flatMap(JSONMerge.id(of:)), let elements = layerValue.array,
                   JSONMerge.isIdentified(elements)
                {
                    guard let match = elements.first(where: { JSONMerge.id(of: $0) == id }) else { return length }
                    layerValue = match
                } else {
                    guard let next = layerValue[index] else { return length }
                    layerValue = next
                }
                mergedValue = element
            }
            length += 1
        }
        return length
    }
}

/// A loaded scenario: validated, defaults filled, ready to decode.
public struct ResolvedScenario: Sendable, Equatable {
    /// The completed scenario.
    public let value: JSONValue
    /// The files merged, base first, the asked-for file last.
    public let files: [String]
    /// The overrides applied, as options (`--set a.b=1`), in order.
    public let overrides: [String]

    /// The canonical text of `value`, for the scenario hash in a run's manifest.
    public var canonicalText: String { value.canonicalText }
}

/// Reads scenario files: the one entry point from a file name to a validated scenario.
///
/// `load` reads the file, follows its `extends` chain (each path relative to the folder of
/// the file that names it, to any depth, cycles reported with the chain), deep-merges the
/// chain base first (rules in `JSONMerge`), applies `--set` overrides, validates against
/// the schema filling defaults, and runs the caller's cross-reference check. All problems
/// are reported together in one `ScenarioError`, one per line, each naming the file (or
/// option) to edit and the JSON path, or the line and column for a syntax error.
public enum ScenarioLoader {
    /// Loads `file` (a path) with `overrides` written `path=value`.
    public static func load(file: String, overrides: [String] = [], schema: Schema,
                            check: (JSONValue, inout Diagnostics) -> Void = { _, _ in })
        throws(ScenarioError) -> ResolvedScenario
    {
        let (source, parsed) = try read(overrides: overrides) { () throws(ScenarioError) in try read(file: file) }
        return try source.resolve(overrides: parsed, schema: schema, check: check)
    }

    /// Parses `overrides` (`path=value`) and reads the source with `read`, reporting the
    /// problems of both together.
    public static func read(overrides texts: [String], _ read: () throws(ScenarioError) -> ScenarioSource)
        throws(ScenarioError) -> (source: ScenarioSource, overrides: [ScenarioOverride])
    {
        var parsed: [ScenarioOverride] = []
        var issues: [ScenarioIssue] = []
        for text in texts {
            do { parsed.append(try ScenarioOverride(parsing: text)) } catch { issues.append(error) }
        }
        let source: ScenarioSource
        do {
            source = try read()
        } catch {
            throw ScenarioError(file: error.file, issues: error.issues + issues)
        }
        guard issues.isEmpty else { throw ScenarioError(file: source.file, issues: issues) }
        return (source, parsed)
    }

    /// Reads `file` and its `extends` chain and merges them. An `extends` naming no file
    /// relative to its scenario, and no folder, is looked up by `name` (the shipped
    /// scenarios, so `"extends": "base"` works anywhere).
    public static func read(file: String, name: (String) -> String? = { _ in nil }) throws(ScenarioError) -> ScenarioSource {
        var diagnostics = Diagnostics()
        var layers: [ScenarioSource.Layer] = []
        let merged = readChain(origin: file, referrer: nil, chain: [], layers: &layers, diagnostics: &diagnostics, name: name)
        guard diagnostics.isEmpty, let merged else {
            throw ScenarioError(file: file, issues: diagnostics.issues)
        }
        return ScenarioSource(file: file, merged: merged, layers: layers)
    }

    /// Reads one file of the chain and everything it extends; nil when it could not be read.
    private static func readChain(origin: String, referrer: String?, chain: [(identity: String, origin: String)],
                                  layers: inout [ScenarioSource.Layer], diagnostics: inout Diagnostics,
                                  name: (String) -> String?) -> JSONValue?
    {
        func report(_ message: String) {
            if let referrer {
                diagnostics.append(ScenarioIssue(origin: referrer, path: [.key("extends")], message: message))
            } else {
                diagnostics.append(ScenarioIssue(origin: origin, message: message))
            }
        }
        let identity = URL(fileURLWithPath: origin).standardizedFileURL.resolvingSymlinksInPath().path
        if chain.contains(where: { $0.identity == identity }) {
            let names = chain.map(\.origin) + [origin]
            report("circular extends: \(names.joined(separator: " -> "))")
            return nil
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: origin, isDirectory: &isDirectory) else {
            report(referrer == nil ? "no such file" : "cannot read \(JSONValue.shortened(origin)): no such file")
            return nil
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: origin) else {
            report(referrer == nil ? "cannot read the file" : "cannot read \(JSONValue.shortened(origin))")
            return nil
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            diagnostics.append(ScenarioIssue(origin: origin, message: "the file is not valid UTF-8 text"))
            return nil
        }
        var value: JSONValue
        do {
            value = try JSONParser.parse(text, file: origin)
        } catch {
            diagnostics.append(error.issue)
            return nil
        }
        guard case .object(var object) = value, let extends = object["extends"] else {
            layers.append(.init(origin: origin, value: value))
            return value
        }
        object["extends"] = nil
        value = .object(object)
        guard let basePath = extends.string, !basePath.isEmpty else {
            diagnostics.append(ScenarioIssue(origin: origin, path: [.key("extends")],
                                             message: "expected the path of a scenario file, found \(extends.foundDescription)"))
            return nil
        }
        if let problem = pathProblem(basePath) {
            diagnostics.append(ScenarioIssue(origin: origin, path: [.key("extends")], message: problem))
            return nil
        }
        var baseOrigin = relativePath(basePath, from: origin)
        // A bare name that is not a file here (a folder of that name, say) is a shipped scenario's.
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: baseOrigin, isDirectory: &isFolder) || isFolder.boolValue,
           !basePath.contains("/"), let named = name(basePath) {
            baseOrigin = named
        }
        guard let base = readChain(origin: baseOrigin, referrer: origin, chain: chain + [(identity, origin)],
                                   layers: &layers, diagnostics: &diagnostics, name: name) else { return nil }
        layers.append(.init(origin: origin, value: value))
        var mergeIssues = Diagnostics()
        let merged = JSONMerge.merge(base, value, diagnostics: &mergeIssues)
        mergeIssues.attribute { _ in origin }
        diagnostics.append(contentsOf: mergeIssues)
        return merged
    }

    /// Why a file path written in a file cannot be used, or nil: the system reads a path
    /// only up to a NUL (`"base.json\u0000x"` would open base.json), and no file name
    /// worth naming holds a control character. Public so sweep files check `base` alike.
    public static func pathProblem(_ path: String) -> String? {
        guard let scalar = path.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        let what = scalar.value == 0 ? "a NUL character" : "a control character"
        return "\(JSONValue.excerpt(path)) holds \(what); a file path cannot"
    }

    /// `path` as written in `file`, made relative to the current folder like `file` is:
    /// `base.json` named in `Scenarios/bull.json` is `Scenarios/base.json`. Absolute paths
    /// stay as they are; `.` and `..` are folded where the text allows.
    static func relativePath(_ path: String, from file: String) -> String {
        if path.hasPrefix("/") { return normalized(path) }
        let folder = (file as NSString).deletingLastPathComponent
        return normalized(folder.isEmpty ? path : folder + "/" + path)
    }

    /// `path` with `.` and `x/..` folded away, so errors name `Scenarios/base.json`
    /// rather than `Scenarios/sweeps/../base.json`.
    public static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !path.hasPrefix("/") { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
