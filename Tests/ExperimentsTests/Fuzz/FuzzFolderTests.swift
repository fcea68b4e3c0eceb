import Foundation
import MarketModel
import Reporting
import ScenarioFormat
import TestSupport
import Testing
@testable import Experiments

/// The fuzzer's pass over what marketsim reads back: output folders of every kind (a
/// run, a comparison, a Sobol sweep with a discovery, a calibration) with one file
/// damaged, given to every reader that takes them (`report`, `discover`, `run
/// --posterior`), and mutated calibration files given to their validation. Each case
/// must end within its time limit without a crash, and either succeed (a report with
/// finite coordinates only, a posterior that draws particles of positive weight) or
/// fail with one short line naming the damaged folder's file, leaving no report behind.
///
/// `corpus()` replays every past finding (`Corpus/*.case`, one file each, named for
/// what it caught) with the outcome it must have now. Seeded as FuzzTests
/// (`MARKETSIM_FUZZ_SEED`, `MARKETSIM_FUZZ_SCALE`); the seed is printed.
@Suite("Fuzz: damaged output folders, calibration files, the corpus of past findings", .serialized)
struct FuzzFolderTests {
    /// The readers a damaged folder is given.
    enum Reader: String, CaseIterable {
        case report, discover, posterior
    }

    /// The folder kinds, and which readers take each.
    enum Kind: String, CaseIterable {
        case run, compare, sweep, calibration

        var readers: [Reader] {
            switch self {
            case .run, .compare: [.report]
            case .sweep: [.report, .discover]
            case .calibration: [.report, .posterior]
            }
        }
    }

    /// One pristine folder of each kind, written once per test process (a few seconds).
    static let pristine: Result<[Kind: String], InputError> = {
        do {
            return .success(try writePristineFolders())
        } catch {
            return .failure(InputError(path: "fuzz-folders", "cannot write the pristine folders: \(error)"))
        }
    }()

    static func writePristineFolders() throws -> [Kind: String] {
        let folder = try FuzzTests.workspace("fuzz-folders")
        var folders: [Kind: String] = [.run: try FuzzTests.pristineRun(in: folder)]

        // A comparison of base and bull: two run folders, then the comparison's own files.
        let compare = folder + "/compare"
        try FileManager.default.createDirectory(atPath: compare, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Scenarios/bull.json", toPath: folder + "/bull.json")
        var members: [ScenarioComparison.Member] = []
        for name in ["base", "bull"] {
            let loaded = try ScenarioFile.load(folder + "/\(name).json", overrides: ["buyers.count=30", "months=4"])
            let writer = try RunWriter(output: try OutputDirectory(path: compare + "/" + name, replaceExisting: false),
                                       compiled: loaded.compiled)
            try ReplicationRunner(compiled: loaded.compiled, seed: 3, replications: 2, jobs: 1).run { try writer.append($0) }
            try writer.finish(manifest: ["scenario": .string(name)], resolvedScenario: loaded.resolved.value)
            members.append(ScenarioComparison.Member(label: name, folder: writer.output.finalPath, outcomes: writer.outcomes))
        }
        try ScenarioComparison(members: members).write(into: compare)
        try Data(#"{"scenarios": ["base", "bull"], "replications": 2, "seed": 3}"#.utf8)
            .write(to: URL(fileURLWithPath: compare + "/manifest.json"))
        folders[.compare] = compare

        // A Sobol sweep of 64 tiny runs, with a discovery in it as `marketsim discover` writes one.
        let sweepFile = folder + "/sweeps/tiny-sobol.json"
        try Data("""
            {"base": "../base.json", "design": "sobol", "samples": 16, "replications": 1, "seed": 5,
             "overrides": {"buyers.count": 30, "months": 6},
             "parameters": [
               {"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]},
               {"path": "actors.distillers[0].lag.mean_days", "name": "distiller_lag_days", "range": [15, 120]}],
             "outcomes": [{"name": "gap_points_final", "metric": "gap_points", "at": "final"},
                          {"name": "token_share_infra_mean", "metric": "token_share_infra", "at": "mean"}]}
            """.utf8).write(to: URL(fileURLWithPath: sweepFile))
        let sweep = folder + "/sweep"
        try MarketSweep(file: try SweepFile.load(sweepFile)).run(folder: sweep, options: testOptions(jobs: 1))
        let values = try CSVTable.read(path: sweep + "/" + OutputFileNames.Sweep.runs).numbers("gap_points_final").compactMap { $0 }
        let discovery = try ScenarioDiscovery(sweepFolder: sweep, outcome: "gap_points_final", direction: .above,
                                              threshold: values.sorted()[values.count / 2])
        try FileManager.default.createDirectory(atPath: sweep + "/discover-gap_points_final", withIntermediateDirectories: false)
        try discovery.write(into: sweep + "/discover-gap_points_final")
        folders[.sweep] = sweep

        let calibration = folder + "/calibration"
        try MarketCalibration(file: try CalibrationFile.load(try writeCalibrationFile(particles: 6, generations: 1)))
            .run(folder: calibration, options: testOptions(jobs: 1))
        folders[.calibration] = calibration
        return folders
    }

    /// The files of `folder` a damaged copy may have damaged: every CSV and JSON file,
    /// in the folder and its subfolders, relative to it.
    static func damageableFiles(_ folder: String) -> [String] {
        let names = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }.sorted()
    }

    /// What `reader` made of `folder`: nil when it read it, else its message.
    static func read(_ folder: String, with reader: Reader) -> String? {
        do {
            switch reader {
            case .report:
                let html = try String(contentsOfFile: HTMLReport.write(folder: folder), encoding: .utf8)
                try? FileManager.default.removeItem(atPath: folder + "/report.html")
                if let coordinate = nonFiniteCoordinate(html) { return "ACCEPTED with a non-finite coordinate: \(coordinate)" }
            case .discover:
                let discovery = try ScenarioDiscovery(sweepFolder: folder, outcome: "gap_points_final", direction: .above, threshold: 1)
                let bounds = discovery.box.box.lower + discovery.box.box.upper
                if bounds.contains(where: \.isNaN) { return "ACCEPTED with a NaN bound: \(bounds)" }
            case .posterior:
                let posterior = try CalibrationPosterior.load(folder: folder)
                for replication in 0..<4 {
                    let particle = posterior.particle(forReplication: replication, seed: 9)
                    if !posterior.weights.indices.contains(particle) || posterior.weights[particle] <= 0 {
                        return "ACCEPTED and drew particle \(particle) of weights \(posterior.weights)"
                    }
                }
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The CPU time the calling thread has used.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// A number attribute or path coordinate that is `nan` or `inf`, if the page has one.
    static func nonFiniteCoordinate(_ html: String) -> String? {
        html.firstMatch(of: /[ ,="ML]-?(nan|inf)[ ,"LZ]/).map { String($0.output.0) }
    }

    /// Checks a rejection's message: one short line naming a file of `folder`.
    static func checkRejection(_ message: String, folder: String, case label: String) {
        #expect(!message.hasPrefix("ACCEPTED"), "\(label): \(message.prefix(500))")
        #expect(message.contains(folder + "/"), "\(label): the error names no file of the folder: \(message.prefix(500))")
        #expect(!message.contains("\n"), "\(label): the error is more than one line: \(message.prefix(500))")
        #expect(message.utf8.count < 2_000, "\(label): the error quotes a long value: \(message.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: folder + "/report.html"), "\(label): a rejected folder got a report")
    }

    @Test("Damaged run, comparison, sweep and calibration folders: every reader reads them or names the damaged file")
    func damagedFolders() throws {
        let started = Date()
        let folders = try Self.pristine.get()
        var random = FuzzRandom(seed: FuzzTests.seed &+ 10)
        var tally = Tally()
        let counts: [Kind: Int] = [.run: 300, .compare: 400, .sweep: 700, .calibration: 600]
        for kind in Kind.allCases {
            let folder = folders[kind]!
            let files = Self.damageableFiles(folder)
            for _ in 0..<FuzzTests.count(counts[kind]!) {
                let file = folder + "/" + random.pick(files)
                let original = try Data(contentsOf: URL(fileURLWithPath: file))
                let text = String(decoding: original, as: UTF8.self)
                let damaged = file.hasSuffix(".csv") ? FuzzMutator.mutate(csv: text, random: &random)
                    : random.chance(0.2) ? random.pick(["", "[]", "null", "1e308", "\"text\""]) : FuzzMutator.mutate(json: text, random: &random)
                try Data(damaged.utf8).write(to: URL(fileURLWithPath: file))
                FuzzTests.record(damaged, kind: "\(kind.rawValue) folder \(file)")
                for reader in kind.readers {
                    guard let outcome = Watchdog.run(seconds: 20, { Self.read(folder, with: reader) }) else {
                        Issue.record("\(reader) hung on the case in \(FuzzTests.lastCase)")
                        return
                    }
                    if let message = outcome {
                        tally.rejected += 1
                        Self.checkRejection(message, folder: folder, case: "\(reader) of \(file) in \(FuzzTests.lastCase)")
                    } else {
                        tally.accepted += 1
                    }
                }
                try original.write(to: URL(fileURLWithPath: file))
            }
        }
        tally.report("damaged folder", since: started)
    }

    @Test("Mutated calibration files: rejected naming their file, or accepted")
    func calibrationFiles() throws {
        let started = Date()
        let folder = try FuzzTests.workspace("fuzz-calibration-files")
        try FileManager.default.createDirectory(atPath: folder + "/calibration", withIntermediateDirectories: false)
        let sources = [try String(contentsOfFile: repositoryRoot + "/Scenarios/calibration/history.json", encoding: .utf8),
                       try String(contentsOfFile: try writeCalibrationFile(), encoding: .utf8)]
        var random = FuzzRandom(seed: FuzzTests.seed &+ 11)
        let file = folder + "/calibration/mutant.json"
        var tally = Tally()
        for _ in 0..<FuzzTests.count(1_500) {
            let text = FuzzMutator.mutate(json: random.pick(sources), random: &random)
            guard let outcome = try FuzzTests.validate(text, at: file, kind: "calibration file", { () throws(ScenarioError) in
                try CalibrationFile.load(file)
            }) else { return }
            if case .success = outcome { tally.accepted += 1 } else { tally.rejected += 1 }
        }
        tally.report("calibration file", since: started)
    }

    @Test("The corpus: every past finding has the outcome it must have now")
    func corpus() throws {
        let started = Date()
        let folders = try Self.pristine.get()
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Corpus"
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".case") }.sorted()
        #expect(names.count >= 10, "the corpus lost its cases: \(names)")
        for name in names {
            let corpusCase = try FuzzCorpusCase(path: corpus + "/" + name)
            let folder = folders[corpusCase.kind]!
            let file = folder + "/" + corpusCase.file
            let original = try Data(contentsOf: URL(fileURLWithPath: file))
            try Data(corpusCase.damaged(String(decoding: original, as: UTF8.self)).utf8).write(to: URL(fileURLWithPath: file))
            defer { try? original.write(to: URL(fileURLWithPath: file)) }
            // The limit is on the reader thread's CPU time, which other processes on the
            // machine do not stretch; the wall-clock watchdog only catches a hang.
            guard let (outcome, seconds) = Watchdog.run(seconds: 120, { () -> (String?, Double) in
                let start = Self.threadCPUSeconds()
                let outcome = Self.read(folder, with: corpusCase.reader)
                return (outcome, Self.threadCPUSeconds() - start)
            }) else {
                Issue.record("\(name): \(corpusCase.reader) hung")
                continue
            }
            #expect(seconds < corpusCase.seconds, "\(name): \(corpusCase.reader) took \(seconds) s of CPU, over \(corpusCase.seconds) s")
            switch (corpusCase.expected, outcome) {
            case (.accepted, nil): break
            case (.accepted, let message?): Issue.record("\(name): \(message.prefix(500))")
            case (.rejected, nil): Issue.record("\(name): \(corpusCase.reader) accepted the folder")
            case (.rejected(let location), let message?):
                Self.checkRejection(message, folder: folder, case: name)
                #expect(message.hasPrefix(folder + "/" + location) || message.contains(" " + folder + "/" + location)
                        || message.contains("(" + folder + "/" + location),
                        "\(name): \(message.prefix(500)) does not point at \(location)")
            }
        }
        print("fuzz: \(names.count) corpus cases in " + String(format: "%.1f s", Date().timeIntervalSince(started)))
    }
}

/// One past finding in `Corpus/`: which pristine folder, which file of it, how it is
/// damaged, which reader takes it, and the outcome it must have. The file is a few
/// `key: value` lines (comment lines start with `#`):
///
///     kind: sweep                   run, compare, sweep or calibration
///     file: sensitivity.csv         relative to the folder
///     reader: report                report, discover or posterior
///     damage: cell 2 total_ci_high 1e308
///     expect: rejected sensitivity.csv:2:
///     seconds: 8                    the limit on the reader's CPU time (20 unless given)
///
/// Damage is one or more of (separated by `;`) `cell LINE COLUMN VALUE` (a CSV cell by line and column name),
/// `column VALUE` (every cell of the column named after `column`, e.g. `column weight 0`),
/// `rename OLD NEW` (a header name), `header-only`, `repeat-last-row N`, and `text`
/// (the file becomes the rest of the case after a line `---`).
struct FuzzCorpusCase {
    enum Expected {
        case accepted
        /// The message must point at this path (relative to the folder), line and column.
        case rejected(String)
    }

    let kind: FuzzFolderTests.Kind
    let file: String
    let reader: FuzzFolderTests.Reader
    /// The damages, in order; each a list of words.
    let damage: [[String]]
    let text: String
    let expected: Expected
    let seconds: Double

    init(path: String) throws {
        let content = try String(contentsOfFile: path, encoding: .utf8)
        let parts = content.components(separatedBy: "\n---\n")
        var fields: [String: String] = [:]
        for line in parts[0].split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { throw InputError(path: path, "not a key: value line: \(line)") }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        func field(_ key: String) throws -> String {
            guard let value = fields[key] else { throw InputError(path: path, "no \(key)") }
            return value
        }
        guard let kind = FuzzFolderTests.Kind(rawValue: try field("kind")),
              let reader = FuzzFolderTests.Reader(rawValue: try field("reader")) else {
            throw InputError(path: path, "unknown kind or reader")
        }
        self.kind = kind
        self.reader = reader
        file = try field("file")
        damage = try field("damage").split(separator: ";").map { $0.split(separator: " ").map(String.init) }
        text = parts.count > 1 ? parts[1] : ""
        let expect = try field("expect")
        expected = expect == "accepted" ? .accepted : .rejected(String(expect.dropFirst("rejected ".count)))
        seconds = Double(fields["seconds"] ?? "") ?? 20
    }

    /// The pristine file's text with the damage done.
    func damaged(_ original: String) throws -> String {
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else { throw InputError(path: file, "no column \(name)") }
            return index
        }
        func setCell(_ line: Int, _ column: Int, _ value: String) {
            var cells = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[column] = value
            lines[line - 1] = cells.joined(separator: ",")
        }
        for damage in damage {
            switch damage[0] {
            case "cell": setCell(Int(damage[1])!, try column(damage[2]), damage[3])
            case "column":
                let index = try column(damage[1])
                for line in stride(from: 2, through: lines.count, by: 1) { setCell(line, index, damage[2]) }
            case "rename": setCell(1, try column(damage[1]), damage[2])
            case "header-only": lines = [lines[0]]
            case "repeat-last-row": lines += Array(repeating: lines.last!, count: Int(damage[1])!)
            case "text": return text
            default: throw InputError(path: file, "unknown damage \(damage[0])")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
