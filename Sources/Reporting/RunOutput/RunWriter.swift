import Foundation
import MarketModel

/// Writes a run folder as replications arrive: `trajectories.csv`, `actors.csv`,
/// `events.csv` streamed row by row; `summary.csv`, `bands.csv` and `manifest.json`
/// at the end. The folder is staged and appears whole on `finish()`.
public final class RunWriter {
    public let output: OutputDirectory
    let compiled: CompiledScenario
    let recorder: RunRecorder
    let trajectories: CSVWriter
    let actors: CSVWriter
    let events: CSVWriter
    public private(set) var finalValues: [[Double]] = []
    public private(set) var fingerprints: [String] = []

    public init(output: OutputDirectory, compiled: CompiledScenario) throws {
        self.output = output
        self.compiled = compiled
        recorder = RunRecorder(compiled: compiled)
        trajectories = try CSVWriter(path: output.file("trajectories.csv"), columns: recorder.columns)
        actors = try CSVWriter(path: output.file("actors.csv"),
                               columns: ["replication", "date", "day", "actor", "kind", "organization"] + ActorRow.columns)
        events = try CSVWriter(path: output.file("events.csv"),
                               columns: ["replication", "date", "day", "actor", "kind", "model", "detail"])
    }

    func date(_ day: Double) -> String {
        CalendarDate(daysSinceEpoch: compiled.startDate.daysSinceEpoch + Int(day.rounded(.down))).description
    }

    /// Appends one replication's rows.
    public func append(_ result: RunResult) throws {
        let rep = String(result.replication)
        for (values, day) in zip(result.trajectory, result.trajectoryDays) {
            try trajectories.write([rep, date(day), CSVFormat.number(day)] + values.map(CSVFormat.number))
        }
        let a = compiled.scenario.actors
        let ids = a.frontier.map(\.id) + a.openLabs.map(\.id) + a.distillers.map(\.id) + a.infra.map(\.id)
        let orgs = a.frontier.map(\.organization) + a.openLabs.map(\.organization) + a.distillers.map(\.organization)
            + a.infra.map(\.organization)
        let kinds = a.frontier.map { _ in ActorKind.frontierLab } + a.openLabs.map { _ in ActorKind.openLab }
            + a.distillers.map { _ in ActorKind.distiller } + a.infra.map { _ in ActorKind.infra }
        for row in result.actorRows {
            try actors.write([rep, date(row.day), CSVFormat.number(row.day), ids[row.actor], kinds[row.actor].name,
                              orgs[row.actor]] + row.values.map(CSVFormat.number))
        }
        for e in result.events {
            try events.write([rep, date(e.day), CSVFormat.number(e.day), e.actor, e.kind, e.model, e.detail])
        }
        if let last = result.trajectory.last { finalValues.append(last) }
        fingerprints.append(result.fingerprint)
    }

    /// Closes the CSV files. Call `output.commit()` after writing the remaining files.
    public func close() throws {
        try trajectories.close()
        try actors.close()
        try events.close()
    }
}
