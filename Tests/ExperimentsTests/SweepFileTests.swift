import Foundation
import MarketModel
import ScenarioFormat
import SimulationKit
import TestSupport
import Testing
@testable import Experiments

/// The issues of loading `text` as a sweep file, with the file's path.
func loadIssues(_ text: String, name: String = #function) throws -> (file: String, issues: [ScenarioIssue]) {
    let path = try writeSweepFile(text, name: name)
    do {
        _ = try SweepFile.load(path)
    } catch {
        return (path, error.issues)
    }
    Issue.record("the sweep file loaded without errors")
    return (path, [])
}

/// The one issue at `path` in the sweep file, checked to name the file.
func issue(at path: String, in result: (file: String, issues: [ScenarioIssue]),
           sourceLocation: SourceLocation = #_sourceLocation) -> ScenarioIssue? {
    let matches = result.issues.filter { $0.path.description == path }
    #expect(matches.count == 1, "expected one issue at \(path) in \(result.issues)", sourceLocation: sourceLocation)
    guard let found = matches.first else { return nil }
    #expect(found.origin == result.file, sourceLocation: sourceLocation)
    #expect(found.description.hasPrefix("\(result.file): \(path): "), sourceLocation: sourceLocation)
    return found
}

@Suite("Sweep file")
struct SweepFileTests {
    @Test("a valid file gives the definition it describes, named by paths unless renamed")
    func valid() throws {
        let path = try writeSweepFile(sweepText(["design": "\"grid\"", "parameters": """
            [{"path": "segments[0].distillability", "name": "coding", "range": [0.3, 0.8], "grid_levels": 3},
             {"path": "actors.distillers[0].lag.mean_days", "levels": [30, 60]}]
            """], removing: ["samples"]))
        let file = try SweepFile.load(path)
        let d = file.definition
        #expect(d.design == .grid)
        #expect(d.samples == nil)
        #expect(d.pointCount == 6)
        #expect(d.seed == 3)
        #expect(d.parameters.map(\.name) == ["coding", "actors.distillers[0].lag.mean_days"])
        #expect(d.parameters[1].domain == .levels([30, 60]))
        #expect(d.outcomes == ["gap", "below"])
        #expect(file.outcomes[1].statistic == .firstBelow(5))
        #expect(file.base.scenario.buyers.count == 50)
        #expect(file.base.scenario.months == 12)
        #expect(d.context.contains(file.base.hash))
        #expect(d.context.contains(MarketsimVersion.string))
    }

    @Test("common random numbers by default: replication r of every point shares a seed, and sweep.json keeps the choice")
    func commonRandomNumbers() throws {
        let shared = try SweepFile.load(try writeSweepFile(sweepText(["replications": "2"]))).definition
        #expect(shared.commonRandomNumbers)
        #expect(shared.seed(ofRun: 0) == shared.seed(ofRun: 2))
        #expect(shared.seed(ofRun: 1) == shared.seed(ofRun: 7))
        #expect(shared.seed(ofRun: 0) != shared.seed(ofRun: 1))
        #expect(shared.seed(ofRun: 5) == StreamSeeding.derive(3, 1))
        let back = try SweepDefinition(canonicalJSON: shared.canonicalJSON, source: "sweep.json")
        #expect(back == shared)
        let independent = try SweepFile.load(try writeSweepFile(
            sweepText(["replications": "2", "common_random_numbers": "false"]), name: "independent")).definition
        #expect(!independent.commonRandomNumbers)
        #expect(Set((0..<independent.runCount).map(independent.seed(ofRun:))).count == independent.runCount)
        #expect(independent.hash != shared.hash)
    }

    @Test("the hash follows the outcome reductions, the paths and the overrides, which sweep.json's fields alone do not show")
    func hashFollowsContext() throws {
        func hash(_ fields: [String: String]) throws -> String {
            try SweepFile.load(try writeSweepFile(sweepText(fields), name: "hash\(fields.count)\(fields.keys.sorted())")).definition.hash
        }
        let reference = try hash([:])
        #expect(try hash(["outcomes": """
            [{"name": "gap", "metric": "gap_points", "at": "mean"},
             {"name": "below", "metric": "gap_points", "at": "first_below", "threshold": 5}]
            """]) != reference)
        #expect(try hash(["overrides": "{\"buyers.count\": 51, \"months\": 12}"]) != reference)
        #expect(try hash(["parameters": """
            [{"path": "segments[1].distillability", "name": "segments[0].distillability", "range": [0.3, 0.8]},
             {"path": "actors.distillers[0].lag.mean_days", "range": [15, 120], "scale": "log_uniform"}]
            """]) != reference)
        #expect(try hash(["description": "\"words only\""]) == reference)
    }

    @Test("an unknown design is an error at design with a suggestion")
    func badDesign() throws {
        let result = try loadIssues(sweepText(["design": "\"lhc\""]))
        let found = issue(at: "design", in: result)
        #expect(found?.message.contains("did you mean \"lhs\"") == true)
    }

    @Test("an unknown key is an error with a suggestion")
    func unknownKey() throws {
        let result = try loadIssues(sweepText(["replicatons": "2"], removing: ["replications"]))
        let found = issue(at: "replicatons", in: result)
        #expect(found?.message == "unknown key (did you mean \"replications\"?)")
    }

    @Test("a parameter path the base does not have: a near key is suggested, an array's ids are listed")
    func missingPath() throws {
        let result = try loadIssues(sweepText(["parameters": """
            [{"path": "segments[4].distilability", "range": [0.1, 0.2]},
             {"path": "segments[7].distillability", "range": [0.1, 0.2]},
             {"path": "name", "levels": [1]}]
            """]))
        #expect(result.issues.count == 3)
        let near = issue(at: "parameters[0].path", in: result)
        #expect(near?.message.contains("no segments[4].distilability (did you mean segments[4].distillability?)") == true)
        let past = issue(at: "parameters[1].path", in: result)
        #expect(past?.message.contains("segments has 5 elements, no index 7") == true)
        #expect(past?.message.contains("[4] frontier_reasoning") == true)
        let text = issue(at: "parameters[2].path", in: result)
        #expect(text?.message.contains("not a number") == true)
    }

    @Test("an unknown metric is an error with a suggestion")
    func unknownMetric() throws {
        let result = try loadIssues(sweepText(["outcomes": """
            [{"name": "share", "metric": "token_share_infr"}]
            """]))
        let found = issue(at: "outcomes[0].metric", in: result)
        #expect(found?.message == "no trajectory metric \"token_share_infr\" (did you mean \"token_share_infra\"?)")
    }

    @Test("a range needs lo < hi, and lo > 0 on a log scale")
    func badRanges() throws {
        let result = try loadIssues(sweepText(["parameters": """
            [{"path": "segments[0].distillability", "range": [0.8, 0.3]},
             {"path": "segments[1].distillability", "range": [0.5, 0.5]},
             {"path": "actors.distillers[0].lag.mean_days", "range": [0, 120], "scale": "log_uniform"}]
            """]))
        #expect(result.issues.count == 3)
        #expect(issue(at: "parameters[0].range", in: result)?.message.contains("needs lo < hi") == true)
        #expect(issue(at: "parameters[1].range", in: result)?.message.contains("needs lo < hi") == true)
        #expect(issue(at: "parameters[2].range", in: result)?.message.contains("needs lo > 0") == true)
    }

    @Test("a date outside the run is an error naming the run's first and last report")
    func dateOutsideRun() throws {
        let result = try loadIssues(sweepText(["outcomes": """
            [{"name": "late", "metric": "gap_points", "at": "2024-01-02"},
             {"name": "early", "metric": "gap_points", "at": "2022-12-31"},
             {"name": "last", "metric": "gap_points", "at": "2024-01-01"}]
            """]))
        // The overrides make the run 12 months from 2023-01-01: reports to 2024-01-01.
        #expect(result.issues.count == 2)
        #expect(issue(at: "outcomes[0].at", in: result)?.message
            == "2024-01-02 is outside the run, whose reports go from 2023-01-01 to 2024-01-01")
        #expect(issue(at: "outcomes[1].at", in: result) != nil)
    }

    @Test("every problem is reported at once, in the file's order")
    func allAtOnce() throws {
        let result = try loadIssues(sweepText([
            "design": "\"random\"",
            "parameters": """
                [{"path": "segments[0].distillability", "range": [0.8, 0.3]},
                 {"path": "segments[0].distillability", "levels": [0.1], "scale": "integer"}]
                """,
            "outcomes": """
                [{"name": "x", "metric": "gap_points", "at": "fnal"},
                 {"name": "x", "metric": "gap_points", "at": "first_above"}]
                """,
        ]))
        // In file order; within one element, in the order the checks found them.
        #expect(result.issues.map(\.path.description) == [
            "parameters[0].range", "parameters[1].scale", "parameters[1].path",
            "outcomes[0].at", "outcomes[1]", "outcomes[1].name",
        ])
        #expect(result.issues.allSatisfy { $0.origin == result.file })
        #expect(result.issues[2].message.contains("already used by parameters[0].path"))
        #expect(result.issues[3].message.contains("did you mean \"final\""))
        #expect(result.issues[4].message == "first_above needs a threshold")
    }

    @Test("a missing base names the sweep file's base; a bad override names its entry")
    func baseAndOverrides() throws {
        let missing = try loadIssues(sweepText(["base": "\"no-such-scenario\""]))
        #expect(issue(at: "base", in: missing)?.message.contains("no scenario \"no-such-scenario\"") == true)
        let bad = try loadIssues(sweepText(["overrides": "{\"buyers.count\": -5}"]), name: "badOverride")
        #expect(issue(at: "overrides[\"buyers.count\"]", in: bad)?.message.contains("-5 is not in 0...20000000") == true)
    }

    @Test("a base named like a shipped scenario resolves to it")
    func shippedBase() throws {
        let file = try SweepFile.load(try writeSweepFile(sweepText(["base": "\"bull\""])))
        #expect(file.source.file.hasSuffix("Scenarios/bull.json"))
    }

    @Test("a point the scenario rejects fails validation naming the file, the parameter and the point")
    func badPoint() throws {
        let path = try writeSweepFile(sweepText(["design": "\"grid\"", "parameters": """
            [{"path": "segments[0].distillability", "levels": [0.5, 1.5]},
             {"path": "buyers.count", "levels": [10, 20]}]
            """], removing: ["samples"]))
        let file = try SweepFile.load(path)
        #expect(throws: ScenarioError.self) { try MarketSweep(file: file).validatePoints(jobs: 2) }
        do {
            try MarketSweep(file: file).validatePoints(jobs: 2)
        } catch {
            // The grid's levels are checked one by one before its points: the bad level
            // 1.5 fails once, at point 2 (distillability 1.5, buyers 10, the first level).
            #expect(error.issues.count == 1)
            #expect(error.issues.map(\.path.description) == ["parameters[0]"])
            #expect(error.issues.allSatisfy { $0.origin == path })
            #expect(error.issues.first?.message
                == "point 2 (segments[0].distillability = 1.5, buyers.count = 10): segments[0].distillability: 1.5 is not in 0...1")
        }
    }
}

@Suite("Sweep outcomes")
struct SweepOutcomeTests {
    /// Five monthly reports; column 1 is the metric, with one missing value.
    let trajectory: [[Double]] = [[0, 10], [0, 8], [0, .nan], [0, 4], [0, 6]]
    let dates = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"].map { CalendarDate(iso: $0)! }

    func value(_ statistic: SweepOutcome.Statistic) -> Double {
        SweepOutcome(name: "y", metric: "m", statistic: statistic).value(column: 1, trajectory: trajectory, reportDates: dates)
    }

    @Test("final, mean, max and min skip missing values; hand-computed")
    func reductions() {
        #expect(value(.final) == 6)
        #expect(value(.mean) == (10 + 8 + 4 + 6) / 4.0)
        #expect(value(.maximum) == 10)
        #expect(value(.minimum) == 4)
    }

    @Test("a date takes the report on it or the first after it")
    func onDate() {
        #expect(value(.onDate(CalendarDate(iso: "2024-02-01")!)) == 8)
        #expect(value(.onDate(CalendarDate(iso: "2024-03-15")!)) == 4)
        #expect(value(.onDate(CalendarDate(iso: "2024-02-15")!)).isNaN)
        #expect(value(.onDate(CalendarDate(iso: "2024-06-01")!)).isNaN)
    }

    @Test("first_below and first_above count months to a strict crossing, missing if none")
    func crossings() {
        #expect(value(.firstBelow(5)) == 3)
        #expect(value(.firstBelow(8.5)) == 1)
        #expect(value(.firstBelow(8)) == 3)
        #expect(value(.firstBelow(4)).isNaN)
        #expect(value(.firstAbove(9)) == 0)
        #expect(value(.firstAbove(10)).isNaN)
    }

    @Test("a metric the point's scenario lacks is missing")
    func missingColumn() {
        #expect(SweepOutcome(name: "y", metric: "m", statistic: .final)
            .value(column: nil, trajectory: trajectory, reportDates: dates).isNaN)
    }
}
