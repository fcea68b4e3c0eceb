/// One of N disjoint slices of a sweep's runs, K in 1...N.
///
/// Slices are round-robin: shard K holds the run ids r with r mod N == K - 1. Round
/// robin rather than contiguous blocks because run cost often varies systematically
/// along the design (a grid over population sizes, say), and interleaving gives every
/// shard the same mix. Shard 1/1 is the whole sweep.
public struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
    /// 1-based index of this shard.
    public let index: Int
    /// The number of shards.
    public let count: Int

    /// The whole sweep as one shard.
    public static let whole = ShardSpec(uncheckedIndex: 1, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Shard `index` of `count`.
    /// - Throws: `SweepError` unless 1 <= index <= count.
    public init(index: Int, count: Int) throws(SweepError) {
        guard count >= 1 && index >= 1 && index <= count else {
            throw SweepError(.invalidShard, "shard \(index)/\(count): K/N needs 1 <= K <= N (K counts from 1)")
        }
        // More shards than a sweep may have runs would only be empty slices.
        guard count <= SweepDefinition.maximumRuns else {
            throw SweepError(.invalidShard, "shard \(index)/\(count): N is at most \(SweepDefinition.maximumRuns), the most runs a sweep may have")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    /// A shard written `K/N`, as given to `--shard`.
    public init(parsing text: String) throws(SweepError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw SweepError(.invalidShard, "--shard \(text): expected K/N, such as 2/8")
        }
        try self.init(index: k, count: n)
    }

    /// The shard of a Slurm array task, or nil outside an array job.
    ///
    /// Slurm numbers array tasks as the user wrote them (`--array=0-9`, `1-10`, or
    /// `0-18:2`), so K is (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / step + 1 with
    /// the step from SLURM_ARRAY_TASK_STEP (default 1), and N is
    /// SLURM_ARRAY_TASK_COUNT. Arrays with gaps (`--array=1,4,7`) cannot be mapped and
    /// are an error: give `--shard` explicitly there.
    public static func fromSlurm(environment: [String: String]) throws(SweepError) -> ShardSpec? {
        guard let idText = environment["SLURM_ARRAY_TASK_ID"] else { return nil }
        func integer(_ name: String, default value: Int? = nil) throws(SweepError) -> Int {
            guard let text = environment[name] else {
                if let value { return value }
                throw SweepError(.invalidShard, "SLURM_ARRAY_TASK_ID is set but \(name) is not; give --shard K/N explicitly")
            }
            guard let number = Int(text) else {
                throw SweepError(.invalidShard, "\(name)=\(text) is not an integer")
            }
            return number
        }
        guard let id = Int(idText) else {
            throw SweepError(.invalidShard, "SLURM_ARRAY_TASK_ID=\(idText) is not an integer")
        }
        let minimum = try integer("SLURM_ARRAY_TASK_MIN")
        let count = try integer("SLURM_ARRAY_TASK_COUNT")
        let step = try integer("SLURM_ARRAY_TASK_STEP", default: 1)
        if let maximum = environment["SLURM_ARRAY_TASK_MAX"].flatMap(Int.init), step >= 1,
           (maximum - minimum) / step + 1 != count {
            throw SweepError(.invalidShard, "the Slurm array \(minimum)-\(maximum):\(step) has gaps (\(count) tasks); give --shard K/N explicitly")
        }
        guard step >= 1, id >= minimum, (id - minimum) % step == 0 else {
            throw SweepError(.invalidShard, "SLURM_ARRAY_TASK_ID=\(id) is not in the array \(minimum)...:\(step)")
        }
        return try ShardSpec(index: (id - minimum) / step + 1, count: count)
    }

    /// The number of runs of a sweep of `runCount` runs in this shard.
    public func runCount(of runCount: Int) -> Int {
        runCount / count + (index - 1 < runCount % count ? 1 : 0)
    }

    /// The run id at `position` (0-based) within this shard.
    func runID(atPosition position: Int) -> Int { index - 1 + position * count }

    public var description: String { "\(index)/\(count)" }
}
