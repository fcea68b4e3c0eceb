import Foundation
import Reporting
import SimulationKit
import TestSupport
@testable import Experiments

/// Options for a test sweep: no signal handlers (tests run concurrently), no progress line.
func testOptions(jobs: Int, shard: ShardSpec = .whole, resume: Bool = false, force: Bool = false,
                 chunkSize: Int = 2, cancellation: SweepCancellation? = nil) -> SweepOptions {
    SweepOptions(jobs: jobs, shard: shard, resume: resume, force: force, quiet: true, chunkSize: chunkSize,
                 handleSignals: false, cancellation: cancellation)
}

/// A toy model: a smooth function of the parameters plus noise from the run's seed, and
/// a second outcome that is sometimes missing (NaN), as a failed metric would be.
@Sendable func toyModel(_ spec: RunSpec) -> [Double] {
    let stream = RandomStream(seed: spec.seed, key: StreamKey("noise"))
    let noise = stream.generator.gaussian(sigma: 0.1)
    let level = spec.parameterValues.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
    let sometimes = spec.seed % 7 == 0 ? Double.nan : level * level + noise
    return [level + noise, sometimes]
}

/// A three-parameter sweep definition with the given design.
func toyDefinition(design: SweepDesign = .latinHypercube, samples: Int? = 20, replications: Int = 3,
                   seed: UInt64 = 2024) throws -> SweepDefinition {
    let grid = design == .grid
    return try SweepDefinition(
        parameters: [
            .range("actors.distiller[0].lag_days.mean", lower: 10, upper: 90, gridLevels: grid ? 3 : nil),
            .range("price.cut_fraction", lower: 0.01, upper: 1, scale: .logUniform, gridLevels: grid ? 2 : nil),
            .levels("buyers, count", [100, 200]),
        ],
        design: design, samples: grid ? nil : samples, replications: replications, seed: seed,
        outcomes: ["gap_points", "price \"usd\""])
}

/// The files whose bytes must not depend on how a sweep was executed.
let deterministicFiles = [OutputFileNames.Sweep.definition, OutputFileNames.Sweep.state, OutputFileNames.Sweep.runs, OutputFileNames.Sweep.points]
