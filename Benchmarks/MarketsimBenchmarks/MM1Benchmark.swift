import SimulationKit

/// M/M/1 with lambda 0.9 and mu 1.0 on the engine (SimulationKit's `MMcQueue`, the
/// queue the tests validate): customers per second and nanoseconds per event, best
/// of the repetitions. The mean wait is printed so a broken run cannot pass for a
/// fast one (analytic Wq = 9).
func runMM1Benchmark(_ options: BenchmarkOptions) throws {
    let queue = MMcQueue(arrivalRate: 0.9, serviceRate: 1.0, customers: options.customers, seed: 20_260_101)
    var result: MMcQueueResult?
    let seconds = try bestSeconds(repetitions: options.repetitions) {
        result = try queue.run()
    }
    guard let result else { return }
    let customersPerSecond = Double(options.customers) / seconds
    let nsPerEvent = seconds * 1e9 / Double(result.eventsExecuted)
    print("mm1 customers=\(options.customers) events=\(result.eventsExecuted) best_seconds=\(seconds)"
          + " customers_per_second=\(Int(customersPerSecond)) ns_per_event=\(nsPerEvent)"
          + " mean_wait=\(result.meanWaitInQueue) fingerprint=\(result.fingerprint)")
}
