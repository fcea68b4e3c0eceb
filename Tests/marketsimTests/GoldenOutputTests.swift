import Foundation
import TestSupport
import Testing

/// Output bytes pinned: small runs of base, bull and bear, a three-way compare and the
/// shipped small sweep must write exactly the files whose SHA-256 `Golden/outputs.sha256`
/// records. A refactor (one scenario representation, one executor) must leave every byte
/// as it was; a change that means to move outputs regenerates the file with
/// `scripts/golden-outputs` and says so in its commit.
@Suite("Golden outputs")
struct GoldenOutputTests {
    @Test("base, bull, bear, compare and a sweep write the recorded bytes")
    func outputsUnchanged() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [CLI.root + "/scripts/golden-outputs", CLI.binary]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let produced = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let recorded = String(decoding: try #require(CLI.contents(CLI.root + "/Tests/marketsimTests/Golden/outputs.sha256")),
                              as: UTF8.self)
        let lines = { (text: String) in text.split(separator: "\n").map(String.init) }
        #expect(lines(recorded).count == 31, "every file of every run is recorded")
        let changed = Set(lines(produced)).symmetricDifference(lines(recorded))
            .map { $0.split(separator: " ").last.map(String.init) ?? $0 }
        #expect(changed.isEmpty, "files whose bytes moved: \(Set(changed).sorted())")
    }
}
