import Foundation
import MarketModel
import ScenarioFormat
import SimulationKit

/// Everything that decides a sweep's runs and their results: the parameters, the
/// design, its sample count, replications per point, the master seed, the outcome
/// names the model reports for each run, and a `context` string for whatever else the
/// runs depend on (the caller puts the base scenario's hash and the model version
/// there, so that a changed scenario changes the sweep's hash).
///
/// Its `hash` is the identity a resumed sweep and a shard set are checked against. It
/// is computed from `canonicalJSON`, a fixed-order text, never from Swift's `Hasher`.
///
/// Runs: point p, replication r is run `p * replications + r`, seeded with
/// `StreamSeeding.derive(seed, UInt64(runID))`, or with common random numbers
/// `StreamSeeding.derive(seed, UInt64(r))`: replication r of every point then shares
/// its seed, so two points differ by their parameters rather than by their luck (which
/// a Sobol design of a noisy model needs: with independent seeds the noise inflates
/// every total index). A run's seed depends only on its identity, never on which
/// worker, shard or session executes it.
public struct SweepDefinition: Sendable, Equatable {
    public let parameters: [SweepParameter]
    public let design: SweepDesign
    /// Points for `random` and `lhs`, base rows N for `sobol` (N (k + 2) points); nil
    /// for `grid`, whose points come from the levels.
    public let samples: Int?
    public let replications: Int
    public let seed: UInt64
    public let outcomes: [String]
    public let context: String
    /// Replication r of every point runs with the same seed (see above).
    public let commonRandomNumbers: Bool

    /// A validated definition.
    ///
    /// - Throws: `SweepError` naming the parameter or field at fault.
    public init(parameters: [SweepParameter], design: SweepDesign, samples: Int?, replications: Int,
                seed: UInt64, outcomes: [String], context: String = "",
                commonRandomNumbers: Bool = false) throws(SweepError) {
        self.parameters = parameters
        self.design = design
        self.samples = samples
        self.replications = replications
        self.seed = seed
        self.outcomes = outcomes
        self.context = context
        self.commonRandomNumbers = commonRandomNumbers
        try validate()
    }

    private func validate() throws(SweepError) {
        func fail(_ message: String) -> SweepError { SweepError(.invalidDefinition, message) }
        guard !parameters.isEmpty else { throw fail("parameters: a sweep needs at least one parameter") }
        for p in parameters { try p.validate(forGrid: design == .grid) }
        var seen = Set<String>()
        for name in parameters.map(\.name) + outcomes {
            guard seen.insert(name).inserted else {
                throw fail("\(name) is named twice among the parameters and outcomes; column names must be unique")
            }
        }
        for reserved in SweepOutputFolder.runIdentityColumns where seen.contains(reserved) {
            throw fail("\(reserved) is a reserved column name of runs.csv; rename that parameter or outcome")
        }
        guard !outcomes.isEmpty else { throw fail("outcomes: a sweep needs at least one outcome") }
        guard outcomes.allSatisfy({ !$0.isEmpty }) else { throw fail("outcomes: an outcome needs a name") }
        guard replications >= 1 else { throw fail("replications: must be at least 1, not \(replications)") }
        switch design {
        case .grid:
            guard samples == nil else {
                throw fail("samples: a grid design takes its points from the parameters' levels; remove samples")
            }
        case .random, .latinHypercube, .sobol:
            guard let n = samples, n >= 1 else {
                throw fail("samples: a \(design.rawValue) design needs a positive sample count")
            }
        }
        if design == .sobol {
            guard samples! >= 2 else { throw fail("samples: a sobol design needs at least 2 base samples") }
            let maximum = QuasiRandomSequence.Kind.sobol.maximumDimensions / 2
            guard parameters.count <= maximum else {
                throw fail("parameters: a sobol design draws 2k dimensions from GSL's Sobol sequence, which stops at \(QuasiRandomSequence.Kind.sobol.maximumDimensions); at most \(maximum) parameters, not \(parameters.count)")
            }
        }
        let points = pointCount
        guard points <= Self.maximumPoints else {
            let count = points == Int.max ? "more than \(Int.max)" : "\(points)"
            throw fail("the design has \(count) points; at most \(Self.maximumPoints) are allowed (fewer levels, samples or parameters, or split it into several sweeps)")
        }
        guard points * replications <= Self.maximumRuns else {
            throw fail("the sweep has \(points * replications) runs (\(points) points x \(replications) replications); at most \(Self.maximumRuns) are allowed")
        }
    }

    /// The most points a design may have. Every point is generated and its scenario
    /// resolved (about 0.5 ms each) before the first run, so that a bad point fails at once:
    /// a million points is minutes of checking and 8 bytes per point and parameter.
    public static let maximumPoints = 1_000_000
    /// The most runs a sweep may have: ten million runs is days of computing on a
    /// cluster and a runs.csv of a few gigabytes; beyond that, split the question.
    public static let maximumRuns = 10_000_000

    /// The number of points of the design.
    public var pointCount: Int { design.pointCount(parameters: parameters, samples: samples) }

    /// The number of runs: points times replications.
    public var runCount: Int { pointCount * replications }

    /// The design's points.
    public func points() throws(SweepError) -> SweepPoints { try SweepPoints(definition: self) }

    /// The seed of run `runID`.
    public func seed(ofRun runID: Int) -> UInt64 {
        StreamSeeding.derive(seed, UInt64(commonRandomNumbers ? runID % replications : runID))
    }

    /// The canonical text of the definition: JSON with a fixed key order and numbers in
    /// shortest round-trip form. Stored in each sweep folder as `sweep.json`. The
    /// common-random-numbers flag is written only when set, so the definitions (and
    /// hashes) of sweeps without it are unchanged.
    public var canonicalJSON: String {
        func string(_ s: String) -> String { JSONValue.quote(s) }
        func number(_ x: Double) -> String { x.description }
        let params = parameters.map { p -> String in
            switch p.domain {
            case .levels(let values):
                return "{\"name\":\(string(p.name)),\"levels\":[\(values.map(number).joined(separator: ","))]}"
            case .range(let lower, let upper, let scale, let gridLevels):
                let levels = gridLevels.map(String.init) ?? "null"
                return "{\"name\":\(string(p.name)),\"lower\":\(number(lower)),\"upper\":\(number(upper)),\"scale\":\(string(scale.rawValue)),\"grid_levels\":\(levels)}"
            }
        }
        return "{\"format\":1"
            + ",\"parameters\":[\(params.joined(separator: ","))]"
            + ",\"design\":\(string(design.rawValue))"
            + ",\"samples\":\(samples.map(String.init) ?? "null")"
            + ",\"replications\":\(replications)"
            + ",\"seed\":\(string(String(seed)))"
            + ",\"outcomes\":[\(outcomes.map(string).joined(separator: ","))]"
            + ",\"context\":\(string(context))"
            + (commonRandomNumbers ? ",\"common_random_numbers\":true" : "")
            + "}"
    }

    /// The sweep's identity: FNV-1a (64-bit) of `canonicalJSON`, 16 hex digits. It
    /// detects a changed definition; it is not a cryptographic digest.
    public var hash: String {
        let h = StreamKey.fnv1a(canonicalJSON)
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A definition read back from its `canonicalJSON`.
    init(canonicalJSON text: String, source: String) throws(SweepError) {
        struct Parameter: Decodable {
            let name: String
            let levels: [Double]?
            let lower: Double?
            let upper: Double?
            let scale: String?
            let grid_levels: Int?
        }
        struct Definition: Decodable {
            let format: Int
            let parameters: [Parameter]
            let design: String
            let samples: Int?
            let replications: Int
            let seed: String
            let outcomes: [String]
            let context: String
            let common_random_numbers: Bool?
        }
        func fail(_ message: String) -> SweepError { SweepError(.corruptFolder, "\(source): \(message)") }
        let decoded: Definition
        do {
            decoded = try JSONDecoder().decode(Definition.self, from: Data(text.utf8))
        } catch {
            throw fail("not a sweep definition (\(error))")
        }
        guard decoded.format == 1 else { throw fail("unknown format \(decoded.format)") }
        guard let design = SweepDesign(rawValue: decoded.design) else { throw fail("unknown design \(decoded.design)") }
        guard let seed = UInt64(decoded.seed) else { throw fail("seed \(decoded.seed) is not a 64-bit unsigned integer") }
        var parameters = [SweepParameter]()
        for p in decoded.parameters {
            if let levels = p.levels {
                parameters.append(.levels(p.name, levels))
            } else if let lower = p.lower, let upper = p.upper, let scale = p.scale.flatMap(SweepParameter.Scale.init(rawValue:)) {
                parameters.append(.range(p.name, lower: lower, upper: upper, scale: scale, gridLevels: p.grid_levels))
            } else {
                throw fail("parameter \(p.name) has neither levels nor a valid range")
            }
        }
        do {
            try self.init(parameters: parameters, design: design, samples: decoded.samples,
                          replications: decoded.replications, seed: seed, outcomes: decoded.outcomes,
                          context: decoded.context, commonRandomNumbers: decoded.common_random_numbers ?? false)
        } catch {
            throw fail(error.description)
        }
        guard canonicalJSON == text else { throw fail("the definition does not round-trip; the file was edited") }
    }
}

/// One run of a sweep, as handed to the model: its identity, its seed and the values
/// of the swept parameters (in the definition's parameter order).
public struct RunSpec: Sendable, Equatable {
    public let runID: Int
    public let pointID: Int
    public let replication: Int
    public let seed: UInt64
    public let parameterNames: [String]
    public let parameterValues: [Double]
}
