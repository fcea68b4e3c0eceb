import Foundation
import MarketModel
import ScenarioFormat

/// What kind of marketsim output a folder holds, told by the files in it.
public enum OutputFolderKind: String, Sendable {
    /// One run: `trajectories.csv` with a single replication.
    case run
    /// Replications of one scenario: `trajectories.csv` with several.
    case replicatedRun = "replicated run"
    /// A parameter sweep: `points.csv` or `runs.csv` (and `sensitivity.csv` for Sobol).
    case sweep
    /// Two scenarios on common random numbers: `compare.csv` and run folders `a/`, `b/`.
    case compare
    /// An ABC-SMC calibration: `posterior.csv`, `generations.csv` and `targets.csv`.
    case calibration

    /// The kind of the folder at `path`, or an error naming the folder when it is
    /// missing or holds no marketsim output.
    public static func detect(folder path: String) throws -> OutputFolderKind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(path: path, "no such folder")
        }
        let has = { (name: String) in FileManager.default.fileExists(atPath: path + "/" + name) }
        if has("compare.csv") { return .compare }
        if has(OutputFileNames.Calibration.posterior) && has(OutputFileNames.Calibration.generations) && has(OutputFileNames.Calibration.targets) { return .calibration }
        if has(OutputFileNames.Sweep.points) || has(OutputFileNames.Sweep.runs) || has(OutputFileNames.Sweep.sensitivity) { return .sweep }
        if has("trajectories.csv") {
            // A run writes bands.csv even for one replication, so count them.
            let table = try CSVTable.read(path: path + "/trajectories.csv")
            return Set(try table.strings("replication")).count > 1 ? .replicatedRun : .run
        }
        throw InputError(path: path, "not a marketsim output folder: it has none of trajectories.csv (a run), "
                         + "points.csv or runs.csv (a sweep), compare.csv (a comparison), posterior.csv (a calibration)")
    }
}

extension OutputFolderKind {
    /// The JSON object in the file at `path` (a manifest, a resolved scenario, the facts of
    /// a discovery), `nil` when there is no such file; an error naming the file when it
    /// is not JSON or holds something other than an object.
    static func jsonObject(at path: String) throws -> JSONObject? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let root: JSONValue
        do {
            root = try JSONParser.parse(String(decoding: data, as: UTF8.self), file: path)
        } catch {
            throw InputError(path: path, "not valid JSON: \(error)")
        }
        guard case .object(let members) = root else { throw InputError(path: path, "not a JSON object (marketsim writes one)") }
        return members
    }
}

/// The facts of an output folder's `manifest.json` worth showing at the top of a
/// report: the well-known ones (scenario, seed, replications, version) first, then
/// every other scalar entry, nested objects flattened to dotted keys, in key order.
struct ManifestFacts {
    let facts: [(key: String, value: String)]

    /// The scenario's name, if the manifest names one.
    var scenarioName: String? {
        facts.first { ["scenario", "scenario_name", "scenario.name", "name"].contains($0.key) }?.value
    }

    /// Reads `manifest.json` in `folder`; no manifest gives no facts, a malformed one
    /// is an error naming the file.
    static func read(folder: String) throws -> ManifestFacts {
        guard let members = try OutputFolderKind.jsonObject(at: folder + "/manifest.json") else { return ManifestFacts(facts: []) }
        var flat: [(String, String)] = []
        for key in members.keys.sorted() {
            flatten(members[key]!, key: key, into: &flat)
        }
        let leading = ["scenario", "scenario_name", "scenario.name", "name", "seed", "master_seed",
                       "replications", "version", "marketsim_version"]
        let first = leading.compactMap { key in flat.first { $0.0 == key } }
        let rest = flat.filter { !leading.contains($0.0) }
        return ManifestFacts(facts: (first + rest).map { (key: $0.0, value: $0.1) })
    }

    private static func flatten(_ value: JSONValue, key: String, into flat: inout [(String, String)]) {
        switch value {
        case .object(let members):
            for inner in members.keys.sorted() { flatten(members[inner]!, key: key + "." + inner, into: &flat) }
        case .array(let items):
            let scalars = items.compactMap(\.scalarText)
            if scalars.count == items.count && !items.isEmpty { flat.append((key, scalars.joined(separator: " "))) }
        default:
            if let text = value.scalarText { flat.append((key, text)) }
        }
    }
}

extension JSONValue {
    /// The text of a scalar in the report (`nil` for arrays and objects).
    var scalarText: String? {
        switch self {
        case .bool(let value): String(value)
        case .number(let value): CSVFormat.number(value)
        case .string(let value): value
        case .null: "null"
        case .array, .object: nil
        }
    }
}
