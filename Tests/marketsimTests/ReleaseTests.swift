import Foundation
import TestSupport
import Testing

/// What a relocated binary relies on: `--version` for provenance, shipped sweeps by name,
/// and the scenarios found beside the binary (a release's `../share/marketsim/Scenarios`)
/// before `MARKETSIM_SCENARIOS` and the checkout. scripts/test-package checks the same
/// on the real tarball, outside the checkout.
@Suite("Release")
struct ReleaseTests {
    @Test("--version names the version, the checkout's commit and the GSL linked in")
    func version() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "expected three lines, got \(lines)")
        #expect(lines[0].wholeMatch(of: /marketsim \d+\.\d+\.\d+/) != nil, "\(lines[0])")
        // A build from a checkout names the checkout's HEAD, as git does (scripts/package
        // writes a release's in, and scripts/test-package checks that).
        let head = try Self.output(of: ["git", "-C", CLI.root, "rev-parse", "--short=12", "HEAD"])
        try #require(head.count == 12, "git rev-parse gave \(head)")
        #expect(lines[1] == "commit \(head)" || lines[1] == "commit \(head)-dirty", "\(lines[1])")
        let installed = try Self.output(of: ["pkg-config", "--modversion", "gsl"])
        #expect(lines[2] == "GSL \(installed)", "the GSL this build linked is the one pkg-config names")
    }

    /// A program's trimmed standard output.
    static func output(of command: [String]) throws -> String {
        try CLI.run(program: "/usr/bin/env", command).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("A shipped sweep runs by name from any folder")
    func sweepByName() throws {
        let folder = try CLI.temporaryFolder("sweep-by-name")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try CLI.run(["sweep", "small", "--jobs", "1", "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let runs = try String(contentsOfFile: folder + "/runs/sweep-small/runs.csv", encoding: .utf8)
        // Scenarios/sweeps/small.json is a 2 x 2 grid with one replication: a header and four runs.
        #expect(runs.split(separator: "\n").count == 5)
    }

    @Test("A binary finds the scenarios of its release beside it first, then MARKETSIM_SCENARIOS")
    func scenariosBesideTheBinary() throws {
        let release = try CLI.temporaryFolder("release")
        defer { try? FileManager.default.removeItem(atPath: release) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: release + "/bin", withIntermediateDirectories: true)
        try fm.copyItem(atPath: CLI.binary, toPath: release + "/bin/marketsim")
        let minimal = try String(contentsOfFile: CLI.root + "/Scenarios/examples/minimal.json", encoding: .utf8)
        let elsewhere = release + "/elsewhere"
        try CLI.write(minimal, to: elsewhere + "/named-by-variable.json")

        /// `scenarios` as the copy in release/bin lists them, with MARKETSIM_SCENARIOS set.
        func listed() throws -> String {
            let copy = try CLI.run(program: release + "/bin/marketsim", ["scenarios"], in: elsewhere,
                                   environment: ["MARKETSIM_SCENARIOS": elsewhere])
            #expect(copy.status == 0)
            return copy.stdout
        }

        // No share/ folder beside the copy: the variable decides.
        let before = try listed()
        #expect(before.contains("(\(elsewhere))"), "\(before)")
        #expect(before.contains("named-by-variable.json"))

        // A release's share/marketsim/Scenarios beside bin/ comes first.
        let shipped = release + "/share/marketsim/Scenarios"
        try CLI.write(minimal, to: shipped + "/beside-the-binary.json")
        let after = try listed()
        #expect(after.contains("(\(shipped))"), "\(after)")
        #expect(after.contains("beside-the-binary.json"))
        #expect(!after.contains("named-by-variable.json"))
    }
}
