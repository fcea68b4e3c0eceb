import Foundation
@testable import MarketModel
import ScenarioFormat
import SimulationKit
import TestSupport
import Testing

/// A run that logs every engine event it handles, to check when decisions happen.
struct EventLog: SimulationModel, ~Copyable {
    var sim: MarketSimulation
    var log: [(day: Double, event: MarketEvent)] = []

    mutating func handle(_ event: MarketEvent, scheduler s: inout Scheduler<MarketEvent>) throws {
        log.append((s.now, event))
        try sim.handle(event, scheduler: &s)
    }

    /// Runs `loaded` under `seed` to its horizon.
    static func run(_ loaded: ScenarioFile.Loaded, seed: UInt64 = 11) throws -> EventLog {
        var model = EventLog(sim: MarketSimulation(compiled: loaded.compiled, seed: seed, replication: 0))
        var s = Scheduler<MarketEvent>(start: 0)
        try model.sim.setUp(&s)
        try s.run(&model, until: loaded.compiled.reportDays.last!)
        return model
    }

    /// The days of the decisions of the actor at global index `actor`.
    func decisions(of actor: Int) -> [Double] {
        log.compactMap { if case .listPriceDecision(let a) = $0.event, Int(a) == actor { $0.day } else { nil } }
    }
}

@Suite("List prices as decisions")
struct ListPriceTests {
    /// The frozen two-offering market (`frozenMarket`) with the proprietary lab pricing
    /// by decisions: serving cost 0.01 x 100 = 1 USD per million tokens, its rival the
    /// open API at a fixed 0.64, identical buyers who value the work at 30 USD per Mtok
    /// with a taste scale of 15.
    static let deciding = ["pricing.frontier_best_response=true", "actors.frontier[0].active_params_b=100",
                           "buyers.review_interval_days=5", "buyers.count=300"]

    /// The money-logit share of the proprietary lab at blended price `p` against the
    /// open API at 0.64 and the outside option: u = (30 (q / 100)^2 - p) / 15, quality
    /// 80 against 70.
    static func share(_ p: Double) -> Double {
        let lab = exp((30 * 0.64 - p) / 15), open = exp((30 * 0.49 - 0.64) / 15)
        return lab / (1 + lab + open)
    }

    /// The decision from list price `p`: c + p / eta with eta = (p / tau) (1 - P), so
    /// 1 + 15 / (1 - P(p)).
    static func decision(_ p: Double) -> Double { 1 + 15 / (1 - share(p)) }

    static func priceChanges(_ result: RunResult) -> [EventRow] { result.events.filter { $0.kind == .priceChange } }

    @Test("A decision moves the list price to c + p / eta in one step, eta = (p / tau) (1 - P) at the list price")
    func oneStepLerner() throws {
        // Catches a decision that damps its move (the hosts' step is bounded by 31 %:
        // 10 could not reach 23.8), that measures eta at a price other than the list
        // price, or that prices against a cost other than serving cost.
        let run = try frozenMarket(Self.deciding)
        let changes = Self.priceChanges(run.result)
        #expect(changes.count >= 2, "\(changes.count) changes")
        for e in changes {
            let before = e.inputPriceBefore!, after = e.inputPriceAfter!
            let expected = Self.decision(before)
            #expect(abs(after / expected - 1) < 1e-9, "day \(e.day): \(before) -> \(after), expected \(expected)")
            #expect(e.trigger == .scheduledReview && e.triggerModel.isEmpty)
        }
        #expect(abs(changes[0].inputPriceBefore! - 10) < 1e-12, "the first decision starts from the launch price")
    }

    @Test("Within the menu-cost band a decision changes nothing; each change outside it books the menu cost")
    func menuCostBand() throws {
        // Catches a band that is ignored (10 -> 23.8 is 0.87 in log price, inside a band
        // of 1), an event written without a change, and a menu cost not booked to the
        // lab's costs and profit.
        let held = try frozenMarket(Self.deciding + ["pricing.menu_cost_band=1"])
        #expect(Self.priceChanges(held.result).isEmpty)
        let band = 0.1
        let run = try frozenMarket(Self.deciding + ["pricing.menu_cost_band=\(band)", "pricing.menu_cost_usd=1000"])
        let changes = Self.priceChanges(run.result)
        #expect(!changes.isEmpty)
        for e in changes { #expect(abs(log(e.inputPriceAfter! / e.inputPriceBefore!)) > band, "day \(e.day)") }
        // The decisions converge: after 10 -> 23.8 -> 19.1 the next step (to 20.2, 0.06
        // in log price) lies inside the band, so the price rests there.
        var path = [10.0]
        while abs(log(Self.decision(path.last!) / path.last!)) > band { path.append(Self.decision(path.last!)) }
        #expect(path.count == 3 && abs(log(path[1] / 10)) < 1, "\(path)")
        #expect(changes.count == path.count - 1, "\(changes.map { ($0.day, $0.inputPriceAfter!) }) vs \(path)")
        let menu = ActorRow.columns.firstIndex(of: "menu_cost_usd")!
        let profit = ActorRow.columns.firstIndex(of: "profit_usd")!
        let lab = run.result.actorRows.filter { $0.actor == 0 }
        #expect(lab.reduce(0) { $0 + $1.values[menu] } == 1000 * Double(changes.count))
        for row in lab {
            let v = { (name: String) in row.values[ActorRow.columns.firstIndex(of: name)!] }
            let expected = v("revenue_usd") + v("licence_revenue_usd") - v("serving_cost_usd") - v("training_usd")
                - v("distillation_usd") - v("capacity_usd") - v("licence_cost_usd") - v("menu_cost_usd")
            #expect(abs(row.values[profit] - expected) <= 1e-9 * max(1, abs(expected)), "day \(row.day)")
        }
    }

    @Test("A rival's release brings a lab's decision forward to release_response_days after it")
    func rivalRelease() throws {
        // Catches a release that schedules no early decision (the lab's next scheduled
        // one is ten years away), one that answers the releasing lab itself, and an
        // early decision recorded as a scheduled one or without the rival's model.
        let release = #"events=[{"date": "2025-04-01", "type": "release", "actor": "open", "quality": {"coding": 72}}]"#
        let loaded = try ScenarioFile.load(try TemporaryFolder("rival").write("frozen.json", LogitChoiceTests.scenario),
                                           overrides: Self.deciding + [release, "pricing.lab_review_days=3650",
                                                                       "pricing.release_response_days=14",
                                                                       "pricing.open_best_response=true"])
        let run = try EventLog.run(loaded)
        let releaseDay = Double(loaded.compiled.startDate.days(to: CalendarDate(iso: "2025-04-01")!))
        let decisions = run.decisions(of: 0).filter { $0 < 365 }
        #expect(decisions.contains(releaseDay + 14), "\(decisions)")
        let early = Self.priceChanges(run.sim.result).filter { $0.day == releaseDay + 14 }
        #expect(early.count == 1 && early.first?.trigger == .rivalRelease && early.first?.triggerModel == "open-1",
                "\(early)")
        #expect(!run.decisions(of: 1).contains(releaseDay + 14), "the open lab does not answer its own release")
    }

    @Test("Hosts review every review_days; labs decide every lab_review_days or release_response_days after a rival's release")
    func schedules() throws {
        // Catches hosts moved onto the labs' schedule (or the reverse), a decision that
        // does not restart the lab's clock, and an early decision without a release.
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"),
                                           overrides: ["buyers.count=200", "months=24", "pricing.review_days=30",
                                                       "pricing.lab_review_days=91", "pricing.release_response_days=14"])
        let run = try EventLog.run(loaded)
        let compiled = loaded.compiled
        var releases: [Double] = []
        for (day, event) in run.log {
            switch event {
            case .frontierRelease, .openRelease, .exogenous: releases.append(day)
            default: break
            }
        }
        for host in compiled.hostReviewers {
            let days = run.log.compactMap { if case .priceReview(let a) = $0.event, Int(a) == host.index { $0.day } else { nil } }
            #expect(days.count >= 23, "\(compiled.actorIDs[host.index]): \(days.count) reviews")
            for (a, b) in zip(days, days.dropFirst()) { #expect(abs(b - a - 30) < 1e-9, "\(compiled.actorIDs[host.index]) \(a) -> \(b)") }
        }
        #expect(compiled.listPriceSetters.count >= 3)
        var early = 0
        for lab in compiled.listPriceSetters {
            let days = run.decisions(of: lab.index)
            #expect(days.count >= 4 && days.first! < 91, "\(compiled.actorIDs[lab.index]): \(days)")
            for (a, b) in zip(days, days.dropFirst()) {
                #expect(b - a <= 91 + 1e-9, "\(compiled.actorIDs[lab.index]) \(a) -> \(b)")
                if b - a < 91 - 1e-9 {
                    early += 1
                    #expect(releases.contains { abs($0 + 14 - b) < 1e-9 }, "\(compiled.actorIDs[lab.index]) decides at \(b) without a release 14 days before")
                }
            }
        }
        #expect(early > 0, "no decision was brought forward in two years of releases")
        #expect(run.log.allSatisfy { if case .priceReview(let a) = $0.event { compiled.actorKinds[Int(a)] == .infra } else { true } })
    }

    @Test("Same seed, same events and trajectories; another seed, other ones")
    func determinism() throws {
        // Catches a decision schedule that reads anything but (scenario, seed): a
        // dictionary's order, a shared stream, the clock.
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=200", "months=30"])
        func run(_ seed: UInt64) throws -> RunResult {
            var sim = MarketSimulation(compiled: loaded.compiled, seed: seed, replication: 0)
            return try sim.run()
        }
        let a = try run(5), b = try run(5), c = try run(6)
        #expect(a.events.map(\.fields) == b.events.map(\.fields))
        // Bit patterns: some cells are NaN, which equals nothing.
        let bits = { (r: RunResult) in r.trajectory.map { $0.map(\.bitPattern) } }
        #expect(bits(a) == bits(b) && a.fingerprint == b.fingerprint)
        #expect(a.events.contains { $0.kind == .priceChange })
        #expect(a.events.map(\.fields) != c.events.map(\.fields))
    }
}

@Suite("H7 as a persistent cut")
struct PersistentCutTests {
    /// A year as days [365, 730), prices from 10.
    static func held(_ path: [(day: Double, after: Double)]) -> Bool {
        var before = 10.0
        let changes = path.map { step in
            defer { before = step.after }
            return (day: step.day, before: before, after: step.after)
        }
        return PersistentCut.held(changes, start: 365, end: 730)
    }

    @Test("A -65 % cut held six months counts; one reverted after three months, two -40 % cuts, a cut before the year do not")
    func paths() {
        #expect(Self.held([(400, 3.5)]), "-65 %, never raised")
        #expect(Self.held([(400, 3.5), (500, 3.2), (600, 3.5)]), "moves at or below the cut level")
        #expect(Self.held([(400, 3.5), (400 + 183, 9)]), "raised only after six months")
        #expect(!Self.held([(400, 3.5), (490, 9)]), "reverted after three months")
        #expect(!Self.held([(400, 3.5), (490, 3.6)]), "back above the cut level within six months")
        #expect(!Self.held([(400, 6), (500, 3.6)]), "two -40 % cuts")
        #expect(!Self.held([(300, 3.5)]), "before the year")
        #expect(!Self.held([(730, 3.5)]), "after the year")
        #expect(Self.held([(400, 4)]), "exactly -60 %")
        #expect(!Self.held([(400, 4.01)]), "just under -60 %")
        #expect(Self.held([(380, 12), (400, 4.5), (420, 4)]), "-62.5 % from a raised price")
    }

    /// Hand-computed: prices from 10, a year as days [365, 730).
    @Test("The deepest held fall reads one decision, or every decision of the 90 days up to it, from their highest price")
    func deepest() {
        func depth(_ path: [(day: Double, after: Double)], window: Double = 0) -> Double {
            var before = 10.0
            let changes = path.map { step in
                defer { before = step.after }
                return (day: step.day, before: before, after: step.after)
            }
            return PersistentCut.deepest(changes, start: 365, end: 730, window: window)
        }
        #expect(abs(depth([(400, 6), (450, 3)]) - 0.5) < 1e-12, "two halvings: one decision's deepest is 50 %")
        #expect(abs(depth([(400, 6), (450, 3)], window: 90) - 0.7) < 1e-12, "within 90 days: 10 to 3")
        #expect(abs(depth([(300, 12), (350, 6), (450, 3)], window: 90) - 0.5) < 1e-12, "12 and the cut from it came more than 90 days before")
        #expect(abs(depth([(380, 12), (400, 6), (450, 3)], window: 90) - 0.75) < 1e-12, "from the raised 12, 70 days before")
        #expect(abs(depth([(400, 6), (450, 3), (500, 5)], window: 90) - 0.4) < 1e-12, "the second cut reverted: only the first holds")
        #expect(depth([(400, 6), (450, 3), (500, 7)], window: 90) == 0, "both reverted")
        #expect(depth([(400, 12)]) == 0, "a raise is no cut")
        #expect(depth([(300, 3)], window: 90) == 0, "before the year")
        #expect(abs(depth([(400, 4)]) - 0.6) < 1e-12 && Self.held([(400, 4)]), "exactly -60 % is H7's depth")
    }

    @Test("A run's figure reads its frontier labs' list-price events in 2025, and is missing when the run ends too soon")
    func runFigure() throws {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=10"])
        let compiled = loaded.compiled
        let day = Double(compiled.startDate.days(to: CalendarDate(iso: "2025-05-01")!))
        func result(_ actor: String, cut: Double, raisedAfter: Double?) -> RunResult {
            var r = RunResult(replication: 0, seed: 1)
            func change(_ d: Double, _ before: Double, _ after: Double) -> EventRow {
                var e = EventRow(day: d, actor: actor, kind: .priceChange, model: "m")
                (e.inputPriceBefore, e.inputPriceAfter, e.outputPriceBefore, e.outputPriceAfter) = (before, after, 4 * before, 4 * after)
                return e
            }
            r.events = [change(day, 10, 10 * (1 - cut))]
            if let raisedAfter { r.events.append(change(day + raisedAfter, 10 * (1 - cut), 10)) }
            return r
        }
        let lab = loaded.scenario.actors.frontier[0].id, open = loaded.scenario.actors.openLabs[0].id
        #expect(result(lab, cut: 0.65, raisedAfter: nil).frontierCutHeld(compiled) == 1)
        #expect(result(lab, cut: 0.65, raisedAfter: 90).frontierCutHeld(compiled) == 0)
        #expect(result(lab, cut: 0.65, raisedAfter: 200).frontierCutHeld(compiled) == 1)
        #expect(result(open, cut: 0.65, raisedAfter: nil).frontierCutHeld(compiled) == 0, "an open lab's cut is not H7")
        // Per model: the lab's next generation raised from the cut price does not undo the cut.
        var two = result(lab, cut: 0.65, raisedAfter: 90)
        two.events[1] = EventRow(day: two.events[1].day, actor: lab, kind: .priceChange, model: "m-next")
        (two.events[1].inputPriceBefore, two.events[1].inputPriceAfter, two.events[1].outputPriceBefore, two.events[1].outputPriceAfter) = (3.5, 10, 14, 40)
        #expect(two.frontierCutHeld(compiled) == 1, "another model's raise")
        #expect(abs(result(lab, cut: 0.65, raisedAfter: nil).frontierCutDepth(compiled) - 0.65) < 1e-12)
        #expect(result(lab, cut: 0.65, raisedAfter: 90).frontierCutDepth(compiled) == 0, "reverted within six months")
        let short = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=10", "months=40"])
        #expect(result(lab, cut: 0.65, raisedAfter: nil).frontierCutHeld(short.compiled).isNaN, "the run ends in May 2026")
    }
}
