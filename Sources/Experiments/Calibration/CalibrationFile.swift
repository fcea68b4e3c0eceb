import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import SimulationKit

/// The calibration file format: JSON with comments, validated like scenarios and sweep
/// files (every problem at once, each naming the file and JSON path, did-you-mean for
/// misspelt keys and metrics).
///
/// ```json
/// {
///   "description": "What is fitted to what, citing fact ids (docs/facts.md).",
///   "base": "../base.json",
///   "particles": 150, "replications": 2, "generations": 4, "seed": 2026,
///   "overrides": {"buyers.count": 500},
///   "fixed": {"buyers.taste_scale.floor": 0.001},
///   "parameters": [
///     {"path": "actors.open_labs[0].distillation.efficiency", "prior": "uniform", "range": [0.2, 1.2]},
///     {"path": "segments[0].distillability", "prior": "normal", "mean": 0.55, "sd": 0.1, "range": [0, 1]}
///   ],
///   "targets": [
///     {"name": "gap_oct_2024", "fact": "H1", "metric": "gap_points", "at": "2024-10-01",
///      "observed": 17.5, "interval": [15, 20]},
///     {"name": "open_token_share_2025", "fact": "X7", "metric": "token_share_open_weights",
///      "window": ["2025-01-01", "2025-12-01"], "observed": 0.3, "sd": 0.05, "role": "holdout"}
///   ]
/// }
/// ```
public enum CalibrationFileSchema {
    /// The whole calibration file.
    public static let schema = CalibrationFileDocument.schema

    /// The format as a JSON Schema document for editors (`marketsim schema --calibration`);
    /// a calibration file has no `extends`.
    public static var jsonSchema: JSONValue {
        schema.jsonSchema(
            title: "marketsim calibration",
            description: "A marketsim calibration file (JSON with comments): a base scenario, priors of the keys to fit, and targets with fact ids. See docs/calibration.md in marketsim's repository.",
            allowsExtends: false)
    }
}

/// A calibration file as written, read from its validated document: each key is
/// declared once, in the `fields` here, which both validate the file and read it.
struct CalibrationFileDocument: SchemaObject {
    var description: String = ""
    var base: String = ""
    var particles: Int = 0
    var replications: Int = 0
    var maxReplications: Int?
    var generations: Int = 0
    var minimumTolerance: Double?
    var quantile: Double = 0
    var batchMultiplier: Int = 0
    var maxBatches: Int = 0
    var minAcceptance: Double?
    var adjustment: Adjustment = .none
    var seed: UInt64 = 0
    /// Scenario paths (as written) to values, in file order.
    var overrides = JSONObject()
    /// The same, for keys the fitted model holds (in calibrated.json).
    var fixed = JSONObject()
    var parameters: [Parameter] = []
    var targets: [Target] = []

    static var fields: [ObjectField<CalibrationFileDocument>] {[
        .field("description", \.description, .string, default: "", doc: "What is fitted to which facts."),
        .field("base", \.base, .string,
               doc: "The base scenario: a path relative to this file's folder, or a shipped scenario's name."),
        .field("particles", \.particles, .integer(in: 2...1_000_000), doc: "Accepted particles per generation."),
        .field("replications", \.replications, .integer(in: 1...10_000), default: 1, doc: "Runs per particle; its targets are their means."),
        .optional("max_replications", \.maxReplications, .integer(in: 1...10_000),
                  doc: "At most this many runs per particle: the replications double for the next generation while its tolerance is within twice the simulation noise (default: replications, fixed)."),
        .field("generations", \.generations, .integer(in: 1...1000), default: 5, doc: "At most this many generations (the first samples the prior)."),
        .optional("minimum_tolerance", \.minimumTolerance, .positive, doc: "Stop after the first generation whose tolerance is at or below this."),
        .field("quantile", \.quantile, .number(minimum: 0.05, maximum: 0.95), default: 0.5,
               doc: "Each generation's tolerance is this weighted quantile of the previous generation's distances."),
        .field("batch_multiplier", \.batchMultiplier, .integer(in: 1...1000), default: 3,
               doc: "Candidates per batch after the first generation, in multiples of particles."),
        .field("max_batches", \.maxBatches, .integer(in: 1...10_000), default: 20,
               doc: "Batches a generation may run before the calibration stops at the previous one (acceptance too low)."),
        .optional("min_acceptance", \.minAcceptance, .number(minimum: 0, maximum: 1),
                  doc: "Stop after the first generation whose acceptance rate is below this (the tolerances also stop when the next one would be within the replications' noise)."),
        .field("adjustment", \.adjustment, .string(allowed: Adjustment.allCases.map(\.rawValue)), default: "none",
               doc: "linear: after the last generation, adjust the particles by local-linear regression on the fit targets (Beaumont et al. 2002) and run them once more for the predictive bands; none: the last generation as accepted."),
        .field("seed", \.seed, .integer(in: 0...9_007_199_254_740_991), default: 1, doc: "Master seed of the proposals and the runs."),
        .field("overrides", \.overrides, .map(values: .any), default: [:],
               doc: "Scenario keys set for every run, {\"buyers.count\": 500}: settings of the fit's runs, not part of calibrated.json."),
        .field("fixed", \.fixed, .map(values: .any), default: [:],
               doc: "Scenario keys the fitted model holds at these values, {\"buyers.taste_scale.floor\": 0.001}: set for every run like overrides, and written into calibrated.json, since the posterior is the model's with them."),
        .field("parameters", \.parameters, .array(of: Parameter.schema, minCount: 1), doc: "The calibrated scenario keys and their priors."),
        .field("targets", \.targets, .array(of: Target.schema, minCount: 1), doc: "The observations; at least one must be fit."),
    ]}

    init() {}

    /// What follows the last generation (`ABCSettings.regressionAdjustment`).
    enum Adjustment: String, CaseIterable, SchemaValue { case none, linear }

    /// A calibrated scenario key and its prior.
    struct Parameter: SchemaObject {
        enum Prior: String, CaseIterable, SchemaValue { case uniform, logUniform = "log_uniform", normal }
        var path: String = ""
        var name: String?
        var prior: Prior = .uniform
        var range: [Double] = []
        var mean: Double?
        var sd: Double?

        static var fields: [ObjectField<Parameter>] {[
            .field("path", \.path, .string,
                   doc: "The JSON path of a number in the base scenario, as sweep files address it (segments[0].distillability)."),
            .optional("name", \.name, .string, doc: "Its column name in posterior.csv (default: the path)."),
            .field("prior", \.prior, .string(allowed: Prior.allCases.map(\.rawValue)), default: "uniform",
                   doc: "uniform or log_uniform on range, or normal (mean, sd) truncated to range."),
            .field("range", \.range, .array(of: .number, minCount: 2, maxCount: 2),
                   doc: "[lo, hi]: the prior's support, inside the key's valid range (lo > 0 for log_uniform)."),
            .optional("mean", \.mean, .number, doc: "The normal prior's mean."),
            .optional("sd", \.sd, .positive, doc: "The normal prior's standard deviation."),
        ]}

        init() {}
    }

    /// An observation the calibration fits or holds out.
    struct Target: SchemaObject {
        enum Role: String, CaseIterable, SchemaValue { case fit, holdout }
        var name: String = ""
        var fact: String = ""
        var metric: String = ""
        var at: String?
        var threshold: Double?
        var window: [CalendarDate]?
        var ratioTo: CalendarDate?
        var observed: Double = 0
        var interval: [Double]?
        var sd: Double?
        var role: Role = .fit
        var above: Double?
        var quantile: Double?

        static var fields: [ObjectField<Target>] {[
            .field("name", \.name, .string, doc: "Its column and row name in the outputs."),
            .field("fact", \.fact, .string, doc: "The fact id (docs/facts.md) the observation comes from (H1, X7...)."),
            .field("metric", \.metric, .string, doc: "A trajectory column, such as gap_points (see trajectories.csv of a run), or a run-level outcome of summary.csv, such as frontier_cut_fraction (H7's deepest held cut; no at, window or ratio_to)."),
            .optional("at", \.at, .string,
                      doc: "A date YYYY-MM-DD (the first report on or after it), or final, mean, max, min, first_below, first_above as in sweep outcomes (default: final unless window is given)."),
            .optional("threshold", \.threshold, .number, doc: "The threshold of first_below and first_above (months until the metric crosses it)."),
            .optional("window", \.window, .array(of: .date, minCount: 2, maxCount: 2), doc: "[from, to]: the mean of the reports in these dates, both included."),
            .optional("ratio_to", \.ratioTo, .date, doc: "Divide the value at the date `at` by the value at this date (a price fall's factor over a year, X5)."),
            .field("observed", \.observed, .number, doc: "The observed value."),
            .optional("interval", \.interval, .array(of: .number, minCount: 2, maxCount: 2),
                      doc: "[lo, hi] around observed: its uncertainty (the distance divides by half its width). Give interval or sd."),
            .optional("sd", \.sd, .positive, doc: "The observation's standard deviation. Give interval or sd."),
            .field("role", \.role, .string(allowed: Role.allCases.map(\.rawValue)), default: "fit",
                   doc: "fit: part of the distance; holdout: only reported, to validate the calibration out of sample."),
            .optional("above", \.above, .number,
                      doc: "Make the target the share of replications whose value is above this (observed and interval in [0, 1]: 0.6 for \"in most replications\")."),
            .optional("quantile", \.quantile, .number(minimum: 0.01, maximum: 0.99),
                      doc: "Make the target this quantile across a particle's replications of the run's value instead of their mean (0.9: the value nine histories in ten stay below); needs replications >= 2."),
        ]}

        init() {}
    }
}

/// A validated calibration file: the base scenario, the calibrated keys and their
/// priors, the targets, and the ABC-SMC settings.
public struct CalibrationFile: Sendable {
    public let path: String
    public let description: String
    /// The base scenario as read (its `extends` chain merged), before any override.
    public let source: ScenarioSource
    public let overrides: [ScenarioOverride]
    /// The keys the fitted model holds (`fixed`): in every run, before `overrides`, and
    /// in calibrated.json.
    public let fixed: [ScenarioOverride]
    /// The base scenario with the fixed keys and the overrides.
    public let base: ScenarioFile.Loaded
    public let parameterPaths: [JSONPath]
    public let parameters: [ABCParameter]
    public let targets: [CalibrationTarget]
    public let settings: ABCSettings
    /// The command line's changes, already applied to `settings` and `overrides`.
    public let adjustments: Adjustments
    /// Everything the runs depend on: the validated file's canonical text, the resolved
    /// base scenario's hash and the model's version.
    public let context: String

    /// The scenario overrides of a particle: the file's fixed keys and overrides, then its values.
    public func overrides(forParticle values: [Double]) -> [ScenarioOverride] {
        fixed + overrides + zip(parameterPaths, values).map { ScenarioOverride(path: $0, value: .number($1)) }
    }

    /// The calibration as the generic engine runs it.
    public var abc: ABCSMC {
        ABCSMC(parameters: parameters, targets: targets.map(\.abcTarget), settings: settings, context: context)
    }

    /// The calibration's identity: FNV-1a of `context`, 16 hex digits.
    public var hash: String {
        let hex = String(StreamKey.fnv1a(context), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Changes to a calibration file made on the command line: the ABC-SMC sizes, which
    /// replace the file's, and `--set` overrides of the base (after the file's
    /// overrides). They are part of the calibration's identity, so `--resume` with other
    /// values refuses the folder; a problem one of them causes names the option.
    public struct Adjustments: Sendable {
        public var particles: Int?
        public var generations: Int?
        public var replications: Int?
        public var overrides: [String]

        public init(particles: Int? = nil, generations: Int? = nil, replications: Int? = nil, overrides: [String] = []) {
            self.particles = particles
            self.generations = generations
            self.replications = replications
            self.overrides = overrides
        }

        /// The file's keys the options replace, with the options' names and values.
        var sizes: [(key: String, option: String, value: Int)] {
            [("particles", "--particles", particles), ("generations", "--generations", generations),
             ("replications", "--replications", replications)].compactMap { key, option, value in
                value.map { (key, option, $0) }
            }
        }
    }

    /// Reads and validates the calibration file at `path` and its base scenario, with
    /// `adjustments` applied.
    public static func load(_ path: String, adjustments: Adjustments = Adjustments()) throws(ScenarioError) -> CalibrationFile {
        var loader = CalibrationFileLoader(path: path, adjustments: adjustments)
        guard let file = loader.load() else {
            throw ScenarioError(file: path, issues: SweepFileLoader.inFileOrder(loader.sweep.diagnostics.issues, file: path,
                                                                                keys: CalibrationFileDocument.fields.map(\.field.name)))
        }
        return file
    }
}

/// The steps of `CalibrationFile.load`; the base, overrides and parameter paths are
/// checked by the sweep file's loader, so both formats report them alike.
private struct CalibrationFileLoader {
    let path: String
    let adjustments: CalibrationFile.Adjustments
    var sweep: SweepFileLoader

    init(path: String, adjustments: CalibrationFile.Adjustments) {
        self.path = path
        self.adjustments = adjustments
        sweep = SweepFileLoader(path: path, adjustments: SweepFile.Adjustments(overrides: adjustments.overrides))
    }

    mutating func error(_ at: JSONPath, _ message: String) { sweep.error(at, message) }

    mutating func load() -> CalibrationFile? {
        guard var raw = sweep.readDocument() else { return nil }
        // The options' sizes go into the document itself: the schema checks them like the
        // file's, and the validated document, the calibration's identity, holds them.
        if case .object(var object) = raw {
            for size in adjustments.sizes { object[size.key] = .number(Double(size.value)) }
            raw = .object(object)
        }
        var schemaIssues = Diagnostics()
        let value = CalibrationFileSchema.schema.validate(raw, diagnostics: &schemaIssues)
        guard schemaIssues.isEmpty else {
            for issue in schemaIssues.issues {
                if let size = adjustments.sizes.first(where: { issue.path == [.key($0.key)] }) {
                    sweep.diagnostics.append(ScenarioIssue(origin: "\(size.option) \(size.value)", message: issue.message))
                } else {
                    sweep.diagnostics.append(issue)
                }
            }
            return nil
        }
        let document = CalibrationFileDocument.read(value, at: .root)
        if let maximum = document.maxReplications, maximum < document.replications {
            error([.key("max_replications")], "\(maximum) is below replications (\(document.replications)\(adjustments.replications != nil ? ", --replications" : "")); it is the most runs per particle a generation may take")
        }
        let priors = document.parameters.enumerated().map { i, p in prior(p, index: i) }
        checkTargetsShape(document.targets)
        let fixed = sweep.parseOverrides(document.fixed, section: "fixed", commandLine: false)
        let overrides = sweep.parseOverrides(document.overrides)
        checkFixedAgainstOverrides(fixed, overrides)
        let fixedKeys = Set(fixed.map(\.key))
        let section = { (key: String) in fixedKeys.contains(key) ? "fixed" : "overrides" }
        guard let (source, base) = sweep.loadBase(document.base, overrides: fixed + overrides, section: section) else { return nil }
        let paths = document.parameters.enumerated().map { i, p in sweep.checkParameterPath(p.path, index: i, base: base) }
        checkParameterKeys(paths, overrides: fixed + overrides, section: section)
        for (i, (path, prior)) in zip(paths, priors).enumerated() {
            guard let path, let prior else { continue }
            checkBounds(prior, path: path, index: i, source: source, overrides: (fixed + overrides).map(\.override))
        }
        let targets = document.targets.enumerated().compactMap { i, t in target(t, index: i, base: base, replications: document.replications) }
        checkNames(document.parameters, document.targets, paths: paths)
        let parameterPaths = paths.compactMap { $0 }
        let checkedPriors = priors.compactMap { $0 }
        guard sweep.diagnostics.isEmpty, parameterPaths.count == paths.count, checkedPriors.count == priors.count else { return nil }

        let parameters = document.parameters.enumerated().map { i, p in
            ABCParameter(name: p.name ?? parameterPaths[i].description, prior: checkedPriors[i])
        }
        // The validated document itself: its canonical text is the calibration's identity.
        var context: JSONValue = [
            "marketsim_version": .string(MarketsimVersion.string),
            "base_scenario_hash": .string(base.hash),
            "calibration": value,
        ]
        if !adjustments.overrides.isEmpty, case .object(var object) = context {
            object["set"] = .array(adjustments.overrides.map { .string($0) })
            context = .object(object)
        }
        let settings = ABCSettings(
            particles: document.particles, replications: document.replications, maximumReplications: document.maxReplications,
            generations: document.generations, minimumTolerance: document.minimumTolerance,
            quantile: document.quantile, batchMultiplier: document.batchMultiplier,
            maximumBatches: document.maxBatches, minimumAcceptance: document.minAcceptance,
            regressionAdjustment: document.adjustment == .linear, seed: document.seed)
        return CalibrationFile(path: path, description: document.description, source: source,
                               overrides: overrides.map(\.override), fixed: fixed.map(\.override), base: base,
                               parameterPaths: parameterPaths,
                               parameters: parameters, targets: targets, settings: settings,
                               adjustments: adjustments, context: context.canonicalText)
    }

    func parameterPath(_ i: Int, _ key: String) -> JSONPath { [.key("parameters"), .index(i), .key(key)] }
    func targetPath(_ i: Int, _ key: String) -> JSONPath { [.key("targets"), .index(i), .key(key)] }

    /// The parameter's prior, or nil with the issues recorded.
    mutating func prior(_ p: CalibrationFileDocument.Parameter, index i: Int) -> ABCPrior? {
        let (lo, hi) = (p.range[0], p.range[1])
        let (mean, sd) = (p.mean, p.sd)
        var ok = true
        // A prior narrower than this holds particles that differ by rounding alone, and the
        // later generations' perturbation kernel, whose width is their spread, is then 0.
        let resolution = ABCPrior.relativeResolution * max(abs(lo), abs(hi))
        if !(lo < hi) {
            error(parameterPath(i, "range"), "the range [\(JSONValue.formatNumber(lo)), \(JSONValue.formatNumber(hi))] needs lo < hi")
            ok = false
        } else if hi - lo < resolution {
            error(parameterPath(i, "range"), "the range [\(JSONValue.formatNumber(lo)), \(JSONValue.formatNumber(hi))] is narrower than \(JSONValue.formatNumber(ABCPrior.relativeResolution)) of its values; fix the key in overrides instead")
            ok = false
        }
        if let sd, sd < resolution {
            error(parameterPath(i, "sd"), "\(JSONValue.formatNumber(sd)) is narrower than \(JSONValue.formatNumber(ABCPrior.relativeResolution)) of the range's values; fix the key in overrides instead")
            ok = false
        }
        switch p.prior {
        case .normal:
            if mean == nil { error([.key("parameters"), .index(i)], "a normal prior needs mean"); ok = false }
            if sd == nil { error([.key("parameters"), .index(i)], "a normal prior needs sd"); ok = false }
            guard ok, let mean, let sd else { return nil }
            let mass = ABCPrior.normalCDF((hi - mean) / sd) - ABCPrior.normalCDF((lo - mean) / sd)
            guard mass >= 1e-6 else {
                error(parameterPath(i, "range"), "holds only \(mass) of the normal prior's mass (mean \(JSONValue.formatNumber(mean)), sd \(JSONValue.formatNumber(sd))); widen it or move the mean")
                return nil
            }
            return .normal(mean: mean, sd: sd, lower: lo, upper: hi)
        case .uniform, .logUniform:
            for (key, given) in [("mean", mean), ("sd", sd)] where given != nil {
                error(parameterPath(i, key), "\(key) applies to a normal prior, not \(JSONValue.excerpt(p.prior.rawValue))")
                ok = false
            }
            if p.prior == .logUniform && lo <= 0 {
                error(parameterPath(i, "range"), "a log_uniform prior needs lo > 0, not \(JSONValue.formatNumber(lo))")
                ok = false
            }
            guard ok else { return nil }
            return p.prior == .logUniform ? .logUniform(lower: lo, upper: hi) : .uniform(lower: lo, upper: hi)
        }
    }

    /// Both ends of a prior's range must be valid values of the key: resolving the base
    /// with each catches a range outside the key's own (a share above 1, say).
    mutating func checkBounds(_ prior: ABCPrior, path: JSONPath, index i: Int, source: ScenarioSource,
                              overrides: [ScenarioOverride]) {
        let (lo, hi) = prior.bounds
        for bound in [lo, hi] {
            do {
                _ = try ScenarioFile.resolve(source, overrides: overrides + [ScenarioOverride(path: path, value: .number(bound))])
            } catch {
                let option = ScenarioOverride(path: path, value: .number(bound)).option
                for issue in error.issues where issue.origin == option {
                    let message = issue.path.isRoot ? issue.message : "\(JSONValue.shortened(issue.path.description)): \(issue.message)"
                    self.error(parameterPath(i, "range"), "the bound \(JSONValue.formatNumber(bound)) is not a valid value: \(message)")
                }
                if !error.issues.contains(where: { $0.origin == option }) {
                    self.error(parameterPath(i, "range"), "the scenario is invalid with \(path) = \(JSONValue.formatNumber(bound)): \(error.issues.first?.message ?? "")")
                }
                return
            }
        }
    }

    /// Whether setting one path sets the other: one is the other or holds it.
    static func overlap(_ a: JSONPath, _ b: JSONPath) -> Bool { a.hasPrefix(b) || b.hasPrefix(a) }

    /// A key is held by the model (`fixed`) or set for the fit's runs (`overrides`, `--set`), not both.
    mutating func checkFixedAgainstOverrides(_ fixed: [(key: String, override: ScenarioOverride)],
                                             _ overrides: [(key: String, override: ScenarioOverride)]) {
        for entry in fixed {
            if let other = overrides.first(where: { Self.overlap($0.override.path, entry.override.path) }) {
                let setter = other.key == other.override.option ? other.key : "overrides[\(JSONValue.excerpt(other.key))]"
                self.error([.key("fixed"), .key(entry.key)], "also set by \(setter); a key is held by the fitted model (fixed) or set for its runs (overrides), not both")
            }
        }
    }

    /// Each particle sets every parameter's key to a number of its range, so a key may be
    /// a parameter only if any number of a range is a valid value (not an integer key such
    /// as `months`, which would fail at the first run with a fraction), only once, and not
    /// also in `fixed` or `overrides` (where the particle's value would silently win);
    /// `section` names the entry's list.
    mutating func checkParameterKeys(_ paths: [JSONPath?], overrides: [(key: String, override: ScenarioOverride)],
                                     section: (String) -> String) {
        var seen: [JSONPath: Int] = [:]
        for (i, path) in paths.enumerated() {
            guard let path else { continue }
            let at = parameterPath(i, "path")
            let key = JSONValue.shortened(path.description)
            if ScenarioSchema.schema.requiresInteger(at: path) {
                error(at, "\(key) is an integer key, and a calibration draws any number of the range; fix it in overrides or sweep it with an integer scale")
            }
            if let first = seen[path] {
                error(at, "\(key) is already the key of parameters[\(first)]; calibrate a key once")
            } else {
                seen[path] = i
            }
            if let entry = overrides.first(where: { Self.overlap($0.override.path, path) }) {
                let setter = entry.key == entry.override.option ? entry.key : "\(section(entry.key))[\(JSONValue.excerpt(entry.key))]"
                error(at, "\(key) is also set by \(setter); a key is either fixed or calibrated")
            }
        }
    }

    /// Keys that must appear together or not at all, before the base is read.
    mutating func checkTargetsShape(_ targets: [CalibrationFileDocument.Target]) {
        if !targets.contains(where: { $0.role == .fit }) {
            error([.key("targets")], "at least one target must have role fit (the others are only reported)")
        }
        for (i, t) in targets.enumerated() {
            switch (t.interval, t.sd) {
            case (nil, nil): error([.key("targets"), .index(i)], "a target needs its uncertainty: interval [lo, hi] or sd")
            case (_?, _?): error([.key("targets"), .index(i)], "give interval or sd, not both")
            default: break
            }
        }
    }

    /// The target, or nil with the issues recorded.
    mutating func target(_ t: CalibrationFileDocument.Target, index i: Int, base: ScenarioFile.Loaded,
                         replications: Int) -> CalibrationTarget? {
        let metric = t.metric
        var ok = true
        let columns = Array(RunRecorder(compiled: base.compiled).metricColumns)
        let runLevel = !columns.contains(metric) && RunOutcomes.runLevelNames.contains(metric)
        if runLevel {
            // A run-level outcome is one number of the run already: no date, window or ratio reduces it.
            for (key, given) in [("at", t.at != nil), ("window", t.window != nil), ("ratio_to", t.ratioTo != nil),
                                 ("threshold", t.threshold != nil)] where given {
                error(targetPath(i, key), "\(JSONValue.quote(metric)) is a run-level outcome, one number of the whole run: it takes no \(key)")
                ok = false
            }
        } else if !columns.contains(metric) {
            var message = "no trajectory metric or run-level outcome \(JSONValue.excerpt(metric))"
            if let suggestion = Schema.suggestion(for: metric, among: columns + RunOutcomes.runLevelNames) {
                message += " (did you mean \(JSONValue.quote(suggestion))?)"
            } else {
                message += " (the metrics are the columns of a run's trajectories.csv after replication, date and day, and the run-level outcomes \(RunOutcomes.runLevelNames.joined(separator: ", ")))"
            }
            error(targetPath(i, "metric"), message)
            ok = false
        }
        let dates = base.compiled.reportDates
        func checkDate(_ date: CalendarDate, _ key: String) {
            if let first = dates.first, let last = dates.last, date < first || date > last {
                error(targetPath(i, key), "\(date) is outside the run, whose reports go from \(first) to \(last)")
                ok = false
            }
        }
        let (at, threshold) = (t.at, t.threshold)
        var reduction: CalibrationTarget.Reduction?
        if runLevel {
            reduction = .run
        } else if let window = t.window {
            let (from, to) = (window[0], window[1])
            if at != nil { error(targetPath(i, "at"), "give at or window, not both"); ok = false }
            if !(from <= to) { error(targetPath(i, "window"), "the window needs from <= to"); ok = false }
            checkDate(from, "window")
            checkDate(to, "window")
            reduction = .window(from: from, to: to)
        } else if let ratio = t.ratioTo {
            guard let at, let date = CalendarDate(iso: at) else {
                error(targetPath(i, "ratio_to"), "ratio_to needs at to be a date (the numerator's)")
                return nil
            }
            checkDate(date, "at")
            checkDate(ratio, "ratio_to")
            reduction = .ratio(at: date, over: ratio)
        } else {
            reduction = statistic(at ?? "final", threshold: threshold, index: i).map { .outcome($0) }
            if case .outcome(.onDate(let date))? = reduction { checkDate(date, "at") }
        }
        if threshold != nil && !runLevel {
            switch reduction {
            case .outcome(.firstBelow)?, .outcome(.firstAbove)?: break
            default:
                error(targetPath(i, "threshold"), "a threshold applies to first_below and first_above only")
                ok = false
            }
        }
        let observed = t.observed
        let interval: (Double, Double)
        let scale: Double
        if let sd = t.sd {
            interval = (observed - 1.96 * sd, observed + 1.96 * sd)
            scale = sd
        } else if let bounds = t.interval {
            let (lo, hi) = (bounds[0], bounds[1])
            if !(lo < hi && lo <= observed && observed <= hi) {
                error(targetPath(i, "interval"), "[\(JSONValue.formatNumber(lo)), \(JSONValue.formatNumber(hi))] must have lo < hi and hold observed (\(JSONValue.formatNumber(observed)))")
                ok = false
            }
            interval = (lo, hi)
            scale = (hi - lo) / 2
        } else {
            return nil
        }
        if t.above != nil && !(interval.0 >= 0 && interval.1 <= 1) {
            error(targetPath(i, "observed"), "a share of replications (above) needs observed and its interval in [0, 1], not [\(JSONValue.formatNumber(interval.0)), \(JSONValue.formatNumber(interval.1))]")
            ok = false
        }
        if t.quantile != nil {
            if t.above != nil {
                error(targetPath(i, "quantile"), "give quantile or above, not both (a quantile of 0s and 1s is 0 or 1)")
                ok = false
            }
            if replications < 2 {
                error(targetPath(i, "quantile"), "a quantile across replications needs replications >= 2, not \(replications)\(adjustments.replications != nil ? " (--replications)" : "")")
                ok = false
            }
        }
        guard ok, let reduction else { return nil }
        return CalibrationTarget(name: t.name, fact: t.fact, metric: metric, reduction: reduction,
                                 observed: observed, interval: interval, scale: scale, fit: t.role == .fit, above: t.above,
                                 quantile: t.quantile)
    }

    /// A sweep-outcome reduction written `at` (with its threshold), or nil with the issue recorded.
    mutating func statistic(_ at: String, threshold: Double?, index i: Int) -> SweepOutcome.Statistic? {
        switch at {
        case "final": return .final
        case "mean": return .mean
        case "max": return .maximum
        case "min": return .minimum
        case "first_below", "first_above":
            guard let threshold else {
                error([.key("targets"), .index(i)], "\(at) needs a threshold")
                return nil
            }
            return at == "first_below" ? .firstBelow(threshold) : .firstAbove(threshold)
        default:
            if let date = CalendarDate(iso: at) { return .onDate(date) }
            var message = "\(JSONValue.excerpt(at)) is not one of \(SweepOutcome.Statistic.keywords.map(JSONValue.quote).joined(separator: ", ")) or a date YYYY-MM-DD"
            if let suggestion = Schema.suggestion(for: at, among: SweepOutcome.Statistic.keywords) {
                message += " (did you mean \(JSONValue.quote(suggestion))?)"
            }
            error(targetPath(i, "at"), message)
            return nil
        }
    }

    /// The longest column name: a name is written in the header of posterior.csv and in
    /// a row of targets.csv and generations.csv per generation, so its length multiplies.
    static let maximumNameLength = 128

    /// Why `name` cannot be a column and row name of the outputs, or nil: a line break
    /// (any control character) would split a CSV record, and a long one is a pasted value.
    static func columnNameProblem(_ name: String) -> String? {
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "it holds a control character (a line break splits a CSV row)"
        }
        let length = name.unicodeScalars.count
        return length > maximumNameLength ? "it has \(length) characters; at most \(maximumNameLength) are allowed" : nil
    }

    /// Column names must be unique across parameters and targets.
    mutating func checkNames(_ parameters: [CalibrationFileDocument.Parameter], _ targets: [CalibrationFileDocument.Target],
                             paths: [JSONPath?]) {
        var seen: [String: JSONPath] = [:]
        let reserved = Set(CalibrationOutputs.reservedColumns)
        let named = parameters.enumerated().map { i, p in
            (p.name ?? paths[i]?.description ?? p.path, p.name == nil ? parameterPath(i, "path") : parameterPath(i, "name"))
        } + targets.enumerated().map { i, t in (t.name, targetPath(i, "name")) }
        for (name, at) in named {
            if name.isEmpty {
                error(at, "a name must not be empty")
            } else if let problem = CalibrationFileLoader.columnNameProblem(name) {
                error(at, "\(JSONValue.excerpt(name)) is not a column name: \(problem)")
            } else if reserved.contains(name) {
                error(at, "\(JSONValue.excerpt(name)) is a column the outputs already have; choose another name")
            } else if let first = seen[name] {
                error(at, "the name \(JSONValue.excerpt(name)) is already used by \(first)")
            } else {
                seen[name] = at
            }
        }
    }
}
