import Foundation
import Reporting

/// Progress on standard error: runs (or replications) done of the total, the rate over
/// this session, and the time left at that rate.
///
/// On a terminal it is one live line, redrawn at most four times a second. Elsewhere (a
/// pipe, a Slurm log) it is a plain line at most every `plainIntervalSeconds` (10 s by
/// default), so a long job's log shows it is alive while a short one stays silent. It is
/// the one place a run reads the clock, and nothing it prints reaches a file.
public final class ProgressLine {
    private let enabled: Bool
    private let terminal: Bool
    private let total: Int
    private let startDone: Int
    private let unit: String
    private let plainIntervalSeconds: Double
    private let started = Date()
    private var lastDrawn: Date
    private var drawn = false
    private var lastShown = -1
    /// What the line is about, before the counts (a calibration's generation), or empty.
    private let label: String

    public init(total: Int, alreadyDone: Int = 0, quiet: Bool, unit: String = "runs", plainIntervalSeconds: Double = 10,
                label: String = "") {
        self.label = label.isEmpty ? "" : label + "  "
        terminal = isatty(STDERR_FILENO) == 1
        enabled = !quiet
        self.total = total
        startDone = alreadyDone
        self.unit = unit
        self.plainIntervalSeconds = plainIntervalSeconds
        // A plain line waits a whole interval first; the live line draws at once.
        lastDrawn = terminal ? .distantPast : started
    }

    /// Shows `done` finished, unless shown too recently.
    public func update(done: Int, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDrawn) >= (terminal ? 0.25 : plainIntervalSeconds) else { return }
        lastDrawn = now
        lastShown = done
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done - startDone) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : .nan
        let percent = total > 0 ? 100 * Double(done) / Double(total) : 100
        let text = label + String(format: "%d/%d (%.1f%%)  %.1f ", done, total, percent, rate) + unit + "/s  ETA "
            + Self.duration(left)
        let line = terminal ? "\r\u{1B}[K\(unit) " + text : "marketsim: \(unit) " + text + "\n"
        writeToStandardError(line)
        drawn = true
    }

    /// Ends the live line so later output starts on a fresh one; a plain log that showed
    /// progress gets its last line.
    public func finish(done: Int) {
        guard enabled, terminal || drawn else { return }
        if terminal || lastShown != done { update(done: done, force: true) }
        if terminal { writeToStandardError("\n") }
    }

    private static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
