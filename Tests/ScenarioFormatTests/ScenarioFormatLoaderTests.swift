import Foundation
import TestSupport
import Testing
@testable import ScenarioFormat

@Suite("Scenario loading")
struct ScenarioFormatLoaderTests {
    static let base = """
    // The calibrated base case.
    {
      "start_date": "2026-02-01",
      "horizon_days": 730,
      "actors": {
        "frontier": [
          {"id": "alpha", "price_cut": {"fraction": 0.8}, "quality": {"coding": 80}},
          {"id": "beta", "kind": "proprietary"}
        ]
      }
    }
    """

    func loadError(_ file: String, overrides: [String] = [], check: (JSONValue, inout Diagnostics) -> Void = { _, _ in })
        -> ScenarioError?
    {
        do {
            _ = try ScenarioLoader.load(file: file, overrides: overrides, schema: TestSchemas.scenario, check: check)
            return nil
        } catch {
            return error
        }
    }

    @Test("a chain of extends merges base first, paths relative to each file's folder")
    func chain() throws {
        let corpus = try TemporaryFolder()
        let base = try corpus.write("base.json", Self.base)
        try corpus.write("cases/bull.json", """
        {"extends": "../base.json", "horizon_days": 1095,
         "actors": {"frontier": [{"id": "alpha", "price_cut": {"fraction": 0.9}}, {"id": "beta", "remove": true},
                                 {"id": "gamma", "kind": "open"}]}}
        """)
        let top = try corpus.write("cases/deep/bull-fast.json", #"{"extends": "../bull.json", "verbose": true}"#)
        let scenario = try ScenarioLoader.load(file: top, schema: TestSchemas.scenario)
        #expect(scenario.files == [base, corpus.file("cases/bull.json"), top])
        #expect(scenario.value["horizon_days"] == 1095)
        #expect(scenario.value["verbose"] == true)
        #expect(scenario.value["extends"] == nil)
        let labs = try #require(scenario.value[try JSONPath(parsing: "actors.frontier")]?.array)
        #expect(labs.map { $0["id"] } == ["alpha", "gamma"])
        #expect(labs[0]["price_cut"] == ["fraction": 0.9, "trigger_gap_points": 5])
        #expect(labs[0]["quality"] == ["coding": 80])
        #expect(labs[1]["kind"] == "open")
    }

    @Test("a circular chain is an error listing the chain")
    func cycle() throws {
        let corpus = try TemporaryFolder()
        let a = try corpus.write("a.json", #"{"extends": "b.json"}"#)
        let b = try corpus.write("b.json", #"{"extends": "./sub/../a.json"}"#)
        let error = try #require(loadError(a))
        #expect(error.description == "\(b): extends: circular extends: \(a) -> \(b) -> \(a)")
        let selfish = try corpus.write("self.json", #"{"extends": "self.json"}"#)
        #expect(loadError(selfish)?.description == "\(selfish): extends: circular extends: \(selfish) -> \(selfish)")
    }

    @Test("a missing extended file names the referring file and the extends key")
    func missingBase() throws {
        let corpus = try TemporaryFolder()
        let top = try corpus.write("top.json", #"{"extends": "nowhere.json"}"#)
        let error = try #require(loadError(top))
        #expect(error.file == top)
        #expect(error.description == "\(top): extends: cannot read \(corpus.file("nowhere.json")): no such file")
        #expect(loadError(corpus.file("absent.json"))?.description == "\(corpus.file("absent.json")): no such file")
        #expect(loadError(corpus.path)?.description == "\(corpus.path): cannot read the file")
    }

    @Test("extends must be a non-empty string")
    func badExtends() throws {
        let corpus = try TemporaryFolder()
        let top = try corpus.write("top.json", #"{"extends": 3}"#)
        #expect(loadError(top)?.description == "\(top): extends: expected the path of a scenario file, found a number 3")
    }

    @Test("a syntax error in an extended file names that file, line and column")
    func parseErrorInBase() throws {
        let corpus = try TemporaryFolder()
        let base = try corpus.write("base.json", "{\n  \"horizon_days\": 1,\n}")
        let top = try corpus.write("top.json", #"{"extends": "base.json"}"#)
        #expect(loadError(top)?.description == "\(base):2:20: trailing comma before '}': JSON allows no comma after the last member")
        let utf = try corpus.write("latin1.json", "")
        try Data([0x7B, 0xE9, 0x7D]).write(to: URL(fileURLWithPath: utf))
        #expect(loadError(utf)?.description == "\(utf): the file is not valid UTF-8 text")
    }

    @Test("validation errors name the file that wrote the value")
    func attribution() throws {
        let corpus = try TemporaryFolder()
        let base = try corpus.write("base.json", Self.base.replacingOccurrences(of: "\"fraction\": 0.8", with: "\"fraction\": 1.4"))
        let bull = try corpus.write("bull.json", """
        {"extends": "base.json",
         "actors": {"frontier": [{"id": "beta", "pric_cut": {}}, {"id": "delta", "kind": "open"}]}}
        """)
        let error = try #require(loadError(bull))
        let lines = error.description.split(separator: "\n").map { String($0) }
        #expect(lines == [
            "\(base): actors.frontier[0].price_cut.fraction: 1.4 is not in 0...1",
            "\(bull): actors.frontier[1].pric_cut: unknown key (did you mean \"price_cut\"?)",
        ])
    }

    @Test("a missing key is blamed on the file that wrote its object")
    func missingKeyAttribution() throws {
        let corpus = try TemporaryFolder()
        try corpus.write("base.json", Self.base)
        let bull = try corpus.write("bull.json", #"{"extends": "base.json", "actors": {"frontier": [{"id": "new", "price_cut": {}}]}}"#)
        #expect(loadError(bull)?.description == "\(bull): actors.frontier[2].price_cut.fraction: required key is missing (Share of the list price removed.)")
    }

    @Test("merge errors name the overriding file and its own index")
    func mergeErrors() throws {
        let corpus = try TemporaryFolder()
        try corpus.write("base.json", Self.base)
        let bull = try corpus.write("bull.json", #"{"extends": "base.json", "actors": {"frontier": [{"id": "zeta", "remove": true}]}}"#)
        #expect(loadError(bull)?.description == "\(bull): actors.frontier[0]: cannot remove \"zeta\": the extended scenario has no element with that id here")
    }

    @Test("overrides apply in order after the chain, and their errors name the option")
    func overrides() throws {
        let corpus = try TemporaryFolder()
        let base = try corpus.write("base.json", Self.base)
        let scenario = try ScenarioLoader.load(
            file: base,
            overrides: ["horizon_days=90", "actors.frontier[1].price_cut.fraction=0.25", "start_date=2027-01-01", "horizon_days=91"],
            schema: TestSchemas.scenario)
        #expect(scenario.value["horizon_days"] == 91)
        #expect(scenario.value["start_date"] == "2027-01-01")
        #expect(scenario.value[try JSONPath(parsing: "actors.frontier[1].price_cut")] == ["fraction": 0.25, "trigger_gap_points": 5])
        #expect(scenario.overrides == ["--set horizon_days=90", "--set actors.frontier[1].price_cut.fraction=0.25",
                                       "--set start_date=2027-01-01", "--set horizon_days=91"])

        let error = try #require(loadError(base, overrides: [
            "actors.frontier[9].x=1", "actors.frontier[0].price_cut.fraction=1.4", "horizon_days", "verbose=maybe",
        ]))
        #expect(error.description == "--set horizon_days: expected path=value, found no '='")
        let later = try #require(loadError(base, overrides: [
            "actors.frontier[9].x=1", "actors.frontier[0].price_cut.fraction=1.4", "verbose=maybe",
        ]))
        #expect(later.description.split(separator: "\n").map { String($0) } == [
            "--set actors.frontier[9].x=1: actors.frontier[9]: index 9 is past the end: the array has 2 elements",
            "--set actors.frontier[0].price_cut.fraction=1.4: actors.frontier[0].price_cut.fraction: 1.4 is not in 0...1",
            "--set verbose=maybe: verbose: expected a boolean (true or false), found a string \"maybe\"",
        ])
    }

    @Test("override syntax errors and an unreadable file are reported together")
    func togetherWithReadErrors() throws {
        let corpus = try TemporaryFolder()
        let missing = corpus.file("missing.json")
        #expect(loadError(missing, overrides: ["x"])?.description == "\(missing): no such file\n--set x: expected path=value, found no '='")
    }

    @Test("the caller's cross-reference check runs on the valid value and reports into the same error")
    func crossCheck() throws {
        let corpus = try TemporaryFolder()
        let base = try corpus.write("base.json", Self.base)
        let top = try corpus.write("top.json", #"{"extends": "base.json", "actors": {"frontier": [{"id": "alpha", "quality": {"law": 1}}]}}"#)
        let segments = ["coding", "rag"]
        let checkSegments: (JSONValue, inout Diagnostics) -> Void = { value, diagnostics in
            for (i, lab) in (value[try! JSONPath(parsing: "actors.frontier")]?.array ?? []).enumerated() {
                for key in lab["quality"]?.object?.keys ?? [] where !segments.contains(key) {
                    diagnostics.error(at: [.key("actors"), .key("frontier"), .index(i), .key("quality"), .key(key)],
                                      "no segment \"\(key)\" in this scenario")
                }
            }
        }
        #expect(loadError(top, check: checkSegments)?.description
            == "\(top): actors.frontier[0].quality.law: no segment \"law\" in this scenario")
        #expect(loadError(base, check: checkSegments) == nil)
    }

    @Test("the canonical text identifies the resolved scenario whatever the files' layout")
    func canonicalIdentity() throws {
        let corpus = try TemporaryFolder()
        let one = try corpus.write("one.json", Self.base)
        let two = try corpus.write("two.json", """
        {"actors": {"frontier": [{"quality": {"coding": 80.0}, "price_cut": {"fraction": 8e-1}, "id": "alpha"},
         {"id": "beta"}]}, "horizon_days": 730, "start_date": "2026-02-01"}
        """)
        let a = try ScenarioLoader.load(file: one, schema: TestSchemas.scenario)
        let b = try ScenarioLoader.load(file: two, schema: TestSchemas.scenario)
        #expect(a.canonicalText == b.canonicalText)
        let c = try ScenarioLoader.load(file: one, overrides: ["horizon_days=731"], schema: TestSchemas.scenario)
        #expect(c.canonicalText != a.canonicalText)
    }

    @Test("a source read once resolves many design points")
    func sweepPoints() throws {
        let corpus = try TemporaryFolder()
        let source = try ScenarioLoader.read(file: try corpus.write("base.json", Self.base))
        let path = try JSONPath(parsing: "actors.frontier[0].price_cut.fraction")
        let fractions = try [0.1, 0.5, 0.9].map { level in
            try source.resolve(overrides: [ScenarioOverride(path: path, value: .number(level))], schema: TestSchemas.scenario)
                .value[path]
        }
        #expect(fractions == [0.1, 0.5, 0.9])
        #expect(throws: ScenarioError.self) {
            try source.resolve(overrides: [ScenarioOverride(path: path, value: 2)], schema: TestSchemas.scenario)
        }
    }
}
