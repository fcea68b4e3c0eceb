import Foundation
import TestSupport

/// A private single-node Slurm cluster for one test, run by scripts/slurm-cluster in a
/// fresh folder: munged, slurmctld and slurmd with every file under that folder, free
/// high ports and the node at 127.0.0.1, so it touches no other address and no system
/// Slurm. `stop()` must follow every successful `start()`, since the daemons outlive the
/// test process otherwise.
struct SlurmTestCluster {
    /// Whether Slurm and munge are installed here; Debian puts the daemons in /usr/sbin,
    /// which is not on every user's PATH.
    static let isInstalled: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return ["slurmctld", "slurmd", "sbatch", "munged"].allSatisfy { command in
            folders.contains { FileManager.default.isExecutableFile(atPath: $0 + "/" + command) }
        }
    }()

    /// The folder that holds the cluster's key, sockets, logs, state and configuration.
    let folder: String

    /// Starts a cluster in a new temporary folder and waits until its node is idle.
    /// - Throws: `SlurmTestError` with the daemons' log tails when the cluster does not come up.
    static func start() async throws -> SlurmTestCluster {
        // The folder stays short: slurmd's socket paths under it must fit in 107 bytes.
        let folder = temporaryFolder("slurm")
        let cluster = SlurmTestCluster(folder: folder)
        let result = try await cluster.run(Repository.root + "/scripts/slurm-cluster", ["start", folder],
                                           timeoutSeconds: 90)
        guard result.status == 0 else {
            cluster.stop()
            throw SlurmTestError("scripts/slurm-cluster start \(folder) exited with \(result.status):\n\(result.output)")
        }
        return cluster
    }

    /// Stops the daemons (cancelling any job still queued or running) and removes the folder.
    func stop() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.root + "/scripts/slurm-cluster")
        process.arguments = ["stop", folder]
        process.environment = environment([:])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil { process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Submits `script` as a job array with `sbatch --wait` and returns when every task has
    /// ended. Task K's output goes to `folder/task-K.out`. The exit status is sbatch's:
    /// 0 only when every task exited 0.
    /// - Parameters:
    ///   - array: the `--array` specification, such as `1-3`.
    ///   - environment: variables for the job (sbatch exports the submitter's environment).
    func submitArray(script: String, array: String, environment variables: [String: String],
                     timeoutSeconds: Double = 90) async throws -> (status: Int32, output: String) {
        try await run("sbatch", ["--wait", "--array=\(array)", "--time=2", "--output=\(folder)/task-%a.out",
                                 "--chdir=\(folder)", script],
                      environment: variables, timeoutSeconds: timeoutSeconds)
    }

    /// The last lines of the daemons' logs and of the tasks' outputs, for a failure message.
    func diagnostics() -> String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".log") || $0.hasSuffix(".out") }.sorted().map { name in
            let text = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
            return "---- \(name)\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The test's environment with this cluster's configuration, /usr/sbin on the PATH, and
    /// no Slurm variables of an enclosing job (when the tests themselves run under Slurm).
    private func environment(_ variables: [String: String]) -> [String: String] {
        var result = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_") && !$0.key.hasPrefix("SBATCH_") }
        result["PATH"] = (result["PATH"].map { $0 + ":" } ?? "") + "/usr/sbin:/sbin:/usr/bin:/bin"
        result["SLURM_CONF"] = folder + "/slurm.conf"
        result.merge(variables) { $1 }
        return result
    }

    /// Runs a command with its output in a file (daemons it starts would hold a pipe open),
    /// and terminates it if it outlives the timeout.
    private func run(_ command: String, _ arguments: [String], environment variables: [String: String] = [:],
                     timeoutSeconds: Double) async throws -> (status: Int32, output: String) {
        let outputPath = temporaryFolder("slurm-output")
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw SlurmTestError("cannot create \(outputPath) for the output of \(command)")
        }
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        process.environment = environment(variables)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutSeconds * 1000))
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        if timedOut {
            throw SlurmTestError("\(command) \(arguments.joined(separator: " ")) did not finish within \(timeoutSeconds) s:\n\(text)")
        }
        return (process.terminationStatus, text)
    }
}

/// A failure to run the test cluster or a command against it, with what the command printed.
struct SlurmTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
