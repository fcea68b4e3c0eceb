import Foundation
import ScenarioFormat

/// A scenario resolved for simulation: segment ids become indices, dates become days
/// since the start, shares are normalised, and references between actors are checked.
public struct CompiledScenario: Sendable {
    public let scenario: Scenario
    public let startDate: CalendarDate
    public let segmentIDs: [String]
    /// Normalised demand shares; also the weights of overall quality.
    public let weights: [Double]
    public let frontierSegment: Int?
    /// Report dates: the start and the first of each following month, to the horizon.
    public let reportDays: [Double]
    public let reportDates: [CalendarDate]
    /// Pre-start frontier history as (day, overall capability index), days negative.
    public let history: [(day: Double, capability: Double)]
    public let eventDays: [Double]
    /// The day each distiller starts distilling.
    public let distillerStartDays: [Double]
    /// Outside funding of each frontier lab, then each open lab (global actor order).
    public let funding: [FundingSchedule]
    /// The segment whose readout makes a frontier model a teacher (nil: every one is).
    public let teacherSegment: Int?
    /// The day each open lab starts distilling from the frontier.
    public let openDistillationStartDays: [Double]
    /// Every actor in global order (frontier labs, open labs, distillers, hosts): its
    /// id, kind and organisation. Actor indices in results refer to this order.
    public let actorDirectory: ActorDirectory
    public var actorIDs: [String] { actorDirectory.ids }
    public var actorKinds: [ActorKind] { actorDirectory.kinds }
    public var actorOrganizations: [String] { actorDirectory.organizations }

    /// Resolves `scenario`; the errors it throws name the JSON path.
    public init(_ scenario: Scenario) throws(ScenarioCompileError) {
        var problems: [(JSONPath, String)] = []
        let start = scenario.startDate
        let segmentIDs = scenario.segments.map(\.id)
        let total = scenario.segments.reduce(0) { $0 + $1.demandShare }
        if total <= 0 { problems.append((["segments"], "demand shares must have a positive sum")) }

        // Output dates are ISO 8601 with four-digit years: the horizon must end by 9999.
        let end = start.firstOfMonth(addingMonths: max(1, scenario.months))
        guard end.year <= CalendarDate.maximumYear else {
            throw ScenarioCompileError(issues: [(["start_date"], "\(scenario.startDate) plus \(scenario.months) months ends in \(end.year), "
                + "past \(CalendarDate.maximumYear)-12-31, the last date that output files can write as YYYY-MM-DD")])
        }
        var days: [Double] = [0]
        var dates: [CalendarDate] = [start]
        for m in 1...max(1, scenario.months) {
            let d = start.firstOfMonth(addingMonths: m)
            days.append(Double(start.days(to: d)))
            dates.append(d)
        }

        var hist: [(Double, Double)] = []
        for (i, point) in scenario.frontierHistory.enumerated() {
            let day = Double(start.days(to: point.date))
            if day > 0 { problems.append((["frontier_history", .index(i), "date"], "\(point.date) is after start_date \(scenario.startDate)")) }
            switch (point.quality, point.capability) {
            case let (q?, nil): hist.append((day, scenario.aggregateReadout.capability(quality: q)))
            case let (nil, c?): hist.append((day, c))
            default: problems.append((["frontier_history", .index(i)], "give the frontier's quality or its capability, one of the two"))
            }
        }

        let segSet = Set(segmentIDs)
        func checkQuality(_ q: [String: Double], _ path: JSONPath, complete: Bool = false) {
            for key in q.keys.sorted() where !segSet.contains(key) {
                problems.append((path.appending(key: key), "no segment \(JSONValue.excerpt(key)) (segments: \(segmentIDs.map { JSONValue.shortened($0) }.joined(separator: ", ")))"))
            }
            if complete {
                for id in segmentIDs where q[id] == nil { problems.append((path, "missing segment \(JSONValue.excerpt(id))")) }
            }
        }
        // A buyer keeps the families of open weights it verified (one per creator: the
        // labs and distillers, numbered first among the actors) in 64 bits.
        let creators = scenario.actors.frontier.count + scenario.actors.openLabs.count + scenario.actors.distillers.count
        if creators > 64 {
            problems.append((["actors"], "\(creators) labs and distillers; at most 64 (a buyer's verified families of open weights are 64 bits, M8)"))
        }
        var ids = Set<String>()
        func checkID(_ id: String, _ path: JSONPath) {
            if !ids.insert(id).inserted { problems.append((path.appending(key: "id"), "duplicate actor id \(JSONValue.excerpt(id))")) }
        }
        for (i, lab) in scenario.actors.frontier.enumerated() {
            checkID(lab.id, ["actors", "frontier", .index(i)])
            checkQuality(lab.training.initialQuality, ["actors", "frontier", .index(i), "initial_quality"], complete: true)
            problems += ModelTier.problems(lab.tiers, flagshipActiveB: lab.activeParamsB, openLab: false, path: ["actors", "frontier", .index(i), "tiers"])
        }
        for (i, lab) in scenario.actors.openLabs.enumerated() {
            checkID(lab.id, ["actors", "open_labs", .index(i)])
            checkQuality(lab.training.initialQuality, ["actors", "open_labs", .index(i), "initial_quality"], complete: true)
            if lab.activeParamsB > lab.totalParamsB {
                problems.append((["actors", "open_labs", .index(i), "active_params_b"], "\(lab.activeParamsB) active exceeds \(lab.totalParamsB) total parameters"))
            }
            problems += SlimmableExperts.problems(lab.mose, activeParamsB: lab.activeParamsB, totalParamsB: lab.totalParamsB,
                                                  path: ["actors", "open_labs", .index(i), "mose"])
            problems += ModelTier.problems(lab.tiers, flagshipActiveB: lab.activeParamsB, openLab: true, path: ["actors", "open_labs", .index(i), "tiers"])
        }
        func schedule(_ r: ResearchProgram) -> FundingSchedule {
            FundingSchedule(points: r.funding.map { (Double(start.days(to: $0.date)), $0.usdPerYear / Days.perYear) },
                            linear: r.interpolation == .linear)
        }
        var distillerStarts: [Double] = []
        for (i, d) in scenario.actors.distillers.enumerated() {
            checkID(d.id, ["actors", "distillers", .index(i)])
            problems += SlimmableExperts.problems(d.mose, activeParamsB: d.activeParamsB, totalParamsB: d.totalParamsB,
                                                  path: ["actors", "distillers", .index(i), "mose"])
            distillerStarts.append(d.activeFrom.map { Double(start.days(to: $0)) } ?? 0)
        }
        if !scenario.teachers.segment.isEmpty && !segmentIDs.contains(scenario.teachers.segment) {
            problems.append((["teachers", "segment"], "no segment \(JSONValue.excerpt(scenario.teachers.segment)) (segments: \(segmentIDs.map { JSONValue.shortened($0) }.joined(separator: ", ")))"))
        }
        if !scenario.buyers.frontierSegment.isEmpty && !segmentIDs.contains(scenario.buyers.frontierSegment) {
            problems.append((["buyers", "frontier_segment"], "no segment \(JSONValue.excerpt(scenario.buyers.frontierSegment)) (segments: \(segmentIDs.map { JSONValue.shortened($0) }.joined(separator: ", ")))"))
        }
        let openIDs = Set(scenario.actors.openLabs.map(\.id))
        for (i, p) in scenario.actors.infra.enumerated() {
            checkID(p.id, ["actors", "infra", .index(i)])
            for (k, host) in p.alwaysHost.enumerated() where !openIDs.contains(host) {
                problems.append((["actors", "infra", .index(i), "always_host", .index(k)], "no open lab \(JSONValue.excerpt(host))"))
            }
        }
        if scenario.actors.frontier.isEmpty { problems.append((["actors", "frontier"], "at least one frontier lab is needed")) }

        let sellers = Set(scenario.actors.frontier.map(\.id)).union(openIDs)
        var evDays: [Double] = []
        for (i, e) in scenario.events.enumerated() {
            let path: JSONPath = ["events", .index(i)]
            let day = Double(start.days(to: e.date))
            if day < 0 { problems.append((path.appending(key: "date"), "\(e.date) is before start_date \(scenario.startDate)")) }
            evDays.append(day)
            switch e.type {
            case .release, .priceChange:
                guard let actor = e.actor else {
                    problems.append((path.appending(key: "actor"), "a \(e.type.rawValue) event needs an actor"))
                    continue
                }
                if !sellers.contains(actor) {
                    problems.append((path.appending(key: "actor"), "no frontier or open lab \(JSONValue.excerpt(actor))"))
                }
                if e.type == .release {
                    if let q = e.quality { checkQuality(q, path.appending(key: "quality")) } else {
                        problems.append((path.appending(key: "quality"), "a release event needs a quality per segment"))
                    }
                } else if e.inputUsdPerMtok == nil || e.outputUsdPerMtok == nil {
                    problems.append((path, "a price_change event needs input_usd_per_mtok and output_usd_per_mtok"))
                } else if scenario.actors.openLabs.contains(where: { $0.id == actor }) {
                    problems.append((path.appending(key: "actor"), "price changes apply to frontier labs; open-lab APIs price at cost plus margin"))
                }
            case .backdoorIncident:
                if e.taxMultiplier == nil || e.durationDays == nil {
                    problems.append((path, "a backdoor_incident needs tax_multiplier and duration_days"))
                }
            }
        }
        if !problems.isEmpty { throw ScenarioCompileError(issues: problems) }
        self.scenario = scenario
        self.startDate = start
        self.segmentIDs = segmentIDs
        self.weights = scenario.segments.map { total > 0 ? $0.demandShare / total : 0 }
        self.frontierSegment = segmentIDs.firstIndex(of: scenario.buyers.frontierSegment)
        self.teacherSegment = segmentIDs.firstIndex(of: scenario.teachers.segment)
        self.reportDays = days
        self.reportDates = dates
        self.history = hist.sorted { $0.0 < $1.0 }
        self.eventDays = evDays
        self.distillerStartDays = distillerStarts
        self.funding = scenario.actors.frontier.map { schedule($0.training.research) } + scenario.actors.openLabs.map { schedule($0.training.research) }
        self.openDistillationStartDays = scenario.actors.openLabs.map { lab in
            lab.distillation.activeFrom.map { Double(start.days(to: $0)) } ?? 0
        }
        actorDirectory = ActorDirectory(scenario.actors)
    }

    /// The calendar date (`YYYY-MM-DD`) of engine time `day`.
    public func date(ofDay day: Double) -> String {
        startDate.adding(days: Int(day.rounded(.down))).description
    }

    /// The weighted overall quality of per-segment qualities.
    @inlinable
    public func overall(_ q: [Double]) -> Double {
        var s = 0.0
        for i in 0..<q.count { s += weights[i] * q[i] }
        return s
    }
}

/// Problems found when resolving a scenario: JSON paths and messages.
public struct ScenarioCompileError: Error, Sendable {
    public let issues: [(path: JSONPath, message: String)]
    public init(issues: [(JSONPath, String)]) { self.issues = issues.map { (path: $0.0, message: $0.1) } }
}
