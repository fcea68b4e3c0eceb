import Foundation
import TestSupport
import Testing

/// The fuzzer's process-level pass (the in-process campaign is `FuzzTests` in
/// ExperimentsTests): mutants of the shipped scenarios and sweep files given to the
/// `marketsim` binary, with a fixed seed. Each must end within its time limit, never
/// by a signal (a crash), and when it rejects its input (exit 1) must name the file
/// and leave nothing but the input in its folder.
@Suite("Fuzz: mutated inputs through the binary", .serialized)
struct CLIFuzzTests {
    /// SplitMix64, as in the in-process fuzzer.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// One textual mutation: a number or a string's content replaced, a line dropped,
    /// or a byte changed.
    static func mutate(_ text: String, _ random: inout Random) -> String {
        var bytes = Array(text.utf8)
        let isNumberByte = { (b: UInt8) in (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x65 || b == 0x2B }
        switch random.below(4) {
        case 0, 1:
            // Tokens: a run of number bytes after ':', ',' or '[' (spaces skipped), or a string's content.
            var tokens: [Range<Int>] = []
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x22 {
                    var j = i + 1
                    while j < bytes.count && bytes[j] != 0x22 { j += bytes[j] == 0x5C ? 2 : 1 }
                    if j < bytes.count { tokens.append(i + 1..<j) }
                    i = j + 1
                } else if isNumberByte(bytes[i]) && i > 0 && [0x3A, 0x2C, 0x5B, 0x20].contains(bytes[i - 1]) {
                    var j = i
                    while j < bytes.count && isNumberByte(bytes[j]) { j += 1 }
                    tokens.append(i..<j)
                    i = j
                } else {
                    i += 1
                }
            }
            guard !tokens.isEmpty else { return text }
            let token = random.pick(tokens)
            let isString = token.lowerBound > 0 && bytes[token.lowerBound - 1] == 0x22
            let replacement = isString
                ? random.pick(["", "..", "a/b", "x\\ny", "\\u0000", "9999-12-31", "gap_points", "final", String(repeating: "z", count: 3000)])
                : random.pick(["0", "-1", "1e-9", "1e-320", "1e308", "36501", "20000000", "1000000000", "0.5", "601"])
            bytes.replaceSubrange(token, with: Array(replacement.utf8))
        case 2:
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            lines.remove(at: random.below(lines.count))
            return lines.joined(separator: "\n")
        default:
            let at = random.below(bytes.count)
            bytes[at] = random.pick(Array("{}[]:,\"0-.e\n".utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let root = CLI.root + "/Scenarios/"

    @Test("Mutated scenarios and sweep files through marketsim run and sweep")
    func mutants() throws {
        var random = Random(state: 20_261_201)
        let scenarios = try ["base.json", "bull.json", "bear.json", "examples/minimal.json"].map {
            try String(contentsOfFile: Self.root + $0, encoding: .utf8)
        }
        let sweeps = try ["sweeps/small.json", "sweeps/gap.json", "sweeps/sobol.json"].map {
            try String(contentsOfFile: Self.root + $0, encoding: .utf8)
        }
        var counts = (accepted: 0, rejected: 0)
        for index in 0..<60 {
            let tmp = try CLI.temporaryFolder("clifuzz")
            try FileManager.default.copyItem(atPath: Self.root + "base.json", toPath: tmp + "/base.json")
            try FileManager.default.createDirectory(atPath: tmp + "/sweeps", withIntermediateDirectories: true)
            let isSweep = index % 3 == 2
            let file = tmp + (isSweep ? "/sweeps/mutant.json" : "/mutant.json")
            try CLI.write(Self.mutate(random.pick(isSweep ? sweeps : scenarios), &random), to: file)
            let arguments = isSweep
                ? ["sweep", file, "--out", tmp + "/out", "--quiet", "--jobs", "1", "--stop-after-runs", "1"]
                : ["run", file, "--out", tmp + "/out", "--quiet", "--jobs", "1", "--replications", "1",
                   "--set", "buyers.count=20", "--set", "months=3"]
            let r = try CLI.run(arguments, timeout: 60)
            #expect(!r.timedOut, "hang: \(arguments) on \(file)")
            #expect(r.status == 0 || r.status == 1 || r.status == 130, "exit \(r.status) (a crash?) on \(file): \(r.stderr.prefix(500))")
            let before = isSweep ? ["base.json", "sweeps"] : ["base.json", "mutant.json", "sweeps"]
            if r.status == 1 && !r.stderr.contains("saved in") {
                counts.rejected += 1
                #expect(r.stderr.contains(file) || r.stderr.contains(tmp + "/base.json"), "the error names no file: \(r.stderr.prefix(500))")
                let left = ((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).sorted()
                #expect(left == before, "a rejected input left \(left) in \(tmp)")
                #expect(r.stderr.utf8.count < 20_000, "the error quotes long values")
            } else {
                counts.accepted += 1
                try? FileManager.default.removeItem(atPath: tmp)
            }
        }
        print("fuzz: 60 mutants through the binary (\(counts.rejected) rejected, \(counts.accepted) accepted)")
    }

    /// A run, a sweep and a calibration folder written by the binary, small and fast.
    static func pristineFolders(in tmp: String) throws -> (run: String, sweep: String, calibration: String) {
        try FileManager.default.copyItem(atPath: root + "base.json", toPath: tmp + "/base.json")
        let (run, sweep, calibration) = (tmp + "/run", tmp + "/sweep", tmp + "/calibration")
        let ran = try CLI.run(["run", tmp + "/base.json", "--out", run, "--quiet", "--replications", "2",
                               "--set", "buyers.count=30", "--set", "months=4"])
        try #require(ran.status == 0, "\(ran.stderr)")
        try CLI.write("""
            {"base": "base.json", "design": "grid", "replications": 2, "seed": 5, "overrides": {"buyers.count": 30, "months": 6},
             "parameters": [{"path": "segments[0].distillability", "name": "coding_distillability", "levels": [0.3, 0.8]}],
             "outcomes": [{"name": "gap_points_final", "metric": "gap_points", "at": "final"}]}
            """, to: tmp + "/sweep.json")
        let swept = try CLI.run(["sweep", tmp + "/sweep.json", "--out", sweep, "--quiet"])
        try #require(swept.status == 0, "\(swept.stderr)")
        try CLI.write("""
            {"base": "base.json", "particles": 6, "replications": 1, "generations": 1, "seed": 3,
             "overrides": {"buyers.count": 30, "months": 26},
             "parameters": [{"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]}],
             "targets": [{"name": "gap_2024_10", "fact": "H1", "metric": "gap_points", "at": "2024-10-01", "observed": 17.5,
                          "interval": [15, 20]}]}
            """, to: tmp + "/calibration.json")
        let calibrated = try CLI.run(["calibrate", tmp + "/calibration.json", "--out", calibration, "--quiet"])
        try #require(calibrated.status == 0, "\(calibrated.stderr)")
        // compare takes no --set: small scenarios of its own.
        for name in ["base", "bull"] {
            try CLI.write(#"{"extends": "\#(name)", "name": "small-\#(name)", "buyers": {"count": 20}, "months": 3}"#, to: tmp + "/small-\(name).json")
        }
        return (run, sweep, calibration)
    }

    /// A copy of `folder` at `copy` with one of its CSV or JSON files mutated (one of
    /// `files`, the ones the command reads, when given); returns that file.
    static func damagedCopy(of folder: String, at copy: String, files: [String] = [], _ random: inout Random) throws -> String {
        try FileManager.default.copyItem(atPath: folder, toPath: copy)
        let names = files.isEmpty ? (FileManager.default.enumerator(atPath: copy)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }.sorted() : files
        let file = copy + "/" + random.pick(names)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try CLI.write(random.below(8) == 0 ? text.split(separator: "\n").prefix(1).joined() + "\n" : mutate(text, &random), to: file)
        return file
    }

    @Test("Damaged run, sweep and calibration folders through report, discover, run and compare --posterior")
    func damagedFolders() throws {
        var random = Random(state: 20_261_206)
        print("fuzz: damaged folders through the binary, seed 20261206")
        let tmp = try CLI.temporaryFolder("clifuzz-folders")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let pristine = try Self.pristineFolders(in: tmp)
        var counts = (accepted: 0, rejected: 0)
        for index in 0..<48 {
            let copy = tmp + "/case-\(index)"
            let arguments: [String], folder: String, leftovers: [String], files: [String]
            switch index % 4 {
            case 0:
                let isRun = random.below(2) == 0
                folder = isRun ? pristine.run : pristine.sweep
                files = isRun ? ["trajectories.csv", "bands.csv", "summary.csv", "events.csv", "scenario.json", "manifest.json"]
                    : ["runs.csv", "points.csv", "manifest.json"]
                arguments = ["report", copy]
                leftovers = [copy + "/report.html"]
            case 1:
                folder = pristine.sweep
                files = ["runs.csv", "points.csv"]
                arguments = ["discover", copy, "--outcome", "gap_points_final", "--above", "10", "--out", copy + "/discover-out"]
                leftovers = [copy + "/discover-out"]
            case 2:
                folder = pristine.calibration
                files = ["posterior.csv", "calibration.json"]
                arguments = ["run", "--posterior", copy, "--replications", "2", "--set", "buyers.count=20", "--set", "months=3",
                             "--out", tmp + "/out-\(index)", "--quiet"]
                leftovers = [tmp + "/out-\(index)"]
            default:
                folder = pristine.calibration
                files = ["posterior.csv", "calibration.json"]
                arguments = ["compare", tmp + "/small-base.json", tmp + "/small-bull.json", "--posterior", copy, "--replications", "2",
                             "--out", tmp + "/out-\(index)"]
                leftovers = [tmp + "/out-\(index)"]
            }
            let file = try Self.damagedCopy(of: folder, at: copy, files: files, &random)
            let r = try CLI.run(arguments, timeout: 60)
            #expect(!r.timedOut, "hang: \(arguments) with \(file) damaged")
            #expect(r.status == 0 || r.status == 1, "exit \(r.status) (a crash?) with \(file) damaged: \(r.stderr.prefix(500))")
            if r.status == 1 {
                counts.rejected += 1
                let message = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(message.contains(copy + "/"), "the error names no file of \(copy): \(message.prefix(500))")
                #expect(!message.contains("\n"), "the error is more than one line: \(message.prefix(500))")
                #expect(message.utf8.count < 2_000, "the error quotes long values: \(message.prefix(300))")
                for path in leftovers {
                    #expect(!FileManager.default.fileExists(atPath: path), "\(arguments[0]) rejected \(file) and left \(path)")
                }
            } else {
                counts.accepted += 1
            }
            try? FileManager.default.removeItem(atPath: copy)
            try? FileManager.default.removeItem(atPath: tmp + "/out-\(index)")
        }
        print("fuzz: 48 damaged folders through the binary (\(counts.rejected) rejected, \(counts.accepted) accepted)")
    }

    @Test("Damaged folders through the Python package's load(): OutputFolderError naming the file, or the tables",
          .enabled(if: NotebookTools.python3 != nil, "python3 is not on the PATH; it is needed to create .venv"),
          .timeLimit(.minutes(10)))
    func pythonLoad() throws {
        let venv = try NotebookTools.pythonEnvironment()
        var random = Random(state: 20_261_207)
        print("fuzz: damaged folders through Python, seed 20261207")
        let tmp = try CLI.temporaryFolder("clifuzz-python")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let pristine = try Self.pristineFolders(in: tmp)
        var cases: [String] = []
        for index in 0..<40 {
            let copy = tmp + "/case-\(index)"
            _ = try Self.damagedCopy(of: [pristine.run, pristine.sweep, pristine.calibration][index % 3], at: copy, &random)
            cases.append(copy)
        }
        // One interpreter for every case: each folder loaded and every table read, one
        // JSON line per case. A negative option value must reach the binary as a value.
        try CLI.write("""
            import json, sys, marketsim
            for folder in sys.argv[1:]:
                try:
                    result = marketsim.load(folder)
                    for name in result.table_names:
                        result.table(name)
                    outcome = ["ok", ""]
                except Exception as error:
                    outcome = [type(error).__name__, str(error)]
                print(json.dumps([folder] + outcome), flush=True)
            try:
                marketsim.run("base", replications=-1)
            except marketsim.ScenarioError as error:
                print(json.dumps(["replications=-1", "ScenarioError", str(error)]))
            """, to: tmp + "/load.py")
        let r = try CLI.run(program: venv + "/bin/python", [tmp + "/load.py"] + cases, in: tmp,
                           environment: ["MARKETSIM_BINARY": CLI.binary])
        #expect(r.status == 0, "python: \(r.stderr.suffix(2_000))")
        let lines = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }
        #expect(lines.count == cases.count + 1, "\(r.stdout.suffix(2_000))")
        var rejected = 0
        for line in lines where line.count == 3 {
            let (folder, kind, message) = (line[0], line[1], line[2])
            if folder == "replications=-1" {
                #expect(kind == "ScenarioError" && !message.contains("Missing value") && message.contains("replications"), "\(message)")
                continue
            }
            #expect(kind == "ok" || kind == "OutputFolderError", "load(\(folder)) raised \(kind): \(message.prefix(500))")
            if kind == "OutputFolderError" {
                rejected += 1
                #expect(message.hasPrefix(folder + "/") && !message.contains("\n") && message.utf8.count < 2_000,
                        "not one short line naming a file of \(folder): \(message.prefix(500))")
            }
        }
        print("fuzz: \(cases.count) damaged folders through Python's load() (\(rejected) rejected)")
    }

    // MARK: Environment faults

    /// A command of the environment-fault surface: its arguments given the case's
    /// folder and its output path, and what it produces.
    struct FaultCommand {
        enum Product { case standardOutput, folder, report }
        let name: String
        let product: Product
        let arguments: (_ folder: String, _ out: String) -> [String]
    }

    /// A fault the case runs under: a resource limit or redirection for the shell, an
    /// --out that cannot be made, or an existing folder replaced with --force under one
    /// of the limits.
    enum Fault {
        case fileSize(blocks: Int), addressSpace(kilobytes: Int), standardOutputFull, standardErrorFull
        case danglingParent, loopingParent, longName
        indirect case force(Fault)

        /// The shell's `ulimit` and redirections for this fault.
        var shell: (limit: String, redirect: String) {
            switch self {
            case .fileSize(let blocks): ("ulimit -f \(blocks); ", "")
            case .addressSpace(let kilobytes): ("ulimit -v \(kilobytes); ", "")
            case .standardOutputFull: ("", " >/dev/full")
            case .standardErrorFull: ("", " 2>/dev/full")
            case .danglingParent, .loopingParent, .longName: ("", "")
            case .force(let inner): inner.shell
            }
        }
        var kind: String {
            switch self {
            case .fileSize: "ulimit -f"
            case .addressSpace: "ulimit -v"
            case .standardOutputFull: ">/dev/full"
            case .standardErrorFull: "2>/dev/full"
            case .danglingParent: "dangling parent"
            case .loopingParent: "looping parent"
            case .longName: "300-character name"
            case .force(let inner): "--force, " + inner.kind
            }
        }
    }

    /// The names in `folder` and the bytes of its CSV files, to compare a folder with
    /// the one written without a fault (manifests and reports hold paths and times).
    static func tables(_ folder: String) -> [String: Data] {
        var tables: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            tables[name] = name.hasSuffix(".csv") ? CLI.contents(folder + "/" + name) ?? Data() : Data()
        }
        return tables
    }

    /// The size of the largest file in `folder`, in 512-byte blocks (dash's `ulimit -f` unit), rounded up.
    static func largestFile(_ folder: String) -> Int {
        let sizes = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map {
            ((try? FileManager.default.attributesOfItem(atPath: folder + "/" + $0)[.size]) as? Int) ?? 0
        }
        return ((sizes.max() ?? 0) + 511) / 512
    }

    @Test("Commands under environment faults: no signal, no hang, a one-line error, no partial folder, --force keeps the old one",
          .timeLimit(.minutes(10)))
    func environmentFaults() throws {
        let seed: UInt64 = 20_261_227
        var random = Random(state: seed)
        print("fuzz: commands under environment faults, seed \(seed)")
        let tmp = try CLI.temporaryFolder("clifuzz-env")
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let fm = FileManager.default
        let base = tmp + "/base.json"
        try fm.copyItem(atPath: Self.root + "base.json", toPath: base)
        for name in ["base", "bull"] {
            try CLI.write(#"{"extends": "\#(name)", "name": "small-\#(name)", "buyers": {"count": 50}, "months": 6}"#, to: tmp + "/small-\(name).json")
        }
        try CLI.write("""
            {"base": "base.json", "design": "grid", "replications": 2, "seed": 5, "overrides": {"buyers.count": 50, "months": 24},
             "parameters": [{"path": "segments[0].distillability", "name": "coding_distillability", "levels": [0.2, 0.5, 0.8]},
                            {"path": "actors.distillers[0].lag.mean_days", "name": "distiller_lag_days", "levels": [30, 90, 180]}],
             "outcomes": [{"name": "gap_points_final", "metric": "gap_points", "at": "final"}]}
            """, to: tmp + "/tiny-sweep.json")
        let commands = [
            FaultCommand(name: "run", product: .folder) { _, out in
                ["run", base, "--set", "buyers.count=50", "--set", "months=6", "--replications", "1", "--jobs", "1", "--out", out] },
            FaultCommand(name: "compare", product: .folder) { _, out in
                ["compare", tmp + "/small-base.json", tmp + "/small-bull.json", "--replications", "2", "--jobs", "1", "--out", out] },
            FaultCommand(name: "sweep", product: .folder) { _, out in ["sweep", tmp + "/tiny-sweep.json", "--jobs", "1", "--out", out] },
            FaultCommand(name: "discover", product: .folder) { _, out in
                ["discover", tmp + "/sweep", "--outcome", "gap_points_final", "--above", "9", "--out", out] },
            FaultCommand(name: "report", product: .report) { folder, _ in ["report", folder + "/run"] },
            FaultCommand(name: "validate", product: .standardOutput) { _, _ in ["validate", base] },
        ] + ["schema", "scenarios", "columns", "costs", "facts"].map { name in
            FaultCommand(name: name, product: .standardOutput) { _, _ in [name] }
        }
        // What each command produces without a fault; the run and sweep folders are the
        // inputs of report and discover.
        // The largest file each writes, in ulimit's 512-byte blocks, bounds the limits drawn
        // for it, so that writes fail at different points of every command.
        var reference: [String: (stdout: String, tables: [String: Data])] = [:]
        var largest: [String: Int] = [:]
        for command in commands where command.name != "report" {
            let out = tmp + (command.name == "run" || command.name == "sweep" ? "/" + command.name : "/reference-" + command.name)
            let r = try CLI.run(command.arguments(tmp, out), timeout: 120)
            try #require(r.status == 0, "\(command.name) without a fault: \(r.stderr)")
            reference[command.name] = (r.stdout, Self.tables(out))
            largest[command.name] = Self.largestFile(out)
        }
        let runTables = Self.tables(tmp + "/run")
        try fm.copyItem(atPath: tmp + "/run", toPath: tmp + "/reference-report")
        try #require(CLI.run(["report", tmp + "/reference-report"], timeout: 120).status == 0)
        largest["report"] = Self.largestFile(tmp + "/reference-report")

        let cases = 300
        var tally: [String: (ok: Int, failed: Int)] = [:]
        for index in 0..<cases {
            let command = random.pick(commands)
            let makesFolder = command.product == .folder
            let blocks = Int(exp(Double(random.below(1_000)) / 1_000 * log(Double(2 * (largest[command.name] ?? 200) + 2)))) - 1
            let limits: [Fault] = [.fileSize(blocks: blocks),
                                   .addressSpace(kilobytes: 90_000 + random.below(500_000)), .standardOutputFull]
            var faults = limits + [.standardErrorFull]
            if makesFolder { faults += [.danglingParent, .loopingParent, .longName, .force(random.pick(limits))] }
            let fault = random.pick(faults)
            let folder = tmp + "/case-\(index)"
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: false)
            var out = folder + "/out"
            switch fault {
            case .danglingParent:
                try fm.createSymbolicLink(atPath: folder + "/dangling", withDestinationPath: folder + "/missing")
                out = folder + "/dangling/out"
            case .loopingParent:
                try fm.createSymbolicLink(atPath: folder + "/loop1", withDestinationPath: folder + "/loop2")
                try fm.createSymbolicLink(atPath: folder + "/loop2", withDestinationPath: folder + "/loop1")
                out = folder + "/loop1/out"
            case .longName:
                out = folder + "/" + String(repeating: "n", count: 300)
            case .force:
                try CLI.write("old\n", to: out + "/old.txt")
            default: break
            }
            if command.product == .report { try fm.copyItem(atPath: tmp + "/run", toPath: folder + "/run") }
            let before = Set(try fm.contentsOfDirectory(atPath: folder))
            var arguments = command.arguments(folder, out)
            if case .force = fault { arguments.append("--force") }
            // The limit holds in a subshell only, so the status line is written whatever
            // it is; `timeout` turns a hang into status 124, and a signal shows as 128+N.
            // SIGXFSZ is set to its default (death) first: the test runner ignores it and
            // its children would inherit that, hiding a binary that does not ignore it.
            let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
            let script = "M='\(CLI.binary)'; (\(fault.shell.limit)exec env --default-signal=XFSZ timeout -k 5 60 \"$M\" \(quoted)"
                + "\(fault.shell.redirect)); echo $? > '\(tmp)/status'"
            try? fm.removeItem(atPath: tmp + "/status")
            let r = try CLI.run(program: "/bin/sh", ["-c", script], in: folder, timeout: 120)
            let status = Int32((CLI.contents(tmp + "/status").map { String(decoding: $0, as: UTF8.self) } ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            let label = "case \(index): \(command.name) under \(fault.kind) (\(fault.shell.limit)\(fault.shell.redirect))"
            #expect(!r.timedOut && status != 124, "hang: \(label)")
            #expect(status >= 0 && status < 126, "\(label): status \(status)\(status > 128 ? ", killed by signal \(status - 128)" : ""): \(r.stderr.prefix(500))")
            let succeeded = status == 0
            tally[fault.kind, default: (0, 0)].ok += succeeded ? 1 : 0
            tally[fault.kind, default: (0, 0)].failed += succeeded ? 0 : 1

            // Output was lost: standard output unwritable for a command whose result is its output.
            if case .standardOutputFull = fault, command.product == .standardOutput {
                #expect(!succeeded, "\(label): exit 0 with its output lost")
            }
            if !succeeded && !fault.shell.redirect.contains("2>") {
                let message = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(!message.isEmpty && !message.contains("\n"), "\(label): not one line: \(message.prefix(500))")
                #expect(message.contains(tmp) || message.contains("--") || message.contains("standard output"),
                        "\(label): names no path or option: \(message.prefix(500))")
            }
            if succeeded, command.product == .standardOutput, fault.shell.redirect.isEmpty {
                #expect(r.stdout == reference[command.name]?.stdout, "\(label): exit 0 with output unlike the reference")
            }
            // No staging folder, and nothing new but the output.
            let after = Set((try? fm.contentsOfDirectory(atPath: folder)) ?? [])
            let outName = (out as NSString).lastPathComponent
            #expect(after.subtracting(before).subtracting([outName]).isEmpty, "\(label): left \(after.subtracting(before).sorted())")
            switch command.product {
            case .report:
                // The run folder gains a whole report.html or nothing (a report written
                // before its "written to" line was lost is whole).
                var left = Self.tables(folder + "/run")
                if left.removeValue(forKey: "report.html") != nil {
                    let html = CLI.contents(folder + "/run/report.html").map { String(decoding: $0, as: UTF8.self) } ?? ""
                    #expect(html.hasSuffix("</html>\n"), "\(label): exit \(status) with a truncated report.html")
                } else {
                    #expect(!succeeded, "\(label): exit 0 without report.html")
                }
                #expect(left == runTables, "\(label): the run folder changed: \(left.keys.sorted())")
            case .folder:
                var isFolder: ObjCBool = false
                let exists = fm.fileExists(atPath: out, isDirectory: &isFolder)
                let tables = Self.tables(out)
                if case .force = fault, !succeeded, tables.keys.contains("old.txt") {
                    #expect(tables.keys.sorted() == ["old.txt"] && CLI.contents(out + "/old.txt") == Data("old\n".utf8),
                            "\(label): the old folder was changed: \(tables.keys.sorted())")
                } else if case .force = fault, !succeeded, !exists {
                    Issue.record("\(label): the old folder was lost")
                } else if exists || succeeded {
                    // A folder, when there is one, is whole: the new one, as without a fault.
                    #expect(tables == reference[command.name]?.tables, "\(label): exit \(status) with \(tables.keys.sorted())")
                }
            case .standardOutput: break
            }
            try? fm.removeItem(atPath: folder)
        }
        let summary = tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.ok) ok / \($0.value.failed) failed" }
        print("fuzz: \(cases) commands under environment faults, seed \(seed): " + summary.joined(separator: ", "))
    }
}
