import Foundation
import TestSupport
import Testing

/// Issue 27, items 1 to 3 (a second fuzz campaign's findings), each kept as a regression
/// test: values validation accepted and the run could not use, calibration parameters on
/// integer keys, `--force` losing the old folder, an `--out` holding its own input, and
/// the environment's faults (full disks, broken links, unwritable streams, an
/// address-space limit). Each failed on main at 66a67af.
@Suite("Reliability, second round: what validation accepts, --force, the environment's faults", .serialized)
struct ReliabilitySecondRoundTests {
    static let base = CLI.root + "/Scenarios/base.json"

    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// A small scenario extending base.json with `body` (JSON members) in a new folder.
    static func scenario(_ body: String = #""buyers": {"count": 40}"#, name: String = "probe") throws -> (folder: String, file: String) {
        let tmp = try CLI.temporaryFolder("rel2")
        let file = tmp + "/s.json"
        try CLI.write("""
            {"extends": "\(base)", "name": "\(name)", "months": 3, "replications": 1, \(body)}
            """, to: file)
        return (tmp, file)
    }

    static let distillability = #"{"path": "segments[0].distillability", "range": [0.3, 0.8]}"#
    static let gapTarget = #"{"name": "gap", "fact": "H1", "metric": "gap_points", "observed": 17.5, "interval": [15, 20]}"#

    /// A small calibration file in a new folder.
    static func calibration(parameters: String = distillability, targets: String = gapTarget,
                            overrides: String = #"{"buyers.count": 20, "months": 4}"#) throws -> (folder: String, file: String) {
        let tmp = try CLI.temporaryFolder("rel2-cal")
        let file = tmp + "/cal.json"
        try CLI.write("""
            {"base": "\(base)", "particles": 4, "replications": 1, "generations": 1, "seed": 3,
             "overrides": \(overrides), "parameters": [\(parameters)], "targets": [\(targets)]}
            """, to: file)
        return (tmp, file)
    }

    /// The shipped small sweep, copied with its base made absolute, in a new folder.
    static func smallSweep() throws -> (folder: String, file: String) {
        let tmp = try CLI.temporaryFolder("rel2-sweep")
        let text = try String(contentsOfFile: CLI.root + "/Scenarios/sweeps/small.json", encoding: .utf8)
            .replacingOccurrences(of: "\"../base.json\"", with: "\"\(base)\"")
        try CLI.write(text, to: tmp + "/small.json")
        return (tmp, tmp + "/small.json")
    }

    /// Runs `script` under `/bin/sh`, with `$M` the marketsim binary: for `ulimit` and
    /// redirections, which `Process` cannot set. SIGXFSZ is set to its default (death)
    /// first: the test runner ignores it, and a binary that inherited that would pass
    /// the `ulimit -f` tests without ignoring it itself.
    static func shell(_ script: String, in directory: String = CLI.root) throws -> CLI.Output {
        try CLI.run(program: "/usr/bin/env", ["--default-signal=XFSZ", "/bin/sh", "-c", "M='\(CLI.binary)'; " + script],
                    in: directory, timeout: 600)
    }

    /// A calibration rejected by validation: exit 1, the file and `path` named, no work folder left.
    static func expectRejected(_ cal: (folder: String, file: String), at path: String, saying words: String) throws {
        let r = try CLI.run(["calibrate", cal.file, "--out", cal.folder + "/out", "--quiet", "--jobs", "1"], timeout: 600)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(cal.file + ": " + path) && r.stderr.contains(words), "\(r.stderr)")
        #expect(entries(cal.folder) == ["cal.json"], "left \(entries(cal.folder))")
    }

    // MARK: 1. Validation is what the run needs

    @Test("A beta concentration the draw cannot use is rejected by validate (1e-320 trapped in choose)",
          arguments: ["1e-320", "1e-9", "0.05"])
    func betaConcentration(_ value: String) throws {
        let (_, file) = try Self.scenario(#""buyers": {"count": 40, "input_share": {"concentration": \#(value)}}"#)
        let r = try CLI.run(["validate", file])
        #expect(r.status == 1)
        #expect(r.stderr.contains("buyers.input_share.concentration") && r.stderr.contains("0.1"), "\(r.stderr)")
    }

    @Test("A normal prior too narrow for its values is rejected (sd 1e-300 gave a NaN posterior mean and a trap)")
    func narrowPrior() throws {
        let cal = try Self.calibration(parameters: #"{"path": "segments[0].distillability", "prior": "normal", "mean": 0.5, "sd": 1e-300, "range": [0.3, 0.8]}"#)
        try Self.expectRejected(cal, at: "parameters[0].sd", saying: "narrower")
    }

    @Test("An integer key is not a calibration parameter: rejected naming the file and path, not at the first run")
    func integerCalibrationKey() throws {
        let cal = try Self.calibration(parameters: #"{"path": "months", "range": [3, 30]}"#, overrides: #"{"buyers.count": 20}"#)
        try Self.expectRejected(cal, at: "parameters[0].path", saying: "integer key")
    }

    @Test("A key calibrated twice, or also fixed in overrides, is rejected")
    func repeatedCalibrationKey() throws {
        let twice = try Self.calibration(parameters: #"{"path": "segments[0].distillability", "name": "a", "range": [0.3, 0.8]}, {"path": "segments[0].distillability", "name": "b", "range": [0.3, 0.8]}"#)
        try Self.expectRejected(twice, at: "parameters[1].path", saying: "already the key of parameters[0]")
        let fixed = try Self.calibration(overrides: #"{"buyers.count": 20, "months": 4, "segments[0].distillability": 0.5}"#)
        try Self.expectRejected(fixed, at: "parameters[0].path", saying: "also set by overrides")
    }

    @Test("A target name with a line break or of absurd length is rejected with a short message",
          arguments: ["gap\\nsplit", String(repeating: "g", count: 200_000)])
    func targetNames(_ name: String) throws {
        let cal = try Self.calibration(targets: #"{"name": "\#(name)", "fact": "H1", "metric": "gap_points", "observed": 17.5, "interval": [15, 20]}"#)
        try Self.expectRejected(cal, at: "targets[0].name", saying: "is not a column name")
        let r = try CLI.run(["calibrate", cal.file, "--out", cal.folder + "/out", "--quiet"], timeout: 600)
        #expect(r.stderr.utf8.count < 2000, "a \(r.stderr.utf8.count)-byte message")
    }

    @Test("A sweep range over an integer key needs scale integer; fractional levels are rejected")
    func integerSweepKey() throws {
        let tmp = try CLI.temporaryFolder("rel2-int")
        for (parameter, at) in [(#"{"path": "months", "range": [3, 30], "grid_levels": 3}"#, "parameters[0].range"),
                                (#"{"path": "buyers.count", "levels": [20, 30.5]}"#, "parameters[0].levels[1]")] {
            try CLI.write("""
                {"base": "\(Self.base)", "design": "grid", "parameters": [\(parameter)],
                 "outcomes": [{"name": "gap", "metric": "gap_points"}]}
                """, to: tmp + "/sweep.json")
            let r = try CLI.run(["sweep", tmp + "/sweep.json", "--out", tmp + "/out", "--quiet"], timeout: 600)
            #expect(r.status == 1)
            #expect(r.stderr.contains(tmp + "/sweep.json: " + at) && r.stderr.contains("integer"), "\(r.stderr)")
            #expect(Self.entries(tmp) == ["sweep.json"])
        }
    }

    @Test("A grid of 1,000 x 1,000 levels with bad levels is rejected in the time of its levels, not of its points")
    func hugeGridWithBadLevels() throws {
        let tmp = try CLI.temporaryFolder("rel2-grid")
        try CLI.write("""
            {"base": "\(Self.base)", "design": "grid", "overrides": {"buyers.count": 10},
             "parameters": [{"path": "segments[0].distillability", "range": [0.3, 1.5], "grid_levels": 1000},
                            {"path": "segments[1].distillability", "range": [0.3, 0.8], "grid_levels": 1000}],
             "outcomes": [{"name": "gap", "metric": "gap_points"}]}
            """, to: tmp + "/sweep.json")
        // Main resolved all million points first: over 200 s here.
        let r = try CLI.run(["sweep", tmp + "/sweep.json", "--out", tmp + "/out"], timeout: 150)
        #expect(!r.timedOut)
        #expect(r.status == 1)
        #expect(r.stderr.contains("1000000 runs (1000000 points x 1 replication)"), "\(r.stderr.prefix(500))")
        #expect(r.stderr.contains("segments[0].distillability: 1.0") && r.stderr.contains("is not in 0...1"), "\(r.stderr.prefix(500))")
        #expect(Self.entries(tmp) == ["sweep.json"])
    }

    @Test("Repeated report.price_levels are rejected (they gave a repeated column)")
    func repeatedPriceLevels() throws {
        let (_, file) = try Self.scenario(#""report": {"price_levels": [60, 70, 60]}"#)
        let r = try CLI.run(["validate", file])
        #expect(r.status == 1)
        #expect(r.stderr.contains("report.price_levels[2]") && r.stderr.contains("report.price_levels[0]"), "\(r.stderr)")
    }

    @Test("Ids that CSV readers take for a missing value are rejected", arguments: ["NaN", "NA", "null", "None", "nan", ""])
    func missingValueIDs(_ id: String) throws {
        let r = try CLI.run(["validate", "base", "--set", "actors.open_labs[0].id=\"\(id)\""])
        #expect(r.status == 1)
        #expect(r.stderr.contains("actors.open_labs[0].id: \"\(id)\" is not a name"), "\(r.stderr)")
    }

    @Test("discover refuses a non-finite threshold", arguments: ["nan", "inf", "-inf"])
    func nonFiniteThreshold(_ value: String) throws {
        let r = try CLI.run(["discover", "any-folder", "--outcome", "gap", "--below=\(value)"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--below must be a finite number"), "\(r.stderr)")
    }

    @Test("costs refuses a workload with no finite cost ($inf was printed)")
    func infiniteCost() throws {
        let r = try CLI.run(["costs", "--tokens-per-day", "1e308"])
        #expect(r.status != 0)
        #expect(!r.stdout.contains("inf"))
        #expect(r.stderr.contains("--tokens-per-day") && r.stderr.contains("report.reference_tokens_per_day"), "\(r.stderr)")
    }

    @Test("A 5 MB key in a sweep's overrides gives a short message")
    func hugeOverrideKey() throws {
        let tmp = try CLI.temporaryFolder("rel2-key")
        let key = String(repeating: "k", count: 5_000_000)
        try CLI.write("""
            {"base": "\(Self.base)", "design": "grid", "overrides": {"\(key)": 1},
             "parameters": [{"path": "segments[0].distillability", "levels": [0.3]}], "outcomes": [{"name": "gap", "metric": "gap_points"}]}
            """, to: tmp + "/sweep.json")
        let r = try CLI.run(["sweep", tmp + "/sweep.json", "--out", tmp + "/out"], timeout: 600)
        #expect(r.status == 1)
        #expect(r.stderr.contains("(5000010 characters)") && r.stderr.utf8.count < 2000, "a \(r.stderr.utf8.count)-byte message")
    }

    // MARK: 2. Outputs replaced atomically

    @Test("sweep --force keeps the old sweep when the new one does not finish")
    func forcedSweepKeepsTheOldFolder() throws {
        let (tmp, file) = try Self.smallSweep()
        let out = tmp + "/out"
        let first = try CLI.run(["sweep", file, "--out", out, "--quiet", "--set", "buyers.count=20", "--jobs", "1"], timeout: 600)
        #expect(first.status == 0, "\(first.stderr)")
        let runs = CLI.contents(out + "/runs.csv")
        let second = try CLI.run(["sweep", file, "--out", out, "--force", "--quiet", "--set", "buyers.count=30",
                                  "--stop-after-runs", "1", "--jobs", "1"], timeout: 600)
        #expect(second.status == 130)
        #expect(second.stderr.contains("is unchanged") && !second.stderr.contains("resume with"), "\(second.stderr)")
        #expect(CLI.contents(out + "/runs.csv") == runs, "the old sweep was replaced or lost")
        #expect(CLI.contents(out + "/sweep-state.json").map { String(decoding: $0, as: UTF8.self).contains("complete") } == true)
        #expect(Self.entries(tmp) == ["out", "small.json"], "left \(Self.entries(tmp))")
    }

    @Test("An --out that holds the command's input is refused with --force, and the input survives")
    func outHoldingTheInput() throws {
        let (runFolder, scenario) = try Self.scenario()
        let run = try CLI.run(["run", scenario, "--out", runFolder, "--force", "--quiet"], timeout: 600)
        #expect(run.status == 1)
        #expect(run.stderr.contains("holds the input"), "\(run.stderr)")
        #expect(Self.entries(runFolder) == ["s.json"])

        let (sweepFolder, sweep) = try Self.smallSweep()
        let s = try CLI.run(["sweep", sweep, "--out", sweepFolder, "--force", "--quiet"], timeout: 600)
        #expect(s.status == 1)
        #expect(s.stderr.contains("holds the input"), "\(s.stderr)")
        #expect(Self.entries(sweepFolder) == ["small.json"])

        let cal = try Self.calibration()
        let c = try CLI.run(["calibrate", cal.file, "--out", cal.folder, "--force", "--quiet"], timeout: 600)
        #expect(c.status == 1)
        #expect(c.stderr.contains("holds the input"), "\(c.stderr)")
        #expect(Self.entries(cal.folder) == ["cal.json"])
    }

    @Test("sweep merge --force into one of its own shard folders is refused, and the shard survives")
    func mergeIntoAShard() throws {
        let (tmp, file) = try Self.smallSweep()
        for k in 1...2 {
            let r = try CLI.run(["sweep", file, "--out", tmp + "/shard\(k)", "--shard", "\(k)/2", "--quiet",
                                 "--set", "buyers.count=20", "--jobs", "1"], timeout: 600)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let runs = CLI.contents(tmp + "/shard1/runs.csv")
        let merge = try CLI.run(["sweep", "merge", tmp + "/shard1", tmp + "/shard2", "--out", tmp + "/shard1", "--force"], timeout: 600)
        #expect(merge.status == 1)
        #expect(merge.stderr.contains("holds the input"), "\(merge.stderr)")
        #expect(CLI.contents(tmp + "/shard1/runs.csv") == runs)
    }

    @Test("calibrate --resume on a finished folder says so and exits 0")
    func resumeFinishedCalibration() throws {
        let cal = try Self.calibration()
        let out = cal.folder + "/out"
        let first = try CLI.run(["calibrate", cal.file, "--out", out, "--quiet", "--jobs", "2"], timeout: 600)
        #expect(first.status == 0, "\(first.stderr)")
        let posterior = CLI.contents(out + "/posterior.csv")
        let again = try CLI.run(["calibrate", cal.file, "--out", out, "--resume", "--jobs", "2"], timeout: 600)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("finished") && !again.stderr.contains("--force"), "\(again.stderr)")
        #expect(CLI.contents(out + "/posterior.csv") == posterior)
    }

    @Test("A scenario named like a comparison file fails before any run", arguments: ["compare.csv", "manifest.json"])
    func compareNameClash(_ name: String) throws {
        let (tmp, file) = try Self.scenario(name: name)
        let (_, reference) = try Self.scenario()
        let r = try CLI.run(["compare", reference, file, "--out", tmp + "/out", "--replications", "2"], timeout: 600)
        #expect(r.status == 1)
        #expect(r.stderr.contains("the scenario named \(name)") && !r.stdout.contains("written to"), "\(r.stderr)")
        #expect(Self.entries(tmp) == ["s.json"])
    }

    // MARK: 3. The environment's faults

    @Test("A write past ulimit -f names the file and the cause, not the scenario, and leaves nothing")
    func fileSizeLimit() throws {
        let (tmp, file) = try Self.scenario()
        let r = try Self.shell("ulimit -f 20; exec \"$M\" run '\(file)' --out '\(tmp)/out' --quiet")
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.hasPrefix("marketsim: cannot write \(tmp)/.out.partial-") && r.stderr.contains("File too large"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains(file))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(Self.entries(tmp) == ["s.json"], "left \(Self.entries(tmp))")
    }

    @Test("report past ulimit -f names report.html and the cause, and leaves the run folder as it was")
    func reportFileSizeLimit() throws {
        let (tmp, file) = try Self.scenario()
        let run = try CLI.run(["run", file, "--out", tmp + "/run", "--quiet"], timeout: 600)
        #expect(run.status == 0, "\(run.stderr)")
        let before = Self.entries(tmp + "/run")
        let r = try Self.shell("ulimit -f 30; exec \"$M\" report '\(tmp)/run'")
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr == "marketsim: cannot write \(tmp)/run/report.html: File too large\n", "\(r.stderr)")
        #expect(Self.entries(tmp + "/run") == before)
    }

    @Test("A 300-character folder name gives the system's cause")
    func longName() throws {
        let (tmp, file) = try Self.scenario()
        let r = try CLI.run(["run", file, "--out", tmp + "/" + String(repeating: "a", count: 300), "--quiet"], timeout: 600)
        #expect(r.status == 1)
        #expect(r.stderr.contains("File name too long") && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        #expect(Self.entries(tmp) == ["s.json"])
    }

    @Test("A dangling or looping symbolic link as --out, or on the way to it, is named with its cause")
    func brokenLinks() throws {
        let (tmp, file) = try Self.scenario()
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: tmp + "/dangling", withDestinationPath: tmp + "/missing/folder")
        try fm.createSymbolicLink(atPath: tmp + "/loop1", withDestinationPath: tmp + "/loop2")
        try fm.createSymbolicLink(atPath: tmp + "/loop2", withDestinationPath: tmp + "/loop1")
        for (out, cause) in [("dangling", "points to nothing"), ("loop1", "loops"), ("loop1/run", "loops")] {
            let r = try CLI.run(["run", file, "--out", tmp + "/" + out, "--force", "--quiet"], timeout: 600)
            #expect(r.status == 1)
            #expect(r.stderr.contains("is a symbolic link that \(cause)") && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        }
        #expect(Self.entries(tmp) == ["dangling", "loop1", "loop2", "s.json"])
    }

    @Test("An error while standard error cannot be written exits 1, not a trap")
    func unwritableStandardError() throws {
        let r = try Self.shell("\"$M\" validate /nonexistent/s.json 2>/dev/full")
        #expect(r.status == 1, "exit \(r.status)")
    }

    @Test("schema exits non-zero when standard output cannot be written (columns, longer than the buffer, exited 0)",
          arguments: [["schema"], ["scenarios"], ["costs"], ["columns"]])
    func unwritableStandardOutput(_ command: [String]) throws {
        let r = try Self.shell("\"$M\" \(command.joined(separator: " ")) >/dev/full")
        #expect(r.status == 1, "exit \(r.status)")
        #expect(r.stderr.contains("cannot write standard output: No space left on device"), "\(r.stderr)")
    }

    @Test("The memory estimate honours the address-space limit (ulimit -v)")
    func addressSpaceLimit() throws {
        let tmp = try CLI.temporaryFolder("rel2-as")
        let r = try Self.shell("ulimit -v 1000000; exec \"$M\" run base --set buyers.count=20000000 --set months=2 --out '\(tmp)/out' --quiet --jobs 1")
        #expect(r.status == 1, "exit \(r.status): \(r.stderr.prefix(300))")
        #expect(r.stderr.contains("ulimit -v") && !r.stderr.contains("failed to allocate"), "\(r.stderr.prefix(300))")
        // The limit it was given and what the program's own mappings took of it.
        #expect(r.stderr.contains("of 977 MB leaves after the program's own"), "\(r.stderr.prefix(400))")
        #expect(Self.entries(tmp).isEmpty)
    }
}
