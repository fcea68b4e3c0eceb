import Foundation
import MarketModel

/// The market model at scale: one replication of a scenario (base by default) over
/// its 60 months, with the buyer population set to each of `--buyers`. Reports the
/// run time, the events executed, the buyer reviews and the time per review, so the
/// curve of run time against buyers shows whether the model scales linearly.
func runMarketBenchmark(_ options: BenchmarkOptions) throws {
    let scenario = try ScenarioFile.load(options.scenarioPath).scenario
    for buyers in options.buyerCounts {
        var s = scenario
        s.buyers.count = buyers
        let compiled = try CompiledScenario(s)
        var events = 0
        var reviews = 0
        let seconds = try bestSeconds(repetitions: options.repetitions) {
            var sim = MarketSimulation(compiled: compiled, seed: s.seed, replication: 0)
            let result = try sim.run()
            events = result.eventsExecuted
            reviews = result.buyerReviews
        }
        print("market scenario=\(s.name) buyers=\(buyers) months=\(s.months) best_seconds=\(seconds) events=\(events) "
              + "buyer_reviews=\(reviews) ns_per_review=\(seconds * 1e9 / Double(max(1, reviews))) "
              + "us_per_buyer=\(seconds * 1e6 / Double(buyers))")
    }
}
