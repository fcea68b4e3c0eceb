/// Every actor of a scenario in the one global order that results, streams and
/// accounts index by: frontier labs, open labs, distillers, hosts. A role's i-th actor
/// is at its role's base plus i; the directory is the one place that order is built.
public struct ActorDirectory: Sendable {
    /// Each actor's id, kind and organisation, in global order.
    public let ids: [String]
    public let kinds: [ActorKind]
    public let organizations: [String]
    /// The global index of each role's first actor.
    public let openBase: Int
    public let distillerBase: Int
    public let infraBase: Int

    init(_ a: Actors) {
        var ids: [String] = [], kinds: [ActorKind] = [], organizations: [String] = []
        func add(_ kind: ActorKind, _ actors: [some ActorIdentity]) {
            for actor in actors {
                ids.append(actor.id)
                kinds.append(kind)
                organizations.append(actor.organization)
            }
        }
        add(.frontierLab, a.frontier)
        add(.openLab, a.openLabs)
        add(.distiller, a.distillers)
        add(.infra, a.infra)
        self.ids = ids
        self.kinds = kinds
        self.organizations = organizations
        openBase = a.frontier.count
        distillerBase = openBase + a.openLabs.count
        infraBase = distillerBase + a.distillers.count
    }
}
