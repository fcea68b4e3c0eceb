import Foundation
import MarketModel
import SimulationKit

/// Runs the replications of one scenario on several threads and hands each result
/// to `consume` in replication order, whatever the thread count.
///
/// Replication r runs with seed `StreamSeeding.derive(scenarioSeed, r)`. Work is cut
/// into waves of a few replications per worker; a wave's results are consumed in
/// order before the next wave starts, so memory is bounded by the wave, not the run.
/// Every replication runs `compiled`, unless `scenarioOfReplication` gives each its own
/// (the parameters of a posterior particle, `run --posterior`).
public struct ReplicationRunner: Sendable {
    public let compiled: CompiledScenario
    public let seed: UInt64
    public let replications: Int
    public let jobs: Int
    public let scenarioOfReplication: (@Sendable (Int) throws -> CompiledScenario)?

    public init(compiled: CompiledScenario, seed: UInt64, replications: Int, jobs: Int,
                scenarioOfReplication: (@Sendable (Int) throws -> CompiledScenario)? = nil) {
        self.compiled = compiled
        self.seed = seed
        self.replications = replications
        self.jobs = max(1, jobs)
        self.scenarioOfReplication = scenarioOfReplication
    }

    /// The seed of replication `r`.
    public static func seed(of r: Int, scenarioSeed: UInt64) -> UInt64 {
        StreamSeeding.derive(scenarioSeed, UInt64(r))
    }

    /// Runs every replication; the first error (lowest replication) is thrown after
    /// the wave that raised it.
    public func run(_ consume: (RunResult) throws -> Void) throws {
        let wave = jobs * 2
        var start = 0
        while start < replications {
            let count = min(wave, replications - start)
            let slots = ResultSlots(count: count)
            let first = start
            DispatchQueue.concurrentPerform(iterations: min(jobs, count)) { worker in
                var i = worker
                while i < count {
                    let r = first + i
                    do {
                        let compiled = try scenarioOfReplication?(r) ?? compiled
                        var sim = MarketSimulation(compiled: compiled, seed: Self.seed(of: r, scenarioSeed: seed), replication: r)
                        slots.set(i, .success(try sim.run()))
                    } catch {
                        slots.set(i, .failure(error))
                    }
                    i += min(jobs, count)
                }
            }
            for result in slots.take() { try consume(result.get()) }
            start += count
        }
    }
}

/// Results of one wave, filled from several threads.
final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<RunResult, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: Result<RunResult, any Error>) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    func take() -> [Result<RunResult, any Error>] { slots.map { $0! } }
}
