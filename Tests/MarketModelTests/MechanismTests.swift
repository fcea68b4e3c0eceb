import Foundation
@testable import MarketModel
import ScenarioFormat
import SimulationKit
import TestSupport
import Testing

@Suite("Mechanisms against their closed forms")
struct MechanismTests {
    @Test("Bass diffusion: the inverse transform inverts the cumulative share")
    func bassInverse() {
        var bass = BassDiffusion()
        (bass.p, bass.q, bass.initialAdopted) = (0.03, 0.5, 0.2)
        for share in stride(from: 0.05, through: 0.95, by: 0.05) {
            #expect(abs(bass.cumulativeShare(years: bass.years(toShare: share)) - share) < 1e-12)
        }
        #expect(bass.adoptionDay(uniform: 0.1) == 0)
        #expect(bass.adoptionDay(uniform: 0.2) == 0)
        // The analytic F(t) = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t) at t = 1 year.
        let e = exp(-0.53)
        #expect(abs(bass.cumulativeShare(years: 1) - (1 - e) / (1 + (0.5 / 0.03) * e)) < 1e-15)
    }

    @Test("Bass diffusion in the market: the adopted share follows F(t0 + t) within binomial error")
    func bassInTheMarket() throws {
        let runs = try Replications("base.json", count: 1, overrides: ["buyers.count=20000", "months=36"])
        let bass = runs.loaded.scenario.buyers.adoption
        let t0 = bass.years(toShare: bass.initialAdopted)
        for (period, date) in runs.loaded.compiled.reportDates.enumerated() where period > 0 && period % 6 == 0 {
            let day = Double(runs.loaded.compiled.startDate.days(to: date))
            let expected = bass.cumulativeShare(years: t0 + day / 365)
            let observed = runs.results[0].trajectory[period][runs.index("adopted_share")]
            let standardError = (expected * (1 - expected) / 20000).squareRoot()
            #expect(abs(observed - expected) < 4 * standardError, "\(date): \(observed) vs \(expected)")
        }
    }

    @Test("Security verification (M8) in the frozen money logit: open weights cost verification / monthly Mtok more, booked per family in use")
    func securityCostInTheChoice() throws {
        // Every buyer security-sensitive, verification 100 USD a month per family in use
        // (one here), verified at once: the delay's redraws are `VerificationTests`'.
        let run = try frozenMarket(["buyers.security_sensitive_share=1", "security.verification_usd_per_month=100",
                                    "security.verification_days=0"])
        let column = { (name: String) in run.recorder.metricIndex(name) }
        let frozen = LogitChoiceTests.self
        // A buyer uses 1M tokens a day, 30.4375 Mtok a month: verification adds
        // 100 / 30.4375 USD to each Mtok of the open offering.
        let open = (frozen.value * 0.7 * 0.7 - frozen.openPrice - 100 / 30.4375) / frozen.tau
        let lab = (frozen.value * 0.8 * 0.8 - 10) / frozen.tau
        let expected = exp(lab) / (exp(lab) + exp(open))
        let onOpen = exp(open) / (1 + exp(lab) + exp(open))
        let buyers = 5000.0, scale = 200_000 / buyers
        let standardError = (expected * (1 - expected) / buyers).squareRoot()
        for period in 6..<run.result.trajectory.count {
            let row = run.result.trajectory[period]
            #expect(abs(row[column("token_share_proprietary")] - expected) < 4 * standardError,
                    "month \(period): \(row[column("token_share_proprietary")]) vs \(expected)")
            // The cost at the report date: 100 USD for each enterprise on open weights,
            // scale enterprises per agent, so a whole number of agents.
            let agents = row[column("security_cost_usd")] / (100 * scale)
            #expect(abs(agents - agents.rounded()) < 1e-6, "month \(period): \(agents) agents")
            let adopted = row[column("adopted_share")] * buyers
            let sd = (adopted * onOpen * (1 - onOpen)).squareRoot()
            #expect(abs(agents - adopted * onOpen) < 4 * sd, "month \(period): \(agents) agents on open weights vs \(adopted * onOpen)")
        }
    }

    /// Buyers' preference for proprietary models, drawn once per buyer from a normal, is a
    /// cost of every open-weight option in money: in the frozen market a buyer with
    /// preference pi values the open API pi x 30 USD per Mtok less, and the token share
    /// of the proprietary API is the mixed logit's, E[P_lab] / (E[P_lab] + E[P_open])
    /// over pi ~ N(0.3, 1.0), integrated here by the trapezoid rule over +-8 SD. That is
    /// 0.499; a preference ignored would give 0.420, and one drawn without its spread
    /// (every buyer at the mean) 0.569, each more than 4 standard errors away.
    @Test("A preference for proprietary models is a per-buyer cost of open weights: shares match the mixed logit")
    func proprietaryPreferenceInTheChoice() throws {
        let run = try frozenMarket(["buyers.proprietary_preference.mean=0.3", "buyers.proprietary_preference.sigma=1"])
        let frozen = LogitChoiceTests.self
        let lab = (frozen.value * 0.8 * 0.8 - 10) / frozen.tau
        func share(mean: Double, sigma: Double) -> Double {
            var onLab = 0.0, onOpen = 0.0, weights = 0.0
            let n = 4001
            for i in 0..<n {
                let z = -8 + 16 * Double(i) / Double(n - 1)
                let w = exp(-z * z / 2) * (i == 0 || i == n - 1 ? 0.5 : 1)
                let open = (frozen.value * 0.7 * 0.7 - frozen.openPrice - (mean + sigma * z) * frozen.value) / frozen.tau
                let total = 1 + exp(lab) + exp(open)
                onLab += w * exp(lab) / total
                onOpen += w * exp(open) / total
                weights += w
            }
            return onLab / (onLab + onOpen)
        }
        let expected = share(mean: 0.3, sigma: 1)
        let standardError = (expected * (1 - expected) / 5000).squareRoot()
        #expect(abs(expected - share(mean: 0, sigma: 0)) > 2 * 4 * standardError)
        #expect(abs(expected - share(mean: 0.3, sigma: 0)) > 2 * 4 * standardError)
        let column = run.recorder.metricIndex("token_share_proprietary")
        for period in 6..<run.result.trajectory.count {
            let observed = run.result.trajectory[period][column]
            #expect(abs(observed - expected) < 4 * standardError, "month \(period): \(observed) vs \(expected)")
        }
    }

    /// With capacity in hosts' marginal cost and entry and exit choosing their models,
    /// an original host's markup over serving cost alone moves with the mix of models it
    /// ends up serving (capacity per token does not scale with a model's size, serving
    /// cost does), and no longer shows competition; its best-response margin is
    /// (p - c) / p = 1 / eta, so the test reads the hosts' own-price elasticity.
    @Test("More hosts of the same models raise hosts' own-price elasticity, so lower their margin 1/eta (paired seeds, M6, M7, X10)")
    func moreHostsLowerMargins() throws {
        let loaded = try ScenarioFile.load(Repository.scenario("base.json"), overrides: ["buyers.count=1500"])
        var crowded = loaded.scenario
        for k in 1...3 {
            var host = crowded.actors.infra[2]
            host.id = "entrant-\(k)"
            host.organization = host.id
            crowded.actors.infra.append(host)
        }
        /// Hosts' own-price elasticity, the mean of the months from 2024 on that have one.
        func elasticities(_ compiled: CompiledScenario) throws -> [Double] {
            let column = RunRecorder(compiled: compiled).metricIndex("price_elasticity_infra")
            let from = compiled.reportDates.firstIndex(of: CalendarDate(iso: "2024-01-01")!)!
            return try replications(compiled, count: 10).map { result in
                let values = result.trajectory[from...].map { $0[column] }.filter { !$0.isNaN }
                return values.reduce(0, +) / Double(values.count)
            }
        }
        let d = PairedDifference(try elasticities(loaded.compiled), try elasticities(try CompiledScenario(crowded)))
        #expect(d.low > 0, "crowded - base host elasticity: \(d.mean) [\(d.low), \(d.high)]")
    }
}

@Suite("Buyer choice against the money logit")
struct LogitChoiceTests {
    /// A frozen market: one segment worth 30 USD per Mtok done right to every buyer
    /// (value_sigma 0), taste scale 0.5 (sigma 0), so tau = 15 USD per Mtok; no
    /// releases, no distillers or hosts, no self-hosting, constant prices (no best
    /// responses), equal speeds, identical buyers with no switching cost, so each
    /// buyer's current choice is an independent draw from the logit probabilities
    /// over the proprietary API (quality 80, 10 USD per Mtok), the open API (quality 70)
    /// and not using a model (utility 0). No capacity charge, so a seller's marginal
    /// cost is its serving cost alone (labs' capacity has its own tests, `LabCapacityTests`).
    static let scenario = """
    {"name": "logit", "start_date": "2025-01-01", "months": 12, "seed": 3,
     "segments": [{"id": "coding", "demand_share": 1, "distillability": 0.5, "value_usd_per_mtok": 30, "value_sigma": 0}],
     "costs": {"usd_per_mtok_per_billion_active": 0.01, "annual_decline": 0, "output_to_input_price_ratio": 1, "capacity_usd_per_mtok_per_day_month": 0},
     "actors": {
       "frontier": [{"id": "lab", "initial_quality": {"coding": 80}, "input_usd_per_mtok": 10, "output_usd_per_mtok": 10,
                     "tokens_per_second": 100, "release_interval": {"mean_days": 36500, "cv": 0}}],
       "open_labs": [{"id": "open", "initial_quality": {"coding": 70}, "total_params_b": 100, "active_params_b": 32,
                      "release_interval": {"mean_days": 36500, "cv": 0},
                      "api": {"tokens_per_second": 100}}]},
     "pricing": {"frontier_best_response": false, "open_best_response": false},
     "buyers": {"count": 5000, "tokens_per_day": {"median": 1000000, "sigma": 0},
                "frontier_segment": "", "taste_scale": {"median": 0.5, "sigma": 0}, "success_exponent": 2,
                "switching_cost": 0, "security_sensitive_share": 0, "routing_share": 0,
                "adoption": {"initial_adopted": 0.99}, "review_interval_days": 20,
                "self_hosting": {"enabled": false}}}
    """
    static let value = 30.0
    static let tau = 0.5 * value
    /// The open API's price: its opening price, twice serving cost (0.01 x 32 = 0.32 per Mtok).
    static let openPrice = 0.32 * 2

    @Test("Token shares, usage and its elasticity match the money logit with an outside option")
    func logitShares() throws {
        let file = try TemporaryFolder("logit").write("logit.json", Self.scenario)
        let loaded = try ScenarioFile.load(file)
        var sim = MarketSimulation(compiled: loaded.compiled, seed: 11, replication: 0)
        let result = try sim.run()
        let recorder = RunRecorder(compiled: loaded.compiled)
        let column = { (name: String) in recorder.metricIndex(name) }
        // u = (V s(q) - p) / tau with s(q) = (q / 100)^2; the outside option's u is 0.
        let lab = (Self.value * 0.8 * 0.8 - 10) / Self.tau, open = (Self.value * 0.7 * 0.7 - Self.openPrice) / Self.tau
        let total = 1 + exp(lab) + exp(open)
        let (pLab, pOpen, pOutside) = (exp(lab) / total, exp(open) / total, 1 / total)
        let expected = pLab / (pLab + pOpen)
        let buyers = 5000.0
        let standardError = (expected * (1 - expected) / buyers).squareRoot()
        // Scaling every price by k moves u_j by -p_j / tau per unit of ln k: the share
        // using a model, 1 - P0, has elasticity P0 sum_j P_j p_j / tau / (1 - P0).
        let elasticity = pOutside * (pLab * 10 + pOpen * Self.openPrice) / Self.tau / (1 - pOutside)
        for period in 6..<result.trajectory.count {
            let row = result.trajectory[period]
            let observed = row[column("token_share_proprietary")]
            #expect(abs(observed - expected) < 4 * standardError, "month \(period): \(observed) vs \(expected)")
            // Tokens bought: the adopted enterprises' workload (200,000 enterprises of 1M
            // tokens a day) times the share using a model, within binomial error.
            let days = result.trajectoryDays[period] - result.trajectoryDays[period - 1]
            let workload = row[column("adopted_share")] * 200_000 * days
            let used = row[column("tokens_mtok")] / workload
            let usedError = (pOutside * (1 - pOutside) / (buyers * row[column("adopted_share")])).squareRoot()
            #expect(abs(used - (1 - pOutside)) < 4 * usedError, "month \(period): \(used) of the workload bought vs \(1 - pOutside)")
            // Every choice sees the same probabilities: the elasticity is exact.
            #expect(abs(row[column("usage_price_elasticity")] - elasticity) < 1e-9 * elasticity,
                    "month \(period): \(row[column("usage_price_elasticity")]) vs \(elasticity)")
        }
        // The outside option is a real margin here, not a rounding residue.
        #expect(pOutside > 0.1 && expected > 0.2 && expected < 0.8, "P0 \(pOutside), proprietary share \(expected)")
    }
}
