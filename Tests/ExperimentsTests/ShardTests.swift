import Foundation
import Reporting
import TestSupport
import Testing
@testable import Experiments

@Suite("Sharding and merge")
struct ShardTests {
    /// Runs all `count` shards of `d` into fresh folders.
    func shards(_ d: SweepDefinition, count: Int) throws -> [String] {
        try (1...count).map { k in
            let folder = temporaryFolder()
            try SweepRunner(definition: d, folder: folder,
                            options: testOptions(jobs: 2, shard: ShardSpec(index: k, count: count))).run(evaluate: toyModel)
            return folder
        }
    }

    @Test("shards 1/3, 2/3, 3/3 merged equal the single-machine sweep byte for byte")
    func mergeEqualsSingle() throws {
        let d = try toyDefinition(design: .sobol, samples: 6, replications: 2)
        let single = temporaryFolder()
        try SweepRunner(definition: d, folder: single, options: testOptions(jobs: 3)).run(evaluate: toyModel)
        let parts = try shards(d, count: 3)
        for (k, folder) in parts.enumerated() {
            let rows = try String(contentsOfFile: folder + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n").dropFirst()
            #expect(try rows.count == ShardSpec(index: k + 1, count: 3).runCount(of: d.runCount))
            #expect(rows.allSatisfy { Int($0.prefix { $0 != "," })! % 3 == k })
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + OutputFileNames.Sweep.points))
        }
        let merged = temporaryFolder()
        try SweepMerge.merge(shardFolders: parts.reversed(), into: merged)
        for file in deterministicFiles + [OutputFileNames.Sweep.sensitivity] {
            #expect(try contents(single + "/" + file) == contents(merged + "/" + file), "\(file) differs")
        }
    }

    @Test("round-robin shards split the runs evenly and disjointly")
    func runCounts() throws {
        let counts = try (1...4).map { try ShardSpec(index: $0, count: 4).runCount(of: 10) }
        #expect(counts == [3, 3, 2, 2])
        let ids = try (1...4).flatMap { k in
            let s = try ShardSpec(index: k, count: 4)
            return (0..<s.runCount(of: 10)).map { s.runID(atPosition: $0) }
        }
        #expect(ids.sorted() == Array(0..<10))
    }

    @Test("merge rejects a missing shard, a duplicate, an unfinished shard and another sweep's shard")
    func mergeRejects() throws {
        let d = try toyDefinition(samples: 4, replications: 1)
        let parts = try shards(d, count: 3)
        func mergeError(_ folders: [String]) -> String? {
            let error = #expect(throws: SweepError.self) {
                try SweepMerge.merge(shardFolders: folders, into: temporaryFolder())
            }
            return error?.description
        }
        #expect(mergeError([parts[0], parts[2]])?.contains("shards 2/3 are missing") == true)
        #expect(mergeError([parts[0], parts[1], parts[1]])?.contains("both shard 2/3") == true)

        let other = try toyDefinition(samples: 4, replications: 1, seed: 5)
        let foreign = try shards(other, count: 3)
        #expect(mergeError([parts[0], foreign[1], parts[2]])?.contains("different sweeps") == true)

        let twoWay = try shards(d, count: 2)
        #expect(mergeError([parts[0], parts[1], twoWay[1]])?.contains("shard counts differ") == true)

        try SweepState(sweepHash: d.hash, shard: ShardSpec(index: 3, count: 3), status: .running).write(folder: parts[2])
        #expect(mergeError(parts)?.contains("not complete") == true)
    }

    @Test("merge refuses to overwrite an existing folder unless forced")
    func mergeExisting() throws {
        let d = try toyDefinition(samples: 4, replications: 1)
        let parts = try shards(d, count: 2)
        let out = temporaryFolder()
        try SweepMerge.merge(shardFolders: parts, into: out)
        #expect(throws: SweepError.self) { try SweepMerge.merge(shardFolders: parts, into: out) }
        try SweepMerge.merge(shardFolders: parts, into: out, force: true)
        #expect(try SweepState.read(folder: out).status == .complete)
    }

    @Test("K/N parses and is validated")
    func parsing() throws {
        #expect(try ShardSpec(parsing: "2/8") == ShardSpec(index: 2, count: 8))
        #expect(throws: SweepError.self) { try ShardSpec(parsing: "0/8") }
        #expect(throws: SweepError.self) { try ShardSpec(parsing: "9/8") }
        #expect(throws: SweepError.self) { try ShardSpec(parsing: "2-8") }
    }

    @Test("Slurm array ids map to K/N whether the array starts at 0, 1 or steps")
    func slurm() throws {
        #expect(try ShardSpec.fromSlurm(environment: [:]) == nil)
        let zeroBased = ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "9", "SLURM_ARRAY_TASK_COUNT": "10"]
        #expect(try ShardSpec.fromSlurm(environment: zeroBased) == ShardSpec(index: 1, count: 10))
        let oneBased = ["SLURM_ARRAY_TASK_ID": "10", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "10", "SLURM_ARRAY_TASK_COUNT": "10"]
        #expect(try ShardSpec.fromSlurm(environment: oneBased) == ShardSpec(index: 10, count: 10))
        let stepped = ["SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "8",
                       "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "5"]
        #expect(try ShardSpec.fromSlurm(environment: stepped) == ShardSpec(index: 4, count: 5))
        let gaps = ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_COUNT": "3"]
        #expect(throws: SweepError.self) { try ShardSpec.fromSlurm(environment: gaps) }
        #expect(throws: SweepError.self) { try ShardSpec.fromSlurm(environment: ["SLURM_ARRAY_TASK_ID": "3"]) }
    }
}
