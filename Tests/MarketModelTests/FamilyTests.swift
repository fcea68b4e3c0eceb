import Foundation
@testable import MarketModel
import ScenarioFormat
import TestSupport
import Testing

/// Families (issue #23): a lab releases a flagship and its tiers together, sells each
/// as an offering of its own, keeps earlier generations on sale and retires them by
/// decision. Checked on `LogitChoiceTests`' frozen market, against hand figures and the
/// closed-form logit.
@Suite("Families: tiers, generations and retirement")
struct FamilyTests {
    /// The frozen market with a mini tier for its frontier lab: 25B active against the
    /// flagship's default 250 (width 0.1), listed at 1 USD per Mtok, as fast as the rest.
    static let mini = [#"actors.frontier[0].tiers=[{"id": "mini", "active_params_b": 25, "tokens_per_second": 100, "input_usd_per_mtok": 1, "output_usd_per_mtok": 1}]"#]

    /// The frozen market, its lab releasing a better flagship (coding 85, 90, ...) on each of `dates`.
    /// `extra` events come first.
    static func releases(_ dates: [String], extra: [String] = []) -> String {
        let events = extra + dates.enumerated().map { k, date in
            #"{"date": "\#(date)", "type": "release", "actor": "lab", "quality": {"coding": \#(85 + 5 * k)}}"#
        }
        return LogitChoiceTests.scenario.replacingOccurrences(of: #""pricing": {"#,
                                                              with: #""events": [\#(events.joined(separator: ", "))], "pricing": {"#)
    }

    static func simulation(_ text: String, overrides: [String] = []) throws -> MarketSimulation {
        let file = try TemporaryFolder("families").write("families.json", text)
        return MarketSimulation(compiled: try ScenarioFile.load(file, overrides: overrides).compiled, seed: 11, replication: 0)
    }

    @Test("A tier's quality: the flagship's compute at the tier's size, plus distillability of the lead on the index, by hand")
    func qualityByHand() throws {
        var s = Segment()
        (s.id, s.demandShare, s.distillability, s.softLimit, s.midpointLog10Compute, s.slopePerDecade) = ("s", 1, 0.1, 100, 26, 1.1)
        // Reasoning-like (slope 1.1, distillability 0.1) at 50 (index 26), half size: the
        // small model stands log10 2 = 0.30103 decades lower and the tier recovers 0.1 of
        // that, so 0.27093 lower: logit -1.1 x 0.27093 = -0.29802 reads 42.6042.
        #expect(abs(ModelTier.capability(flagship: 26, width: 0.5, segment: s) - (26 - 0.9 * log10(2))) < 1e-12)
        #expect(abs(ModelTier.quality(flagship: 50, width: 0.5, segment: s) - 42.6042) < 1e-3)
        // Fully distillable: the flagship's quality; not at all: the smaller model's
        // (logit -0.33113, 41.7965).
        s.distillability = 1
        #expect(abs(ModelTier.quality(flagship: 50, width: 0.5, segment: s) - 50) < 1e-9)
        s.distillability = 0
        #expect(abs(ModelTier.quality(flagship: 50, width: 0.5, segment: s) - 41.7965) < 1e-3)
        // In-house efficiency 2 recovers twice the distillability: 0.2 of the lead, logit
        // -1.1 x 0.8 x 0.30103 reads 43.4158; at distillability 0.6 it would recover 1.2,
        // capped at all of it.
        s.distillability = 0.1
        #expect(abs(ModelTier.quality(flagship: 50, width: 0.5, segment: s, efficiency: 2) - 43.4158) < 1e-3)
        s.distillability = 0.6
        #expect(abs(ModelTier.quality(flagship: 50, width: 0.5, segment: s, efficiency: 2) - 50) < 1e-9)
        // In a run: coding (slope 1, distillability 0.5) at 80, width 0.1: the tier stands
        // half a decade below, logit ln 4 - 0.5 = 0.88629 reads 70.8125. Its training costs
        // 5 % of the flagship's (the start's: not booked, and not an event).
        var sim = try Self.simulation(LogitChoiceTests.scenario, overrides: Self.mini)
        let result = try sim.run()
        let tier = try #require(sim.catalog.models.first { $0.tier == 0 })
        #expect(tier.name == "lab-0-mini")
        #expect(abs(tier.quality[0] - 70.8125) < 1e-3)
        #expect(tier.activeParamsB == 25 && !tier.openWeights)
        #expect(abs(tier.trainingCostUsd - 0.05 * sim.catalog[sim.lineup.frontierModel[0]].trainingCostUsd) < 1e-6)
        #expect(!result.events.contains { $0.kind == .tierRelease })
    }

    @Test("A lab with a tier sells both: each an offering whose share matches the logit, and both in the lab's accounts")
    func sellsBoth() throws {
        var sim = try Self.simulation(LogitChoiceTests.scenario, overrides: Self.mini)
        let result = try sim.run()
        let lab = sim.actors.frontier(0)
        let mine = sim.activeOfferings.filter { sim.offerings[$0].seller == lab }
        #expect(mine.count == 2)
        let flagship = try #require(sim.lineup.flagshipOffering(lab))
        let tier = try #require(mine.first { $0 != flagship })
        // u = (V s(q) - p) / tau for the flagship (80, 10 USD) and the tier (70.8125, 1 USD):
        // among the lab's buyers, identical in size, the tier's share of its tokens.
        let tau = LogitChoiceTests.tau, value = LogitChoiceTests.value
        let uFlagship = exp((value * 0.8 * 0.8 - 10) / tau), uTier = exp((value * 0.708125 * 0.708125 - 1) / tau)
        let expected = uTier / (uFlagship + uTier)
        let tokens = sim.offerings[tier].aggregates.tokens, total = tokens + sim.offerings[flagship].aggregates.tokens
        let buyersOfLab = 5000 * total / sim.demand.buyers.reduce(0) { $0 + $1.tokensPerDay }
        let error = (expected * (1 - expected) / buyersOfLab).squareRoot()
        #expect(abs(tokens / total - expected) < 4 * error, "tier's share of the lab's tokens \(tokens / total) vs \(expected)")
        #expect(expected > 0.2 && expected < 0.8)
        // The lab's revenue in actors.csv is both offerings' revenue.
        let revenue = result.actorRows.filter { $0.actor == lab.index }.reduce(0) { $0 + $1["revenue_usd"] }
        let offered = sim.offerings[tier].revenueTotal + sim.offerings[flagship].revenueTotal
        #expect(sim.offerings[tier].revenueTotal > 0.05 * offered)
        #expect(abs(revenue - offered) < 1e-9 * offered, "actors.csv \(revenue) vs offerings \(offered)")
    }

    @Test("An older generation whose margin does not cover its upkeep is retired at the next decision, and its buyers move")
    func upkeepRetires() throws {
        let text = Self.releases(["2025-04-01"])
        // Buyers review once in ten years on average: only a forced choice moves most of them.
        let deciding = ["pricing.frontier_best_response=true", "pricing.lab_review_days=30", "buyers.review_interval_days=3650"]
        var kept = try Self.simulation(text, overrides: deciding + ["pricing.model_upkeep_usd_per_month=0"])
        let keptResult = try kept.run()
        let old = try #require(kept.offerings.ids.first { kept.catalog[kept.offerings[$0].model].name == "lab-0" })
        // Without upkeep the old flagship stays on sale, and buyers stay on it.
        #expect(kept.activeOfferings.contains(old) && kept.offerings[old].aggregates.tokens > 0)
        #expect(!keptResult.events.contains { $0.kind == .retirement })

        var sim = try Self.simulation(text, overrides: deciding + ["pricing.model_upkeep_usd_per_month=1e12"])
        let result = try sim.run()
        let retired = try #require(result.events.first { $0.kind == .retirement })
        #expect(retired.model == "lab-0" && retired.trigger == .upkeep && retired.actor == "lab")
        let released = try #require(result.events.first { $0.kind == .frontierRelease && $0.model == "lab-1" })
        #expect(retired.day > released.day && retired.day <= released.day + 30)
        // The latest generation is never retired for its margin; the old one's buyers chose again.
        #expect(result.events.filter { $0.kind == .retirement }.count == 1)
        #expect(!sim.activeOfferings.contains(old) && sim.offerings[old].aggregates.tokens == 0)
        #expect(!sim.demand.buyers.contains { $0.commodityChoice == BuyerChoice(old) })
        #expect(sim.activeOfferings.contains(try #require(sim.lineup.flagshipOffering(sim.actors.frontier(0)))))
    }

    @Test("A lab keeps at most generations_on_sale generations: a release retires the oldest beyond it")
    func generationCap() throws {
        // A scheduled price change of the flagship to 5 USD before the first release.
        let cut = #"{"date": "2025-02-01", "type": "price_change", "actor": "lab", "input_usd_per_mtok": 5, "output_usd_per_mtok": 5}"#
        let text = Self.releases(["2025-03-01", "2025-06-01"], extra: [cut])
        // Buyers review once in ten years on average: only a forced choice moves most of them.
        var sim = try Self.simulation(text, overrides: Self.mini + ["pricing.model_upkeep_usd_per_month=0", "buyers.review_interval_days=3650"])
        let result = try sim.run()
        let retired = result.events.filter { $0.kind == .retirement }
        // The start's flagship and tier go when the third generation comes; the second stays.
        #expect(Set(retired.map(\.model)) == ["lab-0", "lab-0-mini"])
        #expect(retired.allSatisfy { $0.trigger == .generationCap && $0.day == result.events.first { $0.model == "lab-2" }!.day })
        let onSale = sim.activeOfferings.filter { sim.offerings[$0].seller == sim.actors.frontier(0) }.map { sim.catalog[sim.offerings[$0].model].name }
        #expect(onSale == ["lab-1", "lab-1-mini", "lab-2", "lab-2-mini"])
        #expect(sim.offerings.ids.allSatisfy { j in sim.activeOfferings.contains(j) || sim.offerings[j].aggregates == BuyerAggregates() })
        #expect(!sim.demand.buyers.contains { $0.commodityChoice.offering.map { !sim.activeOfferings.contains($0) } == true })
        // Each release records its tier (a scheduled release: no training cost), and a new
        // generation opens at its predecessor's prices.
        #expect(result.events.filter { $0.kind == .tierRelease }.map(\.model) == ["lab-1-mini", "lab-2-mini"])
        let prices = sim.activeOfferings.filter { sim.offerings[$0].seller == sim.actors.frontier(0) }.map { sim.offerings[$0].inputPrice }
        #expect(prices == [5, 1, 5, 1])
        var three = try Self.simulation(text, overrides: Self.mini + ["pricing.model_upkeep_usd_per_month=0", "pricing.generations_on_sale=3"])
        let threeResult = try three.run()
        #expect(!threeResult.events.contains { $0.kind == .retirement })
        #expect(three.activeOfferings.filter { three.offerings[$0].seller == three.actors.frontier(0) }.count == 6)
    }

    @Test("A frontier lab's open tier is open weights on its API, and a host enters it")
    func openTier() throws {
        var sim = try Self.simulation(LogitChoiceTests.scenario, overrides: [
            #"actors.frontier[0].tiers=[{"id": "oss", "active_params_b": 25, "tokens_per_second": 100, "open_weights": true, "input_usd_per_mtok": 1, "output_usd_per_mtok": 1}]"#,
            #"actors.infra=[{"id": "host", "capacity_usd_per_model_month": 0}]"#,
        ])
        let result = try sim.run()
        let tier = try #require(sim.catalog.models.indices.first { sim.catalog.models[$0].tier == 0 })
        #expect(sim.catalog.models[tier].openWeights)
        #expect(sim.activeOfferings.contains { sim.offerings[$0].model.index == tier && sim.offerings[$0].seller == sim.actors.frontier(0) && sim.offerings[$0].openWeights })
        #expect(result.events.contains { $0.kind == .hostingStart && $0.actor == "host" && $0.model == "lab-0-oss" })
        // Proprietary, the same tier is never hosted.
        var closed = try Self.simulation(LogitChoiceTests.scenario, overrides: Self.mini + [#"actors.infra=[{"id": "host", "capacity_usd_per_model_month": 0}]"#])
        let closedResult = try closed.run()
        #expect(!closedResult.events.contains { $0.kind == .hostingStart && $0.model == "lab-0-mini" })
        #expect(closedResult.events.contains { $0.kind == .hostingStart })
    }

    /// Catches an open-weight share that counts by seller kind: the tokens a frontier lab
    /// sells of its own open tier are open weights' (X13 counts models, not sellers).
    @Test("A frontier lab's own API of its open tier counts in the open-weight share, not the proprietary one")
    func openTierShare() throws {
        let overrides = [#"actors.frontier[0].tiers=[{"id": "oss", "active_params_b": 25, "tokens_per_second": 100, "open_weights": true, "input_usd_per_mtok": 1, "output_usd_per_mtok": 1}]"#]
        var sim = try Self.simulation(LogitChoiceTests.scenario, overrides: overrides)
        let result = try sim.run()
        let recorder = RunRecorder(compiled: sim.compiled)
        let open = recorder.metricIndex("token_share_open_weights"), proprietary = recorder.metricIndex("token_share_proprietary")
        let sellers = ["token_share_open_lab", "token_share_infra", "token_share_distiller"].map(recorder.metricIndex)
        var counted = 0
        for row in result.trajectory where row[open].isFinite {
            let bySeller = sellers.map { row[$0] }.reduce(0, +)
            // The lab's API sells its flagship and the open tier: the tier's tokens are
            // open weights though a frontier lab sells them.
            #expect(row[open] > bySeller + 1e-9, "open \(row[open]), by sellers' kinds \(bySeller)")
            #expect(abs(row[open] + row[proprietary] - 1) < 1e-12)
            counted += 1
        }
        #expect(counted >= 10)
    }

    @Test("Tiers that are not smaller, unpriced, closed in an open lab, priced in an open lab or listed twice are refused with their path and source",
          arguments: [
            (["actors.open_labs[0].tiers[0].open_weights=false"], ["actors.open_labs[0].tiers[0].open_weights", "open weights"]),
            (["actors.open_labs[0].tiers[0].input_usd_per_mtok=1"], ["actors.open_labs[0].tiers[0].input_usd_per_mtok", "going price"]),
            ([#"actors.frontier[0].tiers=[{"id": "x", "active_params_b": 20, "tokens_per_second": 100}]"#],
             ["actors.frontier[0].tiers[0]", "needs input_usd_per_mtok", "needs output_usd_per_mtok"]),
            (["actors.frontier[0].tiers[0].active_params_b=250"], ["actors.frontier[0].tiers[0].active_params_b", "not below"]),
            ([#"actors.frontier[1].tiers=[{"id": "x", "active_params_b": 20, "tokens_per_second": 100, "input_usd_per_mtok": 1, "output_usd_per_mtok": 1}, {"id": "x", "active_params_b": 10, "tokens_per_second": 100, "input_usd_per_mtok": 1, "output_usd_per_mtok": 1}]"#],
             ["actors.frontier[1].tiers[1].id", "duplicate id"]),
            (["pricing.generations_on_sale=0"], ["pricing.generations_on_sale"]),
          ])
    func refused(overrides: [String], expected: [String]) {
        // The problem's source is the override that brought it (a file's problems name the file).
        expectBaseRefused(overrides, saying: expected + ["--set \(overrides[0])"])
    }
}
