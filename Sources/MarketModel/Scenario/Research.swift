import Foundation
import ScenarioFormat

/// How a lab pays for its training runs and how long they take (H9, X8).
///
/// Between two releases a lab accumulates a research budget: `marginShare` of the gross
/// margin it earns (revenue minus serving cost) plus its outside funding (`funding`, a
/// dated path in USD a year). At each release the budget accumulated since the previous
/// one pays the next run, whose effective compute (budget / compute price x the lab's
/// training efficiency x algorithmic progress, `ComputeCost`) sets its quality through
/// each segment's curve (`Segment.quality(log10Compute:)`). The run lasts the lab's
/// `release_interval` mean x (compute / 10^referenceLog10Compute)^sizeExponent days,
/// times a gamma draw of mean 1 and the interval's coefficient of variation, and no less
/// than `minimumRunDays`; a lab with no budget trains nothing and looks again after the
/// mean. The first run, started on the start date, is paid by one run's worth of
/// funding: the funding rate then times the interval's mean.
public struct ResearchProgram: Sendable, Equatable {
    public var marginShare: Double = 0
    public var funding: [FundingPoint] = []
    public var interpolation: FundingInterpolation = .step
    public var referenceLog10Compute: Double = 0
    public var sizeExponent: Double = 0
    public var minimumRunDays: Double = 0

    public init() {}
}

/// How a funding path runs between its dated points.
public enum FundingInterpolation: String, Sendable, Equatable, CaseIterable, SchemaValue {
    /// Each point's rate holds until the next point.
    case step
    /// The rate moves linearly from one point to the next.
    case linear
}

extension ResearchProgram: SchemaObject {
    public static var fields: [ObjectField<ResearchProgram>] {[
        .field("margin_share", \.marginShare, ScenarioSchema.fraction, default: 0.2,
               doc: "Share of the gross margin (revenue - serving cost) earned between releases that goes to the next run."),
        .field("funding", \.funding, .array(of: FundingPoint.schema), default: [],
               doc: "Outside funding (investors, a parent company) in USD a year, a dated path; before its first date the first rate holds, after its last the last (H9: 500M+ for an o1-class run; X8: 5.6M for DeepSeek-V3's final run)."),
        .field("interpolation", \.interpolation, .string(allowed: FundingInterpolation.allCases.map(\.rawValue)), default: "step",
               doc: "How the funding rate runs between dated points: step (holds) or linear."),
        .field("reference_log10_compute", \.referenceLog10Compute, .number(in: 15...40), default: 26,
               doc: "log10 of the effective compute (FLOP) whose runs last the lab's release_interval.mean_days."),
        .field("size_exponent", \.sizeExponent, .number(in: 0...2), default: 0.1,
               doc: "A run's length grows as (compute / reference)^size_exponent."),
        .field("minimum_run_days", \.minimumRunDays, ScenarioSchema.intervalDays, default: 30,
               doc: "No run is shorter (a lab with almost no budget still ships at most monthly)."),
    ]}
}

/// A lab's outside funding rate from a date.
public struct FundingPoint: Sendable, Equatable {
    public var date = CalendarDate.epoch
    public var usdPerYear: Double = 0

    public init() {}
}

extension FundingPoint: SchemaObject {
    public static var fields: [ObjectField<FundingPoint>] {[
        .field("date", \.date, .date, doc: "From this date (may be before start_date)."),
        .field("usd_per_year", \.usdPerYear, ScenarioSchema.usd, doc: "Funding for training, USD a year."),
    ]}
}

/// An open lab's distillation from the frontier at its releases (M1, M2): per segment,
/// its own run's capability plus `min(1, distillability x efficiency)` of the teachers'
/// lead over it at the time, for `costFraction` of the teacher's training cost, at a
/// release when a frontier model is a teacher (`TeacherRule`) and the research money the
/// lab accrued during the run covers the cost (it is paid from it), from `activeFrom`
/// if given.
public struct OpenLabDistillation: Sendable, Equatable {
    public var efficiency: Double = 0
    public var costFraction: Double = 0
    public var activeFrom: CalendarDate?

    public init() {}
}

extension OpenLabDistillation: SchemaObject {
    public static var fields: [ObjectField<OpenLabDistillation>] {[
        .field("efficiency", \.efficiency, .number(in: 0...10), default: 1,
               doc: "Multiplies every segment's distillability (0: the lab does not distil)."),
        .field("cost_fraction", \.costFraction, ScenarioSchema.fraction, default: 0.03,
               doc: "Cost as a share of the teacher's training cost (M1: under 4 %)."),
        .optional("active_from", \.activeFrom, .date, doc: "No distillation before this day (nil: whenever a teacher exists and its budget allows; for a replay of history)."),
    ]}
}
