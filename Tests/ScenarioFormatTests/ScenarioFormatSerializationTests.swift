import Testing
@testable import ScenarioFormat

@Suite("JSON serialisation")
struct ScenarioFormatSerializationTests {
    @Test("canonical text sorts keys, drops whitespace and spells numbers shortest")
    func canonical() throws {
        let value = try parseJSON(#"{"b": [1.0, 2.50, 1e0, -0.0, 1e21], "a": {"y": "é\n", "x": null}, "A": true}"#)
        #expect(value.canonicalText == #"{"A":true,"a":{"x":null,"y":"é\n"},"b":[1,2.5,1,0,1e+21]}"#)
    }

    @Test("canonical text is the same for every key order and number spelling")
    func canonicalStability() throws {
        let one = try parseJSON(#"{"z": {"q": 1, "p": [0.1, 100]}, "a": 2}"#)
        let two = try parseJSON("{ \"a\": 2.0, // comment\n \"z\": {\"p\": [1e-1, 1E2], \"q\": 10e-1} }")
        #expect(one != two)
        #expect(one.canonicalText == two.canonicalText)
    }

    @Test("numbers round-trip exactly through their shortest form", arguments: [
        0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-7, 123456.789, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -2.5e-10, 9_007_199_254_740_993.0 * 2,
    ])
    func numberRoundTrip(x: Double) throws {
        let text = JSONValue.formatNumber(x)
        #expect(try parseJSON(text).double == x, "\(text)")
    }

    @Test("integers print without a fraction and -0 prints as 0")
    func integerSpelling() {
        #expect(JSONValue.formatNumber(3) == "3")
        #expect(JSONValue.formatNumber(-42) == "-42")
        #expect(JSONValue.formatNumber(-0.0) == "0")
        #expect(JSONValue.formatNumber(1.5) == "1.5")
    }

    @Test("strings escape quotes, backslashes and control characters only")
    func quoting() throws {
        let s = "q\"b\\n\n\u{01}\u{1F}é😀/"
        #expect(JSONValue.quote(s) == #""q\"b\\n\n\u0001\u001Fé😀/""#)
        #expect(try parseJSON(JSONValue.quote(s)) == .string(s))
    }

    @Test("pretty text keeps key order, indents by two, and parses back to the same value")
    func pretty() throws {
        let value: JSONValue = ["zeta": ["b": 1, "a": [1, 2]], "alpha": [], "objects": [["id": "x"]], "empty": [:]]
        let expected = """
        {
          "zeta": {
            "b": 1,
            "a": [1, 2]
          },
          "alpha": [],
          "objects": [
            {
              "id": "x"
            }
          ],
          "empty": {}
        }

        """
        #expect(value.prettyText == expected)
        #expect(try parseJSON(value.prettyText) == value)
    }

    @Test("a long array of scalars is written one element per line")
    func longArray() throws {
        let value = JSONValue.array((0..<40).map { .number(Double($0) + 0.5) })
        #expect(value.prettyText.split(separator: "\n").count == 42)
        #expect(try parseJSON(value.prettyText) == value)
    }

    @Test("parse then canonical is a fixed point")
    func fixedPoint() throws {
        let text = #"{"actors":{"frontier":[{"id":"a","price_cut":{"fraction":0.8}}]},"seed":7}"#
        #expect(try parseJSON(text).canonicalText == text)
    }
}
