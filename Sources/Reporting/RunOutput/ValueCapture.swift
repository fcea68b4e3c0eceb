/// Who captures the value, measured one way in every headline (the HTML reports' answer
/// and headline table, `run`'s summary, `compare`'s table): the shares of total surplus
/// to date (`cumulative_total_surplus_usd`: buyers' surplus against not using a model
/// plus every actor kind's economic profit, training and distillation included), each
/// beside its level in USD. Buyers' surplus has a level (docs/model.md, 'Who captures
/// the value'), so the total is an honest denominator; shares of spend or of gross margin
/// rank a kind that loses money on training as a winner, so they appear only as labelled
/// detail.
public enum ValueCapture {
    /// The actor kinds whose profit is reported: the suffix of their metric names and the kind in words.
    public static let kinds: [(suffix: String, name: String)] = [
        ("frontier_lab", "frontier labs"), ("open_lab", "open labs"), ("distiller", "distillers"), ("infra", "infrastructure"),
    ]

    /// A kind's level (a `kinds` suffix): its economic profit to date.
    public static func profitMetric(_ suffix: String) -> String { "cumulative_profit_usd_" + suffix }

    public static let surplusMetric = "cumulative_buyer_surplus_usd"

    /// The denominator: buyers' surplus plus every kind's profit, to date.
    public static let totalMetric = "cumulative_total_surplus_usd"

    /// Who shares the total, buyers first: their name, their share of the total to date
    /// (`surplus_share_*`, empty where the total is not positive) and their level in USD.
    public static let parties: [(name: String, share: String, level: String)] =
        [("buyers", "surplus_share_buyers", surplusMetric)]
        + kinds.map { ($0.name, "surplus_share_" + $0.suffix, profitMetric($0.suffix)) }

    /// The headline's metrics in reading order: the total, then each party's share and level.
    public static let headlineMetrics = [totalMetric] + parties.flatMap { [$0.share, $0.level] }

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

    /// The heading over the shares and levels on a console.
    public static let heading = "Who captures the value: shares of total surplus to date, levels in USD"

    /// The heading over the detail measures on a console.
    public static let detailHeading = "Detail, not who captures the value: spend and gross-margin shares, before training"

    /// Why the detail measures are no headline.
    public static let detailNote = "Not a measure of who captures the value: a kind can earn most of the spend or the margin "
        + "and still lose money once training is paid for."

    /// What the total and its shares measure, for a report's note.
    static let surplusNote = "Buyers' surplus is measured against not using a model (never negative, comparable across "
        + "scenarios); the shares are means across replications of each replication's share, and a share is undefined "
        + "where the total is not positive."

    /// Why a replication has no shares: a ratio to a total that is zero or negative
    /// would rank a loss as a gain, so the shares are left undefined there.
    public static func undefinedNote(_ count: Int, of replications: Int) -> String {
        count == replications
            ? "shares undefined: total surplus to date is not positive" + (replications > 1 ? " in any replication" : "")
            : "shares undefined in \(count) of \(replications) replications (total surplus not positive); means over the rest"
    }
}
