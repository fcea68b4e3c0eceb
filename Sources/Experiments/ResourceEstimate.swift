import Foundation
import MarketModel

/// What a run, comparison, sweep (and later a calibration) will cost, estimated from
/// its scenario before anything starts: how many simulation runs, how many events
/// they execute, and the peak memory of the process. Commands refuse work whose peak
/// exceeds the `MemoryLimit`, with the estimate and the limit in the message, instead
/// of being killed by the system hours in.
///
/// The estimate is an upper-side approximation from the scenario's sizes, with the
/// constants measured on release builds (see `bytesPerBuyer`): a run holds its buyers
/// (state, random stream, pending review), its trajectory and actor rows; a set of
/// replications holds every replication's trajectory values for the percentile bands;
/// a sweep holds its design points. Events are the scenario's recurring events
/// (buyers' reviews, price reviews, releases, distillations, monthly reports) over
/// the horizon, at their mean rates.
public struct ResourceEstimate: Sendable, Equatable, CustomStringConvertible {
    /// Simulation runs.
    public var runs: Int
    /// Events executed, over all runs.
    public var events: Double
    /// The process's peak memory, bytes.
    public var peakBytes: Double
    /// What the figures are for, in the user's words (`10 replications of 2000 buyers
    /// over 60 months, 2 at a time`).
    public var scope: String

    public init(runs: Int, events: Double, peakBytes: Double, scope: String) {
        self.runs = runs
        self.events = events
        self.peakBytes = peakBytes
        self.scope = scope
    }

    // MARK: - Constants

    /// Memory of one buyer during a run: its state (about 100 bytes), its random stream's
    /// state (32 bytes) and its pending review in the event queue. Measured on a release
    /// build: peak RSS grew by 150-170 bytes per buyer between 200,000 and 1,000,000
    /// buyers (base.json, 3 and 60 months); half again for allocator slack.
    static let bytesPerBuyer = 256.0
    /// Memory of a run besides its buyers: actors, models, offerings, queue, buffers.
    static let bytesPerRun = 2_000_000.0
    /// Memory of the process before any run: the binary, its libraries, the scenario
    /// (measured: 24 MB for a run of 10 buyers).
    static let baseBytes = 32_000_000.0
    /// A stored double with the dictionary and array overhead it is kept in.
    static let bytesPerStoredValue = 12.0

    // MARK: - Estimates

    /// The events of one run of `compiled`, at the mean rates of its recurring events: an
    /// upper side, since buyers not yet adopted do not review.
    public static func eventsPerRun(_ compiled: CompiledScenario) -> Double {
        let (buyers, market) = events(compiled)
        return buyers + market
    }

    /// The buyers' events (reviews, adoption) and the market's (releases, distillations,
    /// price reviews, reports, scheduled events) of one run.
    static func events(_ compiled: CompiledScenario) -> (buyers: Double, market: Double) {
        let s = compiled.scenario
        let days = compiled.reportDays.last ?? 0
        // A buyer reviews from its adoption on (Bass, from the share adopted at the start).
        // An upper side: each month counted at its end's adopted share plus three binomial
        // standard deviations of the population's draw, and the reviews (exponential
        // intervals, so Poisson counts) three standard deviations above their mean.
        let bass = s.buyers.adoption
        let t0 = bass.years(toShare: bass.initialAdopted)
        let count = Double(max(1, s.buyers.count))
        var adoptedDays = 0.0
        for (a, b) in zip(compiled.reportDays, compiled.reportDays.dropFirst()) {
            let share = bass.cumulativeShare(years: t0 + b / Days.perYear)
            adoptedDays += (b - a) * min(1, share + 3 * (share * (1 - share) / count).squareRoot())
        }
        let reviews = Double(s.buyers.count) * (adoptedDays / s.buyers.reviewIntervalDays + 1)
        let buyers = reviews + 3 * reviews.squareRoot()
        let frontierReleases = s.actors.frontier.reduce(0) { $0 + days / $1.training.releaseInterval.meanDays }
        let openReleases = s.actors.openLabs.reduce(0) { $0 + days / $1.training.releaseInterval.meanDays }
        // The price decisions the run schedules: a lab's every lab_review_days, and one
        // more at most for each rival release; a host's review may also order capacity,
        // which arrives as one more event.
        let priceReviews = Double(compiled.listPriceSetters.count) * (days / s.pricing.labReviewDays + frontierReleases + openReleases)
            + Double(2 * compiled.hostReviewers.count) * days / s.pricing.reviewDays
        let distillations = Double(s.actors.distillers.count) * frontierReleases
        let scheduled = Double(compiled.reportDates.count) + Double(s.events.count) * 2
        return (buyers, frontierReleases + openReleases + priceReviews + distillations + scheduled)
    }

    /// The peak memory of one run of `compiled` while it executes, with its result:
    /// releases and distillations leave a model, offerings and an event row each.
    static func runBytes(_ compiled: CompiledScenario) -> Double {
        let s = compiled.scenario
        let periods = Double(compiled.reportDates.count)
        let metrics = Double(RunRecorder(compiled: compiled).metricColumns.count)
        let actors = Double(compiled.actorIDs.count)
        let rowValues = periods * (metrics + actors * 2 * Double(ActorRow.columns.count + 6))
        return bytesPerRun + Double(s.buyers.count) * bytesPerBuyer + rowValues * bytesPerStoredValue
            + events(compiled).market * 600
    }

    /// `replications` replications of `compiled` on `jobs` threads, as `run` executes
    /// them: up to `jobs` runs at once plus a wave of two results per thread, and every
    /// replication's trajectory values kept for the percentile bands.
    public static func replications(_ compiled: CompiledScenario, replications: Int, jobs: Int) -> ResourceEstimate {
        let concurrent = Double(min(max(1, jobs), replications))
        let periods = Double(compiled.reportDates.count)
        let metrics = Double(RunRecorder(compiled: compiled).metricColumns.count)
        let bands = Double(replications) * periods * metrics * bytesPerStoredValue
        let wave = Double(min(2 * max(1, jobs), replications))
        let peak = baseBytes + concurrent * runBytes(compiled) + wave * periods * metrics * 8 + bands
        let s = compiled.scenario
        return ResourceEstimate(
            runs: replications, events: Double(replications) * eventsPerRun(compiled), peakBytes: peak,
            scope: "\(replications) replication\(replications == 1 ? "" : "s") of \(s.buyers.count) buyers over \(s.months) months, "
                + "\(Int(concurrent)) at a time")
    }

    /// Two sets of replications run one after the other (`compare`): the larger peak,
    /// the sum of runs and events.
    public static func sequence(_ parts: [ResourceEstimate], scope: String) -> ResourceEstimate {
        ResourceEstimate(runs: parts.reduce(0) { $0 + $1.runs }, events: parts.reduce(0) { $0 + $1.events },
                         peakBytes: parts.map(\.peakBytes).max() ?? baseBytes, scope: scope)
    }

    /// A sweep of `definition` whose heaviest run is `heaviest` (the base scenario, or the
    /// design's most demanding corner), on `jobs` worker threads: the design's points in
    /// memory (and the per-point means of a Sobol design), `jobs` runs at once.
    public static func sweep(_ definition: SweepDefinition, heaviest: CompiledScenario, jobs: Int) -> ResourceEstimate {
        let points = Double(definition.pointCount)
        let k = Double(definition.parameters.count)
        let m = Double(definition.outcomes.count)
        let design = points * k * 8 + (definition.design == .sobol ? points * m * 8 : 0)
        let concurrent = Double(min(max(1, jobs), definition.runCount))
        let window = 4 * concurrent * 4 * m * bytesPerStoredValue
        let peak = baseBytes + design + concurrent * runBytes(heaviest) + window
        return ResourceEstimate(
            runs: definition.runCount, events: Double(definition.runCount) * eventsPerRun(heaviest), peakBytes: peak,
            scope: "\(definition.runCount) runs (\(definition.pointCount) points x \(definition.replications) replication\(definition.replications == 1 ? "" : "s")) "
                + "of up to \(heaviest.scenario.buyers.count) buyers over \(heaviest.scenario.months) months, \(Int(concurrent)) at a time")
    }

    // MARK: - The check

    /// Throws, with the estimate and the limit, when the peak exceeds `limit`.
    public func check(against limit: MemoryLimit) throws(ResourceLimitError) {
        guard peakBytes > limit.bytes else { return }
        throw ResourceLimitError(estimate: self, limit: limit)
    }

    public var description: String {
        "\(scope): about \(Self.format(count: events)) events, peak memory about \(Self.format(bytes: peakBytes))"
    }

    /// `1.5 GB`, `320 MB`, `12 kB`: bytes in powers of 1024 with three significant figures.
    public static func format(bytes: Double) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB"]
        var value = bytes
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        guard unit > 0 else { return "\(Int(value)) bytes" }
        return String(format: value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }

    /// `2.4e9` for large counts, plain below a million.
    static func format(count: Double) -> String {
        count < 1e6 ? String(Int(count.rounded())) : String(format: "%.1e", count)
    }
}

/// Work refused before it starts because its estimated peak memory exceeds the limit.
public struct ResourceLimitError: Error, Sendable, CustomStringConvertible {
    public let estimate: ResourceEstimate
    public let limit: MemoryLimit

    public var description: String {
        "\(estimate.scope) needs about \(ResourceEstimate.format(bytes: estimate.peakBytes)) of memory at its peak "
            + "(about \(ResourceEstimate.format(count: estimate.events)) events), more than the limit of \(limit); "
            + "use fewer buyers, replications, points or --jobs, or set --max-memory if the estimate is too cautious"
    }
}
