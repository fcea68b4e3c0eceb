import Foundation
import MarketModel
import ScenarioFormat
import TestSupport
import Testing

/// Ids are written into CSV cells (actors.csv's `actor`, column names by segment), so
/// they are identifiers, and none that pandas or R would read back as a missing value.
@Suite("Scenario ids")
struct ScenarioIDTests {
    @Test("an actor's or a segment's id that CSV readers take for a missing value is rejected at its JSON path",
          arguments: ["actors.frontier[0].id", "segments[0].id"])
    func missingValueIDs(path: String) throws {
        let error = try #require(throws: ScenarioError.self) {
            try ScenarioFile.load(repositoryRoot + "/Scenarios/base.json", overrides: ["\(path)=\"NaN\""])
        }
        #expect(error.issues.contains { $0.description.contains(path + ": \"NaN\" is not a name: pandas and R read") }, "\(error)")
    }

    @Test("an empty actor id is rejected")
    func emptyID() throws {
        let error = try #require(throws: ScenarioError.self) {
            try ScenarioFile.load(repositoryRoot + "/Scenarios/base.json", overrides: ["actors.frontier[0].id=\"\""])
        }
        #expect(error.issues.contains { $0.description.contains("actors.frontier[0].id: \"\" is not a name: it is empty") }, "\(error)")
    }
}
