import MarketModel
import SimulationKit

/// Runs the replications of one scenario on several threads and hands each result
/// to `consume` in replication order, whatever the thread count.
///
/// Replication r runs with seed `StreamSeeding.derive(scenarioSeed, r)`. The workers
/// (`OrderedExecutor`) run at most two replications per worker ahead of the one being
/// consumed, so memory is bounded by the workers, not the run.
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

    /// Runs every replication. The first error (lowest replication) is thrown after
    /// every replication before it has been consumed.
    public func run(_ consume: (RunResult) throws -> Void) throws {
        let compiled = compiled, seed = seed, scenarioOfReplication = scenarioOfReplication
        var consumeError: (any Error)?
        let completion = OrderedExecutor(workers: jobs, window: 2 * jobs).run(0..<replications, job: { r throws(any Error) -> RunResult in
            let scenario = try scenarioOfReplication?(r) ?? compiled
            var simulation = MarketSimulation(compiled: scenario, seed: Self.seed(of: r, scenarioSeed: seed), replication: r)
            return try simulation.run()
        }, consume: { batch in
            do {
                for result in batch { try consume(result.output) }
                return true
            } catch {
                consumeError = error
                return false
            }
        })
        if let consumeError { throw consumeError }
        if let failure = completion.failure { throw failure.error }
    }
}
