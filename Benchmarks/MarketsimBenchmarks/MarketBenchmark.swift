import Foundation
import MarketModel

/// The market model at scale: one replication of a scenario (base by default), its run
/// time against the buyer population (`--buyers`), the horizon (`--months`) and the
/// number of actors (`--actor-copies`: every lab, distiller and host copied under new
/// ids). Reports the events executed, the buyer reviews and the time per review, so the
/// curves show whether the model scales linearly.
func runMarketBenchmark(_ options: BenchmarkOptions) throws {
    let scenario = try ScenarioFile.load(options.scenarioPath).scenario
    for buyers in options.buyerCounts {
        for months in options.monthCounts ?? [scenario.months] {
            for copies in options.actorCopies {
                var s = scenario
                s.buyers.count = buyers
                s.months = months
                s.actors = copied(s.actors, copies)
                let compiled = try CompiledScenario(s)
                var events = 0
                var reviews = 0
                let repetitions = buyers >= 1_000_000 ? 1 : options.repetitions
                let seconds = try bestSeconds(repetitions: repetitions) {
                    var sim = MarketSimulation(compiled: compiled, seed: s.seed, replication: 0)
                    let result = try sim.run()
                    events = result.eventsExecuted
                    reviews = result.buyerReviews
                }
                let actors = s.actors.frontier.count + s.actors.openLabs.count + s.actors.distillers.count + s.actors.infra.count
                print("market scenario=\(s.name) buyers=\(buyers) months=\(months) actors=\(actors) best_seconds=\(seconds) "
                      + "events=\(events) buyer_reviews=\(reviews) ns_per_review=\(seconds * 1e9 / Double(max(1, reviews))) "
                      + "us_per_buyer=\(seconds * 1e6 / Double(max(1, buyers)))")
            }
        }
    }
}

/// `actors` with `copies` copies of every actor (1: unchanged), ids suffixed `-k`.
func copied(_ actors: Actors, _ copies: Int) -> Actors {
    guard copies > 1 else { return actors }
    var result = actors
    for k in 2...copies {
        result.frontier += actors.frontier.map { var a = $0; a.id += "-\(k)"; return a }
        result.openLabs += actors.openLabs.map { var a = $0; a.id += "-\(k)"; return a }
        result.distillers += actors.distillers.map { var a = $0; a.id += "-\(k)"; return a }
        result.infra += actors.infra.map { var a = $0; a.id += "-\(k)"; a.alwaysHost = []; return a }
    }
    return result
}
