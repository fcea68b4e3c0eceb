import Foundation
import MarketModel
import Reporting
import Synchronization
import TestSupport
import Testing
@testable import Experiments
import ScenarioFormat

/// The project's own fuzzer, run by `scripts/test` with a fixed seed: mutants of the
/// shipped scenarios, sweep files, run folders and sweep shard folders, each checked for
/// no crash (a crash ends the test process, and the case is in `lastCase`), no hang (a
/// time limit per case), the file named in every error, and no output on rejection.
///
/// Most mutants are only validated (a few milliseconds each); a sample of the accepted
/// ones is simulated with a tiny population. `MARKETSIM_FUZZ_SCALE` multiplies the
/// counts for a longer campaign; `MARKETSIM_FUZZ_SEED` changes the seed.
@Suite("Fuzz: mutated inputs", .serialized)
struct FuzzTests {
    static let scale = Double(ProcessInfo.processInfo.environment["MARKETSIM_FUZZ_SCALE"] ?? "") ?? 1
    static let seed = UInt64(ProcessInfo.processInfo.environment["MARKETSIM_FUZZ_SEED"] ?? "") ?? 20_261_201
    static func count(_ n: Int) -> Int { max(1, Int(Double(n) * scale)) }
    /// Where the case being checked is written first, to reproduce a crash.
    static let lastCase = FileManager.default.temporaryDirectory.path + "/marketsim-fuzz-last-case"

    /// A workspace with a copy of base.json, so mutants of files that extend it resolve.
    static func workspace(_ label: String) throws -> String {
        let folder = temporaryFolder(label)
        try FileManager.default.createDirectory(atPath: folder + "/sweeps", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Scenarios/base.json", toPath: folder + "/base.json")
        return folder
    }

    /// True when the issue names the mutant or another file that exists (the base it
    /// extends, a shipped scenario it names), as the user would have to edit it.
    static func namesAFile(_ issue: ScenarioIssue, _ mutant: String) -> Bool {
        guard let origin = issue.origin else { return false }
        return origin == mutant || FileManager.default.fileExists(atPath: origin)
    }

    static func record(_ text: String, kind: String) {
        try? Data("\(kind)\n\(text)".utf8).write(to: URL(fileURLWithPath: lastCase))
    }

    /// Writes `text` to `file` and validates it with `load` under the watchdog: nil when
    /// validation hung (recorded), else its outcome, a rejection's issues checked to name
    /// a file and to quote no long value.
    static func validate<T: Sendable>(_ text: String, at file: String, kind: String,
                                      _ load: @escaping @Sendable () throws(ScenarioError) -> T) throws -> Result<T, ScenarioError>? {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        record(text, kind: kind)
        guard let outcome = Watchdog.run(seconds: 20, { () -> Result<T, ScenarioError> in
            do throws(ScenarioError) { return .success(try load()) } catch { return .failure(error) }
        }) else {
            Issue.record("\(kind) validation hung on the case in \(lastCase)")
            return nil
        }
        if case .failure(let error) = outcome {
            for issue in error.issues {
                #expect(namesAFile(issue, file), "an error names no file: \(issue) (case in \(lastCase))")
                #expect(issue.description.utf8.count < 2_000, "a message quotes a long value: \(issue.description.prefix(300))")
            }
        }
        return outcome
    }

    @Test("Mutated scenarios: rejected naming their file, or accepted and run without hanging")
    func scenarios() throws {
        let started = Date()
        let folder = try Self.workspace("fuzz-scenarios")
        let sources = ["base.json", "bull.json", "bear.json", "examples/minimal.json"].map {
            try! String(contentsOfFile: repositoryRoot + "/Scenarios/" + $0, encoding: .utf8)
        }
        var random = FuzzRandom(seed: Self.seed)
        let file = folder + "/mutant.json"
        var tally = Tally()
        for _ in 0..<Self.count(3_000) {
            let text = FuzzMutator.mutate(json: random.pick(sources), random: &random)
            guard let outcome = try Self.validate(text, at: file, kind: "scenario", { () throws(ScenarioError) in
                try ScenarioFile.load(file)
            }) else { return }
            switch outcome {
            case .failure:
                tally.rejected += 1
            case .success(let loaded):
                tally.accepted += 1
                // A sample of the accepted mutants runs, with a tiny population.
                guard tally.accepted % 6 == 0 else { continue }
                guard let small = try? ScenarioFile.load(file, overrides: ["buyers.count=20", "months=4"]) else { continue }
                let estimate = ResourceEstimate.replications(small.compiled, replications: 1, jobs: 1)
                #expect(estimate.peakBytes > 0 && estimate.events > 0, "\(estimate)")
                _ = loaded
                guard estimate.events < 2_000_000 else { continue }
                guard let run = Watchdog.run(seconds: 30, { () -> Bool in
                    var simulation = MarketSimulation(compiled: small.compiled, seed: 7, replication: 0)
                    return (try? simulation.run()) != nil
                }) else {
                    Issue.record("a run hung on the case in \(Self.lastCase) (with buyers.count=20, months=4)")
                    return
                }
                if run { tally.ran += 1 }
            }
        }
        tally.report("scenario", since: started)
    }

    @Test("Mutated sweep files: rejected naming their file, or estimated, checked and run")
    func sweepFiles() throws {
        let started = Date()
        let folder = try Self.workspace("fuzz-sweeps")
        let sources = ["gap.json", "small.json", "sobol.json"].map {
            try! String(contentsOfFile: repositoryRoot + "/Scenarios/sweeps/" + $0, encoding: .utf8)
        }
        var random = FuzzRandom(seed: Self.seed &+ 1)
        let file = folder + "/sweeps/mutant.json"
        var tally = Tally()
        for index in 0..<Self.count(1_800) {
            var text = FuzzMutator.mutate(json: random.pick(sources), random: &random)
            // Keep the accepted ones cheap to run: tiny populations unless the mutant
            // itself changed these overrides.
            if var value = try? JSONParser.parse(text, file: "fuzz"), case .object(var object) = value,
               case .object(var overrides)? = object["overrides"], random.chance(0.9) {
                overrides["buyers.count"] = 20
                overrides["months"] = 4
                object["overrides"] = .object(overrides)
                value = .object(object)
                text = value.prettyText
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            Self.record(text, kind: "sweep")
            guard let outcome = Watchdog.run(seconds: 20, { () -> Result<SweepFile, ScenarioError> in
                do throws(ScenarioError) { return .success(try SweepFile.load(file)) } catch { return .failure(error) }
            }) else {
                Issue.record("sweep validation hung on the case in \(Self.lastCase)")
                return
            }
            switch outcome {
            case .failure(let error):
                tally.rejected += 1
                for issue in error.issues {
                    #expect(Self.namesAFile(issue, file), "an error names no file: \(issue)")
                    #expect(issue.description.utf8.count < 2_000, "a message quotes a long value: \(issue.description.prefix(300))")
                }
            case .success(let sweepFile):
                tally.accepted += 1
                let sweep = MarketSweep(file: sweepFile)
                guard let estimate = Watchdog.run(seconds: 20, { sweep.resourceEstimate(jobs: 2) }) else {
                    Issue.record("the sweep estimate hung on the case in \(Self.lastCase)")
                    return
                }
                #expect(estimate.runs == sweepFile.definition.runCount)
                guard estimate.runs <= 6, estimate.peakBytes < 2e9, estimate.events < 1e6 else { continue }
                let out = folder + "/out-\(index)"
                guard let result = Watchdog.run(seconds: 60, { () -> String? in
                    do throws(ScenarioError) {
                        try sweep.validatePoints(jobs: 1)
                    } catch {
                        return error.issues.allSatisfy { Self.namesAFile($0, file) } ? "rejected" : "\(error)"
                    }
                    do {
                        try sweep.run(folder: out, options: testOptions(jobs: 1))
                        return nil
                    } catch {
                        return "run failed: \(error)"
                    }
                }) else {
                    Issue.record("a sweep hung on the case in \(Self.lastCase)")
                    return
                }
                switch result {
                case nil:
                    tally.ran += 1
                    #expect(FileManager.default.fileExists(atPath: out + "/" + OutputFileNames.Sweep.points))
                    try? FileManager.default.removeItem(atPath: out)
                case "rejected"?:
                    #expect(!FileManager.default.fileExists(atPath: out), "a rejected sweep wrote \(out)")
                case let failure?:
                    Issue.record("the case in \(Self.lastCase): \(failure)")
                }
            }
        }
        tally.report("sweep file", since: started)
    }

    /// A run folder of base.json with 2 replications of 30 buyers over 4 months.
    static func pristineRun(in folder: String) throws -> String {
        let loaded = try ScenarioFile.load(folder + "/base.json", overrides: ["buyers.count=30", "months=4"])
        let output = try OutputDirectory(path: folder + "/pristine", replaceExisting: false)
        let writer = try RunWriter(output: output, compiled: loaded.compiled)
        try ReplicationRunner(compiled: loaded.compiled, seed: 3, replications: 2, jobs: 1).run { try writer.append($0) }
        try writer.finish(manifest: ["scenario": "base"], resolvedScenario: loaded.resolved.value)
        return output.finalPath
    }

    @Test("Damaged run folders: report reads them or names the damaged file, and writes no report")
    func runFolders() throws {
        let started = Date()
        let folder = try Self.workspace("fuzz-runs")
        let pristine = try Self.pristineRun(in: folder)
        let files = ["trajectories.csv", "bands.csv", "summary.csv", "actors.csv"]
        let texts = try files.map { try String(contentsOfFile: pristine + "/" + $0, encoding: .utf8) }
        var random = FuzzRandom(seed: Self.seed &+ 2)
        var tally = Tally()
        let fm = FileManager.default
        for index in 0..<Self.count(500) {
            let damaged = folder + "/case-\(index)"
            try fm.copyItem(atPath: pristine, toPath: damaged)
            let which = random.below(files.count + 1)
            if which == files.count {
                try Data("{\"scenario\": ".utf8).write(to: URL(fileURLWithPath: damaged + "/manifest.json"))
            } else {
                let text = FuzzMutator.mutate(csv: texts[which], random: &random)
                try Data(text.utf8).write(to: URL(fileURLWithPath: damaged + "/" + files[which]))
                Self.record(text, kind: "run folder \(files[which])")
            }
            guard let outcome = Watchdog.run(seconds: 20, { () -> String? in
                do {
                    _ = try HTMLReport.write(folder: damaged)
                    return nil
                } catch {
                    return "\(error)"
                }
            }) else {
                Issue.record("report hung on the case in \(Self.lastCase)")
                return
            }
            if let message = outcome {
                tally.rejected += 1
                #expect(message.contains(damaged + "/"), "the error names no file of the folder: \(message)")
                #expect(!fm.fileExists(atPath: damaged + "/report.html"), "a rejected folder got a report")
            } else {
                tally.accepted += 1
            }
            try fm.removeItem(atPath: damaged)
        }
        tally.report("run folder", since: started)
    }

    @Test("Damaged sweep shard folders: merge joins them or names the damaged folder, and writes nothing")
    func shardFolders() throws {
        let started = Date()
        let folder = try Self.workspace("fuzz-shards")
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Scenarios/sweeps/small.json", toPath: folder + "/sweeps/small.json")
        let sweep = MarketSweep(file: try SweepFile.load(folder + "/sweeps/small.json"))
        let shards = [folder + "/shard-1", folder + "/shard-2"]
        for (k, shard) in shards.enumerated() {
            try sweep.run(folder: shard, options: testOptions(jobs: 1, shard: try ShardSpec(index: k + 1, count: 2)))
        }
        let files = [OutputFileNames.Sweep.runs, OutputFileNames.Sweep.definition, OutputFileNames.Sweep.state]
        var random = FuzzRandom(seed: Self.seed &+ 3)
        var tally = Tally()
        let fm = FileManager.default
        for index in 0..<Self.count(300) {
            let damaged = folder + "/case-\(index)"
            try fm.createDirectory(atPath: damaged, withIntermediateDirectories: false)
            let copies = shards.enumerated().map { damaged + "/shard-\($0.offset + 1)" }
            for (shard, copy) in zip(shards, copies) { try fm.copyItem(atPath: shard, toPath: copy) }
            let target = random.pick(copies) + "/" + random.pick(files)
            let original = try String(contentsOfFile: target, encoding: .utf8)
            let text = target.hasSuffix(".csv") ? FuzzMutator.mutate(csv: original, random: &random)
                : random.chance(0.2) ? "" : FuzzMutator.mutate(json: original, random: &random)
            if random.chance(0.1) { try fm.removeItem(atPath: target) } else { try Data(text.utf8).write(to: URL(fileURLWithPath: target)) }
            Self.record(text, kind: "shard \(target)")
            let out = damaged + "/merged"
            guard let outcome = Watchdog.run(seconds: 20, { () -> String? in
                do throws(SweepError) {
                    try SweepMerge.merge(shardFolders: copies, into: out)
                    return nil
                } catch {
                    return error.description
                }
            }) else {
                Issue.record("merge hung on the case in \(Self.lastCase)")
                return
            }
            if let message = outcome {
                tally.rejected += 1
                #expect(message.contains(damaged + "/shard-"), "the error names no shard folder: \(message)")
                #expect(!fm.fileExists(atPath: out), "a failed merge left \(out)")
            } else {
                tally.accepted += 1
            }
            try fm.removeItem(atPath: damaged)
        }
        tally.report("shard set", since: started)
    }
}

/// What a campaign did, printed for the CI log.
struct Tally {
    var accepted = 0
    var rejected = 0
    var ran = 0

    func report(_ kind: String, since started: Date) {
        print("fuzz: \(accepted + rejected) \(kind) mutants (\(rejected) rejected, \(accepted) accepted, \(ran) run) in "
              + String(format: "%.1f s", Date().timeIntervalSince(started)) + " (MARKETSIM_FUZZ_SEED=\(FuzzTests.seed))")
    }
}

/// Runs a case on its own thread with a time limit: nil when it did not finish (a hang;
/// the thread is left to itself, the test fails).
enum Watchdog {
    static func run<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
        let box = WatchdogBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.set(body())
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.get()
    }
}

private final class WatchdogBox<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)
    func set(_ v: T) { value.withLock { $0 = v } }
    func get() -> T? { value.withLock { $0 } }
}
