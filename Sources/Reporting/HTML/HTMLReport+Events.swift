import Foundation
import MarketModel
import ScenarioFormat

/// The events timeline of a run folder: the first replication's releases, distillations,
/// price moves and incidents (hosting changes are many and left to events.csv).
extension HTMLReport {
    static let timelineKinds = [EventKind.frontierRelease, .openRelease, .distillation, .priceChange, .backdoorIncident,
                                .backdoorIncidentEnd].map(\.rawValue)

    /// The timeline figure of `folder`'s events.csv, or `nil` when it has none of those events.
    static func timelineFigure(folder: String, id: String, title: String, dates: [CalendarDate]) throws -> ReportFigure? {
        let path = folder + "/events.csv"
        guard FileManager.default.fileExists(atPath: path), let start = dates.first, let end = dates.last else { return nil }
        let table = try CSVTable.read(path: path, mayBeEmpty: true)
        let (replicationColumn, dateColumn, kindColumn) = (try table.requireColumn("replication"), try table.requireColumn("date"),
                                                           try table.requireColumn("kind"))
        guard let first = table.rows.first?[replicationColumn] else { return nil }
        var byKind: [String: [CalendarDate]] = [:]
        for (index, row) in table.rows.enumerated() where row[replicationColumn] == first && timelineKinds.contains(row[kindColumn]) {
            byKind[row[kindColumn], default: []].append(try table.date(row: index, column: dateColumn))
        }
        let rows = timelineKinds.compactMap { kind in byKind[kind].map { (kind: kind, dates: $0) } }
        guard !rows.isEmpty else { return nil }
        let chart = EventTimelineChart(id: id + "-chart", title: title, rows: rows, start: start, end: end)
        return ReportFigure(id: "fig-" + id,
                            caption: "Events of replication \(first) by kind and date (events.csv); other replications differ in timing.",
                            chart: .timeline(chart))
    }
}
