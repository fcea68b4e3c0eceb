import MarketModel

/// One organisation's money in one period (`organizations.csv`): the sum of its actors'
/// rows, and revenue and profit by role, so that for an organisation playing several
/// roles (Alibaba: the qwen open lab and alibaba-cloud, H11) "does its return come
/// through its cloud?" has an answer.
public struct OrganizationRow: Sendable {
    public let day: Double
    public let organization: String
    /// The kinds of actor it plays, by name, joined by +.
    public let roles: String
    /// Sums over its actors, in `ActorRow.metrics` order.
    public let values: [Double]
    /// By role (indexed by `ActorKind.rawValue`): the `roleColumns` summed over its
    /// actors of that kind; nil for a role it does not play.
    public let byRole: [[Double]?]

    /// Per role, the actor columns summed over its actors of that kind (revenue, and
    /// profit, economic: training and distillation included, and cumulative profit),
    /// each with its meaning for a role.
    static let roleColumns: [(actorColumn: String, meaning: @Sendable (ActorKind) -> String)] = [
        ("revenue_usd", { "Revenue over the month of its \($0.name) actors; empty if it plays no such role." }),
        ("profit_usd", { "Economic profit (revenue and royalties received minus every cost) over the month of its \($0.name) actors; empty if it plays no such role." }),
        ("cumulative_profit_usd", { _ in "The same, cumulated since the start." }),
    ]
    static let roleSource = roleColumns.map { ActorRow.index(of: $0.actorColumn) }

    /// The columns after the organisation and its roles: the actor columns summed, then
    /// the role columns of each kind (`profit_usd_infra`).
    public static let columns: [ColumnDescription] = ActorRow.metrics.map {
        ColumnDescription(name: $0.name, unit: $0.description.unit, meaning: "Sum over its actors: " + $0.description.meaning)
    } + ActorKind.allCases.flatMap { k in
        zip(roleColumns, roleSource).map { role, source in
            ColumnDescription(name: "\(role.actorColumn)_\(k.name)", unit: ActorRow.metrics[source].description.unit,
                              meaning: role.meaning(k))
        }
    }

    /// The organisations' rows of one replication, period by period, organisations in
    /// name order.
    public static func rows(_ result: RunResult, compiled: CompiledScenario) -> [OrganizationRow] {
        let organizationOf = compiled.actorOrganizations
        let names = Array(Set(organizationOf)).sorted()
        var kindsOf: [String: Set<ActorKind>] = [:]
        for (a, name) in organizationOf.enumerated() { kindsOf[name, default: []].insert(compiled.actorKinds[a]) }
        var rows: [OrganizationRow] = []
        var start = 0
        while start < result.actorRows.count {
            let day = result.actorRows[start].day
            var sums: [String: [Double]] = [:]
            var roleSums: [String: [[Double]?]] = [:]
            var end = start
            while end < result.actorRows.count && result.actorRows[end].day == day {
                let row = result.actorRows[end]
                let name = organizationOf[row.actor]
                sums[name] = zip(sums[name] ?? Array(repeating: 0, count: row.values.count), row.values).map(+)
                let k = compiled.actorKinds[row.actor].rawValue
                var roles = roleSums[name] ?? Array(repeating: nil, count: ActorKind.allCases.count)
                roles[k] = zip(roles[k] ?? Array(repeating: 0, count: roleColumns.count), roleSource.map { row.values[$0] }).map(+)
                roleSums[name] = roles
                end += 1
            }
            for name in names {
                rows.append(OrganizationRow(day: day, organization: name,
                                            roles: kindsOf[name]!.map(\.name).sorted().joined(separator: "+"),
                                            values: sums[name]!, byRole: roleSums[name]!))
            }
            start = end
        }
        return rows
    }

    /// The actor column named `column` summed over its actors.
    public subscript(_ column: String) -> Double { values[ActorRow.index(of: column)] }

    /// The role column `column` (a name in `roleColumns`: `profit_usd`) of its actors of
    /// `kind`; `nil` when it plays no such role.
    public func role(_ kind: ActorKind, _ column: String) -> Double? {
        guard let index = Self.roleColumns.firstIndex(where: { $0.actorColumn == column }) else {
            preconditionFailure("organizations.csv has no role column \(column)")
        }
        return byRole[kind.rawValue].map { $0[index] }
    }

    /// The row's cells after replication, date and day.
    var fields: [String] {
        [organization, roles] + values.map(CSVFormat.number)
            + byRole.flatMap { role in role.map { $0.map(CSVFormat.number) } ?? Array(repeating: "", count: Self.roleColumns.count) }
    }
}
