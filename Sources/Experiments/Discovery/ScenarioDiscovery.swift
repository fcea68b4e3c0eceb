import Foundation
import MarketModel
import Reporting
import ScenarioFormat

/// Scenario discovery on a sweep's output: which parameter ranges make an outcome hold
/// (`outcome > threshold` or `< threshold`), found by PRIM over the sweep's runs (each
/// run a case, so replications weigh a point by how often the outcome holds there).
///
/// Writes into its folder `trajectory.csv` (one row per peeling step: coverage,
/// density, mass, cases inside, and each parameter's bounds), `box.csv` (the chosen
/// box after pasting: each parameter's bounds beside the sweep's range, and whether the
/// box restricts it) and `discover.json` (what was asked, of which scenario's sweep, and
/// which step was chosen).
public struct ScenarioDiscovery {
    public enum Direction: String, Sendable {
        case above
        case below
    }

    public let parameters: [String]
    public let outcome: String
    public let direction: Direction
    public let threshold: Double
    public let prim: PRIM
    public let trajectory: [PRIM.Step]
    public let chosenStep: Int
    /// The chosen step's box after pasting.
    public let box: PRIM.Step
    /// The runs whose outcome is missing (left out).
    public let missing: Int
    /// The scenario the sweep varied, as its manifest records it (nil for an older sweep).
    public let baseScenario: BaseScenario?

    /// Reads `folder`/runs.csv and `folder`/points.csv (for the parameter names) and runs PRIM.
    public init(sweepFolder folder: String, outcome: String, direction: Direction, threshold: Double,
                densityThreshold: Double = 0.8, peelAlpha: Double = 0.05, pasteAlpha: Double = 0.05,
                minimumMass: Double = 0.05) throws {
        let runsPath = folder + "/" + OutputFileNames.Sweep.runs
        guard FileManager.default.fileExists(atPath: runsPath) else {
            throw InputError(path: folder, "not a sweep folder: it has no \(OutputFileNames.Sweep.runs)")
        }
        let runs = try CSVTable.read(path: runsPath)
        let points = try CSVTable.read(path: folder + "/" + OutputFileNames.Sweep.points)
        let parameters = Array(points.header.dropFirst().prefix { !$0.hasSuffix("_mean") })
        let outcomes = runs.header.filter { !SweepOutputFolder.runIdentityColumns.contains($0) && !parameters.contains($0) }
        guard runs.hasColumn(outcome), outcomes.contains(outcome) else {
            let suggestion = Schema.suggestion(for: outcome, among: outcomes)
            throw InputError(path: runsPath, "no outcome \(JSONValue.excerpt(outcome))" + (suggestion.map { " (did you mean \(JSONValue.excerpt($0))?)" } ?? "")
                             + "; the sweep's outcomes are " + JSONValue.shortened(outcomes.joined(separator: ", ")))
        }
        guard !parameters.isEmpty else { throw InputError(path: folder + "/" + OutputFileNames.Sweep.points, "the sweep has no parameters") }
        let columns = try parameters.map { try runs.numbers($0) }
        let values = try runs.numbers(outcome)
        var cases: [[Double]] = []
        var flags: [Bool] = []
        var missing = 0
        for run in runs.rows.indices {
            guard let value = values[run], value.isFinite else {
                missing += 1
                continue
            }
            let point = columns.map { $0[run] ?? .nan }
            guard point.allSatisfy(\.isFinite) else {
                missing += 1
                continue
            }
            cases.append(point)
            flags.append(direction == .above ? value > threshold : value < threshold)
        }
        guard !cases.isEmpty else { throw InputError(path: runsPath, "no run has a value of \(outcome)") }
        baseScenario = try BaseScenario.recorded(in: folder + "/" + OutputFileNames.Sweep.manifest)
        self.parameters = parameters
        self.outcome = outcome
        self.direction = direction
        self.threshold = threshold
        self.missing = missing
        prim = PRIM(cases: cases, interesting: flags, peelAlpha: peelAlpha, pasteAlpha: pasteAlpha, minimumMass: minimumMass)
        trajectory = prim.peel()
        chosenStep = PRIM.choose(trajectory, threshold: densityThreshold)
        box = prim.paste(trajectory[chosenStep].box)
    }

    /// The condition in words: "gap_points_final > 5".
    public var condition: String {
        "\(outcome) \(direction == .above ? ">" : "<") \(CSVFormat.number(threshold))"
    }

    /// The header of trajectory.csv.
    public var trajectoryColumns: [String] {
        ["step", "coverage", "density", "mass", "cases_inside"] + parameters.flatMap { [$0 + "_low", $0 + "_high"] }
    }

    /// The header of box.csv.
    public static let boxColumns = ["parameter", "low", "high", "sweep_low", "sweep_high", "restricted"]

    /// Writes trajectory.csv, box.csv and discover.json into `folder` (which must exist).
    public func write(into folder: String) throws {
        let writer = try CSVWriter(path: folder + "/" + OutputFileNames.Discovery.trajectory, columns: trajectoryColumns)
        for (index, step) in trajectory.enumerated() {
            try writer.write([String(index), CSVFormat.number(step.coverage), CSVFormat.number(step.density),
                              CSVFormat.number(step.mass), String(step.casesInside)]
                             + parameters.indices.flatMap { [CSVFormat.number(step.box.lower[$0]), CSVFormat.number(step.box.upper[$0])] })
        }
        try writer.close()
        let full = prim.fullBox
        let boxWriter = try CSVWriter(path: folder + "/" + OutputFileNames.Discovery.box, columns: Self.boxColumns)
        for (d, name) in parameters.enumerated() {
            let restricted = box.box.lower[d] > full.lower[d] || box.box.upper[d] < full.upper[d]
            try boxWriter.write([name, CSVFormat.number(box.box.lower[d]), CSVFormat.number(box.box.upper[d]),
                                 CSVFormat.number(full.lower[d]), CSVFormat.number(full.upper[d]), restricted ? "true" : "false"])
        }
        try boxWriter.close()
        let facts = """
            {
              "\(BaseScenario.nameKey)": \(baseScenario.map { JSONValue.quote($0.name) } ?? "null"),
              "\(BaseScenario.arguesKey)": \(baseScenario.map { JSONValue.quote($0.argues) } ?? "null"),
              "outcome": \(JSONValue.quote(outcome)),
              "condition": \(JSONValue.quote(condition)),
              "cases": \(prim.cases.count),
              "missing": \(missing),
              "peel_alpha": \(CSVFormat.number(prim.peelAlpha)),
              "paste_alpha": \(CSVFormat.number(prim.pasteAlpha)),
              "minimum_mass": \(CSVFormat.number(prim.minimumMass)),
              "chosen_step": \(chosenStep),
              "coverage": \(CSVFormat.number(box.coverage)),
              "density": \(CSVFormat.number(box.density)),
              "mass": \(CSVFormat.number(box.mass))
            }

            """
        let path = folder + "/" + OutputFileNames.Discovery.facts
        try OutputError.checking("write", path) { try Data(facts.utf8).write(to: URL(fileURLWithPath: path)) }
    }
}
