import SimulationKit

/// The floor under the engine's cost per event: two exponential draws (GSL's
/// `gsl_ran_exponential` on xoshiro256**) plus one push and one pop on the event heap
/// held at a fixed size. Each iteration pops the earliest entry and pushes a successor
/// one draw later, as a simulation does; the second draw feeds a checksum that is
/// printed, so the optimiser cannot drop it.
func runPrimitivesBenchmark(_ options: BenchmarkOptions) throws {
    let iterations = 2_000_000
    for heapSize in options.heapSizes {
        let stream = RandomStream(seed: 7, key: StreamKey("primitives"))
        let draws = stream.generator
        var queue = EventQueue<PrimitiveEvent>()
        queue.reserveCapacity(heapSize + 1)
        var sequence: UInt64 = 0
        for _ in 0..<heapSize {
            queue.push(.init(time: draws.exponential(mean: 1), priority: 0, sequence: sequence, event: PrimitiveEvent(index: 0)))
            sequence += 1
        }
        var checksum = 0.0
        let seconds = bestSeconds(repetitions: options.repetitions) {
            for _ in 0..<iterations {
                let entry = queue.popMin().unsafelyUnwrapped
                let delay = draws.exponential(mean: Double(heapSize))
                checksum += draws.exponential(mean: 1)
                queue.push(.init(time: entry.time + delay, priority: 0, sequence: sequence, event: entry.event))
                sequence += 1
            }
        }
        let nsPerIteration = seconds * 1e9 / Double(iterations)
        print("primitives heap_size=\(heapSize) iterations=\(iterations) best_seconds=\(seconds)"
              + " ns_per_iteration=\(nsPerIteration) checksum=\(checksum)")
    }
}

/// The size of a typical model event: a kind and a target index.
struct PrimitiveEvent {
    var index: Int32
}
