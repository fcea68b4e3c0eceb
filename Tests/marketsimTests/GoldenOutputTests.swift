import Foundation
import Reporting
import TestSupport
import Testing

/// The golden fixtures (Tests/Fixtures/golden, written by `scripts/golden-outputs`): small
/// runs of base, bull and bear, a three-way compare and the shipped small sweep must
/// write the fixtures' numbers, within `GoldenTolerance` on any platform and byte for
/// byte on the platform that wrote them. A refactor must leave them as they are; a
/// change that means to move outputs runs `scripts/golden-outputs MARKETSIM --update`
/// and says in its commit what moved and why. (That the bytes do not depend on --jobs,
/// shards or interruptions is SweepCommandTests', CalibrateCommandTests' and
/// ReliabilityTests' to show.)
@Suite("Golden outputs")
struct GoldenOutputTests {
    static let fixtures = Repository.root + "/Tests/Fixtures/golden"

    @Test("base, bull, bear, compare and a sweep write the fixtures' numbers")
    func outputsUnchanged() throws {
        let fresh = temporaryFolder()
        let made = try CLI.run(program: Repository.root + "/scripts/golden-outputs", [CLI.binary, fresh])
        try #require(made.status == 0, "scripts/golden-outputs failed: \(made.stderr)")
        let files = try regularFiles(Self.fixtures)
        #expect(try regularFiles(fresh) == files, "the fixtures are not the files scripts/golden-outputs writes")
        #expect(files.count == 23)
        var moved: [String] = []
        for file in files where file.hasSuffix(".csv") {
            moved += try GoldenComparison.differences(file: file, expected: CSVTable.read(path: Self.fixtures + "/" + file),
                                                      actual: CSVTable.read(path: fresh + "/" + file))
        }
        // The resolved scenarios and sweep echo their inputs: the same text everywhere.
        for file in files where file.hasSuffix(".json") && CLI.contents(fresh + "/" + file) != CLI.contents(Self.fixtures + "/" + file) {
            moved.append("\(file): the text differs")
        }
        #expect(moved.isEmpty, "\(moved.count) differences beyond the tolerance:\n\(moved.joined(separator: "\n"))")

        // Here every bit is the fixtures' when the platform is theirs.
        let platform = try String(contentsOfFile: fresh + "/platform.txt", encoding: .utf8)
        guard platform == (try String(contentsOfFile: Self.fixtures + "/platform.txt", encoding: .utf8)) else { return }
        let changed = files.filter { CLI.contents(fresh + "/" + $0) != CLI.contents(Self.fixtures + "/" + $0) }
        #expect(changed.isEmpty, "on the fixtures' own platform (\(platform.dropLast())) these files' bytes moved: \(changed)")
    }
}

/// The comparer itself, on hand-made tables: it must see a value moved past the
/// tolerance, say where, and let one inside it pass.
@Suite("Golden comparison")
struct GoldenComparisonTests {
    static let fixture = """
        replication,date,actor,kind,revenue_usd
        0,2023-01-01,openai,frontier_lab,1000000
        0,2023-02-01,openai,frontier_lab,1250000.5
        1,2023-02-01,meta,open_lab,0.000001

        """

    static func compare(_ text: String, tolerance: GoldenTolerance = GoldenTolerance()) throws -> [String] {
        try GoldenComparison.differences(file: "base/actors.csv", expected: CSVTable(text: Self.fixture, path: "fixture"),
                                         actual: CSVTable(text: text, path: "fresh"), tolerance: tolerance)
    }

    @Test("a value moved beyond the tolerance is named by file, column, date and row key, with how much it moved")
    func perturbedBeyond() throws {
        let perturbed = Self.fixture.replacingOccurrences(of: "1250000.5", with: "1250000.502")
        let found = try Self.compare(perturbed)
        #expect(found.count == 1)
        let message = try #require(found.first)
        #expect(message.hasPrefix("base/actors.csv: revenue_usd at 2023-02-01 (replication 0, actor openai, kind frontier_lab): "),
                "\(message)")
        #expect(message.contains("1250000.502, the fixture 1250000.5: moved 0.00"), "\(message)")
        #expect(message.hasSuffix("e-09)"), "relative to the value: \(message)")
    }

    @Test("a value moved within the tolerance passes; the absolute part covers values near zero")
    func perturbedWithin() throws {
        // 1e-10 relative on 1,250,000.5; 5e-10 absolute on 1e-6.
        let within = Self.fixture.replacingOccurrences(of: "1250000.5", with: "1250000.500125")
            .replacingOccurrences(of: "0.000001", with: "0.0000010005")
        #expect(try Self.compare(within).isEmpty)
        // The same moves fail a tolerance ten thousand times tighter.
        #expect(try Self.compare(within, tolerance: GoldenTolerance(relative: 1e-14, absolute: 1e-14)).count == 2)
    }

    @Test("a changed label, a missing row and a renamed column are reported")
    func structure() throws {
        let relabelled = try Self.compare(Self.fixture.replacingOccurrences(of: "meta,open_lab", with: "meta,distiller"))
        #expect(relabelled == [#"base/actors.csv: kind at 2023-02-01 (replication 1, actor meta, kind open_lab): "distiller", the fixture "open_lab""#])
        let short = try Self.compare(Self.fixture.split(separator: "\n").dropLast().joined(separator: "\n") + "\n")
        #expect(short == ["base/actors.csv: 2 rows, the fixture has 3"])
        let renamed = try Self.compare(Self.fixture.replacingOccurrences(of: "revenue_usd", with: "revenue"))
        #expect(renamed == [#"base/actors.csv: the columns differ: missing ["revenue_usd"], new ["revenue"]"#])
    }
}
