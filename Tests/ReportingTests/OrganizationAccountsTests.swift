import Foundation
import MarketModel
@testable import Reporting
import TestSupport
import Testing

@Suite("Organisations accounted as one (H11)")
struct OrganizationAccountsTests {
    static let base = Repository.scenario("base.json")

    @Test("An organisation's figures are the sums of its actors' and of its roles'; Alibaba is its lab and its cloud")
    func sumsOfRoles() throws {
        let loaded = try ScenarioFile.load(Self.base, overrides: ["buyers.count=400", "months=30"])
        let compiled = loaded.compiled
        var sim = MarketSimulation(compiled: compiled, seed: 5, replication: 0)
        let result = try sim.run()
        let rows = OrganizationRow.rows(result, compiled: compiled)
        let names = Set(compiled.actorOrganizations)
        #expect(rows.count == names.count * result.trajectoryDays.count)
        for row in rows {
            let actors = result.actorRows.filter { $0.day == row.day && compiled.actorOrganizations[$0.actor] == row.organization }
            for name in ActorRow.columns {
                let sum = actors.reduce(0) { $0 + $1[name] }
                #expect(abs(row[name] - sum) <= 1e-9 * max(1, abs(sum)), "\(row.organization) \(name)")
            }
            for name in ["revenue_usd", "profit_usd", "cumulative_profit_usd"] {
                let byRole = ActorKind.allCases.compactMap { row.role($0, name) }.reduce(0, +)
                #expect(abs(row[name] - byRole) <= 1e-9 * max(1, abs(byRole)), "\(row.organization): roles sum \(name)")
            }
            let kinds = Set(actors.map { compiled.actorKinds[$0.actor] })
            #expect(row.byRole.indices.filter { row.byRole[$0] != nil } == kinds.map(\.rawValue).sorted())
        }
        let alibaba = rows.filter { $0.organization == "alibaba" }
        #expect(alibaba.allSatisfy { $0.roles == "infra+open_lab" })
        let cloud = compiled.actorIDs.firstIndex(of: "alibaba-cloud")!, lab = compiled.actorIDs.firstIndex(of: "qwen")!
        let last = alibaba.last!
        let cloudProfit = result.actorRows.last { $0.actor == cloud }!["cumulative_profit_usd"]
        let labProfit = result.actorRows.last { $0.actor == lab }!["cumulative_profit_usd"]
        #expect(last.role(.infra, "cumulative_profit_usd") == cloudProfit)
        #expect(last.role(.openLab, "cumulative_profit_usd") == labProfit)
        #expect(cloudProfit != labProfit)
    }
}
