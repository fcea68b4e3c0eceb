import Testing
@testable import ScenarioFormat

@Suite("Deep merge")
struct ScenarioFormatMergeTests {
    func merge(_ base: JSONValue, _ override: JSONValue) -> (JSONValue, [String]) {
        var diagnostics = Diagnostics()
        let merged = JSONMerge.merge(base, override, diagnostics: &diagnostics)
        return (merged, diagnostics.issues.map { "\($0.path): \($0.message)" })
    }

    @Test("objects merge key by key, keeping base order and appending new keys")
    func objects() {
        let (merged, issues) = merge(
            ["a": 1, "b": ["x": 1, "y": 2], "c": 3],
            ["b": ["y": 20, "z": 30], "d": 4, "a": nil])
        #expect(issues.isEmpty)
        #expect(merged == ["a": nil, "b": ["x": 1, "y": 20, "z": 30], "c": 3, "d": 4])
    }

    @Test("scalars, arrays of scalars and arrays without ids are replaced whole")
    func replacement() {
        #expect(merge(["a": [1, 2, 3]], ["a": [9]]).0 == ["a": [9]])
        #expect(merge(["a": [["k": 1], ["k": 2]]], ["a": [["k": 3]]]).0 == ["a": [["k": 3]]])
        #expect(merge(["a": ["x": 1]], ["a": 5]).0 == ["a": 5])
        #expect(merge(["a": 5], ["a": ["x": 1]]).0 == ["a": ["x": 1]])
        #expect(merge(["a": [["id": "p"]]], ["a": [1]]).0 == ["a": [1]])
    }

    @Test("id-keyed arrays merge element-wise: update in place, append new ids")
    func byID() {
        let base: JSONValue = ["labs": [
            ["id": "alpha", "price": 10, "cut": ["fraction": 0.5, "lag": 30]],
            ["id": "beta", "price": 20],
        ]]
        let override: JSONValue = ["labs": [
            ["id": "gamma", "price": 5],
            ["id": "alpha", "cut": ["fraction": 0.9]],
        ]]
        let (merged, issues) = merge(base, override)
        #expect(issues.isEmpty)
        #expect(merged == ["labs": [
            ["id": "alpha", "price": 10, "cut": ["fraction": 0.9, "lag": 30]],
            ["id": "beta", "price": 20],
            ["id": "gamma", "price": 5],
        ]])
    }

    @Test("an element with remove: true deletes that id")
    func removal() {
        let base: JSONValue = ["labs": [["id": "a"], ["id": "b"], ["id": "c"]]]
        let (merged, issues) = merge(base, ["labs": [["id": "b", "remove": true]]])
        #expect(issues.isEmpty)
        #expect(merged == ["labs": [["id": "a"], ["id": "c"]]])
    }

    @Test("an empty override array clears an id-keyed array")
    func emptyOverride() {
        #expect(merge(["labs": [["id": "a"]]], ["labs": []]).0 == ["labs": []])
    }

    @Test("bad removals and repeated ids are reported at their paths")
    func mergeErrors() {
        let base: JSONValue = ["labs": [["id": "a", "p": 1]]]
        let (_, issues) = merge(base, ["labs": [
            ["id": "zz", "remove": true],
            ["id": "a", "remove": false],
            ["id": "a", "remove": true, "p": 2],
            ["id": "n", "p": 1],
            ["id": "n", "p": 2],
        ]])
        #expect(issues == [
            "labs[0]: cannot remove \"zz\": the extended scenario has no element with that id here",
            "labs[1].remove: \"remove\" must be true and stand alone beside \"id\" (it removes the element with that id)",
            "labs[2].id: the id \"a\" appears twice in this array",
            "labs[4].id: the id \"n\" appears twice in this array",
        ])
    }
}

@Suite("Overrides")
struct ScenarioFormatOverrideTests {
    static let valueCases: [(String, JSONValue)] = [
        ("a=1.5", .number(1.5)), ("a=true", .bool(true)), ("a=null", .null), ("a=[1,2]", [1, 2]),
        (#"a={"k": "v"}"#, ["k": "v"]), (#"a="quoted""#, "quoted"), ("a=2026-03-01", "2026-03-01"),
        ("a=Acme Labs", "Acme Labs"), ("a=", ""), ("a=x=y", "x=y"), ("a=NaN", "NaN"),
    ]

    @Test("values are JSON when they parse, bare strings otherwise", arguments: valueCases)
    func values(text: String, expected: JSONValue) throws {
        let override = try ScenarioOverride(parsing: text)
        #expect(override.path == [.key("a")])
        #expect(override.value == expected)
        #expect(override.option == "--set \(text)")
    }

    @Test("malformed options name the option", arguments: [
        ("novalue", "--set novalue: expected path=value, found no '='"),
        ("a..b=1", "--set a..b=1: invalid path"),
        ("a=1e999", "--set a=1e999: a: the value is not valid JSON: the number 1e999 is too large"),
        ("a=[1,", "--set a=[1,: a: the value is not valid JSON"),
        (#"a="open"#, #"--set a="open: a: the value is not valid JSON: unterminated string"#),
    ])
    func malformed(text: String, prefix: String) {
        do {
            _ = try ScenarioOverride(parsing: text)
            Issue.record("\(text) should be rejected")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error)")
        }
    }

    @Test("setting a path replaces the value and creates missing object keys")
    func setting() throws {
        let value: JSONValue = ["actors": ["frontier": [["id": "a", "x": 1]]]]
        let set = try value.setting(7, at: JSONPath(parsing: "actors.frontier[0].x"))
        #expect(set == ["actors": ["frontier": [["id": "a", "x": 7]]]])
        let created = try value.setting(0.5, at: JSONPath(parsing: "actors.frontier[0].cut.fraction"))
        #expect(created == ["actors": ["frontier": [["id": "a", "x": 1, "cut": ["fraction": 0.5]]]]])
        #expect(try value.setting("r", at: .root) == "r")
    }

    @Test("an index past the end or a step through a scalar is an error naming the step")
    func settingErrors() throws {
        let value: JSONValue = ["list": [1, 2], "n": 3]
        #expect(throws: JSONSetError(path: [.key("list"), .index(9)],
                                     message: "index 9 is past the end: the array has 2 elements")) {
            try value.setting(1, at: JSONPath(parsing: "list[9].x"))
        }
        #expect(throws: JSONSetError(path: [.key("list"), .index(2)],
                                     message: "index 2 is past the end: the array has 2 elements")) {
            try value.setting(1, at: JSONPath(parsing: "list[2]"))
        }
        #expect(throws: JSONSetError(path: [.key("n"), .key("x")], message: "cannot set a key inside a number 3 at n")) {
            try value.setting(1, at: JSONPath(parsing: "n.x"))
        }
        #expect(throws: JSONSetError(path: [.key("n"), .index(0)], message: "cannot index into a number 3 at n")) {
            try value.setting(1, at: JSONPath(parsing: "n[0]"))
        }
        #expect(throws: JSONSetError(path: [.key("missing"), .index(0)], message: "cannot index into an empty object at missing")) {
            try value.setting(1, at: JSONPath(parsing: "missing[0]"))
        }
    }
}
