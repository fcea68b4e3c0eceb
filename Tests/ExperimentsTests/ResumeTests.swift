import Foundation
import Reporting
import TestSupport
import Testing
@testable import Experiments

@Suite("Resume")
struct ResumeTests {
    /// An uninterrupted sweep of `d` in a fresh folder.
    func reference(_ d: SweepDefinition) throws -> String {
        let folder = temporaryFolder()
        try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 2)).run(evaluate: toyModel)
        return folder
    }

    @Test("a journal with a torn last line resumes to the uninterrupted sweep's bytes")
    func tornLine() throws {
        let d = try toyDefinition(design: .sobol, samples: 8, replications: 2)
        let full = try reference(d)
        let runs = try contents(full + "/" + OutputFileNames.Sweep.runs)
        // Keep the header and some rows, and cut the next row in the middle, as a
        // process killed mid-write leaves it.
        let newlines = runs.indices.filter { runs[$0] == 0x0A }
        let keptRows = 23
        let cut = newlines[keptRows] + 1 + 7
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try runs.prefix(cut).write(to: URL(fileURLWithPath: folder + "/" + OutputFileNames.Sweep.runs))
        try Data((d.canonicalJSON + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/" + OutputFileNames.Sweep.definition))
        try SweepState(sweepHash: d.hash, shard: .whole, status: .running).write(folder: folder)

        let recorder = Recorder()
        let summary = try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 3, resume: true)).run { spec in
            recorder.record(spec)
            return toyModel(spec)
        }
        #expect(summary.runsExecuted == d.runCount - keptRows)
        #expect(Set(recorder.recordedSeeds.keys) == Set(keptRows..<d.runCount))
        for file in deterministicFiles + [OutputFileNames.Sweep.sensitivity] {
            #expect(try contents(full + "/" + file) == contents(folder + "/" + file), "\(file) differs")
        }
    }

    @Test("a cancelled sweep fails with a resume hint and resumes to identical bytes")
    func cancelled() throws {
        let d = try toyDefinition(samples: 30, replications: 2)
        let full = try reference(d)
        let folder = temporaryFolder()
        let cancellation = SweepCancellation()
        let error = #expect(throws: SweepError.self) {
            try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 2, cancellation: cancellation)).run { spec in
                if spec.runID == 20 { cancellation.cancel() }
                return toyModel(spec)
            }
        }
        #expect(error?.isInterrupted == true)
        #expect(error?.description.contains("--resume") == true)
        #expect(try SweepState.read(folder: folder).status == .running)
        #expect(!FileManager.default.fileExists(atPath: folder + "/" + OutputFileNames.Sweep.points))
        let saved = try String(contentsOfFile: folder + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n").count - 1
        #expect(saved < d.runCount)

        let summary = try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 1, resume: true)).run(evaluate: toyModel)
        #expect(summary.runsExecuted == d.runCount - saved)
        for file in deterministicFiles {
            #expect(try contents(full + "/" + file) == contents(folder + "/" + file), "\(file) differs")
        }
    }

    @Test("resuming with a changed definition is an error naming both hashes")
    func changedDefinition() throws {
        let d = try toyDefinition(samples: 5, replications: 1)
        let folder = temporaryFolder()
        let cancellation = SweepCancellation()
        cancellation.cancel()
        #expect(throws: SweepError.self) {
            try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 1, cancellation: cancellation)).run(evaluate: toyModel)
        }
        let changed = try toyDefinition(samples: 5, replications: 1, seed: 99)
        let error = #expect(throws: SweepError.self) {
            try SweepRunner(definition: changed, folder: folder, options: testOptions(jobs: 1, resume: true)).run(evaluate: toyModel)
        }
        #expect(error?.description.contains(d.hash) == true && error?.description.contains(changed.hash) == true)
    }

    @Test("a journal whose rows are not this sweep's runs in order is refused")
    func editedJournal() throws {
        let d = try toyDefinition(samples: 5, replications: 1)
        let full = try reference(d)
        var lines = try String(contentsOfFile: full + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n")
        lines.swapAt(1, 2)
        try (lines.joined(separator: "\n") + "\n").write(toFile: full + "/" + OutputFileNames.Sweep.runs, atomically: true, encoding: .utf8)
        try SweepState(sweepHash: d.hash, shard: .whole, status: .running).write(folder: full)
        #expect(throws: SweepError.self) {
            try SweepRunner(definition: d, folder: full, options: testOptions(jobs: 1, resume: true)).run(evaluate: toyModel)
        }
    }

    @Test("resume with no folder starts the sweep")
    func resumeFresh() throws {
        let d = try toyDefinition(samples: 4, replications: 1)
        let summary = try SweepRunner(definition: d, folder: temporaryFolder(), options: testOptions(jobs: 1, resume: true)).run(evaluate: toyModel)
        #expect(summary.runsExecuted == 4)
    }
}

@Suite("Signals")
struct SignalTests {
    @Test("SIGTERM stops the sweep, keeps the finished runs and the sweep resumes to identical bytes")
    func sigterm() throws {
        let d = try toyDefinition(samples: 30, replications: 2)
        let full = temporaryFolder()
        try SweepRunner(definition: d, folder: full, options: testOptions(jobs: 2)).run(evaluate: toyModel)
        let folder = temporaryFolder()
        let cancellation = SweepCancellation()
        var options = testOptions(jobs: 2, cancellation: cancellation)
        options.handleSignals = true
        let error = #expect(throws: SweepError.self) {
            try SweepRunner(definition: d, folder: folder, options: options).run { spec in
                if spec.runID == 10 { kill(getpid(), SIGTERM) }
                // Later runs wait for the handler, so the signal lands mid-sweep (bounded wait).
                var waits = 0
                while spec.runID > 10 && !cancellation.isCancelled && waits < 10_000 {
                    usleep(1000)
                    waits += 1
                }
                return toyModel(spec)
            }
        }
        #expect(error?.isInterrupted == true)
        let summary = try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 1, resume: true)).run(evaluate: toyModel)
        #expect(summary.runsExecuted > 0)
        for file in deterministicFiles {
            #expect(try contents(full + "/" + file) == contents(folder + "/" + file), "\(file) differs")
        }
    }
}
