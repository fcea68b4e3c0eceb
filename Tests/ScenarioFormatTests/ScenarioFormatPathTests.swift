import Testing
@testable import ScenarioFormat

@Suite("JSON paths")
struct ScenarioFormatPathTests {
    @Test("paths print as dotted keys with bracketed indices")
    func printing() {
        let path: JSONPath = [.key("actors"), .key("frontier"), .index(0), .key("price_cut"), .key("fraction")]
        #expect(path.description == "actors.frontier[0].price_cut.fraction")
        #expect(JSONPath([.index(2), .key("a-b_9")]).description == "[2].a-b_9")
        #expect(JSONPath([.key("t"), .key("gpt 4o"), .key("x")]).description == #"t["gpt 4o"].x"#)
        #expect(JSONPath.root.description == "")
    }

    @Test("printing and parsing are inverse", arguments: [
        "actors.frontier[0].price_cut.fraction", "a", "a-b.c_d[12][3].e", #"t["gpt 4o"].x"#, #"["a.b"]"#, "[0]",
    ])
    func roundTrip(text: String) throws {
        #expect(try JSONPath(parsing: text).description == text)
    }

    @Test("parsed components are keys and indices")
    func components() throws {
        let path = try JSONPath(parsing: "actors.frontier[10].x")
        #expect(path.components == [.key("actors"), .key("frontier"), .index(10), .key("x")])
    }

    @Test("malformed paths are rejected at the column of the problem", arguments: [
        ("", 1), ("a.", 3), ("a..b", 3), (".a", 1), ("a[", 3), ("a[x]", 3), ("a[-1]", 3), ("a[1", 4),
        ("a b", 2), ("a[0]b", 5), (#"a["open"#, 3), ("a.b$", 4),
    ])
    func malformed(text: String, column: Int) {
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath(parsing: text) }
        do {
            _ = try JSONPath(parsing: text)
        } catch {
            #expect(error.column == column, "\(error)")
        }
    }

    @Test("prefix test is by whole components")
    func prefixes() throws {
        let path = try JSONPath(parsing: "a.b[0].c")
        #expect(path.hasPrefix(try JSONPath(parsing: "a.b")))
        #expect(path.hasPrefix(.root))
        #expect(!path.hasPrefix(try JSONPath(parsing: "a.bc")))
        #expect(!path.hasPrefix(try JSONPath(parsing: "a.b[1]")))
    }

    @Test("a value is found by path")
    func lookup() throws {
        let value = try parseJSON(#"{"a": {"b": [10, {"c": "x"}]}}"#)
        #expect(value[try JSONPath(parsing: "a.b[1].c")] == "x")
        #expect(value[try JSONPath(parsing: "a.b[2]")] == nil)
        #expect(value[try JSONPath(parsing: "a.b.c")] == nil)
    }
}
