import MarketModel
import SimulationKit

/// One buyer's choice against the menu's size: `--draws` draws from a random menu of
/// each of `--offerings` offerings (`RandomMenu`: models of one to three sellers), with
/// the full menu or base's shortlist (`--menu`, shortlist by default). Reports the time
/// per draw and the models and offerings weighed; under callgrind, two runs with different `--draws`
/// give the instructions per draw free of the set-up (issue 25: at 200 offerings at most
/// twice those at 20).
func runChoiceBenchmark(_ options: BenchmarkOptions) throws {
    var consideration = Consideration()
    consideration.bestModels = 8
    consideration.sampledModels = 3
    consideration.fullMenu = options.fullMenu ?? false
    for offerings in options.offeringCounts {
        let stream = RandomStream(seed: 2027, key: StreamKey("choice-benchmark-\(offerings)"))
        var weighed = 0
        var offeringsWeighed = 0
        var outside = 0
        var models = 0
        let seconds = try bestSeconds(repetitions: options.repetitions) {
            var menu = RandomMenu(offerings: offerings, stream.generator)
            models = menu.models
            weighed = 0
            offeringsWeighed = 0
            outside = 0
            for _ in 0..<options.draws {
                let d = menu.draw(consideration, stream.generator)
                weighed += d.weighed
                offeringsWeighed += d.offeringsWeighed
                if d.choice == offerings { outside += 1 }
            }
        }
        print("choice menu=\(consideration.fullMenu ? "full" : "shortlist") offerings=\(offerings) models=\(models) draws=\(options.draws) "
              + "best_seconds=\(seconds) ns_per_draw=\(seconds * 1e9 / Double(options.draws)) "
              + "mean_weighed=\(Double(weighed) / Double(options.draws)) "
              + "mean_offerings_weighed=\(Double(offeringsWeighed) / Double(options.draws)) outside_share=\(Double(outside) / Double(options.draws))")
    }
}
