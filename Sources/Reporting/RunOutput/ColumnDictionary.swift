import MarketModel

/// Every exported column, file by file, with its unit and meaning: what
/// `marketsim columns` prints and the README reproduces.
public enum ColumnDictionary {
    /// (file, columns) for a scenario's run folder, comparisons and sweeps.
    public static func files(for compiled: CompiledScenario) -> [(file: String, columns: [ColumnDescription])] {
        func d(_ name: String, _ unit: String, _ meaning: String) -> ColumnDescription {
            ColumnDescription(name: name, unit: unit, meaning: meaning)
        }
        let identity = [d("replication", "index", "Replication number."), d("date", "YYYY-MM-DD", "Report date."),
                        d("day", "days", "Days since the start date.")]
        let actorUnits = ["USD", "USD", "USD", "USD", "USD", "USD", "USD", "million tokens", "USD", "USD"]
        let actorMeanings = ["Revenue over the month.", "Serving cost over the month (M3: follows active parameters).",
                             "Training spend (releases) over the month.", "Distillation spend over the month (M1).",
                             "Capacity spend of hosted models over the month.",
                             "Economic profit: revenue plus licence revenue minus every cost, licence cost included.",
                             "Profit cumulated since the start.", "Tokens sold over the month.",
                             "Royalties received over the month (an open lab: from hosts of other organisations and from self-hosting buyers; open_labs[].licence). Not in revenue_usd, which is what buyers paid.",
                             "Royalties paid over the month (a host: on licensed models of other organisations)."]
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
            ("actors.csv", identity + [d("actor", "id", "Actor id from the scenario."),
                                       d("kind", "name", "frontier_lab, open_lab, distiller or infra."),
                                       d("organization", "id", "Organisation playing the role (one may play several, H11).")]
                + zip(ActorRow.columns, zip(actorUnits, actorMeanings)).map { d($0, $1.0, $1.1) }),
            ("organizations.csv", identity + [d("organization", "id", "An organisation; one may play several roles (H11)."),
                                              d("roles", "names", "The kinds of actor it plays, joined by +.")]
                + zip(ActorRow.columns, zip(actorUnits, actorMeanings)).map { d($0, $1.0, "Sum over its actors: " + $1.1) }
                + ActorKind.allCases.flatMap { k in
                    [d("revenue_usd_\(k.name)", "USD", "Revenue over the month of its \(k.name) actors; empty if it plays no such role."),
                     d("profit_usd_\(k.name)", "USD", "Economic profit (revenue and royalties received minus every cost) over the month of its \(k.name) actors; empty if it plays no such role."),
                     d("cumulative_profit_usd_\(k.name)", "USD", "The same, cumulated since the start.")]
                }),
            ("events.csv", identity + [d("kind", "name", "frontier_release, open_release, distillation, price_change (a frontier lab's best-response review or a scheduled change), hosting_start, hosting_end (a host enters or drops a model), capacity_expansion (a host orders capacity), capacity_release (a host lets capacity run down), backdoor_incident, backdoor_incident_end."),
                                       d("actor", "id", "Actor concerned (empty for market-wide events)."),
                                       d("model", "name", "Model released, distilled, repriced or (un)hosted."),
                                       d("teacher", "name", "Distillation: the frontier model distilled (M1)."),
                                       d("quality_overall", "points", "Releases and distillations: the new model's overall quality."),
                                       d("cost_usd", "USD", "Releases: training spend; distillations: distillation spend."),
                                       d("input_price_before_usd_per_mtok", "USD per million tokens", "Price moves: input price before."),
                                       d("input_price_after_usd_per_mtok", "USD per million tokens", "Price moves: input price after."),
                                       d("output_price_before_usd_per_mtok", "USD per million tokens", "Price moves: output price before."),
                                       d("output_price_after_usd_per_mtok", "USD per million tokens", "Price moves: output price after."),
                                       d("price_change_fraction", "share", "Price moves: after / before - 1 (-0.8 is an 80 % cut, H7)."),
                                       d("trigger", "name", "scheduled (a scenario event), best_response (a frontier lab's monthly price review against the demand it faced, H7, M10), entry (a host expects a model's margin to cover its costs), exit (a hosted model lost money over the host's exit window), replaced (a host at its max_models cap drops the model that earns it least for one that promises more), release (a host follows its own lab's new model, H11), utilisation (a host's capacity against its target)."),
                                       d("trigger_model", "name", "Empty: best-response prices answer all demand, not one model (kept so the file's columns stay stable)."),
                                       d("security_tax_multiplier", "factor", "Incidents: the security tax multiplier in force after it starts or ends (M8)."),
                                       d("duration_days", "days", "Incidents: how long it lasts; capacity expansions: the delay before the capacity serves."),
                                       d("capacity_mtok_per_day", "million tokens a day", "Capacity events: the host's capacity once the expansion is delivered, or after the run-down.")]),
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
                + comparisonStatistics(d)),
            ("compare compare.csv", [d("scenario", "name", "The scenario compared."), d("reference", "name", "The first scenario."),
                                     d("outcome", "name", "A final-period metric or run-level outcome.")]
                + comparisonStatistics(d)),
            ("sweep runs.csv", [d("run_id", "index", "Run number: point_id x replications + replication."),
                                d("point_id", "index", "Design point, in design order."),
                                d("replication", "index", "Replication at the point."),
                                d("seed", "integer", "The run's seed (shared by all points' same replication under common random numbers): up to 20 digits, so import the column as text in a spreadsheet, which keeps only 15 significant digits of a number."),
                                d("<parameter>", "the key's unit", "One column per parameter (its name, or its JSON path): the value set."),
                                d("<outcome>", "the metric's unit", "One column per outcome of the sweep file; empty when undefined.")]),
            ("sweep points.csv", [d("point_id", "index", "Design point."),
                                  d("<parameter>", "the key's unit", "The point's parameter values."),
                                  d("<outcome>_mean", "the metric's unit", "Mean over the point's replications.")]
                + meanUncertainty(prefix: "<outcome>_", d) + [d("<outcome>_n", "count", "Replications with a value.")]),
            ("sweep sensitivity.csv", [d("parameter", "name", "A swept parameter (Sobol designs)."), d("outcome", "name", "An outcome.")]
                + sobolIndices),
            ("sweep trajectories.csv (--trajectories)", [d("run_id", "index", "Run number."),
                                                         d("date", "YYYY-MM-DD", "Report date."),
                                                         d("metric", "name", "A trajectories.csv column."),
                                                         d("value", "the metric's unit", "Its value in that run.")]),
        ]
    }

    /// The statistic columns shared by differences.csv and compare.csv.
    static func comparisonStatistics(_ d: (String, String, String) -> ColumnDescription) -> [ColumnDescription] {
        [d("n", "count", "Replication pairs with both values present (same replication, same seed)."),
         d("mean_reference", "the metric's unit", "Mean over the reference's replications."),
         d("mean", "the metric's unit", "Mean over the scenario's replications."),
         d("mean_difference", "the metric's unit", "Mean paired difference, scenario - reference.")]
            + meanUncertainty(prefix: "", d)
    }

    /// The columns of a mean's uncertainty, after the mean's own: shared by points.csv
    /// (`prefix` the outcome's name and `_`) and the comparisons' statistics.
    static func meanUncertainty(prefix: String, _ d: (String, String, String) -> ColumnDescription) -> [ColumnDescription] {
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
