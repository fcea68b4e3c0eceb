import Foundation
import MarketModel
import ScenarioFormat

/// The scenario an experiment varies or fits (a sweep's base, a calibration's base, the
/// sweep a discovery reads), as its folder records it: its name and the case it argues,
/// so that every report on the folder can say whose numbers these are. `bull` and `bear`
/// both lean proprietary, which their names alone do not say.
///
/// Sweeps, calibrations and discoveries record it under `nameKey` and `arguesKey` in
/// their manifest.json (discover.json for a discovery); folders written before these
/// keys existed have neither, and read as an unnamed scenario.
public struct BaseScenario: Sendable, Equatable {
    public let name: String
    /// The case in a few words; empty when the scenario says none.
    public let argues: String

    public static let nameKey = "base_scenario"
    public static let arguesKey = "base_scenario_argues"

    public init(name: String, argues: String) {
        self.name = name
        self.argues = argues
    }

    public init(_ scenario: Scenario) {
        self.init(name: scenario.name, argues: scenario.argues)
    }

    /// The scenario recorded in the JSON object of the file at `path`; nil when the file or
    /// the name is missing (an older folder); an error naming the file when it is not JSON.
    public static func recorded(in path: String) throws -> BaseScenario? {
        guard let object = try OutputFolderKind.jsonObject(at: path),
              case .string(let name)? = object[nameKey], !name.isEmpty else { return nil }
        if case .string(let argues)? = object[arguesKey] { return BaseScenario(name: name, argues: argues) }
        return BaseScenario(name: name, argues: "")
    }

    /// "base, which argues convergence (the central case)": the recorded case, or the
    /// shipped scenario's of that name (in the reports' fuller words) when none is recorded.
    public var description: String {
        let argued = ScenarioCase.shipped[name].flatMap { shipped in argues.isEmpty || shipped.hasPrefix(argues) ? shipped : nil }
            ?? (argues.isEmpty ? nil : argues)
        return argued.map { "\(name), which argues \($0)" } ?? "\(name), which states no case it argues"
    }

    /// How a report names the scenario of `recorded`, for a folder that may predate the record.
    public static func describe(_ recorded: BaseScenario?) -> String {
        recorded?.description ?? "an unnamed scenario (the folder predates marketsim recording it)"
    }
}
