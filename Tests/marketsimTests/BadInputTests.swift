import Foundation
import TestSupport
import Testing

/// A corpus of malformed scenarios: each must exit non-zero, name the file and the
/// JSON path (or line and column), and leave no output behind.
@Suite("Bad scenario input")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        /// What stderr must contain besides the file name: the JSON path or position.
        let expected: [String]
        var testDescription: String { name }
    }

    static let base = CLI.root + "/Scenarios/base.json"
    static func extending(_ body: String) -> String { "{\"extends\": \"\(base)\", \"name\": \"bad\"\(body.isEmpty ? "" : ", " + body)}" }

    static let cases: [Case] = [
        Case(name: "empty file", text: "", expected: ["1:1"]),
        Case(name: "not JSON", text: "hello, world", expected: ["1:1"]),
        Case(name: "truncated", text: "{\"name\": \"x\",", expected: ["1:"]),
        Case(name: "trailing comma", text: "{\"name\": \"x\",}", expected: ["1:"]),
        Case(name: "unterminated comment", text: "{\"name\": \"x\"} /* open", expected: ["1:"]),
        Case(name: "top-level array", text: "[1, 2]", expected: ["expected"]),
        Case(name: "NaN literal", text: extending("\"months\": NaN"), expected: ["1:"]),
        Case(name: "number overflowing to infinity", text: extending("\"months\": 1e999"), expected: ["months"]),
        Case(name: "duplicate key", text: extending("\"months\": 12, \"months\": 24"), expected: ["months"]),
        Case(name: "NaN in a string", text: extending("\"months\": \"NaN\""), expected: ["months", "expected"]),
        Case(name: "a number as a string", text: extending("\"replications\": \"10\""), expected: ["replications"]),
        Case(name: "wrong type", text: extending("\"description\": 5"), expected: ["description"]),
        Case(name: "unknown key with suggestion", text: extending("\"monhts\": 12"), expected: ["monhts", "did you mean \"months\""]),
        Case(name: "unknown nested key", text: extending("\"actors\": {\"frontier\": [{\"id\": \"openai\", \"reserch\": {}}]}"),
             expected: ["actors.frontier[1].reserch", "research"]),
        Case(name: "negative price", text: extending("\"actors\": {\"frontier\": [{\"id\": \"openai\", \"input_usd_per_mtok\": -1}]}"),
             expected: ["actors.frontier[1].input_usd_per_mtok"]),
        Case(name: "fraction above 1", text: extending("\"actors\": {\"frontier\": [{\"id\": \"openai\", \"research\": {\"margin_share\": 1.4}}]}"),
             expected: ["actors.frontier[1].research.margin_share", "1.4"]),
        Case(name: "huge buyer count", text: extending("\"buyers\": {\"count\": 1e12}"), expected: ["buyers.count"]),
        Case(name: "zero months", text: extending("\"months\": 0"), expected: ["months"]),
        Case(name: "negative distillability", text: extending("\"segments\": [{\"id\": \"coding\", \"distillability\": -0.1}]"),
             expected: ["segments[0].distillability"]),
        Case(name: "invalid start date", text: extending("\"start_date\": \"2025-02-30\""), expected: ["start_date"]),
        Case(name: "missing required key", text: "{\"name\": \"x\", \"start_date\": \"2024-01-01\", \"segments\": [{\"id\": \"a\", \"demand_share\": 1, \"distillability\": 0.5}]}",
             expected: ["actors", "missing"]),
        Case(name: "no frontier lab", text: extending("\"actors\": {\"frontier\": []}"), expected: ["actors.frontier"]),
        Case(name: "no segments", text: extending("\"segments\": []"), expected: ["segments"]),
        Case(name: "missing actor in always_host",
             text: extending("\"actors\": {\"infra\": [{\"id\": \"fastserve\", \"always_host\": [\"nobody\"]}]}"),
             expected: ["actors.infra[1].always_host[0]", "nobody"]),
        Case(name: "missing actor in an event",
             text: extending("\"events\": [{\"date\": \"2025-01-01\", \"type\": \"price_change\", \"actor\": \"ghost\", \"input_usd_per_mtok\": 1, \"output_usd_per_mtok\": 2}]"),
             expected: ["events[0].actor", "ghost"]),
        Case(name: "event before the start", text: extending("\"events\": [{\"date\": \"2020-01-01\", \"type\": \"backdoor_incident\", \"tax_multiplier\": 2, \"duration_days\": 10}]"),
             expected: ["events[0].date"]),
        Case(name: "unknown event type", text: extending("\"events\": [{\"date\": \"2025-01-01\", \"type\": \"merger\"}]"),
             expected: ["events[0].type"]),
        Case(name: "duplicate actor id", text: extending("\"actors\": {\"distillers\": [{\"id\": \"qwen\"}]}"),
             expected: ["actors.distillers[2].id", "qwen"]),
        Case(name: "unknown segment in a quality table",
             text: extending("\"actors\": {\"frontier\": [{\"id\": \"openai\", \"initial_quality\": {\"poetry\": 50}}]}"),
             expected: ["actors.frontier[1].initial_quality.poetry"]),
        Case(name: "unknown frontier segment", text: extending("\"buyers\": {\"frontier_segment\": \"poetry\"}"),
             expected: ["buyers.frontier_segment"]),
        Case(name: "more active than total parameters",
             text: extending("\"actors\": {\"open_labs\": [{\"id\": \"qwen\", \"active_params_b\": 500}]}"),
             expected: ["actors.open_labs[0].active_params_b"]),
        Case(name: "negative royalty",
             text: extending("\"actors\": {\"open_labs\": [{\"id\": \"qwen\", \"licence\": {\"royalty_usd_per_mtok\": -0.1}}]}"),
             expected: ["actors.open_labs[0].licence.royalty_usd_per_mtok", "-0.1"]),
        Case(name: "a distiller's API at zero speed",
             text: extending("\"actors\": {\"distillers\": [{\"id\": \"deepseek\", \"api\": {\"tokens_per_second\": 0}}]}"),
             expected: ["actors.distillers[0].api.tokens_per_second"]),
        Case(name: "negative security verification cost", text: extending("\"security\": {\"verification_usd_per_month\": -100}"),
             expected: ["security.verification_usd_per_month", "-100"]),
        Case(name: "negative verification delay", text: extending("\"security\": {\"verification_days\": -1}"),
             expected: ["security.verification_days", "-1"]),
        // Base's three frontier labs, two open labs and DeepSeek, and 64 more distillers.
        Case(name: "more creators than a buyer's 64-bit mask of verified families holds",
             text: extending("\"actors\": {\"distillers\": [\((0..<64).map { "{\"id\": \"d\($0)\"}" }.joined(separator: ", "))]}"),
             expected: ["actors", "71 labs and distillers; at most 64"]),
        Case(name: "a nest scale of zero", text: extending("\"buyers\": {\"nest_scale\": 0}"), expected: ["buyers.nest_scale"]),
        Case(name: "quality above 100", text: extending("\"actors\": {\"frontier\": [{\"id\": \"openai\", \"initial_quality\": {\"coding\": 120}}]}"),
             expected: ["actors.frontier[1].initial_quality.coding"]),
        Case(name: "missing extended file", text: "{\"extends\": \"nowhere.json\", \"name\": \"x\"}", expected: ["extends", "nowhere.json"]),
    ]

    @Test("A malformed scenario exits non-zero, names file and path, and writes nothing", arguments: cases)
    func rejected(_ c: Case) throws {
        let tmp = try CLI.temporaryFolder("bad")
        let file = tmp + "/scenario.json"
        try CLI.write(c.text, to: file)
        let out = tmp + "/out"
        let r = try CLI.run(["run", file, "--out", out, "--replications", "2"])
        #expect(r.status != 0)
        #expect(r.stderr.contains(file), "stderr does not name the file: \(r.stderr)")
        for piece in c.expected { #expect(r.stderr.contains(piece), "stderr lacks \(piece): \(r.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp) == ["scenario.json"], "something was written")
        let check = try CLI.run(["validate", file])
        #expect(check.status != 0)
    }

    @Test("Circular extends is an error listing the chain")
    func circular() throws {
        let tmp = try CLI.temporaryFolder("cycle")
        try CLI.write("{\"extends\": \"b.json\", \"name\": \"a\"}", to: tmp + "/a.json")
        try CLI.write("{\"extends\": \"a.json\", \"name\": \"b\"}", to: tmp + "/b.json")
        let r = try CLI.run(["run", tmp + "/a.json", "--out", tmp + "/out"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("a.json") && r.stderr.contains("b.json") && r.stderr.contains("extends"))
        #expect(!FileManager.default.fileExists(atPath: tmp + "/out"))
    }

    @Test("A bad --set names the option")
    func badOverride() throws {
        let tmp = try CLI.temporaryFolder("set")
        let r = try CLI.run(["run", "base", "--set", "actors.frontier[9].noise_points=0.5", "--out", tmp + "/out"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--set actors.frontier[9].noise_points=0.5"), "\(r.stderr)")
        let range = try CLI.run(["run", "base", "--set", "buyers.routing_share=2", "--out", tmp + "/out"])
        #expect(range.status != 0)
        #expect(range.stderr.contains("buyers.routing_share"), "\(range.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp + "/out"))
    }

    @Test("Several errors in one file are reported together")
    func allErrors() throws {
        let tmp = try CLI.temporaryFolder("many")
        let file = tmp + "/s.json"
        try CLI.write(Self.extending("\"months\": 0, \"replications\": -1, \"monhts\": 3"), to: file)
        let r = try CLI.run(["validate", file])
        #expect(r.status != 0)
        for piece in ["months", "replications", "monhts"] { #expect(r.stderr.contains(piece)) }
        #expect(r.stderr.split(separator: "\n").count >= 3)
    }
}
