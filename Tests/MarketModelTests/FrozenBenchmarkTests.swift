import Foundation
@testable import MarketModel
import Testing
import TestSupport

/// The benchmark that cannot drift (issue 25, item 4): `scripts/bench` times
/// Benchmarks/scenarios/frozen-2026-12.json beside the current base, so its bytes must
/// stay as they were frozen, and it must still load and run.
@Suite("The frozen benchmark scenario")
struct FrozenBenchmarkTests {
    static let path = Repository.root + "/Benchmarks/scenarios/frozen-2026-12.json"

    /// FNV-1a, 64 bits: enough to notice an edit (not a defence against forgery).
    static func fnv1a(_ data: Data) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    @Test("Its bytes are those frozen on 2026-12-06 (docs/benchmarks.md says when it may change)")
    func unchanged() throws {
        // The FNV-1a of "a" is 0xaf63dc4c8601ec8c (the algorithm's published test vector).
        #expect(Self.fnv1a(Data("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        let data = try contents(Self.path)
        #expect(data.count == 16237)
        #expect(Self.fnv1a(data) == 0x9d98_e409_99b5_f227, "Benchmarks/scenarios/frozen-2026-12.json was edited")
    }

    @Test("It loads and runs a short horizon with a small population")
    func runs() throws {
        let runs = try Replications(Self.path, count: 1, overrides: ["buyers.count=200", "months=6"])
        #expect(runs.loaded.scenario.name == "frozen-2026-12")
        // A report at the start and one at the end of each of the six months.
        #expect(runs.results[0].trajectory.count == 7)
    }
}
