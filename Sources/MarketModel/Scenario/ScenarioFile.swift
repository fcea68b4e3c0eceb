import Foundation
import ScenarioFormat
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
        public let compiled: CompiledScenario
        /// The scenario as read from `resolved`: the value the run follows.
        public var scenario: Scenario { compiled.scenario }
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
        // A folder of that name (a run's output called `base`, say) does not hide the shipped scenario.
        var isFolder: ObjCBool = false
        let isFile = fm.fileExists(atPath: nameOrPath, isDirectory: &isFolder) && !isFolder.boolValue
        if isFile || nameOrPath.hasPrefix("/") || nameOrPath.hasPrefix(".") { return nameOrPath }
        for candidate in [nameOrPath, nameOrPath + ".json"] {
            let path = shippedFolder + "/" + candidate
            if fm.fileExists(atPath: path) { return path }
        }
        return nameOrPath
    }

    /// Reads the file (and its `extends` chain) without validating, for sweeps that
    /// resolve it once per design point. A name that is neither a file nor a shipped
    /// scenario, a folder, or a file of another kind (a sweep) is reported as such.
    public static func read(_ nameOrPath: String) throws(ScenarioError) -> ScenarioSource {
        let file = locate(nameOrPath)
        if let problem = kindProblem(file, asGiven: nameOrPath) {
            throw ScenarioError(file: file, issues: [ScenarioIssue(origin: file, message: problem)])
        }
        let source = try ScenarioLoader.read(file: file) { name in
            let shipped = locate(name)
            return shipped != name && FileManager.default.fileExists(atPath: shipped) ? shipped : nil
        }
        if case .object(let object) = source.merged, object["base"] != nil, object["parameters"] != nil {
            // A calibration file has targets beside the parameters a sweep file also has.
            let message = object["targets"] != nil
                ? "this is a calibration file, not a scenario: run it with `marketsim calibrate \(nameOrPath)`"
                : "this is a sweep file, not a scenario: run it with `marketsim sweep \(nameOrPath)`"
            throw ScenarioError(file: file, issues: [ScenarioIssue(origin: file, message: message)])
        }
        return source
    }

    /// Why `file` cannot be a scenario before it is read: missing (with the shipped
    /// scenario it may mean) or a folder (a run or sweep output folder said so).
    static func kindProblem(_ file: String, asGiven name: String) -> String? {
        var isDirectory: ObjCBool = false
        let fm = FileManager.default
        guard fm.fileExists(atPath: file, isDirectory: &isDirectory) else {
            guard !name.contains("/") else { return "no such file" }
            let names = shipped().map { $0.hasSuffix(".json") ? String($0.dropLast(5)) : $0 }
            var message = "no such file, and no shipped scenario of that name"
            if let suggestion = Schema.suggestion(for: name.hasSuffix(".json") ? String(name.dropLast(5)) : name, among: names) {
                message += " (did you mean \"\(suggestion)\"?)"
            }
            return message + "; shipped: " + names.joined(separator: ", ")
        }
        guard isDirectory.boolValue else { return nil }
        let has = { (entry: String) in fm.fileExists(atPath: file + "/" + entry) }
        if has("posterior.csv") {
            return "is a calibration's output folder, not a scenario file: `marketsim report \(name)` draws it, "
                + "`marketsim run --posterior \(name)` forecasts with it"
        }
        if has("runs.csv") || has("points.csv") {
            return "is a sweep's output folder, not a scenario file: `marketsim report \(name)` draws it"
        }
        if has("trajectories.csv") || has("compare.csv") {
            return "is a run's output folder, not a scenario file: `marketsim report \(name)` draws it"
        }
        return "is a folder, not a scenario file"
    }

    /// Loads `nameOrPath` with `overrides` written `path=value`.
    public static func load(_ nameOrPath: String, overrides: [String] = []) throws(ScenarioError) -> Loaded {
        let (source, parsed) = try ScenarioLoader.read(overrides: overrides) { () throws(ScenarioError) in try read(nameOrPath) }
        return try resolve(source, overrides: parsed)
    }

    /// Validates and compiles `source` with `overrides` applied: the validated value is
    /// read once into the `Scenario` that the run, `scenario.json` and the hash all follow.
    public static func resolve(_ source: ScenarioSource, overrides: [ScenarioOverride] = []) throws(ScenarioError) -> Loaded {
        var compiled: CompiledScenario?
        let resolved = try source.resolve(overrides: overrides, schema: ScenarioSchema.schema) { value, diagnostics in
            do throws(ScenarioCompileError) {
                compiled = try CompiledScenario(Scenario.read(value, at: .root))
            } catch {
                for issue in error.issues { diagnostics.error(at: issue.path, issue.message) }
            }
        }
        return Loaded(compiled: compiled!, resolved: resolved)
    }
}
