import Foundation
import Testing
@testable import ScenarioFormat

@Suite("Decoding validated values")
struct ScenarioFormatDecoderTests {
    struct PriceCut: Decodable, Equatable {
        var fraction: Double
        var triggerGapPoints: Double
    }

    struct Lab: Decodable, Equatable {
        var id: String
        var kind: String
        var priceCut: PriceCut?
        var quality: [String: Double]
        var releasesPerYear: Int
    }

    struct Market: Decodable {
        struct Actors: Decodable { var frontier: [Lab] }
        var startDate: CalendarDate
        var horizonDays: Double
        var actors: Actors
        var seedNote: JSONValue
        var segments: [String: Double]
        var verbose: Bool
    }

    @Test("a validated scenario decodes into structs with snake_case keys mapped to camelCase")
    func decode() throws {
        let value = try parseJSON("""
        {"start_date": "2026-02-01", "horizon_days": 365,
         "actors": {"frontier": [{"id": "a", "price_cut": {"fraction": 0.8}, "quality": {"frontier_reasoning": 70.5}},
                                 {"id": "b", "kind": "open"}]}}
        """)
        var diagnostics = Diagnostics()
        let completed = TestSchemas.scenario.validate(value, diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        let market = try JSONValueDecoder().decode(Market.self, from: completed)
        #expect(market.startDate == CalendarDate(year: 2026, month: 2, day: 1))
        #expect(market.horizonDays == 365)
        #expect(market.actors.frontier == [
            Lab(id: "a", kind: "proprietary", priceCut: PriceCut(fraction: 0.8, triggerGapPoints: 5),
                quality: ["frontier_reasoning": 70.5], releasesPerYear: 2),
            Lab(id: "b", kind: "open", priceCut: nil, quality: [:], releasesPerYear: 2),
        ])
        #expect(market.seedNote == 0)
        #expect(market.segments == ["coding": 1])
        #expect(!market.verbose)
    }

    @Test("property names map to scenario keys word by word", arguments: [
        ("usdPerMillionTokens", "usd_per_million_tokens"), ("id", "id"), ("maxAPICalls", "max_api_calls"),
        ("p5Share", "p5_share"), ("tokensPerSecondURL", "tokens_per_second_url"), ("already_snake", "already_snake"),
    ])
    func snakeCase(name: String, key: String) {
        #expect(JSONValueDecoder.snakeCase(name) == key)
    }

    @Test("a keyed container lists keys in file order, so order-preserving types can be built")
    func orderedKeys() throws {
        struct OrderedTable: Decodable {
            var keys: [String]
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            init(from decoder: any Decoder) throws {
                keys = try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue)
            }
        }
        let table = try JSONValueDecoder().decode(OrderedTable.self, from: try parseJSON(#"{"zeta": 1, "alpha": 2, "mid_key": 3}"#))
        #expect(table.keys == ["zeta", "alpha", "mid_key"])
    }

    @Test("mismatches between schema and types are errors naming the JSON path")
    func mismatches() throws {
        struct Needs: Decodable { var count: Int; var missingField: Double? ; var other: [Int] }
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(Needs.self, from: ["count": 2.5, "other": []])
        }
        do {
            _ = try JSONValueDecoder().decode(Needs.self, from: ["count": 2, "other": [1, "x"]])
            Issue.record("should fail")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.debugDescription == "other[1]: expected a number, found a string \"x\"")
            #expect(context.codingPath.map(\.stringValue) == ["other", "1"])
        }
        do {
            _ = try JSONValueDecoder().decode(Needs.self, from: ["count": 2])
            Issue.record("should fail")
        } catch let DecodingError.keyNotFound(_, context) {
            #expect(context.debugDescription.hasPrefix("other: missing"))
        }
        let decoded = try JSONValueDecoder().decode(Needs.self, from: ["count": 3.0, "other": [], "missing_field": nil])
        #expect(decoded.count == 3 && decoded.missingField == nil)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt8.self, from: 300) }
    }
}

@Suite("JSONValue through other decoders")
struct ScenarioFormatForeignDecoderTests {
    @Test("Foundation's JSONDecoder rebuilds a JSONValue kind by kind")
    func foundation() throws {
        let text = #"{"a": [1, "x", null, true], "b": {"c": 2.5}}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded.canonicalText == (try parseJSON(text)).canonicalText)
    }
}

@Suite("Calendar dates")
struct ScenarioFormatCalendarDateTests {
    @Test("days since the epoch match known dates")
    func knownDays() throws {
        #expect(try #require(CalendarDate(iso: "1970-01-01")).daysSinceEpoch == 0)
        #expect(try #require(CalendarDate(iso: "2000-03-01")).daysSinceEpoch == 11_017)
        #expect(try #require(CalendarDate(iso: "1969-12-31")).daysSinceEpoch == -1)
        // 2024 is a leap year: 366 days from 2024-01-01 to 2025-01-01.
        let start = try #require(CalendarDate(iso: "2024-01-01"))
        #expect(try #require(CalendarDate(iso: "2025-01-01")).days(since: start) == 366)
        #expect(start.adding(days: 59).description == "2024-02-29")
    }

    @Test("converting to days and back is the identity over eleven centuries")
    func roundTrip() {
        var previous = CalendarDate(daysSinceEpoch: -200_000)
        for day in stride(from: -199_999, through: 200_000, by: 37) {
            let date = CalendarDate(daysSinceEpoch: day)
            #expect(date.daysSinceEpoch == day)
            #expect(CalendarDate(iso: date.description) == date)
            #expect(previous < date)
            previous = date
        }
    }
}
