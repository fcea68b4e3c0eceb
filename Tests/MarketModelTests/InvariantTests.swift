import Foundation
@testable import MarketModel
import SimulationKit
import TestSupport
import Testing

@Suite("Market invariants", .serialized)
struct InvariantTests {
    static let runs = Result { try Replications("base.json", count: 6, overrides: ["buyers.count=800"]) }

    @Test("Money is conserved: the buyers' own ledger equals the sellers' revenue over the run, to 1e-9 relative")
    func conservation() throws {
        let r = try Self.runs.get()
        let revenue = r.index("seller_revenue_usd")
        for result in r.results {
            // The buyers' ledger accrues from each buyer's own marks on the offerings'
            // price integrals; the sellers' from the offerings' aggregates. A move that
            // forgets to settle, or an aggregate left behind, breaks the equality.
            #expect(result.buyerSpendUsd > 0)
            #expect(abs(result.buyerSpendUsd - result.sellerRevenueUsd) <= 1e-9 * result.buyerSpendUsd)
            let reported = result.trajectory.reduce(0) { $0 + $1[revenue] }
            #expect(abs(reported - result.sellerRevenueUsd) <= 1e-9 * reported)
            #expect(result.trajectory.count == r.loaded.compiled.reportDates.count)
        }
    }

    @Test("Seller revenue equals the sum of the actors' revenue; profit is revenue and royalties received minus every cost")
    func actorAccounts() throws {
        let r = try Self.runs.get()
        let revenue = r.index("seller_revenue_usd")
        for result in r.results {
            for (period, day) in result.trajectoryDays.enumerated() {
                let rows = result.actorRows.filter { $0.day == day }
                let sum = rows.reduce(0) { $0 + $1["revenue_usd"] }
                #expect(abs(sum - result.trajectory[period][revenue]) <= 1e-9 * max(1, sum))
                for row in rows {
                    let income = row["revenue_usd"] + row["licence_revenue_usd"]
                    let costs = row["serving_cost_usd"] + row["training_usd"] + row["distillation_usd"] + row["capacity_usd"]
                        + row["licence_cost_usd"] + row["menu_cost_usd"]
                    #expect(abs(row["profit_usd"] - (income - costs)) <= 1e-6 * max(1, abs(row["revenue_usd"]) + abs(row["training_usd"])))
                }
            }
        }
    }

    @Test("Each kind's revenue is what buyers spent on its offerings: the seller and buyer ledgers agree by kind over the run")
    func revenueByKind() throws {
        let r = try Self.runs.get()
        let revenue = r.index("seller_revenue_usd")
        for result in r.results {
            let spent = result.buyerSpendByKind
            #expect(spent[ActorKind.distiller.rawValue] == 0, "base's distillers sell no API")
            for kind in [ActorKind.frontierLab, .openLab, .infra] {
                let share = r.index("spend_share_\(kind.name)")
                let earned = result.trajectory.reduce(0.0) { $0 + ($1[share].isNaN ? 0 : $1[share] * $1[revenue]) }
                #expect(spent[kind.rawValue] > 0, "\(kind.name): buyers spent nothing")
                #expect(abs(earned - spent[kind.rawValue]) <= 1e-9 * result.sellerRevenueUsd,
                        "\(kind.name): earned \(earned), buyers spent \(spent[kind.rawValue])")
            }
        }
    }

    /// The segment columns come from the buyers' accruals, split at the report dates;
    /// tokens_mtok and seller_revenue_usd from the offerings' aggregates. A piece booked
    /// to the wrong month, a self-hosted part counted as bought or a part booked to
    /// the wrong kind breaks one of these equalities.
    @Test("Tokens and spend by segment and seller kind add up, month by month and kind by kind, to the sellers' tokens and revenue")
    func segmentBooksBalance() throws {
        let r = try Self.runs.get()
        let segments = r.loaded.compiled.segmentIDs
        let tokens = r.index("tokens_mtok"), revenue = r.index("seller_revenue_usd")
        func column(_ name: String) -> [Int] { segments.map { r.index(name.replacingOccurrences(of: "SEGMENT", with: $0)) } }
        for result in r.results {
            var selfHosted = 0.0
            for row in result.trajectory {
                var tokensByKind = [Double](repeating: 0, count: ActorKind.allCases.count)
                var spendByKind = tokensByKind
                for k in ActorKind.allCases {
                    tokensByKind[k.rawValue] = column("segment_tokens_mtok_SEGMENT_\(k.name)").reduce(0) { $0 + row[$1] }
                    spendByKind[k.rawValue] = column("segment_spend_usd_SEGMENT_\(k.name)").reduce(0) { $0 + row[$1] }
                }
                selfHosted += column("segment_tokens_mtok_SEGMENT_self_hosted").reduce(0) { $0 + row[$1] }
                let boughtTokens = tokensByKind.reduce(0, +), spent = spendByKind.reduce(0, +)
                #expect(abs(boughtTokens - row[tokens]) <= 1e-9 * max(1, row[tokens]), "tokens \(boughtTokens) against \(row[tokens])")
                #expect(abs(spent - row[revenue]) <= 1e-9 * max(1, row[revenue]), "spend \(spent) against \(row[revenue])")
                for k in [ActorKind.openLab, .infra, .distiller] where row[tokens] > 0 {
                    let served = row[r.index("token_share_\(k.name)")] * row[tokens]
                    #expect(abs(tokensByKind[k.rawValue] - served) <= 1e-9 * row[tokens], "\(k.name) tokens")
                }
                for k in ActorKind.allCases where row[revenue] > 0 {
                    let earned = row[r.index("spend_share_\(k.name)")] * row[revenue]
                    #expect(abs(spendByKind[k.rawValue] - earned) <= 1e-9 * row[revenue], "\(k.name) spend")
                }
            }
            #expect(selfHosted > 0, "base's buyers self-host some of their work")
        }
    }

    @Test("Quality stays within 0-100 and prices stay positive")
    func ranges() throws {
        let r = try Self.runs.get()
        let qualities = r.recorder.columns.filter { $0.contains("quality") }
        let prices = r.recorder.columns.filter { $0.contains("price_usd_per_mtok") }
        for result in r.results {
            for row in result.trajectory {
                for q in qualities { let v = row[r.index(q)]; #expect(v.isNaN || (0...100).contains(v), "\(q) \(v)") }
                for p in prices { let v = row[r.index(p)]; #expect(v.isNaN || v > 0, "\(p) \(v)") }
            }
        }
    }

    @Test("Self-hosted tokens are exactly 0 once every self-hosted part has left, not a rounding residue")
    func selfHostedTokensReturnToZero() throws {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=60"])
        var sim = MarketSimulation(compiled: loaded.compiled, seed: 7, replication: 0)
        var scheduler = Scheduler<MarketEvent>(start: 0, expectedPending: 128)
        try sim.setUp(&scheduler)
        let parts = (0..<sim.demand.buyers.count).flatMap { b in [(b, MarketSimulation.Part.commodity), (b, .frontier)] }
        // Into self-hosting and back out in the same order: a running sum of these volumes
        // kept 7e-5 tokens a day (a share of about 1e-18, the CSV's -8.9e-19).
        for (b, part) in parts where (part == .commodity ? sim.demand.buyers[b].commodityChoice : sim.demand.buyers[b].frontierChoice) == .outside {
            sim.move(b, part: part, to: .selfHosted, day: 0)
        }
        try #require(sim.demand.selfHost.parts > 50 && sim.demand.selfHost.tokensPerDay > 0, "\(sim.demand.selfHost.parts) parts")
        for (b, part) in parts { sim.move(b, part: part, to: .outside, day: 1) }
        #expect(sim.demand.selfHost.parts == 0)
        #expect(sim.demand.selfHost.tokensPerDay == 0, "\(sim.demand.selfHost.tokensPerDay)")
    }

    @Test("A NaN in the model stops the run with an error naming the actor and the date")
    func nanStops() throws {
        var s = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=50"]).scenario
        s.costs.usdPerMtokPerBillionActive = .nan
        let compiled = try CompiledScenario(s)
        var sim = MarketSimulation(compiled: compiled, seed: 1, replication: 0)
        #expect {
            _ = try sim.run()
        } throws: { error in
            guard let e = error as? MarketError else { return false }
            return e.description.contains(s.startDate.description) && !e.actor.isEmpty && e.description.contains(e.actor)
        }
    }
}

@Suite("Determinism and common random numbers")
struct DeterminismTests {
    @Test("Same scenario and seed: identical trajectories, events and fingerprint")
    func sameSeed() throws {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=300"])
        var a = MarketSimulation(compiled: loaded.compiled, seed: 42, replication: 0)
        var b = MarketSimulation(compiled: loaded.compiled, seed: 42, replication: 0)
        let ra = try a.run(), rb = try b.run()
        #expect(ra.fingerprint == rb.fingerprint)
        #expect(ra.trajectory.flatMap { $0.map(\.bitPattern) } == rb.trajectory.flatMap { $0.map(\.bitPattern) })
        #expect(ra.events == rb.events)
        var c = MarketSimulation(compiled: loaded.compiled, seed: 43, replication: 0)
        #expect(try c.run().fingerprint != ra.fingerprint)
    }

    /// With margin shares at 0 the labs' budgets are their funding alone; otherwise a
    /// newcomer's effect on revenue reaches research budgets and releases (as it should).
    @Test("Adding an infrastructure provider leaves every lab's releases unchanged (own streams)")
    func ownStreams() throws {
        let base = try ScenarioFile.load(Repository.scenario("base.json"), overrides: [
            "buyers.count=200", "actors.frontier[0].research.margin_share=0", "actors.frontier[1].research.margin_share=0",
            "actors.frontier[2].research.margin_share=0", "actors.open_labs[0].research.margin_share=0", "actors.open_labs[1].research.margin_share=0",
        ])
        var more = base.scenario
        var extra = more.actors.infra[0]
        extra.id = "newcomer"
        more.actors.infra.append(extra)
        var a = MarketSimulation(compiled: base.compiled, seed: 7, replication: 0)
        var b = MarketSimulation(compiled: try CompiledScenario(more), seed: 7, replication: 0)
        let releases = { (r: RunResult) in r.events.filter { $0.kind == .frontierRelease }.map { "\($0.day) \($0.fields)" } }
        let ra = try a.run(), rb = try b.run()
        #expect(!releases(ra).isEmpty)
        #expect(releases(ra) == releases(rb))
        #expect(ra.fingerprint != rb.fingerprint)
    }
}
