import Foundation
import TestSupport
import Testing

@Suite("progress lines off a terminal", .serialized)
struct ProgressLineTests {
    /// The tests' standard error is a pipe, so progress comes as plain lines; the hidden
    /// --progress-interval shortens their spacing from 10 s so a short job shows them.
    @Test("run, compare and sweep print plain progress lines on standard error, ending at the total")
    func plainLines() throws {
        let tmp = try CLI.temporaryFolder("progress")
        let small = ["--set", "buyers.count=100", "--set", "months=6"]
        let run = try CLI.run(["run", "base", "--replications", "3", "--out", tmp + "/r", "--progress-interval", "0"] + small)
        #expect(run.status == 0)
        #expect(run.stderr.contains("marketsim: replications 3/3 (100.0%)"), "\(run.stderr)")
        #expect(!run.stderr.contains("\u{1B}"))
        let short = try CLI.run(["run", "base", "--replications", "3", "--out", tmp + "/q"] + small)
        #expect(short.stderr.isEmpty, "a short run prints nothing within the default 10 s: \(short.stderr)")
        let quiet = try CLI.run(["run", "base", "--replications", "3", "--quiet", "--out", tmp + "/p", "--progress-interval", "0"] + small)
        #expect(quiet.stderr.isEmpty, "--quiet prints nothing but errors: \(quiet.stderr)")
        let compare = try CLI.run(["compare", "base", "bull", "--replications", "2", "--out", tmp + "/c", "--progress-interval", "0"])
        #expect(compare.status == 0)
        #expect(compare.stderr.contains("marketsim: replications 2/4") && compare.stderr.contains("marketsim: replications 4/4 (100.0%)"),
                "\(compare.stderr)")
        let sweep = try CLI.run(["sweep", "small", "--out", tmp + "/s", "--progress-interval", "0"])
        #expect(sweep.status == 0)
        #expect(sweep.stderr.contains("marketsim: runs 4/4 (100.0%)"), "\(sweep.stderr)")
    }
}
