import Foundation
import Synchronization

/// How fast a session ran: the runs it executed (not those a resume found finished), its
/// wall time and its worker threads. Sweeps and calibrations report it in their console
/// summary and manifest.json; the rate per core divides by `--jobs`, the worker threads,
/// which is the cores used when jobs does not exceed the machine's cores.
public struct RunThroughput: Sendable, Equatable {
    public let runs: Int
    public let seconds: Double
    public let jobs: Int

    public init(runs: Int, seconds: Double, jobs: Int) {
        self.runs = runs
        self.seconds = seconds
        self.jobs = max(1, jobs)
    }

    /// Runs per second of wall time (0 for a session that took no measurable time).
    public var runsPerSecond: Double { seconds > 0 ? Double(runs) / seconds : 0 }
    public var runsPerSecondPerCore: Double { runsPerSecond / Double(jobs) }

    /// The manifest's fields, in this order: session_wall_seconds,
    /// session_runs_per_second, session_runs_per_second_per_core (3 decimals each).
    public var manifestFields: [(key: String, value: Double)] {
        [("session_wall_seconds", seconds), ("session_runs_per_second", runsPerSecond),
         ("session_runs_per_second_per_core", runsPerSecondPerCore)].map { ($0.0, ($0.1 * 1000).rounded() / 1000) }
    }

    /// The line printed after a sweep's or calibration's summary (on standard error, as
    /// the progress line: the docs' examples drop both, being timings).
    public var consoleLine: String {
        func rate(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.3g", x) }
        return "marketsim: \(runs) run\(runs == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s: "
            + "\(rate(runsPerSecond)) runs/s, \(rate(runsPerSecondPerCore)) runs/s per core (\(jobs) job\(jobs == 1 ? "" : "s"))"
    }
}

/// Counts the runs a session executes, across worker threads.
final class RunCounter: Sendable {
    private let count = Atomic<Int>(0)

    func add() { count.wrappingAdd(1, ordering: .relaxed) }
    var runs: Int { count.load(ordering: .relaxed) }
}
