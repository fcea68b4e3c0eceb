import MarketModel
import Synchronization

/// The compiled scenarios of the parameter points most recently asked for, shared by a
/// sweep's or a calibration's worker threads, so that the replications of a point (a
/// sweep's design point, a calibration's particle) resolve and compile its scenario
/// once rather than once each.
///
/// Sharing changes no output: a compiled scenario is an immutable value, and the one a
/// replication finds here is the one it would have compiled (resolving is a pure function
/// of the base and the point's values). It only saves the set-up: in callgrind, resolving
/// and compiling base.json is about 7.4 M instructions, 2 % of a 1,000-buyer, 60-month
/// run (docs/benchmarks.md, "Runs that share a scenario").
///
/// The workers run the runs in run-id order, a point's replications one after the
/// other, at most a look-ahead window ahead of the oldest unwritten run; so a point's
/// scenario is needed only while its runs are in that window, and the cache keeps the
/// `capacity` most recently used ones. Two workers that miss the same point at once both
/// compile it (the same value); neither waits for the other.
final class ScenarioCache: Sendable {
    private let entries = Mutex<[(point: [Double], compiled: CompiledScenario)]>([])
    let capacity: Int

    /// A cache for the runs of `replications` replications a point, run by workers that
    /// run at most `lookAhead` runs ahead; nil when each point runs once and nothing
    /// would be shared.
    static func forRuns(replications: Int, lookAhead: Int) -> ScenarioCache? {
        replications > 1 ? ScenarioCache(capacity: lookAhead / replications + 2) : nil
    }

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The compiled scenario of `point`: the cached one, else `compile()`'s, kept.
    /// A failure is not kept: the next run of the point fails the same way.
    func compiled<E: Error>(_ point: [Double], compile: () throws(E) -> CompiledScenario) throws(E) -> CompiledScenario {
        let cached = entries.withLock { entries -> CompiledScenario? in
            guard let i = entries.firstIndex(where: { $0.point == point }) else { return nil }
            let entry = entries.remove(at: i)
            entries.append(entry)
            return entry.compiled
        }
        if let cached { return cached }
        let compiled = try compile()
        entries.withLock { entries in
            guard !entries.contains(where: { $0.point == point }) else { return }
            if entries.count == capacity { entries.removeFirst() }
            entries.append((point, compiled))
        }
        return compiled
    }
}
