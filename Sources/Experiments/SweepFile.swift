import Foundation
import MarketModel
import ScenarioFormat

/// The sweep file format: JSON with comments, one object. Every key is validated like a
/// scenario's, so an error names the file and the JSON path, with a did-you-mean for a
/// misspelt key.
///
/// ```json
/// {
///   "description": "What the sweep asks, citing fact ids (docs/facts.md).",
///   "base": "../base.json",
///   "design": "lhs", "samples": 64, "replications": 2, "seed": 7,
///   "common_random_numbers": true,
///   "overrides": {"buyers.count": 500},
///   "parameters": [
///     {"path": "segments[0].distillability", "range": [0.3, 0.8]},
///     {"path": "actors.distillers[0].lag.mean_days", "range": [15, 120], "scale": "log_uniform"}
///   ],
///   "outcomes": [
///     {"name": "gap_final", "metric": "gap_points", "at": "final"},
///     {"name": "months_to_gap_below_5", "metric": "gap_points", "at": "first_below", "threshold": 5}
///   ]
/// }
/// ```
public enum SweepFileSchema {
    /// The whole sweep file.
    public static let schema = SweepFileDocument.schema

    /// The format as a JSON Schema document for editors (`marketsim schema --sweep`); a
    /// sweep file has no `extends`.
    public static var jsonSchema: JSONValue {
        schema.jsonSchema(
            title: "marketsim sweep",
            description: "A marketsim sweep file (JSON with comments): a base scenario, the swept keys and the outcomes each run reports. See docs/experiments.md in marketsim's repository.",
            allowsExtends: false)
    }
}

/// A sweep file as written, read from its validated document: each key is declared
/// once, in the `fields` here, which both validate the file and read it.
struct SweepFileDocument: SchemaObject {
    var description: String = ""
    var base: String = ""
    var design: SweepDesign = .grid
    var samples: Int?
    var replications: Int = 0
    var seed: UInt64 = 0
    var commonRandomNumbers: Bool = false
    /// Scenario paths (as written) to values, in file order.
    var overrides = JSONObject()
    var parameters: [Parameter] = []
    var outcomes: [Outcome] = []

    static var fields: [ObjectField<SweepFileDocument>] {[
        .field("description", \.description, .string, default: "", doc: "What the sweep asks and which fact ids (docs/facts.md) it follows."),
        .field("base", \.base, .string,
               doc: "The base scenario: a path relative to this file's folder, or the name of a shipped scenario (base, bull, bear)."),
        .field("design", \.design, .string(allowed: SweepDesign.allCases.map(\.rawValue)),
               doc: "grid (full factorial), random, lhs (Latin hypercube) or sobol (Saltelli, with sensitivity indices)."),
        .optional("samples", \.samples, .integer(minimum: 1, maximum: SweepDefinition.maximumPoints),
                  doc: "random and lhs: the number of points; sobol: the base rows N (N (k + 2) points); none for grid."),
        .field("replications", \.replications, .integer(in: 1...1_000_000), default: 1, doc: "Runs per point, each with its own seed."),
        .field("seed", \.seed, .integer(in: 0...9_007_199_254_740_991), default: 1, doc: "Master seed of the design and the runs."),
        .field("common_random_numbers", \.commonRandomNumbers, .boolean, default: true,
               doc: "Replication r of every point runs with the same seed, so points differ by their parameters, not their luck (false: every run its own seed)."),
        .field("overrides", \.overrides, .map(values: .any), default: [:],
               doc: "Scenario keys set for every point, {\"buyers.count\": 500}: JSON paths to values."),
        .field("parameters", \.parameters, .array(of: Parameter.schema, minCount: 1), doc: "The swept scenario keys."),
        .field("outcomes", \.outcomes, .array(of: Outcome.schema, minCount: 1), doc: "The columns each run reports."),
    ]}

    init() {}

    /// A swept scenario key.
    struct Parameter: SchemaObject {
        var path: String = ""
        var name: String?
        var levels: [Double]?
        var range: [Double]?
        var scale: SweepParameter.Scale?
        var gridLevels: Int?

        static var fields: [ObjectField<Parameter>] {[
            .field("path", \.path, .string,
                   doc: "The JSON path of a number in the base scenario, such as segments[4].distillability or actors.distillers[0].lag.mean_days."),
            .optional("name", \.name, .string, doc: "Its column name in runs.csv and points.csv (default: the path)."),
            .optional("levels", \.levels, .array(of: .number, minCount: 1), doc: "Discrete values, in order (give levels or range)."),
            .optional("range", \.range, .array(of: .number, minCount: 2, maxCount: 2), doc: "[lo, hi], lo < hi (give levels or range)."),
            .optional("scale", \.scale, .string(allowed: SweepParameter.Scale.allCases.map(\.rawValue)),
                      doc: "How a range is spread: uniform (default), log_uniform (lo > 0) or integer."),
            .optional("grid_levels", \.gridLevels, .integer(minimum: 2, maximum: 1_000_000),
                      doc: "How many evenly spaced values of a range a grid design takes (bounds included)."),
        ]}

        init() {}
    }

    /// A column each run reports.
    struct Outcome: SchemaObject {
        var name: String = ""
        var metric: String = ""
        var at: String = ""
        var threshold: Double?

        static var fields: [ObjectField<Outcome>] {[
            .field("name", \.name, .string, doc: "Its column name in runs.csv."),
            .field("metric", \.metric, .string, doc: "A trajectory column, such as gap_points or token_share_infra (see trajectories.csv of a run)."),
            .field("at", \.at, .string, default: "final",
                   doc: "final, mean, max, min, a date YYYY-MM-DD (the first report on or after it), first_below or first_above (months until the metric crosses threshold; missing if never)."),
            .optional("threshold", \.threshold, .number, doc: "The threshold of first_below and first_above."),
        ]}

        init() {}
    }
}

extension SweepDesign: SchemaValue {}
extension SweepParameter.Scale: SchemaValue {}

/// A validated sweep file, ready to run: the base scenario read once, the parameters'
/// scenario paths, the outcomes and the `SweepDefinition` they make.
///
/// `load` reports every problem at once as a `ScenarioError` whose issues name the sweep
/// file and JSON path (or the base scenario's file, for a problem in the base): unknown
/// keys with suggestions, a parameter path the base does not have or that holds no
/// number, an unknown metric (with a suggestion), a date outside the run, an empty or
/// inverted range, duplicate column names. The definition's `context` holds the resolved
/// base scenario's hash, the model version, the parameter paths and the outcome
/// reductions, so changing any of them changes the sweep's hash.
public struct SweepFile: Sendable {
    /// The sweep file as given.
    public let path: String
    public let description: String
    /// The base scenario as read (its `extends` chain merged), before any override.
    public let source: ScenarioSource
    /// The sweep file's `overrides`, applied before the parameters at every point.
    public let overrides: [ScenarioOverride]
    /// The base scenario with the overrides, validated and compiled.
    public let base: ScenarioFile.Loaded
    /// The scenario path each parameter sets, in parameter order.
    public let parameterPaths: [JSONPath]
    public let outcomes: [SweepOutcome]
    public let definition: SweepDefinition

    /// The overrides of a design point: the file's overrides, then each parameter's value.
    public func overrides(forPoint values: some Collection<Double>) -> [ScenarioOverride] {
        overrides + zip(parameterPaths, values).map { ScenarioOverride(path: $0, value: .number($1)) }
    }

    /// The option text (`--set path=value`) a point's override of parameter `index` carries,
    /// which names it in the errors of `ScenarioSource.resolve`.
    func overrideOption(parameter index: Int, value: Double) -> String {
        ScenarioOverride(path: parameterPaths[index], value: .number(value)).option
    }

    /// Changes to a sweep file made on the command line: replications per point, the
    /// sample count, and `--set` overrides of the base (after the file's own overrides);
    /// a problem one of them causes names the option.
    public struct Adjustments: Sendable {
        public var replications: Int?
        public var samples: Int?
        public var overrides: [String]

        public init(replications: Int? = nil, samples: Int? = nil, overrides: [String] = []) {
            self.replications = replications
            self.samples = samples
            self.overrides = overrides
        }
    }

    /// The sweep file `nameOrPath` names: an existing file as given, else a shipped sweep
    /// of that name (`gap`, `gap.json` in the shipped scenarios' `sweeps/`).
    public static func locate(_ nameOrPath: String) -> String {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: nameOrPath), !nameOrPath.contains("/") else { return nameOrPath }
        for candidate in [nameOrPath, nameOrPath + ".json"] {
            let shipped = ScenarioFile.shippedFolder + "/sweeps/" + candidate
            if fm.fileExists(atPath: shipped) { return shipped }
        }
        return nameOrPath
    }

    /// Reads and validates the sweep file at `path` (or the shipped sweep it names) and
    /// its base scenario, with `adjustments` applied.
    public static func load(_ nameOrPath: String, adjustments: Adjustments = Adjustments()) throws(ScenarioError) -> SweepFile {
        let path = locate(nameOrPath)
        var loader = SweepFileLoader(path: path, adjustments: adjustments)
        guard let file = loader.load() else {
            throw ScenarioError(file: path, issues: SweepFileLoader.inFileOrder(loader.diagnostics.issues, file: path,
                                                                                keys: SweepFileDocument.fields.map(\.field.name)))
        }
        return file
    }
}

/// The steps of `SweepFile.load`, collecting every issue into one `Diagnostics`; a
/// calibration file, which shares the base, overrides and parameter paths, uses them too.
struct SweepFileLoader {
    let path: String
    let adjustments: SweepFile.Adjustments
    var diagnostics = Diagnostics()

    init(path: String, adjustments: SweepFile.Adjustments = SweepFile.Adjustments()) {
        self.path = path
        self.adjustments = adjustments
    }

    mutating func error(_ at: JSONPath, _ message: String) {
        diagnostics.error(at: at, message, origin: path)
    }

    mutating func load() -> SweepFile? {
        guard let raw = readDocument() else { return nil }
        if case .object(let object) = raw, object["base"] == nil, object["actors"] != nil || object["segments"] != nil {
            error(.root, "this is a scenario file, not a sweep: run it with `marketsim run \(path)`")
            return nil
        }
        var schemaIssues = Diagnostics()
        let value = SweepFileSchema.schema.validate(raw, diagnostics: &schemaIssues)
        guard schemaIssues.isEmpty else {
            diagnostics.append(contentsOf: schemaIssues)
            return nil
        }
        let document = SweepFileDocument.read(value, at: .root)
        let design = document.design
        checkSamples(document.samples, design: design)
        var parameters = document.parameters.enumerated().compactMap { i, p in parameter(p, index: i, design: design) }
        let outcomeStatistics = document.outcomes.enumerated().map { i, o in statistic(o, index: i) }
        checkNames(document.parameters, document.outcomes)

        let overrides = parseOverrides(document.overrides)
        guard let (source, base) = loadBase(document.base, overrides: overrides) else { return nil }

        let paths = document.parameters.enumerated().map { i, p in checkParameterPath(p.path, index: i, base: base) }
        for (i, (p, path)) in zip(document.parameters, paths).enumerated() {
            if let path { checkIntegerKey(p, path: path, index: i) }
        }
        let columns = Array(RunRecorder(compiled: base.compiled).metricColumns)
        let dates = base.compiled.reportDates
        var outcomes = [SweepOutcome]()
        for (i, o) in document.outcomes.enumerated() {
            if !columns.contains(o.metric) {
                var message = "no trajectory metric \(JSONValue.excerpt(o.metric))"
                if let suggestion = Schema.suggestion(for: o.metric, among: columns) {
                    message += " (did you mean \(JSONValue.quote(suggestion))?)"
                } else {
                    message += " (the metrics are the columns of a run's trajectories.csv after replication, date and day)"
                }
                error(outcomePath(i, "metric"), message)
            }
            guard let statistic = outcomeStatistics[i] else { continue }
            if case .onDate(let date) = statistic, let first = dates.first, let last = dates.last,
               date < first || date > last {
                error(outcomePath(i, "at"), "\(date) is outside the run, whose reports go from \(first) to \(last)")
            }
            outcomes.append(SweepOutcome(name: o.name, metric: o.metric, statistic: statistic))
        }
        let parameterPaths = paths.compactMap { $0 }
        guard diagnostics.isEmpty, parameterPaths.count == paths.count else { return nil }

        parameters = parameters.enumerated().map { i, p in
            p.name.isEmpty ? SweepParameter(name: parameterPaths[i].description, domain: p.domain) : p
        }
        let context = SweepFileLoader.context(base: base, paths: parameterPaths, outcomes: outcomes)
        do {
            let definition = try SweepDefinition(
                parameters: parameters, design: design, samples: adjustments.samples ?? document.samples,
                replications: adjustments.replications ?? document.replications, seed: document.seed,
                outcomes: outcomes.map(\.name), context: context,
                commonRandomNumbers: document.commonRandomNumbers)
            return SweepFile(path: path, description: document.description, source: source,
                             overrides: overrides.map(\.override), base: base, parameterPaths: parameterPaths,
                             outcomes: outcomes, definition: definition)
        } catch {
            self.error(.root, error.description)
            return nil
        }
    }

    /// The issues in the order of the file's top-level `keys` and array elements (the base
    /// scenario's own issues last), whatever check found them, so a reader can go down
    /// the file fixing them.
    static func inFileOrder(_ issues: [ScenarioIssue], file: String, keys: [String]) -> [ScenarioIssue] {
        func rank(_ issue: ScenarioIssue) -> (Int, Int) {
            guard issue.origin == nil || issue.origin == file else { return (keys.count + 1, 0) }
            let components = issue.path.components
            guard case .key(let key)? = components.first, let k = keys.firstIndex(of: key) else { return (-1, 0) }
            if components.count > 1, case .index(let i) = components[1] { return (k, i) }
            return (k, -1)
        }
        return issues.enumerated().sorted { a, b in
            let (ra, rb) = (rank(a.element), rank(b.element))
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }

    /// The file parsed, or nil with the issue recorded.
    mutating func readDocument() -> JSONValue? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            error(.root, "no such file")
            return nil
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            error(.root, "cannot read the file")
            return nil
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            error(.root, "the file is not valid UTF-8 text")
            return nil
        }
        do {
            return try JSONParser.parse(text, file: path)
        } catch {
            diagnostics.append(error.issue)
            return nil
        }
    }

    mutating func checkSamples(_ written: Int?, design: SweepDesign) {
        let samples = adjustments.samples ?? written
        switch design {
        case .grid:
            if samples != nil {
                error([.key("samples")], "a grid design takes its points from the parameters' levels; remove samples")
            }
        case .random, .latinHypercube:
            if samples == nil { error([.key("samples")], "a \(design.rawValue) design needs samples (the number of points)") }
        case .sobol:
            if let samples, samples < 2 {
                error([.key("samples")], "a sobol design needs at least 2 base rows, not \(samples)")
            } else if samples == nil {
                error([.key("samples")], "a sobol design needs samples (the base rows N; it runs N (k + 2) points)")
            }
        }
    }

    func parameterPath(_ index: Int, _ key: String) -> JSONPath { [.key("parameters"), .index(index), .key(key)] }
    func outcomePath(_ index: Int, _ key: String) -> JSONPath { [.key("outcomes"), .index(index), .key(key)] }

    /// The parameter's domain (named by its `name`, or left unnamed to take its path
    /// once that is checked), or nil with the issues recorded.
    mutating func parameter(_ p: SweepFileDocument.Parameter, index i: Int, design: SweepDesign) -> SweepParameter? {
        let name = p.name ?? ""
        let gridLevels = p.gridLevels
        switch (p.levels, p.range) {
        case (let levels?, nil):
            if p.scale != nil { error(parameterPath(i, "scale"), "scale applies to a range; levels are used as given") }
            if gridLevels != nil { error(parameterPath(i, "grid_levels"), "grid_levels applies to a range; levels are already discrete") }
            return SweepParameter(name: name, domain: .levels(levels))
        case (nil, let range?):
            let (lo, hi) = (range[0], range[1])
            let scale = p.scale ?? .uniform
            let at = parameterPath(i, "range")
            var ok = true
            if !(lo < hi) {
                error(at, "the range [\(JSONValue.formatNumber(lo)), \(JSONValue.formatNumber(hi))] needs lo < hi")
                ok = false
            }
            if scale == .logUniform && lo <= 0 {
                error(at, "a log_uniform range needs lo > 0, not \(JSONValue.formatNumber(lo))")
                ok = false
            }
            if scale == .integer && (lo.rounded() != lo || hi.rounded() != hi) {
                error(at, "an integer range needs integer bounds, not [\(JSONValue.formatNumber(lo)), \(JSONValue.formatNumber(hi))]")
                ok = false
            }
            if design == .grid {
                if let levels = gridLevels {
                    if ok && scale == .integer && Double(levels) > hi - lo + 1 {
                        error(parameterPath(i, "grid_levels"), "\(levels) levels do not fit in the \(Int(hi - lo + 1)) integers of the range")
                        ok = false
                    }
                } else {
                    error([.key("parameters"), .index(i)], "a range in a grid design needs grid_levels (how many values it takes)")
                    ok = false
                }
            }
            return ok ? SweepParameter(name: name, domain: .range(lower: lo, upper: hi, scale: scale, gridLevels: gridLevels)) : nil
        case (nil, nil):
            error([.key("parameters"), .index(i)], "a parameter needs levels ([values]) or range ([lo, hi])")
            return nil
        case (_?, _?):
            error([.key("parameters"), .index(i)], "give levels or range, not both")
            return nil
        }
    }

    /// An integer key (`months`, `buyers.count`) takes only integers: a range on it must
    /// have scale integer and its levels must be integers, or the first point with a
    /// fraction would fail its run instead of the file failing here.
    mutating func checkIntegerKey(_ p: SweepFileDocument.Parameter, path: JSONPath, index i: Int) {
        guard ScenarioSchema.schema.requiresInteger(at: path) else { return }
        let key = JSONValue.shortened(path.description)
        if p.range != nil && (p.scale ?? .uniform) != .integer {
            error(parameterPath(i, "range"), "\(key) is an integer key; give the range \"scale\": \"integer\"")
        }
        if let levels = p.levels, let fraction = levels.firstIndex(where: { $0.rounded(.towardZero) != $0 }) {
            error(parameterPath(i, "levels").appending(index: fraction),
                  "\(key) is an integer key, and \(JSONValue.formatNumber(levels[fraction])) is not an integer")
        }
    }

    /// The outcome's reduction, or nil with the issues recorded.
    mutating func statistic(_ o: SweepFileDocument.Outcome, index i: Int) -> SweepOutcome.Statistic? {
        let (at, threshold) = (o.at, o.threshold)
        let statistic: SweepOutcome.Statistic?
        switch at {
        case "final": statistic = .final
        case "mean": statistic = .mean
        case "max": statistic = .maximum
        case "min": statistic = .minimum
        case "first_below", "first_above":
            guard let threshold else {
                error([.key("outcomes"), .index(i)], "\(at) needs a threshold")
                return nil
            }
            return at == "first_below" ? .firstBelow(threshold) : .firstAbove(threshold)
        default:
            if let date = CalendarDate(iso: at) {
                statistic = .onDate(date)
            } else {
                var message = "\(JSONValue.excerpt(at)) is not one of \(SweepOutcome.Statistic.keywords.map(JSONValue.quote).joined(separator: ", ")) or a date YYYY-MM-DD"
                if let suggestion = Schema.suggestion(for: at, among: SweepOutcome.Statistic.keywords) {
                    message += " (did you mean \(JSONValue.quote(suggestion))?)"
                }
                error(outcomePath(i, "at"), message)
                statistic = nil
            }
        }
        if threshold != nil {
            error(outcomePath(i, "threshold"), "a threshold applies to first_below and first_above only, not \(JSONValue.excerpt(at))")
            return nil
        }
        return statistic
    }

    /// Column names must be unique across parameters and outcomes and leave runs.csv's
    /// own columns alone.
    mutating func checkNames(_ parameters: [SweepFileDocument.Parameter], _ outcomes: [SweepFileDocument.Outcome]) {
        var seen: [String: JSONPath] = [:]
        // An unnamed parameter's column is its path as printed (`a.b[0]` however written).
        func name(_ p: SweepFileDocument.Parameter) -> String {
            p.name ?? (try? JSONPath(parsing: p.path))?.description ?? p.path
        }
        let named = parameters.enumerated().map { i, p in
            (name(p), p.name == nil ? parameterPath(i, "path") : parameterPath(i, "name"))
        } + outcomes.enumerated().map { i, o in (o.name, outcomePath(i, "name")) }
        for (name, at) in named {
            if name.isEmpty {
                error(at, "a column name must not be empty")
            } else if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                // runs.csv is read back line by line on resume and merge: a line break
                // in a header field would split the header.
                error(at, "the column name \(JSONValue.excerpt(name)) holds a control character (a line break or tab); use a plain name")
            } else if SweepOutputFolder.runIdentityColumns.contains(name) {
                error(at, "\(JSONValue.excerpt(name)) is a column runs.csv already has; choose another name")
            } else if let first = seen[name] {
                error(at, "the column name \(JSONValue.excerpt(name)) is already used by \(first)")
            } else {
                seen[name] = at
            }
        }
    }

    /// The entries of the file's `section` (`overrides`, or a calibration's `fixed`) as
    /// overrides, each issue recorded at its entry, then, with `commandLine`, the
    /// command line's --set.
    mutating func parseOverrides(_ object: JSONObject, section: String = "overrides", commandLine: Bool = true)
        -> [(key: String, override: ScenarioOverride)]
    {
        var result: [(String, ScenarioOverride)] = []
        for member in object {
            do {
                result.append((member.key, ScenarioOverride(path: try JSONPath(parsing: member.key), value: member.value)))
            } catch {
                self.error([.key(section), .key(member.key)], error.description)
            }
        }
        guard commandLine else { return result }
        // The command line's --set come after, so they win; each is keyed by its option.
        for text in adjustments.overrides {
            do {
                let override = try ScenarioOverride(parsing: text)
                result.append((override.option, override))
            } catch {
                diagnostics.append(error)
            }
        }
        return result
    }

    /// The base scenario read and resolved with the overrides, or nil with the issues
    /// recorded: a missing file names the sweep file's `base`; a problem an override
    /// causes names the sweep file's `overrides` entry; the base's own problems name
    /// the base's file.
    mutating func loadBase(_ base: String, overrides: [(key: String, override: ScenarioOverride)],
                           section: (String) -> String = { _ in "overrides" })
        -> (ScenarioSource, ScenarioFile.Loaded)?
    {
        if let problem = ScenarioLoader.pathProblem(base) {
            error([.key("base")], problem)
            return nil
        }
        guard let file = SweepFileLoader.locate(base, from: path) else {
            error([.key("base")], "no scenario \(JSONValue.excerpt(base)): neither a file relative to this file's folder nor a shipped scenario (see `marketsim scenarios`)")
            return nil
        }
        let source: ScenarioSource
        do {
            source = try ScenarioFile.read(file)
        } catch {
            for issue in error.issues { diagnostics.append(issue) }
            return nil
        }
        do {
            return (source, try ScenarioFile.resolve(source, overrides: overrides.map(\.override)))
        } catch {
            for issue in error.issues {
                if let entry = overrides.first(where: { $0.override.option == issue.origin && $0.key != issue.origin }) {
                    let message = issue.path.isRoot ? issue.message : "\(JSONValue.shortened(issue.path.description)): \(issue.message)"
                    self.error([.key(section(entry.key)), .key(entry.key)], message)
                } else {
                    diagnostics.append(issue)
                }
            }
            return nil
        }
    }

    /// The parsed path of parameter `index` if it names a number in the base, else nil
    /// with the issue recorded (suggesting a near key, listing an array's ids).
    mutating func checkParameterPath(_ text: String, index: Int, base: ScenarioFile.Loaded) -> JSONPath? {
        let at = parameterPath(index, "path")
        let path: JSONPath
        do {
            path = try JSONPath(parsing: text)
        } catch {
            self.error(at, error.description)
            return nil
        }
        var current = base.resolved.value
        var done = JSONPath.root
        for component in path.components {
            let here = done.isRoot ? "the scenario" : done.description
            switch component {
            case .key(let key):
                guard let object = current.object else {
                    error(at, "\(here) is \(current.kindName), not an object with key \(JSONValue.excerpt(key))")
                    return nil
                }
                guard let next = object[key] else {
                    var message = "the base scenario has no \(JSONValue.shortened(done.appending(key: key).description))"
                    if let suggestion = Schema.suggestion(for: key, among: object.keys) {
                        message += " (did you mean \(done.appending(key: suggestion))?)"
                    }
                    error(at, message)
                    return nil
                }
                current = next
                done = done.appending(key: key)
            case .index(let i):
                guard let elements = current.array else {
                    error(at, "\(here) is \(current.kindName), not an array")
                    return nil
                }
                guard i < elements.count else {
                    var message = "\(here) has \(elements.count) element\(elements.count == 1 ? "" : "s"), no index \(i)"
                    let ids = elements.enumerated().compactMap { j, e in e["id"]?.string.map { "[\(j)] \($0)" } }
                    if ids.count == elements.count && !ids.isEmpty { message += " (\(ids.joined(separator: ", ")))" }
                    error(at, message)
                    return nil
                }
                current = elements[i]
                done = done.appending(index: i)
            }
        }
        guard current.double != nil else {
            error(at, "\(JSONValue.shortened(path.description)) holds \(current.foundDescription) in the base scenario, not a number")
            return nil
        }
        return path
    }

    /// The base scenario's file: `base` relative to the sweep file's folder if that file
    /// exists, else the shipped scenario of that name.
    static func locate(_ base: String, from sweepFile: String) -> String? {
        let folder = (sweepFile as NSString).deletingLastPathComponent
        let relative = base.hasPrefix("/") || folder.isEmpty ? base : folder + "/" + base
        let candidate = ScenarioLoader.normalized(relative)
        if FileManager.default.fileExists(atPath: candidate) { return candidate }
        guard !base.contains("/") else { return nil }
        let shipped = ScenarioFile.locate(base)
        return FileManager.default.fileExists(atPath: shipped) ? shipped : nil
    }

    /// What the runs depend on beyond the definition's own fields.
    static func context(base: ScenarioFile.Loaded, paths: [JSONPath], outcomes: [SweepOutcome]) -> String {
        let outcomeValues: [JSONValue] = outcomes.map { o in
            let (at, threshold) = o.statistic.text
            return ["name": .string(o.name), "metric": .string(o.metric), "at": .string(at),
                    "threshold": threshold.map(JSONValue.number) ?? .null]
        }
        let value: JSONValue = [
            "marketsim_version": .string(MarketsimVersion.string),
            "base_scenario_hash": .string(base.hash),
            "parameter_paths": .array(paths.map { .string($0.description) }),
            "outcomes": .array(outcomeValues),
        ]
        return value.canonicalText
    }
}
