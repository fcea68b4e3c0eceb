/// An actor of a scenario: its place in the directory's global order, which results,
/// streams and accounts index by. Only the directory hands them out, so an actor is
/// never a role's index mistaken for a global one.
public struct ActorID: Hashable, Comparable, Sendable {
    /// The actor's global index (of `ActorDirectory.ids`, the ledger's accounts, ...).
    public let index: Int

    fileprivate init(_ index: Int) { self.index = index }

    public static func < (a: ActorID, b: ActorID) -> Bool { a.index < b.index }
}

/// Every actor of a scenario in the one global order that results, streams and
/// accounts index by: frontier labs, open labs, distillers, hosts. The directory is the
/// one place that order is built, and the one that turns a role's i-th actor into its
/// `ActorID` and back.
public struct ActorDirectory: Sendable {
    /// Each actor's id, kind and organisation, in global order.
    public let ids: [String]
    public let kinds: [ActorKind]
    public let organizations: [String]
    /// The global index of each role's first actor.
    private let openBase: Int
    private let distillerBase: Int
    private let infraBase: Int

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

    /// The `i`-th actor of each role (`scenario.actors.frontier[i]`, `.openLabs[i]`, ...).
    public func frontier(_ i: Int) -> ActorID { ActorID(i) }
    public func open(_ i: Int) -> ActorID { ActorID(openBase + i) }
    public func distiller(_ i: Int) -> ActorID { ActorID(distillerBase + i) }
    public func infra(_ i: Int) -> ActorID { ActorID(infraBase + i) }

    /// The actor at global index `index` (an event's payload, a table's position).
    public func actor(at index: Int) -> ActorID { ActorID(index) }

    /// Every actor, in global order.
    public var all: [ActorID] { ids.indices.map(ActorID.init) }

    /// The labs that train models (frontier and open), whose research budgets accrue.
    public var labs: [ActorID] { (0..<distillerBase).map(ActorID.init) }

    /// An actor's role and its index within the role: `role(of: open(i)) == (.openLab, i)`.
    public func role(of a: ActorID) -> (kind: ActorKind, index: Int) {
        switch kinds[a.index] {
        case .frontierLab: (.frontierLab, a.index)
        case .openLab: (.openLab, a.index - openBase)
        case .distiller: (.distiller, a.index - distillerBase)
        case .infra: (.infra, a.index - infraBase)
        }
    }

    public func id(of a: ActorID) -> String { ids[a.index] }
    public func kind(of a: ActorID) -> ActorKind { kinds[a.index] }
    public func organization(of a: ActorID) -> String { organizations[a.index] }
}

extension Array {
    /// A per-actor table (accounts, research budgets, funding) read by its actor: the
    /// global index stays inside, so no caller does the directory's arithmetic.
    subscript(_ a: ActorID) -> Element {
        get { self[a.index] }
        _modify { yield &self[a.index] }
    }
}
