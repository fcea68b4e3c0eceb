import Testing
@testable import ScenarioFormat

/// Types declaring their keys once, as a scenario's types do.
private struct PriceCut: SchemaObject, Equatable {
    var fraction: Double = 0
    var triggerGapPoints: Double = 0

    static var fields: [ObjectField<PriceCut>] {[
        .field("fraction", \.fraction, .number(in: 0...1), doc: "Share removed."),
        .field("trigger_gap_points", \.triggerGapPoints, .number(minimum: 0), default: 5, doc: "Cut within this gap."),
    ]}

    init(fraction: Double, triggerGapPoints: Double) {
        self.fraction = fraction
        self.triggerGapPoints = triggerGapPoints
    }

    init() {}
}

private struct Lab: SchemaObject, Equatable {
    enum Kind: String, CaseIterable, SchemaValue { case proprietary, openWeights = "open_weights" }
    var id: String = ""
    var kind: Kind = .proprietary
    var priceCut: PriceCut?
    var quality: [String: Double] = [:]
    var releasesPerYear: Int = 0

    static var fields: [ObjectField<Lab>] {[
        .field("id", \.id, .string, doc: "Id."),
        .field("kind", \.kind, .string(allowed: Kind.allCases.map(\.rawValue)), default: "proprietary", doc: "Kind."),
        .optional("price_cut", \.priceCut, PriceCut.schema, doc: "Price cuts."),
        .field("quality", \.quality, .map(values: .number(in: 0...100)), default: [:], doc: "Points per segment."),
        .field("releases_per_year", \.releasesPerYear, .integer(in: 0...12), default: 2, doc: "Releases."),
    ]}

    init(id: String, kind: Kind, priceCut: PriceCut?, quality: [String: Double], releasesPerYear: Int) {
        (self.id, self.kind, self.priceCut, self.quality, self.releasesPerYear) = (id, kind, priceCut, quality, releasesPerYear)
    }

    init() {}
}

private struct Market: SchemaObject {
    var startDate = CalendarDate.epoch
    var seed: UInt64 = 0
    var frontier: [Lab] = []
    var note: JSONValue = .null

    static var fields: [ObjectField<Market>] {[
        .field("start_date", \.startDate, .date, doc: "First day."),
        .field("seed", \.seed, .integer(in: 0...9_007_199_254_740_991), default: 1, doc: "Seed."),
        .field("frontier", \.frontier, .array(of: Lab.schema), doc: "Labs."),
        .field("note", \.note, .any, default: .null, doc: "Anything."),
    ]}

    init() {}
}

@Suite("Reading validated values through the fields")
struct ScenarioFormatObjectTests {
    /// `text` validated against `Market.schema` (no error expected) and read.
    private func market(_ text: String) throws -> Market {
        var diagnostics = Diagnostics()
        let completed = Market.schema.validate(try parseJSON(text), diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty, "\(diagnostics.issues)")
        return Market.read(completed, at: .root)
    }

    @Test("a validated document reads into the types, defaults filled, dates typed, table keys as written")
    func read() throws {
        let market = try market("""
        {"start_date": "2026-02-01", "seed": 9007199254740991,
         "frontier": [{"id": "a", "price_cut": {"fraction": 0.8}, "quality": {"frontier_reasoning": 70.5}},
                      {"id": "b", "kind": "open_weights", "releases_per_year": 4.0}]}
        """)
        #expect(market.startDate == CalendarDate(year: 2026, month: 2, day: 1))
        #expect(market.seed == 9_007_199_254_740_991)
        #expect(market.frontier == [
            Lab(id: "a", kind: .proprietary, priceCut: PriceCut(fraction: 0.8, triggerGapPoints: 5),
                quality: ["frontier_reasoning": 70.5], releasesPerYear: 2),
            Lab(id: "b", kind: .openWeights, priceCut: nil, quality: [:], releasesPerYear: 4),
        ])
        #expect(market.note == .null)
    }

    @Test("the keys validation accepts are the keys reading uses: a key misspelled is rejected, not read as a default")
    func sameKeys() throws {
        var diagnostics = Diagnostics()
        _ = Market.schema.validate(try parseJSON(#"{"start_date": "2026-02-01", "frontier": [{"id": "a", "releases_per_yaer": 4}]}"#),
                                   diagnostics: &diagnostics)
        #expect(diagnostics.issues.map(\.path.description) == ["frontier[0].releases_per_yaer"])
        #expect(diagnostics.issues.first?.message.contains("releases_per_year") == true)
    }

    @Test("an object's schema lists its fields in declaration order, with their defaults and docs")
    func schemaFromFields() throws {
        let fields = try #require(Lab.schema.fields)
        #expect(fields.map(\.name) == ["id", "kind", "price_cut", "quality", "releases_per_year"])
        #expect(fields.map(\.presence) == [.required, .defaulted("proprietary"), .optional, .defaulted([:]), .defaulted(2)])
        #expect(fields[4].doc == "Releases.")
    }
}
