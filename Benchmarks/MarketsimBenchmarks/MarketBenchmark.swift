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
                if let full = options.fullMenu { s.buyers.consideration.fullMenu = full }
                let compiled = try CompiledScenario(s)
                var events = 0
                var reviews = 0
                var choices = 0
                var draws = 0
                var entries = 0
                var models = 0
                var weighed = 0
                var offeringsWeighed = 0
                var segmentCounts: [Int] = []
                let repetitions = buyers >= 1_000_000 ? 1 : options.repetitions
                let seconds = try bestSeconds(repetitions: repetitions) {
                    var sim = MarketSimulation(compiled: compiled, seed: s.seed, replication: 0)
                    let result = try sim.run()
                    events = result.eventsExecuted
                    reviews = result.buyerReviews
                    choices = result.buyerChoices
                    draws = result.buyerDraws
                    entries = result.menuEntries
                    models = result.menuModels
                    weighed = result.modelsWeighed
                    offeringsWeighed = result.offeringsWeighed
                    segmentCounts = sim.buyerSegmentCounts
                }
                try requireMixedPopulation(segmentCounts, shares: compiled.weights, segments: compiled.segmentIDs)
                let actors = s.actors.frontier.count + s.actors.openLabs.count + s.actors.distillers.count + s.actors.infra.count
                print("market scenario=\(s.name) menu=\(s.buyers.consideration.fullMenu ? "full" : "shortlist") buyers=\(buyers) months=\(months) actors=\(actors) best_seconds=\(seconds) "
                      + "events=\(events) segment_buyers=\(segmentCounts.map(String.init).joined(separator: "/")) buyer_reviews=\(reviews) ns_per_review=\(seconds * 1e9 / Double(max(1, reviews))) "
                      + "buyer_choices=\(choices) ns_per_choice=\(seconds * 1e9 / Double(max(1, choices))) "
                      + "draws=\(draws) mean_menu=\(Double(entries) / Double(max(1, draws))) "
                      + "mean_models=\(Double(models) / Double(max(1, draws))) mean_weighed=\(Double(weighed) / Double(max(1, draws))) "
                      + "mean_offerings_weighed=\(Double(offeringsWeighed) / Double(max(1, draws))) "
                      + "us_per_buyer=\(seconds * 1e6 / Double(max(1, buyers))) buyer_bytes=\(MarketSimulation.bytesPerBuyer)")
            }
        }
    }
}

/// Refuses a timing taken on a population that is not the scenario's mix: each
/// segment's buyer count must lie within 4 binomial standard deviations of its demand
/// share (a seeding defect once put every buyer of a replication in one segment, and
/// the benchmark timed that lighter market without a word).
func requireMixedPopulation(_ counts: [Int], shares: [Double], segments: [String]) throws {
    let n = Double(counts.reduce(0, +))
    for (k, share) in shares.enumerated() {
        let expected = n * share
        let band = 4 * (n * share * (1 - share)).squareRoot()
        guard abs(Double(counts[k]) - expected) <= band else {
            throw BenchmarkOptions.UsageError(description: "the timed population is not mixed: segment \(segments[k]) has "
                + "\(counts[k]) buyers, expected \(expected) +- \(band) (counts \(counts))")
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
