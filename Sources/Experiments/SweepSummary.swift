/// What a finished sweep (or shard) did.
public struct SweepSummary: Sendable, Equatable {
    public let folder: String
    public let sweepHash: String
    public let shard: ShardSpec
    /// Runs of this shard.
    public let runsInShard: Int
    /// Runs executed in this session (the rest were found finished by resume).
    public let runsExecuted: Int
    /// True when the folder was already complete and nothing ran.
    public let wasAlreadyComplete: Bool
    /// How fast this session ran (as its manifest.json says); nil when nothing ran.
    public let throughput: RunThroughput?
}
