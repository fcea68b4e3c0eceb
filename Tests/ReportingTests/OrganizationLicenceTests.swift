import Foundation
import MarketModel
@testable import Reporting
import Testing

@Suite("Organisations with licences: one account across roles (H11)")
struct OrganizationLicenceTests {
    @Test("Alibaba's profit is its lab's plus its cloud's, royalties included; royalties only move money between organisations")
    func conservationAcrossRoles() throws {
        // Both labs charge; without self-hosting every royalty is paid by a host.
        let loaded = try ScenarioFile.load(OrganizationAccountsTests.base, overrides: [
            "buyers.count=400", "months=36", "buyers.self_hosting.enabled=false",
            "actors.open_labs[0].licence.royalty_usd_per_mtok=0.2", "actors.open_labs[1].licence.royalty_usd_per_mtok=0.2"])
        let compiled = loaded.compiled
        var sim = MarketSimulation(compiled: compiled, seed: 11, replication: 0)
        let result = try sim.run()
        let rows = OrganizationRow.rows(result, compiled: compiled)
        let cloud = compiled.actorIDs.firstIndex(of: "alibaba-cloud")!, lab = compiled.actorIDs.firstIndex(of: "qwen")!
        var royalties = 0.0
        for day in result.trajectoryDays {
            let period = rows.filter { $0.day == day }
            let received = period.reduce(0) { $0 + $1["licence_revenue_usd"] }
            let paid = period.reduce(0) { $0 + $1["licence_cost_usd"] }
            #expect(abs(received - paid) <= 1e-9 * max(1, received), "\(day): received \(received), paid \(paid)")
            royalties += received
            for row in period {
                let profit = row["revenue_usd"] + row["licence_revenue_usd"] - row["serving_cost_usd"] - row["training_usd"]
                    - row["distillation_usd"] - row["capacity_usd"] - row["licence_cost_usd"] - row["menu_cost_usd"]
                #expect(abs(row["profit_usd"] - profit) <= 1e-9 * max(1, abs(profit)), "\(row.organization) \(day)")
            }
            let alibaba = period.first { $0.organization == "alibaba" }!
            let actors = result.actorRows.filter { $0.day == day }
            let labRow = actors.first { $0.actor == lab }!, cloudRow = actors.first { $0.actor == cloud }!
            for name in ["profit_usd", "cumulative_profit_usd", "licence_revenue_usd", "licence_cost_usd"] {
                let sum = labRow[name] + cloudRow[name]
                #expect(abs(alibaba[name] - sum) <= 1e-9 * max(1, abs(sum)), "alibaba \(name) \(day)")
            }
            #expect(alibaba.role(.openLab, "profit_usd") == labRow["profit_usd"])
            #expect(alibaba.role(.infra, "profit_usd") == cloudRow["profit_usd"])
        }
        #expect(royalties > 0, "no royalty was paid: the check above would be vacuous")
    }
}
