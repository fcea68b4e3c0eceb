import ScenarioFormat

/// The scenario file format: every key, its type, range, default and a one-line doc.
///
/// One description serves validation (all errors with file and JSON path), defaults
/// (so bull.json and bear.json are short diffs and a new user's file can be short),
/// and the JSON Schema that `marketsim schema` prints for editors. Keys mirror the
/// `Scenario` types' properties in snake_case; fact ids (market-facts.md) say where
/// a default comes from.
public enum ScenarioSchema {
    static let fraction = Schema.number(in: 0...1)
    static let openFraction = Schema.number(exclusiveMinimum: 0, exclusiveMaximum: 1)
    static let quality = Schema.number(in: 0...100)
    static let usd = Schema.number(minimum: 0, maximum: 1e13)
    static let pricePerMtok = Schema.number(exclusiveMinimum: 0, maximum: 10_000)
    static let days = Schema.number(exclusiveMinimum: 0, maximum: 36_500)
    /// The mean time between recurring events (releases, reviews) and of a distiller's
    /// lag. At least a day: the model's time unit is the day, reports are monthly, and no
    /// market decision it models (a release, a buyer's review, a price review, a
    /// distillation) recurs within hours, so an economist loses nothing; the floor bounds
    /// the events of a simulated day at about one per buyer and actor, where (0, 1) let a
    /// mean of 1e-9 days schedule a billion events a day and 1e-320 never advance the clock.
    static let intervalDays = Schema.number(minimum: 1, maximum: 36_500)
    static let qualityTable = Schema.map(values: quality)

    static func duration(meanDays: Double, cv: Double, doc: String) -> Schema {
        Schema.object([
            .field("mean_days", intervalDays, default: .number(meanDays), doc: "Mean duration in days (at least 1)."),
            .field("cv", .number(in: 0...5), default: .number(cv), doc: "Coefficient of variation (0: always the mean); gamma-distributed."),
        ]).described(doc)
    }

    static func lognormal(median: Double, sigma: Double, maximum: Double, doc: String) -> Schema {
        Schema.object([
            .field("median", .number(exclusiveMinimum: 0, maximum: maximum), default: .number(median), doc: "The median."),
            .field("sigma", .number(in: 0...5), default: .number(sigma), doc: "Standard deviation of the logarithm."),
        ]).described(doc)
    }

    static func beta(mean: Double, concentration: Double, doc: String) -> Schema {
        Schema.object([
            .field("mean", openFraction, default: .number(mean), doc: "The mean, strictly between 0 and 1."),
            .field("concentration", .number(exclusiveMinimum: 0, maximum: 1e6), default: .number(concentration),
                   doc: "a + b of the beta distribution: higher is less spread."),
        ]).described(doc)
    }

    static let identity: [Field] = [
        .field("id", .string, doc: "Unique actor id, referenced by events and always_host."),
        .field("name", .string, default: "", doc: "Display name (default: the id)."),
        .field("organization", .string, default: "",
               doc: "The organisation playing this role; one organisation may play several (H11). Default: the id."),
    ]

    static let priceCut = Schema.object([
        .field("enabled", .boolean, default: true, doc: "Whether the lab cuts prices at all."),
        .field("trigger_gap_points", .number(in: 0...100), default: 6,
               doc: "Cut when the best cheap open model is within this many overall points (M10)."),
        .field("trigger_price_ratio", .number(exclusiveMinimum: 0, maximum: 1), default: 0.2,
               doc: "... and costs at most this share of the lab's blended price."),
        .field("fraction", fraction, default: 0.8, doc: "Share of the price removed by one cut (H7: o3 0.8; X12: Opus 0.67)."),
        .field("floor_margin", .number(minimum: 0, maximum: 100), default: 0.5,
               doc: "Prices never fall below serving cost times (1 + floor_margin)."),
        .field("cooldown_days", .number(minimum: 0, maximum: 36_500), default: 365, doc: "Minimum days between two cuts."),
        .field("review_days", intervalDays, default: 7, doc: "How often the lab reviews its price (a recurring event; at least 1 day)."),
    ])

    static let frontierLab = Schema.object(identity + [
        .field("initial_quality", qualityTable, doc: "Quality per segment at the start date, benchmark points."),
        .field("release_interval", duration(meanDays: 180, cv: 0.3, doc: "Time between releases."),
               default: [:], doc: "Time between releases."),
        .field("step_fraction", fraction, default: 0.16,
               doc: "Mean share of the distance to the ceiling that a release closes (steps shrink near the ceiling)."),
        .field("step_concentration", .number(exclusiveMinimum: 0, maximum: 1e6), default: 20,
               doc: "Beta concentration of the step (higher: steadier steps)."),
        .field("training_cost_usd", usd, default: 300_000_000, doc: "Training spend per release at the start (H9: 500M+)."),
        .field("training_cost_annual_growth", .number(in: 0...10), default: 0.5, doc: "Yearly growth of the training spend."),
        .field("active_params_b", .number(exclusiveMinimum: 0, maximum: 100_000), default: 250,
               doc: "Active parameters, billions: serving cost follows them (M3)."),
        .field("tokens_per_second", .number(exclusiveMinimum: 0, maximum: 1e6), default: 60,
               doc: "Output speed of its API (M6, X9)."),
        .field("input_usd_per_mtok", pricePerMtok, doc: "Launch input price, USD per million tokens (P1: 15)."),
        .field("output_usd_per_mtok", pricePerMtok, doc: "Launch output price, USD per million tokens (P1: 75)."),
        .field("price_cut", priceCut, default: [:], doc: "How the lab answers cheap open models (H7, M10)."),
    ])

    static let openLab = Schema.object(identity + [
        .field("initial_quality", qualityTable, doc: "Quality per segment of its model at the start date."),
        .field("release_interval", duration(meanDays: 150, cv: 0.3, doc: "Time between releases."),
               default: [:], doc: "Time between releases."),
        .field("lag_days", .number(minimum: 0, maximum: 36_500), default: 365,
               doc: "A new model reaches the frontier's quality of this many days ago (X1: about a year)."),
        .field("shortfall_points", .number(in: -100...100), default: 2, doc: "... less this many points."),
        .field("noise_points", .number(in: 0...50), default: 1.5, doc: "Standard deviation of a release's quality, points."),
        .field("total_params_b", .number(exclusiveMinimum: 0, maximum: 100_000), doc: "Total parameters, billions (H5: 1000)."),
        .field("active_params_b", .number(exclusiveMinimum: 0, maximum: 100_000), doc: "Active parameters, billions (H5: 32; M3)."),
        .field("dense_training_cost_usd", usd, default: 20_000_000,
               doc: "Training cost of a dense model of the same quality (H9, X8: about 5.6M for DeepSeek-V3)."),
        .field("moe_training_speedup", .number(exclusiveMinimum: 0, maximum: 100), default: 1.8,
               doc: "Sparse MoE training throughput gain dividing that cost (M4: 1.8)."),
        .field("api", Schema.object([
            .field("enabled", .boolean, default: true, doc: "Whether the lab sells its own API."),
            .field("margin", .number(minimum: 0, maximum: 100), default: 0.3, doc: "Margin over serving cost."),
            .field("tokens_per_second", .number(exclusiveMinimum: 0, maximum: 1e6), default: 100, doc: "Output speed."),
        ]), default: [:], doc: "Its own low-price API."),
    ])

    static let distiller = Schema.object(identity + [
        .field("lag", duration(meanDays: 45, cv: 0.5, doc: "Delay after a frontier release (M1, M2: weeks)."),
               default: [:], doc: "Delay after a frontier release (M1, M2: weeks)."),
        .optional("active_from", .date, doc: "First day it distils (H9-H10: reasoning distillation took off in early 2025)."),
        .field("cost_fraction", fraction, default: 0.03, doc: "Cost as a share of the teacher's training cost (M1: under 4 %)."),
        .field("efficiency", .number(in: 0...10), default: 1, doc: "Multiplies every segment's distillability."),
        .field("active_params_b", .number(exclusiveMinimum: 0, maximum: 100_000), default: 32, doc: "Active parameters of its students."),
        .field("total_params_b", .number(exclusiveMinimum: 0, maximum: 100_000), default: 32, doc: "Total parameters of its students."),
    ])

    static let infra = Schema.object(identity + [
        .field("max_models", .integer(in: 0...1000), default: 3, doc: "How many open models it hosts (the best by overall quality)."),
        .field("always_host", .array(of: .string), default: [], doc: "Open labs whose latest model it always hosts (H11)."),
        .field("tokens_per_second", .number(exclusiveMinimum: 0, maximum: 1e6), default: 500, doc: "Output speed (M6: 3000+; X9: 480-1700)."),
        .field("base_margin", .number(minimum: 0, maximum: 100), default: 1.0, doc: "Margin over serving cost with no competitor on a model."),
        .field("min_margin", .number(minimum: 0, maximum: 100), default: 0.1, doc: "The margin competition cannot press below."),
        .field("competition_exponent", .number(in: 0...10), default: 0.7,
               doc: "Margin = max(min_margin, base_margin / sellers^exponent) for sellers of the same model (M6, M7)."),
        .field("serving_cost_factor", .number(exclusiveMinimum: 0, maximum: 100), default: 1,
               doc: "Multiplies the market's serving cost (0.7: 30 % cheaper)."),
        .field("capacity_usd_per_model_month", usd, default: 100_000, doc: "Fixed capacity spend per hosted model per month."),
    ])

    static let buyers = Schema.object([
        .field("count", .integer(in: 0...20_000_000), default: 2000, doc: "Simulated buyer agents."),
        .field("represents", .number(exclusiveMinimum: 0, maximum: 1e9), default: 200_000,
               doc: "Real enterprises they stand for: money and tokens are scaled to them."),
        .field("tokens_per_day", lognormal(median: 2_000_000, sigma: 1.5, maximum: 1e13, doc: "Tokens a day per enterprise."),
               default: [:], doc: "Tokens a day per enterprise."),
        .field("input_share", beta(mean: 0.75, concentration: 20, doc: "Share of input tokens (3:1 is 0.75)."),
               default: [:], doc: "Share of input tokens (3:1 is 0.75)."),
        .field("frontier_segment", .string, default: "frontier_reasoning",
               doc: "The segment of frontier work; empty for none (M9)."),
        .field("frontier_work_share", beta(mean: 0.15, concentration: 10, doc: "Share of a buyer's tokens that is frontier work."),
               default: [:], doc: "Share of a buyer's tokens that is frontier work (M9)."),
        .field("price_sensitivity", lognormal(median: 1, sigma: 0.4, maximum: 1000, doc: "Logit weight on log price."),
               default: [:], doc: "Logit weight on the log of the price per million tokens."),
        .field("quality_sensitivity", lognormal(median: 0.25, sigma: 0.4, maximum: 1000, doc: "Logit weight per quality point."),
               default: [:], doc: "Logit weight per quality point."),
        .field("frontier_quality_multiplier", .number(minimum: 0, maximum: 1000), default: 2.5,
               doc: "Multiplies quality sensitivity for frontier work."),
        .field("speed_sensitivity", .number(minimum: 0, maximum: 1000), default: 0.2, doc: "Logit weight on log tokens per second."),
        .field("switching_cost", .number(minimum: 0, maximum: 1000), default: 1, doc: "Logit penalty for leaving the current offering."),
        .field("security_sensitive_share", fraction, default: 0.3, doc: "Share of buyers paying the security tax on open weights (M8)."),
        .field("routing_share", fraction, default: 0.3, doc: "Share of buyers routing commodity and frontier work separately (M9)."),
        .field("adoption", Schema.object([
            .field("p", .number(exclusiveMinimum: 0, maximum: 10), default: 0.03, doc: "Bass innovation, per year."),
            .field("q", .number(minimum: 0, maximum: 10), default: 0.5, doc: "Bass imitation, per year."),
            .field("initial_adopted", .number(minimum: 0, exclusiveMaximum: 1), default: 0.2, doc: "Share adopted at the start."),
        ]), default: [:], doc: "Bass diffusion of adoption."),
        .field("review_interval_days", intervalDays, default: 90, doc: "Mean days between a buyer's reviews (exponential; at least 1)."),
        .field("usage_price_elasticity", .number(in: 0...5), default: 0.06,
               doc: "Usage response to price (X11: a 10 % cut raises usage 0.5-0.7 %)."),
        .field("usage_growth_per_year", .number(in: 0...100), default: 0,
               doc: "Yearly growth of each adopter's tokens a day (1.5: two and a half times as many a year later)."),
        .field("open_ecosystem_penalty", .number(in: 0...100), default: 0,
               doc: "Logit penalty on open weights for missing tooling, support and compliance at the start."),
        .field("open_ecosystem_maturity_days", days, default: 730, doc: "E-folding time of that penalty."),
    ])

    static let event = Schema.object([
        .field("date", .date, doc: "When it happens (on or after start_date)."),
        .field("type", .string(allowed: ExogenousEvent.Kind.allCases.map(\.rawValue)), doc: "What happens."),
        .optional("actor", .string, doc: "The lab concerned (release, price_change)."),
        .optional("quality", qualityTable, doc: "A release's quality per segment (others unchanged)."),
        .optional("input_usd_per_mtok", pricePerMtok, doc: "A price change's new input price."),
        .optional("output_usd_per_mtok", pricePerMtok, doc: "A price change's new output price."),
        .optional("tax_multiplier", .number(exclusiveMinimum: 0, maximum: 100), doc: "A backdoor incident multiplies the security tax by this."),
        .optional("duration_days", days, doc: "... for this many days."),
        .optional("note", .string, doc: "What the event stands for."),
    ])

    /// The whole scenario.
    public static let schema = Schema.object([
        .field("name", .identifier,
               doc: "Short name: letters, digits, -, _ and ., not starting with a dot; the default output folder is runs/<name>."),
        .field("description", .string, default: "", doc: "What the scenario assumes and which fact ids it follows."),
        .field("thesis", .string, default: "", doc: "The case in one line, relative to the scenario it extends: what it assumes differently and which way that tips the outcomes."),
        .field("start_date", .date, doc: "The first day, YYYY-MM-DD."),
        .field("months", .integer(in: 1...600), default: 60, doc: "Horizon in calendar months; one report a month."),
        .field("seed", .integer(in: 0...9_007_199_254_740_991), default: 1, doc: "Master seed of the replications."),
        .field("replications", .integer(in: 1...1_000_000), default: 10, doc: "Replications of a run."),
        .field("segments", .array(of: Schema.object([
            .field("id", .string, doc: "Segment id, used in quality tables and column names."),
            .field("demand_share", .number(minimum: 0, maximum: 1e6), doc: "Share of buyers and weight in overall quality (normalised)."),
            .field("distillability", fraction, doc: "Share of a teacher's lead one distillation transfers (high for commodity work)."),
            .field("ceiling", .number(exclusiveMinimum: 0, maximum: 100), default: 100, doc: "Quality no model exceeds."),
            .field("frontier_step_multiplier", .number(minimum: 0, maximum: 100), default: 1,
                   doc: "Multiplies frontier release steps here (H8: reasoning jumps)."),
            .field("open_catch_up", fraction, default: 1,
                   doc: "Share of the way to the lagged frontier an open lab's release covers here (low where capability resists transfer)."),
        ]), minCount: 1), doc: "Workload segments."),
        .field("frontier_history", .array(of: Schema.object([
            .field("date", .date, doc: "A date before start_date."),
            .field("quality", quality, doc: "The frontier's overall quality then."),
        ])), default: [], doc: "The frontier's overall quality before the start (two years back), for the gap in months."),
        .field("costs", Schema.object([
            .field("usd_per_mtok_per_billion_active", .number(exclusiveMinimum: 0, maximum: 1000), default: 0.012,
                   doc: "Serving cost per million tokens per billion active parameters at the start (M3)."),
            .field("annual_decline", .number(minimum: 0, exclusiveMaximum: 1), default: 0.35,
                   doc: "Yearly fall of serving cost (X5, X6)."),
            .field("output_to_input_price_ratio", .number(exclusiveMinimum: 0, maximum: 100), default: 5,
                   doc: "Output over input price of cost-plus offerings (P5: 3.00 / 0.60)."),
        ]), default: [:], doc: "Serving cost."),
        .field("actors", Schema.object([
            .field("frontier", .array(of: frontierLab, minCount: 1), doc: "Proprietary frontier labs."),
            .field("open_labs", .array(of: openLab), default: [], doc: "Open-weight labs (sparse MoE)."),
            .field("distillers", .array(of: distiller), default: [], doc: "Distillers."),
            .field("infra", .array(of: infra), default: [], doc: "Infrastructure providers hosting open models."),
        ]), doc: "The sellers and distillers."),
        .field("buyers", buyers, default: [:], doc: "The enterprise buyers."),
        .field("security_tax", Schema.object([
            .field("base_overhead", fraction, default: 0.1, doc: "Overhead on open-weight spend at 100M tokens a day (M8)."),
            .field("min_overhead", fraction, default: 0.05, doc: "Lower clamp (M8: 5 %)."),
            .field("max_overhead", fraction, default: 0.15, doc: "Upper clamp (M8: 15 %)."),
            .field("scale_exponent", .number(in: 0...5), default: 0.2, doc: "Sublinear in scale: overhead x (volume / 100M)^-exponent."),
        ]), default: [:], doc: "The security tax on open weights (M8)."),
        .field("events", .array(of: event), default: [], doc: "Scheduled exogenous events."),
        .field("report", Schema.object([
            .field("price_levels", .array(of: quality), default: [60, 70, 80],
                   doc: "Overall quality levels of the constant-capability price columns (X5)."),
            .field("reference_tokens_per_day", .number(exclusiveMinimum: 0, maximum: 1e15), default: 100_000_000,
                   doc: "Workload of the annual-cost columns (C1-C3: 100M a day)."),
            .field("reference_input_share", fraction, default: 0.75, doc: "Input share of blended prices (3:1)."),
        ]), default: [:], doc: "What each report records."),
    ])
}
