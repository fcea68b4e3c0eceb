import Foundation
import ScenarioFormat

/// Slimmable experts (MoSE, M5): an open lab's or a distiller's sparse MoE models served
/// at several widths from one set of weights, each width a menu item of its own quality and
/// serving cost. A width w is the fraction of the model's active parameters a token
/// runs through (fewer experts, or narrower ones).
///
/// Serving cost follows active parameters (M3), so width w costs w times the full
/// model's serving cost per token.
///
/// Quality: width w of a model that reaches q_s at full width in segment s reaches
/// what the segment's curve gives for w^e times the compute that reaches q_s there:
///
///     q_s(w) = S / (1 + exp(-(logit(q_s / S) + k e log10 w))),   logit(x) = ln(x / (1 - x)),
///
/// with S, k the segment's soft limit and slope per decade (see `Segment`) and e
/// `computeExponent`. Why this form:
/// - The training curve is logistic in log effective compute (M4 and the quality model),
///   and compute per token is proportional to active parameters (M3): slimming a model
///   to w of its active parameters at the same training data moves it down its own
///   curve. With Chinchilla's fit L = E + A N^-0.34 + B D^-0.28, halving N at fixed D
///   raises the reducible loss about as much as halving compute optimally (by 12 % and
///   11 %), so e = 1 is the scaling-law figure; a smaller e says that training at
///   several widths (MoSE's recipe) keeps more than a model trained at that compute
///   (the MoSE paper, arXiv 2602.06154, February 2026: full width matches a standard
///   MoE and narrower widths sit on or above the accuracy-compute frontier).
/// - The loss grows as the width shrinks, and faster than linearly in log width while
///   the model is above the curve's midpoint, as measured: pruning up to 60 % of the
///   activated expert parameters costs little, beyond 90 % a lot (Mixture of Neuron
///   Experts, 2025).
/// - The loss is per segment and falls toward the soft limit: commodity segments near
///   saturation (classification, summarization) lose two or three points at half width,
///   a segment in the steep middle of its curve (frontier reasoning, H8) loses several,
///   which is the routing of M9 at inference time.
public struct SlimmableExperts: Sendable, Equatable {
    public var enabled: Bool = false
    /// The first release served at several widths (nil: from the start, the lab's
    /// initial model included); earlier models are served at full width only.
    public var activeFrom: CalendarDate?
    /// The narrower widths served beside full width, as fractions of the active
    /// parameters, each in (0, 1), distinct; at most three, so that a model is at most
    /// four offerings per seller.
    public var widths: [Double] = []
    /// e in the quality form above: a width w is worth w^e of the compute.
    public var computeExponent: Double = 0

    /// The most narrower widths a model may be served at.
    public static let maximumWidths = 3

    /// Capability index at `width` of a model whose full-width capability is `c`: w^e of
    /// the compute, so e log10 w decades less.
    public static func capability(_ c: Double, width: Double, computeExponent: Double) -> Double {
        width < 1 ? c + computeExponent * log10(width) : c
    }

    /// Quality in `segment` at `width` of a model whose full-width quality there is `q`:
    /// the readout of `capability(_:width:computeExponent:)` at the index `q` reads.
    public static func quality(_ q: Double, width: Double, segment: Segment, computeExponent: Double) -> Double {
        segment.quality(log10Compute: capability(segment.capability(quality: q), width: width, computeExponent: computeExponent))
    }

    /// Serving cost at `width` as a share of the full width's (M3: active parameters).
    public static func servingCostFactor(width: Double) -> Double { width }

    /// Problems with the menu at `path` of an actor whose models have `activeParamsB` of
    /// `totalParamsB` parameters: widths must be distinct, and a dense model (active =
    /// total parameters) has no experts to slim.
    static func problems(_ menu: SlimmableExperts, activeParamsB: Double, totalParamsB: Double,
                         path: JSONPath) -> [(JSONPath, String)] {
        guard menu.enabled else { return [] }
        var problems: [(JSONPath, String)] = []
        var seen: Set<Double> = []
        for (k, w) in menu.widths.enumerated() where !seen.insert(w).inserted {
            problems.append((path.appending(key: "widths").appending(index: k), "width \(w) is listed twice"))
        }
        if activeParamsB == totalParamsB {
            problems.append((path.appending(key: "enabled"),
                             "slimmable experts need a sparse MoE model (M3), but active_params_b \(activeParamsB) equals total_params_b \(totalParamsB)"))
        }
        return problems
    }

    public init() {}
}

extension SlimmableExperts: SchemaObject {
    public static var fields: [ObjectField<SlimmableExperts>] {[
        .field("enabled", \.enabled, .boolean, default: false,
               doc: "Whether the lab's MoE models are served at several widths (M5, slimmable experts)."),
        .optional("active_from", \.activeFrom, .date,
                  doc: "First release served at several widths (default: from the start, the initial model included)."),
        .field("widths", \.widths, .array(of: ScenarioSchema.openFraction, minCount: 1, maxCount: maximumWidths), default: [0.5, 0.25],
               doc: "Narrower widths served beside full width: fractions of the active parameters, each in (0, 1), distinct, at most 3. Serving cost scales with the width (M3)."),
        .field("compute_exponent", \.computeExponent, .number(in: 0...4), default: 1,
               doc: "A width w reaches the quality of w^compute_exponent times the model's compute on each segment's curve (1: the scaling-law figure; 0: no quality loss)."),
    ]}
}
