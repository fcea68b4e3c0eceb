/// The kinds of actor whose value capture marketsim reports.
public enum ActorKind: Int, Sendable, CaseIterable {
    case frontierLab = 0, openLab, distiller, infra

    /// The name used in column names and CSV cells.
    public var name: String {
        switch self {
        case .frontierLab: "frontier_lab"
        case .openLab: "open_lab"
        case .distiller: "distiller"
        case .infra: "infra"
        }
    }
}
