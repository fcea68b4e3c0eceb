import Foundation
import Reporting
import SimulationKit
import Synchronization
import TestSupport
import Testing
@testable import Experiments

/// Collects values from concurrent runs.
final class Recorder: Sendable {
    private let state = Mutex<(seeds: [Int: UInt64], calls: Int)>(([:], 0))

    func record(_ spec: RunSpec) {
        state.withLock { state in
            state.seeds[spec.runID] = spec.seed
            state.calls += 1
        }
    }

    var recordedSeeds: [Int: UInt64] { state.withLock { $0.seeds } }
    var callCount: Int { state.withLock { $0.calls } }
}

@Suite("Sweep runner")
struct RunnerTests {
    @Test("runs get the same seeds and specs whatever the worker count")
    func seedsAcrossJobs() throws {
        let d = try toyDefinition()
        var byJobs = [[Int: UInt64]]()
        for jobs in [1, 3] {
            let recorder = Recorder()
            try SweepRunner(definition: d, folder: temporaryFolder(), options: testOptions(jobs: jobs)).run { spec in
                recorder.record(spec)
                return toyModel(spec)
            }
            #expect(recorder.callCount == d.runCount)
            byJobs.append(recorder.recordedSeeds)
        }
        #expect(byJobs[0] == byJobs[1])
        #expect(byJobs[0][7] == StreamSeeding.derive(2024, 7))
    }

    @Test("every output file but the manifest is byte-identical for 1 and 3 workers", arguments: [SweepDesign.latinHypercube, .grid])
    func identicalAcrossJobs(design: SweepDesign) throws {
        let d = try toyDefinition(design: design)
        let one = temporaryFolder(), three = temporaryFolder()
        try SweepRunner(definition: d, folder: one, options: testOptions(jobs: 1, chunkSize: 1)).run(evaluate: toyModel)
        try SweepRunner(definition: d, folder: three, options: testOptions(jobs: 3, chunkSize: 5)).run(evaluate: toyModel)
        for file in deterministicFiles {
            #expect(try contents(one + "/" + file) == contents(three + "/" + file), "\(file) differs")
        }
        let manifest = try String(contentsOfFile: one + "/" + OutputFileNames.Sweep.manifest, encoding: .utf8)
        #expect(manifest.contains("\"sweep_hash\": \"\(d.hash)\""))
        #expect(try JSONSerialization.jsonObject(with: contents(one + "/" + OutputFileNames.Sweep.manifest)) is [String: Any])
    }

    @Test("runs.csv has the identity columns, parameters and outcomes, one row per run in order")
    func runsFile() throws {
        let d = try toyDefinition(samples: 4, replications: 2)
        let folder = temporaryFolder()
        try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 2)).run(evaluate: toyModel)
        let lines = try String(contentsOfFile: folder + "/" + OutputFileNames.Sweep.runs, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "run_id,point_id,replication,seed,actors.distiller[0].lag_days.mean,price.cut_fraction,\"buyers, count\",gap_points,\"price \"\"usd\"\"\"")
        #expect(lines.count == 1 + 8 + 1 && lines.last == "")
        let points = try d.points()
        for runID in 0..<8 {
            let fields = lines[1 + runID].split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields[0...3] == ["\(runID)", "\(runID / 2)", "\(runID % 2)", "\(d.seed(ofRun: runID))"])
            #expect(Double(fields[4]) == points.point(runID / 2).first)
        }
        let state = try String(contentsOfFile: folder + "/" + OutputFileNames.Sweep.state, encoding: .utf8)
        #expect(state == "{\"sweep_hash\":\"\(d.hash)\",\"shard\":\"1/1\",\"status\":\"complete\"}\n")
    }

    @Test("a failing run stops the sweep with its identity in the message and keeps the finished runs")
    func evaluationFailure() throws {
        struct ModelFailure: Error, CustomStringConvertible { var description: String { "negative stock" } }
        let d = try toyDefinition(samples: 10, replications: 1)
        let folder = temporaryFolder()
        let error = #expect(throws: SweepError.self) {
            try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 2, chunkSize: 1)).run { spec in
                if spec.runID == 6 { throw ModelFailure() }
                return toyModel(spec)
            }
        }
        #expect(error?.description.contains("run 6 (point 6, replication 0") == true)
        #expect(error?.description.contains("negative stock") == true)
        let rows = try String(contentsOfFile: folder + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count <= 6)
        #expect(rows.enumerated().allSatisfy { $0.element.hasPrefix("\($0.offset),") })
        #expect(try SweepState.read(folder: folder).status == .running)
    }

    @Test("a closure returning the wrong number of outcomes is an error")
    func outcomeCount() throws {
        let d = try toyDefinition(samples: 3, replications: 1)
        #expect(throws: SweepError.self) {
            try SweepRunner(definition: d, folder: temporaryFolder(), options: testOptions(jobs: 1)).run { _ in [1] }
        }
    }

    @Test("an existing folder is an error unless resume or force")
    func existingFolder() throws {
        let d = try toyDefinition(samples: 3, replications: 1)
        let folder = temporaryFolder()
        try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 1)).run(evaluate: toyModel)
        let error = #expect(throws: SweepError.self) {
            try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 1)).run(evaluate: toyModel)
        }
        #expect(error?.description.contains("--resume") == true)
        let replaced = try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 1, force: true)).run(evaluate: toyModel)
        #expect(replaced.runsExecuted == 3)
        let again = try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 1, resume: true)).run(evaluate: toyModel)
        #expect(again.wasAlreadyComplete && again.runsExecuted == 0)
    }
}
