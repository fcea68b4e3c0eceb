import Foundation
@testable import MarketModel
import Testing

/// Labs' own APIs hold serving capacity and pay for it (issue 23, item 3), as hosts do:
/// sized to their demand at `costs.lab_capacity_utilisation`, so each million tokens a
/// lab serves at day t pays capacity_price(t) / (utilisation x days per month).
@Suite("Labs' APIs pay for capacity", .serialized)
struct LabCapacityTests {
    static let small = ["buyers.count=1000"]

    /// The capacity price per Mtok a day per month at `day`: base's 3 USD falling with
    /// the compute price (35 % a year of 365 days, the year of rates), written from the
    /// scenario's figures, not the code.
    static func capacityPrice(day: Double) -> Double { 3 * pow(1 - 0.35, day / 365) }

    @Test("A lab's capacity per token lies between the month's end and start prices over utilisation (hand-computed)")
    func capacityPerToken() throws {
        let runs = try Replications("base.json", count: 1, overrides: Self.small)
        let kinds = runs.loaded.compiled.actorKinds
        var checked = 0
        for r in runs.results {
            // Each row covers the month since the report before it.
            let days = Array(Set(r.actorRows.map(\.day))).sorted()
            for row in r.actorRows where kinds[row.actor] != .infra {
                guard row["tokens_mtok"] > 0, let i = days.firstIndex(of: row.day), i > 0 else { continue }
                let perMtok = row["capacity_usd"] / row["tokens_mtok"]
                let high = Self.capacityPrice(day: days[i - 1]) / (0.7 * 30.4375)
                let low = Self.capacityPrice(day: row.day) / (0.7 * 30.4375)
                #expect(perMtok >= low * (1 - 1e-9) && perMtok <= high * (1 + 1e-9),
                        "\(runs.loaded.compiled.actorIDs[row.actor]) day \(row.day): \(perMtok) outside [\(low), \(high)]")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test("Labs holding capacity at a fifth of the utilisation pay five times as much per token, and open labs' APIs lose tokens to hosts")
    func utilisationLever() throws {
        let count = 24  // on 12 pairs the open labs' share interval reached +0.004 after the refit
        let base = try Replications("base.json", count: count, overrides: Self.small)
        let loose = try Replications("base.json", count: count, overrides: Self.small + ["costs.lab_capacity_utilisation=0.14"])
        let kinds = base.loaded.compiled.actorKinds
        // Row by row (same replication, actor and month), the capacity per token is five
        // times as high, up to how the tokens fell within the month: the capacity price
        // moves by at most a month's fall, (1 - 0.35)^(31 / 365), between its ends.
        let monthFall = pow(1 - 0.35, 31.0 / 365)
        var compared = 0
        for (b, l) in zip(base.results, loose.results) {
            for (rb, rl) in zip(b.actorRows, l.actorRows) where kinds[rb.actor] != .infra && rb["tokens_mtok"] > 0 && rl["tokens_mtok"] > 0 {
                let ratio = (rl["capacity_usd"] / rl["tokens_mtok"]) / (rb["capacity_usd"] / rb["tokens_mtok"])
                #expect(ratio >= 5 * monthFall - 1e-9 && ratio <= 5 / monthFall + 1e-9, "capacity per token, loose over base: \(ratio)")
                compared += 1
            }
        }
        #expect(compared > 1000)
        // An open lab's API and the hosts of its model are near-perfect substitutes (one
        // nest): dearer capacity for the lab alone moves its model's tokens to the hosts.
        let d = PairedDifference(base.total("token_share_open_lab", from: "2024-01-01", mean: true),
                                 loose.total("token_share_open_lab", from: "2024-01-01", mean: true))
        #expect(d.high < 0, "open labs' token share loose - base: \(d.mean) [\(d.low), \(d.high)]")
    }
}
