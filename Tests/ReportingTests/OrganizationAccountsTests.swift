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
        let revenue = ActorRow.columns.firstIndex(of: "revenue_usd")!, profit = ActorRow.columns.firstIndex(of: "profit_usd")!
        let cumulative = ActorRow.columns.firstIndex(of: "cumulative_profit_usd")!
        for row in rows {
            let actors = result.actorRows.filter { $0.day == row.day && compiled.actorOrganizations[$0.actor] == row.organization }
            for c in ActorRow.columns.indices {
                let sum = actors.reduce(0) { $0 + $1.values[c] }
                #expect(abs(row.values[c] - sum) <= 1e-9 * max(1, abs(sum)), "\(row.organization) \(ActorRow.columns[c])")
            }
            for (i, c) in [revenue, profit, cumulative].enumerated() {
                let byRole = row.byRole.compactMap { $0?[i] }.reduce(0, +)
                #expect(abs(row.values[c] - byRole) <= 1e-9 * max(1, abs(byRole)), "\(row.organization): roles sum")
            }
            let kinds = Set(actors.map { compiled.actorKinds[$0.actor] })
            #expect(row.byRole.indices.filter { row.byRole[$0] != nil } == kinds.map(\.rawValue).sorted())
        }
        let alibaba = rows.filter { $0.organization == "alibaba" }
        #expect(alibaba.allSatisfy { $0.roles == "infra+open_lab" })
        let cloud = compiled.actorIDs.firstIndex(of: "alibaba-cloud")!, lab = compiled.actorIDs.firstIndex(of: "qwen")!
        let last = alibaba.last!
        let cloudProfit = result.actorRows.last { $0.actor == cloud }!.values[cumulative]
        let labProfit = result.actorRows.last { $0.actor == lab }!.values[cumulative]
        #expect(last.byRole[ActorKind.infra.rawValue]![2] == cloudProfit)
        #expect(last.byRole[ActorKind.openLab.rawValue]![2] == labProfit)
        #expect(cloudProfit != labProfit)
    }
}
