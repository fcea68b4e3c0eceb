import Foundation
@testable import Experiments
import Reporting
import TestSupport
import Testing

/// A job array submitted to a real single-node Slurm cluster runs one shard per task
/// through scripts/sweep-array.sbatch, the template users submit: a real marketsim
/// sweep whose merged shards equal the single-machine sweep byte for byte, and the
/// numbering of stepped arrays checked with a stand-in that records what it was given.
@Suite("Slurm job arrays", .serialized,
       .enabled(if: SlurmTestCluster.isInstalled, "Slurm is not installed (run scripts/slurm-install)"))
struct SlurmClusterTests {
    static let template = Repository.root + "/scripts/sweep-array.sbatch"

    @Test("A sweep run as a 3-task job array and merged equals the single-machine sweep byte for byte")
    func realSweep() async throws {
        let cluster = try await SlurmTestCluster.start()
        defer { cluster.stop() }
        let out = cluster.folder + "/out"
        let result = try await cluster.submitArray(
            script: Self.template, array: "1-3",
            environment: ["MARKETSIM": CLI.binary, "SWEEP_FILE": smallSweep, "OUT": out])
        #expect(result.status == 0, "sbatch --wait: \(result.output)\n\(cluster.diagnostics())")
        let shards = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(shards == ["shard-1", "shard-2", "shard-3"], "\(cluster.diagnostics())")

        let merged = cluster.folder + "/merged", whole = cluster.folder + "/whole"
        let merge = try CLI.run(["sweep", "merge"] + shards.map { out + "/" + $0 } + ["--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        let single = try CLI.run(["sweep", smallSweep, "--out", whole, "--quiet"])
        #expect(single.status == 0, "\(single.stderr)")
        try expectSameSweep(whole, merged, trajectories: false)
        let rows = try String(contentsOfFile: merged + "/" + OutputFileNames.Sweep.runs, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + 4)
    }

    @Test("An array 0-4:2 numbers its tasks 0, 2 and 4 as shards 1/3, 2/3 and 3/3")
    func arrayWithStep() async throws {
        try await expectShards(array: "0-4:2", taskIDs: [0, 2, 4])
    }

    /// Runs the template as the array `array`, whose task ids are `taskIDs` in order, and
    /// checks that task number K (from 1) ran shard K/N into OUT/shard-K.
    private func expectShards(array: String, taskIDs: [Int]) async throws {
        let cluster = try await SlurmTestCluster.start()
        defer { cluster.stop() }
        let marketsim = try standInMarketsim(in: cluster.folder)
        let sweepFile = cluster.folder + "/sweep.json"
        let out = cluster.folder + "/out"

        let result = try await cluster.submitArray(
            script: Self.template, array: array,
            environment: ["MARKETSIM": marketsim, "SWEEP_FILE": sweepFile, "OUT": out])

        #expect(result.status == 0, "sbatch --wait: \(result.output)\n\(cluster.diagnostics())")
        let count = taskIDs.count
        for (offset, taskID) in taskIDs.enumerated() {
            let shard = offset + 1
            let record = try? String(contentsOfFile: "\(out)/shard-\(shard)/stand-in.txt", encoding: .utf8)
            #expect(record == """
                task \(taskID) of \(count)
                sweep \(sweepFile) --out \(out)/shard-\(shard) --shard \(shard)/\(count) --jobs 1 --quiet

                """, "shard \(shard)\n\(cluster.diagnostics())")
        }
        let shards = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(shards == (1...count).map { "shard-\($0)" })
    }

    /// Writes the stand-in for marketsim: it makes its --out folder, as marketsim does, and
    /// records there the array task that ran it and its arguments.
    private func standInMarketsim(in folder: String) throws -> String {
        let path = folder + "/stand-in-marketsim"
        let script = """
            #!/usr/bin/env bash
            set -euo pipefail
            out=""
            arguments=("$@")
            while [ $# -gt 0 ]; do
                if [ "$1" = --out ]; then out="$2"; fi
                shift
            done
            mkdir -p "$out"
            printf 'task %s of %s\\n%s\\n' "$SLURM_ARRAY_TASK_ID" "$SLURM_ARRAY_TASK_COUNT" "${arguments[*]}" >"$out/stand-in.txt"

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }
}
