import Foundation
import MarketModel
import ScenarioFormat

/// The contents of a comparison folder ready to chart: each scenario's bands (from the
/// folder's `bands.csv`, in the order the scenarios were given), its description (from
/// its run folder's `scenario.json`), and the paired differences against the
/// reference over time (from `differences.csv`).
struct ComparisonData {
    struct Scenario {
        let label: String
        /// The scenario's one-line thesis and its description (from its `scenario.json`).
        let thesis: String?
        let description: String?
        /// The case it argues (see `ScenarioCase`).
        let argues: String?
        let run: RunData
        /// Its run folder's summary.csv by metric and statistic.
        let summary: [String: [String: Double]]
    }

    /// One other scenario's paired difference from the reference, per date.
    struct Difference {
        let dates: [CalendarDate]
        let mean: [Double?]
        let low: [Double?]
        let high: [Double?]
    }

    let scenarios: [Scenario]
    /// differences[metric][scenario label]
    let differences: [String: [String: Difference]]
    let replications: Int

    var reference: String { scenarios[0].label }

    static func load(folder: String) throws -> ComparisonData {
        let bands = try CSVTable.read(path: folder + "/bands.csv")
        let labelColumn = try bands.requireColumn("scenario")
        var labels: [String] = []
        for row in bands.rows where labels.last != row[labelColumn] && !labels.contains(row[labelColumn]) {
            labels.append(row[labelColumn])
        }
        guard labels.count >= 2 else {
            throw InputError(path: bands.path, "a comparison needs at least two scenarios, found \(labels.count)")
        }
        let replications = try Self.replications(folder: folder)
        let scenarios = try labels.map { label in
            Scenario(label: label, thesis: try text("thesis", folder: folder + "/" + label),
                     description: try text("description", folder: folder + "/" + label),
                     argues: try ScenarioCase.argues(name: label, folder: folder + "/" + label),
                     run: try RunData.load(comparisonBands: bands, scenario: label, replications: replications),
                     summary: try ReportAnswer.summary(folder: folder + "/" + label))
        }
        return ComparisonData(scenarios: scenarios, differences: try differences(path: folder + "/differences.csv"),
                              replications: replications)
    }

    private static func replications(folder: String) throws -> Int {
        let path = folder + "/manifest.json"
        guard let members = try OutputFolderKind.jsonObject(at: path), let value = members["replications"] else { return 0 }
        // A count, so that Int() below cannot trap on a fraction or a huge number.
        guard case .number(let count) = value, count >= 0, count <= 1e9, count == count.rounded() else {
            throw InputError(path: path, "replications: \(JSONValue.shortened(value.canonicalText)) is not a count of replications")
        }
        return Int(count)
    }

    /// A text field of a run folder's resolved scenario (`description`, `thesis`), if set.
    static func text(_ key: String, folder: String) throws -> String? {
        guard let members = try OutputFolderKind.jsonObject(at: folder + "/scenario.json"),
              case .string(let text)? = members[key], !text.isEmpty else { return nil }
        return text
    }

    private static func differences(path: String) throws -> [String: [String: Difference]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let table = try CSVTable.read(path: path)
        let (dateColumn, metricColumn, scenarioColumn) = (try table.requireColumn("date"), try table.requireColumn("metric"),
                                                          try table.requireColumn("scenario"))
        let (meanColumn, lowColumn, highColumn) = (try table.requireColumn("mean_difference"), try table.requireColumn("ci95_low"),
                                                   try table.requireColumn("ci95_high"))
        var rows: [String: [String: [(CalendarDate, Double?, Double?, Double?)]]] = [:]
        for index in table.rows.indices {
            let row = table.rows[index]
            rows[row[metricColumn], default: [:]][row[scenarioColumn], default: []].append(
                (try table.date(row: index, column: dateColumn), try table.number(row: index, column: meanColumn), try table.number(row: index, column: lowColumn),
                 try table.number(row: index, column: highColumn)))
        }
        return rows.mapValues { byScenario in
            byScenario.mapValues { points in
                let sorted = points.sorted { $0.0 < $1.0 }
                return Difference(dates: sorted.map(\.0), mean: sorted.map(\.1), low: sorted.map(\.2), high: sorted.map(\.3))
            }
        }
    }
}
