import Foundation
import MarketModel
@testable import Reporting
import ScenarioFormat
import Testing

/// A run's files, `marketsim columns` and the metric tables name the same columns in the
/// same order: each column is declared once (`RunRecorder`, `ActorRow`, `EventRow`,
/// `OrganizationRow`), and the headers and the dictionary are read from those tables.
@Suite("Each output column declared once")
struct ColumnDictionaryTests {
    static let identity = ["replication", "date", "day"]

    /// The columns of each run file as the tables declare them, the identity columns
    /// written out here as the files must start.
    static func tables(_ compiled: CompiledScenario) -> [(file: String, columns: [String])] {
        [("trajectories.csv", identity + RunRecorder(compiled: compiled).metrics.map(\.name) + RunRecorder(compiled: compiled).bookedMetrics.map(\.name)),
         ("actors.csv", identity + ["actor", "kind", "organization"] + ActorRow.metrics.map(\.name)),
         ("organizations.csv", identity + ["organization", "roles"] + OrganizationRow.columns.map(\.name)),
         ("events.csv", identity + EventRow.columns.map(\.name))]
    }

    /// The column names of `file`'s Markdown table in `marketsim columns`.
    static func markdownColumns(_ markdown: String, file: String) -> [String] {
        guard let section = markdown.components(separatedBy: "### ").first(where: { $0.hasPrefix(file + "\n") }) else { return [] }
        return section.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
            String(line.dropFirst(3).prefix { $0 != "`" })
        }
    }

    @Test("A run's headers, `marketsim columns` (CSV and Markdown) and the metric tables agree, column for column")
    func headersDictionaryAndTablesAgree() throws {
        let loaded = try ScenarioFile.load(OrganizationAccountsTests.base, overrides: ["buyers.count=200", "months=6"])
        let compiled = loaded.compiled
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("columns-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try RunWriter(output: OutputDirectory(path: folder, replaceExisting: false), compiled: compiled)
        var sim = MarketSimulation(compiled: compiled, seed: 3, replication: 0)
        try writer.append(sim.run())
        try writer.finish(manifest: ["scenario": "base"], resolvedScenario: loaded.resolved.value)

        let dictionary = try CSVTable(text: ColumnDictionary.csv(for: compiled), path: "marketsim columns --csv")
        let (fileColumn, nameColumn) = (try dictionary.requireColumn("file"), try dictionary.requireColumn("column"))
        let markdown = ColumnDictionary.markdown(for: compiled)
        let tables = Self.tables(compiled)
        // The families (per segment, price level and actor kind) are present, so they are compared too.
        #expect(["gap_points_coding", "cc_price_usd_per_mtok_q60", "surplus_share_infra"].allSatisfy(tables[0].columns.contains))
        for (file, columns) in tables {
            let written = try CSVTable.read(path: folder + "/" + file)
            #expect(written.header == columns, "\(file): header against the tables")
            #expect(written.rows.allSatisfy { $0.count == columns.count }, "\(file): a row's width")
            #expect(dictionary.rows.filter { $0[fileColumn] == file }.map { $0[nameColumn] } == columns,
                    "\(file): marketsim columns --csv against the tables")
            #expect(Self.markdownColumns(markdown, file: file) == columns, "\(file): marketsim columns against the tables")
        }
        #expect(try !CSVTable.read(path: folder + "/trajectories.csv").rows.isEmpty)
        #expect(try !CSVTable.read(path: folder + "/events.csv").rows.isEmpty)
    }

    @Test("Every run-file column has a unit and a meaning; the events' codes are listed in the dictionary")
    func everyColumnDescribed() throws {
        let compiled = try ScenarioFile.load(OrganizationAccountsTests.base).compiled
        for (file, columns) in ColumnDictionary.files(for: compiled).prefix(4) {
            for column in columns {
                #expect(!column.unit.isEmpty && column.meaning.hasSuffix("."), "\(file) \(column.name)")
            }
        }
        let meaning = { (name: String) in ColumnDictionary.events.first { $0.name == name }!.meaning }
        for kind in EventKind.allCases { #expect(meaning("kind").contains(kind.rawValue), "\(kind)") }
        for trigger in EventTrigger.allCases { #expect(meaning("trigger").contains(trigger.rawValue), "\(trigger)") }
    }

    @Test("Every metric the report's headline table and the consoles' value capture name is a trajectory metric")
    func headlineMetricsExist() throws {
        // The headline leaves out a metric a folder lacks, so a renamed metric would vanish from it silently.
        let metrics = Set(RunRecorder(compiled: try ScenarioFile.load(OrganizationAccountsTests.base).compiled).metrics.map(\.name))
        for outcome in HeadlineTable.outcomes { #expect(metrics.contains(outcome.metric), "\(outcome.metric)") }
        for metric in ValueCapture.headlineMetrics + ValueCapture.detailMetrics.map(\.metric) {
            #expect(metrics.contains(metric), "\(metric)")
        }
    }
}
