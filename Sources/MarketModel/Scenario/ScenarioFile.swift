import Foundation
import SimulationKit

/// Scenario files: from a name or path to a validated, compiled scenario.
///
/// Loading reads the file and its `extends` chain, applies `--set` overrides,
/// validates every key against `ScenarioSchema` (filling defaults), decodes the
/// `Scenario` types, and checks references between actors, segments and events;
/// every problem is reported at once, each with the file and JSON path to edit.
public enum ScenarioFile {
    /// A scenario ready to run.
    public struct Loaded: Sendable {
        public let scenario: Scenario
        public let compiled: CompiledScenario
        public let resolved: ResolvedScenario
        /// FNV-1a of the resolved scenario's canonical JSON, sixteen hex digits.
        public var hash: String {
            let h = StreamKey.fnv1a(resolved.canonicalText)
            let hex = String(h, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
    }

    /// The folder of the scenarios shipped with marketsim, the first of: the release's
    /// `share/marketsim/Scenarios` beside the folder of the running binary (an unpacked
    /// tarball or an installed wheel, wherever it was put), `MARKETSIM_SCENARIOS` if set,
    /// and the `Scenarios` folder of the source tree the binary was built from.
    public static var shippedFolder: String {
        if let release = releaseFolder { return release }
        if let env = ProcessInfo.processInfo.environment["MARKETSIM_SCENARIOS"], !env.isEmpty { return env }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios").path
    }

    /// `../share/marketsim/Scenarios` from the running binary's real folder (symbolic
    /// links resolved, so a link on the PATH finds the release it points into), if it exists.
    private static var releaseFolder: String? {
        #if os(Linux)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        #endif
        let folder = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/marketsim/Scenarios").path
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue ? folder : nil
    }

    /// The shipped scenarios' names, sorted: the top folder's, then `examples/` (sweeps
    /// are not scenarios and are not listed).
    public static func shipped() -> [String] {
        func json(in folder: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        }
        return json(in: shippedFolder) + json(in: shippedFolder + "/examples").map { "examples/" + $0 }
    }

    /// `nameOrPath` as a path: an existing file as given; otherwise a name resolves to
    /// the shipped scenario of that name (`bull`, `bull.json`, `examples/minimal`), and
    /// anything else stays as given (so errors name what the user wrote).
    public static func locate(_ nameOrPath: String) -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: nameOrPath) || nameOrPath.hasPrefix("/") || nameOrPath.hasPrefix(".") { return nameOrPath }
        for candidate in [nameOrPath, nameOrPath + ".json"] {
            let path = shippedFolder + "/" + candidate
            if fm.fileExists(atPath: path) { return path }
        }
        return nameOrPath
    }

    /// Reads the file (and its `extends` chain) without validating, for sweeps that
    /// resolve it once per design point.
    public static func read(_ nameOrPath: String) throws(ScenarioError) -> ScenarioSource {
        try ScenarioLoader.read(file: locate(nameOrPath))
    }

    /// Loads `nameOrPath` with `overrides` written `path=value`.
    public static func load(_ nameOrPath: String, overrides: [String] = []) throws(ScenarioError) -> Loaded {
        var parsed: [ScenarioOverride] = []
        var issues: [ScenarioIssue] = []
        for text in overrides {
            do { parsed.append(try ScenarioOverride(parsing: text)) } catch { issues.append(error) }
        }
        let source: ScenarioSource
        do {
            source = try read(nameOrPath)
        } catch {
            throw ScenarioError(file: error.file, issues: error.issues + issues)
        }
        guard issues.isEmpty else { throw ScenarioError(file: source.file, issues: issues) }
        return try resolve(source, overrides: parsed)
    }

    /// Validates and compiles `source` with `overrides` applied.
    public static func resolve(_ source: ScenarioSource, overrides: [ScenarioOverride] = []) throws(ScenarioError) -> Loaded {
        var compiled: CompiledScenario?
        var decoded: Scenario?
        let resolved = try source.resolve(overrides: overrides, schema: ScenarioSchema.schema) { value, diagnostics in
            do {
                let scenario = try JSONValueDecoder().decode(Scenario.self, from: value)
                decoded = scenario
                compiled = try CompiledScenario(scenario)
            } catch let error as ScenarioCompileError {
                for issue in error.issues {
                    diagnostics.error(at: (try? JSONPath(parsing: issue.path)) ?? .root, issue.message)
                }
            } catch {
                diagnostics.error(at: .root, "\(error)")
            }
        }
        return Loaded(scenario: decoded!, compiled: compiled!, resolved: resolved)
    }
}

