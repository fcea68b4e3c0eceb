import MarketModel

/// Every exported column, file by file, with its unit and meaning: what
/// `marketsim columns` prints and docs/columns.md reproduces.
public enum ColumnDictionary {
    /// The columns of `actors.csv`: an actor's identity, then its account (`ActorRow`).
    public static let actors = ColumnDescription.identity(detailed: false) + [
        d("actor", "id", "Actor id from the scenario."),
        d("kind", "name", ActorKind.allCases.dropLast().map(\.name).joined(separator: ", ") + " or \(ActorKind.allCases.last!.name)."),
        d("organization", "id", "Organisation playing the role (one may play several, H11)."),
    ] + ActorRow.metrics.map(\.description)

    /// The columns of `organizations.csv`: an organisation and its roles, then its
    /// accounts (`OrganizationRow`).
    public static let organizations = ColumnDescription.identity(detailed: false) + [
        d("organization", "id", "An organisation; one may play several roles (H11)."),
        d("roles", "names", "The kinds of actor it plays, joined by +."),
    ] + OrganizationRow.columns

    /// The columns of `events.csv` (`EventRow`).
    public static let events = ColumnDescription.identity(detailed: false) + EventRow.columns.map(\.description)

    private static func d(_ name: String, _ unit: String, _ meaning: String) -> ColumnDescription {
        ColumnDescription(name: name, unit: unit, meaning: meaning)
    }

    /// (file, columns) for a scenario's run folder, comparisons and sweeps.
    public static func files(for compiled: CompiledScenario) -> [(file: String, columns: [ColumnDescription])] {
        let stats = "mean, std_error (of the mean), p5, p50, p95 (type-7 percentiles) across replications"
        // Sobol's two indices, each with its bootstrap interval.
        let sobolIndices = [("first_order", "First-order Sobol index S_i (Saltelli 2010)."), ("total", "Total-effect index ST_i (Jansen).")]
            .flatMap { index, meaning in
                [d(index, "share of variance", meaning),
                 d(index + "_ci_low", "share of variance", "Bootstrap 95 % interval, low."),
                 d(index + "_ci_high", "share of variance", "Bootstrap 95 % interval, high.")]
            }
        return [
            ("trajectories.csv", RunRecorder(compiled: compiled).dictionary),
            ("actors.csv", actors),
            ("organizations.csv", organizations),
            ("events.csv", events),
            ("bands.csv", [d("date", "YYYY-MM-DD", "Report date."), d("metric", "name", "A trajectories.csv column."),
                           d("stat", "name", stats + "."), d("value", "the metric's unit", "The statistic; empty where undefined.")]),
            ("summary.csv", [d("metric", "name", "A trajectories.csv column at the final report, or a run-level outcome: "
                               + RunOutcomes.runLevelNames.joined(separator: ", ") + "."),
                             d("stat", "name", stats + ", and n."), d("value", "the metric's unit", "The statistic.")]),
            ("summary_wide.csv", [d("metric", "name", "As in summary.csv, one row each."),
                                  d("mean", "the metric's unit", "Mean across replications."),
                                  d("median", "the metric's unit", "50th percentile (p50)."),
                                  d("p5", "the metric's unit", "5th percentile."), d("p95", "the metric's unit", "95th percentile."),
                                  d("std_error", "the metric's unit", "Standard error of the mean."),
                                  d("n", "count", "Replications with a value.")]),
            ("compare trajectories.csv, bands.csv", [d("scenario", "name", "The scenario (its name; a repeated name gets -2, -3); the other columns as in a run's file.")]),
            ("compare differences.csv", [d("date", "YYYY-MM-DD", "Report date."), d("metric", "name", "A trajectories.csv column."),
                                         d("scenario", "name", "The scenario compared."),
                                         d("reference", "name", "The first scenario, against which every other is compared.")]
                + comparisonStatistics()),
            ("compare compare.csv", [d("scenario", "name", "The scenario compared."), d("reference", "name", "The first scenario."),
                                     d("outcome", "name", "A final-period metric or run-level outcome.")]
                + comparisonStatistics()),
            ("sweep runs.csv", [d("run_id", "index", "Run number: point_id x replications + replication."),
                                d("point_id", "index", "Design point, in design order."),
                                d("replication", "index", "Replication at the point."),
                                d("seed", "integer", "The run's seed (shared by all points' same replication under common random numbers): up to 20 digits, so import the column as text in a spreadsheet, which keeps only 15 significant digits of a number."),
                                d("<parameter>", "the key's unit", "One column per parameter (its name, or its JSON path): the value set."),
                                d("<outcome>", "the metric's unit", "One column per outcome of the sweep file; empty when undefined.")]),
            ("sweep points.csv", [d("point_id", "index", "Design point."),
                                  d("<parameter>", "the key's unit", "The point's parameter values."),
                                  d("<outcome>_mean", "the metric's unit", "Mean over the point's replications.")]
                + meanUncertainty(prefix: "<outcome>_") + [d("<outcome>_n", "count", "Replications with a value.")]),
            ("sweep sensitivity.csv", [d("parameter", "name", "A swept parameter (Sobol designs)."), d("outcome", "name", "An outcome.")]
                + sobolIndices),
            ("sweep trajectories.csv (--trajectories)", [d("run_id", "index", "Run number."),
                                                         d("date", "YYYY-MM-DD", "Report date."),
                                                         d("metric", "name", "A trajectories.csv column."),
                                                         d("value", "the metric's unit", "Its value in that run.")]),
        ]
    }

    /// The statistic columns shared by differences.csv and compare.csv.
    static func comparisonStatistics() -> [ColumnDescription] {
        [d("n", "count", "Replication pairs with both values present (same replication, same seed)."),
         d("mean_reference", "the metric's unit", "Mean over the reference's replications."),
         d("mean", "the metric's unit", "Mean over the scenario's replications."),
         d("mean_difference", "the metric's unit", "Mean paired difference, scenario - reference.")]
            + meanUncertainty(prefix: "")
    }

    /// The columns of a mean's uncertainty, after the mean's own: shared by points.csv
    /// (`prefix` the outcome's name and `_`) and the comparisons' statistics.
    static func meanUncertainty(prefix: String) -> [ColumnDescription] {
        [d(prefix + "std_error", "the metric's unit", "Standard error of that mean."),
         d(prefix + "ci95_low", "the metric's unit", "Lower bound of its 95 % t interval."),
         d(prefix + "ci95_high", "the metric's unit", "Upper bound.")]
    }

    /// The dictionary as Markdown tables, one per file.
    public static func markdown(for compiled: CompiledScenario) -> String {
        files(for: compiled).map { file, columns in
            "### \(file)\n\n| column | unit | meaning |\n|---|---|---|\n"
                + columns.map { "| `\($0.name)` | \($0.unit) | \($0.meaning) |" }.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// The dictionary as CSV: file, column, unit, meaning.
    public static func csv(for compiled: CompiledScenario) -> String {
        CSVFormat.line(["file", "column", "unit", "meaning"]) + files(for: compiled).flatMap { file, columns in
            columns.map { CSVFormat.line([file, $0.name, $0.unit, $0.meaning]) }
        }.joined()
    }
}
