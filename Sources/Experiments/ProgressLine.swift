import Foundation

/// The live progress line of a sweep on standard error: runs done of the total, the
/// rate in runs per second over this session, and the time left at that rate.
///
/// Drawn only when standard error is a terminal and the caller did not ask for quiet,
/// and redrawn at most four times a second, so pipes, log files and CI stay clean.
/// It is the one place a sweep reads the clock, and nothing it prints reaches a file.
struct ProgressLine {
    private let enabled: Bool
    private let total: Int
    private let startDone: Int
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private var drawn = false
    private let label: String

    init(total: Int, alreadyDone: Int, quiet: Bool, label: String = "") {
        self.label = label.isEmpty ? "" : label + "  "
        enabled = !quiet && isatty(STDERR_FILENO) == 1
        self.total = total
        startDone = alreadyDone
    }

    /// Redraws the line with `done` runs finished, unless it was drawn very recently.
    mutating func update(done: Int, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDrawn) >= 0.25 else { return }
        lastDrawn = now
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done - startDone) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : .nan
        let percent = total > 0 ? 100 * Double(done) / Double(total) : 100
        let line = "\r\u{1B}[K" + label + String(format: "runs %d/%d (%.1f%%)  %.1f runs/s  ETA ", done, total, percent, rate)
            + Self.duration(left)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Ends the line so later output starts on a fresh one.
    mutating func finish(done: Int) {
        guard enabled else { return }
        update(done: done, force: true)
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
