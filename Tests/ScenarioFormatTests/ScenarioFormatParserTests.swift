import Testing
@testable import ScenarioFormat

@Suite("JSON parser")
struct ScenarioFormatParserTests {
    @Test("parses every kind of value")
    func kinds() throws {
        let value = try parseJSON(#"{"a": null, "b": true, "c": false, "d": -12.5e1, "e": "x\ty", "f": [1, [2]], "g": {}}"#)
        #expect(value == ["a": nil, "b": true, "c": false, "d": -125.0, "e": "x\ty", "f": [1, [2]], "g": [:]])
    }

    @Test("objects keep the written key order")
    func keyOrder() throws {
        let value = try parseJSON(#"{"zeta": 1, "alpha": 2, "mid": 3}"#)
        #expect(value.object?.keys == ["zeta", "alpha", "mid"])
    }

    @Test("line and block comments are whitespace")
    func comments() throws {
        let text = """
        // scenario header
        {
          /* the lab */ "a": 1, // trailing note
          "b": /* inline */ [2 /* two */, 3]
          /* multi
             line */
        }
        // end
        """
        #expect(try parseJSON(text) == ["a": 1, "b": [2, 3]])
        #expect(try parseJSON(#"{"url": "http://x//y/*z*/"}"#)["url"] == "http://x//y/*z*/")
    }

    @Test("escapes and surrogate pairs decode to the right scalars")
    func escapes() throws {
        let value = try parseJSON(#"["\"\\\/\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00", "é€😀"]"#)
        #expect(value[0] == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(value[1] == "é€")
        #expect(value[2] == "😀")
        #expect(value[3] == "é€😀")
    }

    @Test("numbers are read exactly as the nearest double")
    func numbers() throws {
        let value = try parseJSON("[0, -0, 0.1, 1e-7, 2.5E+3, 9007199254740992, 1e-999]")
        #expect(value.array?.map(\.double) == [0, -0.0, 0.1, 1e-7, 2500, 9_007_199_254_740_992, 0])
    }

    @Test("a byte-order mark before the document is ignored")
    func byteOrderMark() throws {
        #expect(try parseJSON("\u{FEFF}[1]") == [1])
    }

    /// Each rejected text with the line:column and a fragment of the message it must give.
    @Test("rejections name line, column and what was expected", arguments: [
        ("", "1:1", "the file is empty"),
        ("  // only a comment\n", "2:1", "the file is empty"),
        ("hello", "1:1", "expected a value, found 'hello'"),
        ("{\n  \"a\": 1,\n}", "2:9", "trailing comma before '}'"),
        ("[1, 2,]", "1:6", "trailing comma before ']'"),
        ("{\"a\" 1}", "1:6", "expected ':' after the key \"a\""),
        ("{a: 1}", "1:2", "expected a string in double quotes as an object key"),
        ("[1 2]", "1:4", "expected ',' or ']'"),
        ("{\"a\": 1 \"b\": 2}", "1:9", "expected ',' or '}'"),
        ("{\"a\": 1}\n{\"b\": 2}", "2:1", "expected the end of the file"),
        ("[01]", "1:2", "leading zeros"),
        ("[1.]", "1:4", "expected a digit after the decimal point"),
        ("[1e]", "1:4", "expected a digit in the exponent"),
        ("[-]", "1:3", "expected a digit in the number"),
        ("[.5]", "1:2", "expected a value, found '.'"),
        ("[+1]", "1:2", "expected a value, found '+'"),
        ("{\"x\": NaN}", "1:7", "x: NaN is not a JSON number"),
        ("[Infinity]", "1:2", "[0]: Infinity is not a JSON number"),
        ("[-Infinity]", "1:2", "[0]: -Infinity is not a JSON number"),
        ("{\"a\": {\"b\": [1e999]}}", "1:14", "a.b[0]: the number 1e999 is too large"),
        ("[-1e400]", "1:2", "the number -1e400 is too large"),
        ("[9007199254740993]", "1:2", "beyond 2^53"),
        ("{\"a\": 1, \"a\": 2}", "1:10", "a: duplicate key \"a\" (first defined at 1:2)"),
        ("[\"a\nb\"]", "1:4", "[0]: control character U+000A in a string"),
        ("[\"tab\there\"]", "1:6", "control character U+0009"),
        ("[\"\\x41\"]", "1:3", "[0]: invalid escape '\\x'"),
        ("[\"\\ud800\"]", "1:3", "lone high surrogate \\uD800"),
        ("[\"\\ud800\\u0041\"]", "1:3", "followed by \\u0041, not a low surrogate"),
        ("[\"\\udc00x\"]", "1:3", "lone low surrogate \\uDC00"),
        ("[\"\\u12G4\"]", "1:7", "expected 4 hex digits"),
        ("[\"open", "1:2", "unterminated string"),
        ("[1, /* never closed", "1:5", "unterminated /* comment"),
        ("{\"a\": [1,\n", "2:1", "expected a value, found the end of the file"),
        ("[\"é\", x]", "1:7", "expected a value, found 'x'"),
        ("[True]", "1:2", "found 'True' (strings need double quotes)"),
    ])
    func rejections(text: String, position: String, fragment: String) throws {
        let error = try #require(parseError(text), "\(text.debugDescription) should be rejected")
        #expect(error.issue.position?.description == position, "\(error)")
        #expect(error.description.contains(fragment), "\(error)")
        #expect(error.description.hasPrefix("test.json:\(position): "), "\(error)")
    }

    @Test("nesting is bounded instead of overflowing the stack")
    func depth() throws {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1)
        #expect(parseError(deep)?.issue.message.contains("nesting deeper") == true)
        let fine = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(parseError(fine) == nil)
    }

    @Test("a number out of range is told apart from a syntax error")
    func errorKinds() {
        #expect(parseError("1e999")?.kind == .numberOutOfRange)
        #expect(parseError("[1,]")?.kind == .syntax)
    }
}
