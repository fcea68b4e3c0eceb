import Foundation
import Reporting

/// How a sweep is executed. None of these change its results: the worker count, the
/// chunk size and interruptions leave every output file except manifest.json unchanged.
public struct SweepOptions: Sendable {
    /// Worker threads; all cores by default.
    public var jobs: Int
    /// The slice of runs to execute (the whole sweep by default).
    public var shard: ShardSpec
    /// Continue an unfinished sweep in the folder (or start one if there is none).
    public var resume: Bool
    /// Replace an existing folder instead of failing.
    public var force: Bool
    /// No progress line even on a terminal.
    public var quiet: Bool
    /// Runs a worker claims at once. Larger chunks cost less locking for cheap runs;
    /// workers may run ahead of the oldest unwritten run by at most 4 x jobs x chunk
    /// runs, which bounds the results held in memory.
    public var chunkSize: Int
    /// Stop on SIGINT and SIGTERM (save finished runs, then fail with a resume hint).
    public var handleSignals: Bool
    /// A token that stops the sweep like a signal when cancelled.
    public var cancellation: SweepCancellation?
    /// The command line, for the manifest.
    public var commandLine: [String]
    /// Off a terminal, a plain progress line at most this often.
    public var plainProgressIntervalSeconds = 10.0
    /// Text the progress line starts with (a calibration's generation and tolerance).
    public var progressLabel: String
    /// The scenario the sweep varies, recorded in the manifest for the reports (nil for a
    /// sweep of no scenario, such as a calibration's batches).
    public var baseScenario: BaseScenario?

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: ShardSpec = .whole,
                resume: Bool = false, force: Bool = false, quiet: Bool = false, chunkSize: Int = 4,
                handleSignals: Bool = true, cancellation: SweepCancellation? = nil, commandLine: [String] = [],
                progressLabel: String = "") {
        self.jobs = jobs
        self.shard = shard
        self.resume = resume
        self.force = force
        self.quiet = quiet
        self.chunkSize = chunkSize
        self.handleSignals = handleSignals
        self.cancellation = cancellation
        self.commandLine = commandLine
        self.progressLabel = progressLabel
    }

    /// The runs the workers may run ahead of the oldest unwritten one (`OrderedExecutor`'s
    /// default window).
    var lookAhead: Int { 4 * max(1, jobs) * max(1, chunkSize) }
}
