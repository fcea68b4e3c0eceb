/// Who captures the value, measured one way in every headline (the HTML reports' answer
/// and headline table, `run`'s summary, `compare`'s table): each actor kind's economic
/// profit to date, training and distillation included (`cumulative_profit_usd_<kind>`).
/// Shares of spend or of gross margin rank a kind that loses money on training as a
/// winner, so they appear only as labelled detail; buyers' surplus stands beside the
/// profits as a level, since it has none that can be divided into shares yet.
public enum ValueCapture {
    /// The actor kinds whose profit is reported: the suffix of their metric names and the kind in words.
    public static let kinds: [(suffix: String, name: String)] = [
        ("frontier_lab", "frontier labs"), ("open_lab", "open labs"), ("distiller", "distillers"), ("infra", "infrastructure"),
    ]

    /// The headline metric of a kind (a `kinds` suffix).
    public static func profitMetric(_ suffix: String) -> String { "cumulative_profit_usd_" + suffix }

    public static let profitMetrics = kinds.map { profitMetric($0.suffix) }

    public static let surplusMetric = "cumulative_buyer_surplus_usd"

    /// The measures kept as detail, each with what it is in words: the month's share of
    /// spend and the share of gross margin (revenue less serving cost) to date.
    public static let detailMetrics: [(metric: String, label: String)] = [
        ("spend_share_frontier_lab", "spend share in the month, frontier labs"),
        ("spend_share_open_lab", "spend share in the month, open labs"),
        ("spend_share_infra", "spend share in the month, infrastructure"),
        ("value_share_frontier_lab", "gross-margin share to date, frontier labs"),
        ("value_share_open_lab", "gross-margin share to date, open labs"),
        ("value_share_infra", "gross-margin share to date, infrastructure"),
    ]

    /// The heading over the profits on a console.
    public static let heading = "Who captures the value: economic profit to date, training included"

    /// The heading over the detail measures on a console.
    public static let detailHeading = "Detail, not who captures the value: spend and gross-margin shares, before training"

    /// Why the detail measures are no headline.
    public static let detailNote = "Not a measure of who captures the value: a kind can earn most of the spend or the margin "
        + "and still lose money once training is paid for."

    static let surplusNote = "Buyers' surplus is measured against each run's own start-of-run menu, so it has no level "
        + "that can be compared across scenarios or divided into shares yet (issue #22 gives it one): read it beside "
        + "the profits, not as a share of anything."
}
