/// An error defining, running, resuming or merging a sweep. Its message names the
/// parameter, option, file or folder at fault and says what to do.
///
/// A small struct over an internal enum, so cases can grow without breaking callers.
public struct SweepError: Error, Equatable, CustomStringConvertible {
    enum Kind: Equatable, Sendable {
        /// The sweep definition is invalid (a parameter, design or count).
        case invalidDefinition
        /// The output folder exists and neither resume nor force was given.
        case folderExists
        /// A folder's files do not belong to this sweep (another hash or shard).
        case mismatchedSweep
        /// A folder's files are unreadable or inconsistent.
        case corruptFolder
        /// The shard set given to merge is incomplete, duplicated or unfinished.
        case invalidShardSet
        /// A shard specification (option or Slurm variables) is invalid.
        case invalidShard
        /// The model's evaluation of a run failed or returned the wrong outcome count.
        case evaluationFailed
        /// The sweep was stopped (a signal or a cancellation) before it finished.
        case interrupted
        /// Reading or writing a file failed.
        case io
        /// A calibration run as one shard finished its slice of a batch whose other shards
        /// are not done yet (not a failure: run them, then go on).
        case shardFinished
        /// A calibration resumed in a folder that already holds its finished result
        /// (not a failure: there is nothing left to do).
        case alreadyComplete
    }

    let kind: Kind
    public let description: String

    init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// True when the sweep was stopped before finishing and can continue with resume.
    public var isInterrupted: Bool { kind == .interrupted }

    /// True when a calibration shard did its part of a batch and waits for the others.
    public var isShardFinished: Bool { kind == .shardFinished }

    /// True when a resumed calibration found its folder already finished.
    public var isAlreadyComplete: Bool { kind == .alreadyComplete }
}
