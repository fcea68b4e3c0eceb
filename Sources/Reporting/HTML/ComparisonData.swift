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
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json") else { return 0 }
        let root = try JSONParser.parse(String(decoding: data, as: UTF8.self), file: folder + "/manifest.json")
        guard case .object(let members) = root, case .number(let count)? = members["replications"] else { return 0 }
        return Int(count)
    }

    /// A text field of a run folder's resolved scenario (`description`, `thesis`), if set.
    static func text(_ key: String, folder: String) throws -> String? {
        let path = folder + "/scenario.json"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let root = try JSONParser.parse(String(decoding: data, as: UTF8.self), file: path)
        guard case .object(let members) = root, case .string(let text)? = members[key], !text.isEmpty else { return nil }
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
            guard let date = CalendarDate(iso: row[dateColumn]) else {
                throw InputError(path: path, line: table.lineNumbers[index],
                                 "column date: \"\(row[dateColumn])\" is not a YYYY-MM-DD date")
            }
            rows[row[metricColumn], default: [:]][row[scenarioColumn], default: []].append(
                (date, try table.number(row: index, column: meanColumn), try table.number(row: index, column: lowColumn),
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
