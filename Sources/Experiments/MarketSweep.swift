import Foundation
import MarketModel
import Reporting
import ScenarioFormat

/// A sweep file run on the market model: each run applies its point's parameter values
/// to the base scenario as overrides, resolves and compiles that scenario, simulates it
/// with the run's seed and reduces the trajectory to the sweep's outcomes.
///
/// The replications of a point share its compiled scenario (`ScenarioCache`); a run
/// still depends on nothing but its `RunSpec`, since the shared scenario is the one it
/// would compile.
///
/// With `trajectories`, every run also writes its trajectory in long format (run_id,
/// date, metric, value) to its own file under `trajectories.parts/` in the sweep
/// folder; when the runs are done the parts are joined in run-id order into
/// `trajectories.csv` and removed. Per-run files keep the runner's worker threads
/// independent and make the joined file byte-identical for any worker count, any
/// interruption and any resume (a part missing at the end, because an earlier session
/// ran without `trajectories`, is simulated again: runs are pure functions of their seed).
public struct MarketSweep: Sendable {
    public let file: SweepFile
    public let trajectories: Bool

    /// The trajectories of a finished sweep or shard folder.
    static let partsFolder = "trajectories.parts"
    /// The columns of trajectories.csv.
    public static let trajectoryColumns = ["run_id", "date", "metric", "value"]

    public init(file: SweepFile, trajectories: Bool = false) {
        self.file = file
        self.trajectories = trajectories
    }

    /// The compiled scenario of a design point.
    public func scenario(forPoint values: some Collection<Double>) throws(ScenarioError) -> CompiledScenario {
        try ScenarioFile.resolve(file.source, overrides: file.overrides(forPoint: values)).compiled
    }

    /// Resolves every point's scenario on `jobs` threads before anything runs, so a point
    /// whose values the scenario rejects fails the sweep at once and writes nothing.
    ///
    /// A grid's levels are checked first, each once with the other parameters at their
    /// first level: a bad level then fails in the time of the levels, not of their product
    /// (1,000 x 1,000 levels: 2,000 scenarios, where the points are a million).
    ///
    /// - Throws: the problems of the first (by point id) at most `reportedPoints` failing
    ///   points, each naming the sweep file, the parameter and the point.
    public func validatePoints(jobs: Int, reportedPoints: Int = 10) throws(ScenarioError) {
        let definition = file.definition
        if definition.design == .grid {
            let levels = definition.parameters.map { $0.gridLevels() }
            var strides = [Int](repeating: 1, count: levels.count)
            for i in levels.indices.dropLast().reversed() { strides[i] = strides[i + 1] * levels[i + 1].count }
            var probes: [(id: Int, values: [Double])] = []
            for i in levels.indices {
                for j in levels[i].indices where i == 0 || j > 0 {
                    probes.append((j * strides[i], levels.indices.map { $0 == i ? levels[i][j] : levels[$0][0] }))
                }
            }
            let sorted = probes.sorted { $0.id < $1.id }
            try check(sorted.count, jobs: jobs, reportedPoints: reportedPoints) { sorted[$0] }
        }
        let points: SweepPoints
        do {
            points = try definition.points()
        } catch {
            throw ScenarioError(file: file.path, issues: [ScenarioIssue(origin: file.path, message: error.description)])
        }
        try check(points.count, jobs: jobs, reportedPoints: reportedPoints) { ($0, Array(points.point($0))) }
    }

    /// Resolves the scenarios of `count` points (`point(k)`: the k-th one's id and values).
    private func check(_ count: Int, jobs: Int, reportedPoints: Int,
                       point: @escaping @Sendable (Int) -> (id: Int, values: [Double])) throws(ScenarioError) {
        var failed: [[ScenarioIssue]] = []
        _ = OrderedExecutor(workers: min(jobs, count)).run(0..<count, job: { k throws(Never) -> [ScenarioIssue] in
            let (id, values) = point(k)
            do throws(ScenarioError) {
                _ = try scenario(forPoint: values)
                return []
            } catch {
                return self.issues(of: error, point: id, values: values)
            }
        }, consume: { batch in
            failed += batch.map(\.output).filter { !$0.isEmpty }
            return true
        })
        guard !failed.isEmpty else { return }
        var reported = failed.prefix(reportedPoints).flatMap { $0 }
        if failed.count > reportedPoints {
            reported.append(ScenarioIssue(origin: file.path, path: [.key("parameters")],
                                        message: "\(failed.count - reportedPoints) more of the \(count) points checked fail too (\(failed.count) in all)"))
        }
        throw ScenarioError(file: file.path, issues: reported)
    }

    /// A point's resolution errors, moved onto the sweep file: an error at a value a
    /// parameter set names that parameter; others keep their file and name the point.
    private func issues(of error: ScenarioError, point: Int, values: [Double]) -> [ScenarioIssue] {
        let names = file.definition.parameters.map(\.name)
        let pointText = "point \(point) (" + zip(names, values).map { "\($0) = \(JSONValue.formatNumber($1))" }
            .joined(separator: ", ") + ")"
        return error.issues.map { issue in
            for (i, value) in values.enumerated() where file.overrideOption(parameter: i, value: value) == issue.origin {
                let at = issue.path.isRoot ? "" : "\(JSONValue.shortened(issue.path.description)): "
                return ScenarioIssue(origin: file.path, path: [.key("parameters"), .index(i)],
                                     message: "\(pointText): \(at)\(issue.message)")
            }
            var moved = issue
            moved.message = "\(pointText): \(issue.message)"
            return moved
        }
    }

    /// The sweep's resource estimate on `jobs` threads, with its heaviest run taken at the
    /// design's most demanding corner: each parameter is tried alone at its lowest and
    /// highest value, and the estimate uses every parameter at its heavier end together
    /// (or the heaviest single trial when that combination does not validate). So a
    /// parameter over `buyers.count` or `months` counts at its top, not at the base's value.
    /// Resolves 2k + 1 scenarios, not the design's points.
    public func resourceEstimate(jobs: Int) -> ResourceEstimate {
        func weight(_ c: CompiledScenario) -> (Double, Double) { (ResourceEstimate.runBytes(c), ResourceEstimate.eventsPerRun(c)) }
        func compile(_ values: [(Int, Double)]) -> CompiledScenario? {
            let overrides = file.overrides + values.map { ScenarioOverride(path: file.parameterPaths[$0.0], value: .number($0.1)) }
            return try? ScenarioFile.resolve(file.source, overrides: overrides).compiled
        }
        var heaviest = file.base.compiled
        var heavierEnds: [(Int, Double)] = []
        for (i, parameter) in file.definition.parameters.enumerated() {
            let ends: [Double]
            switch parameter.domain {
            case .levels(let values): ends = [values.min()!, values.max()!]
            case .range(let lower, let upper, _, _): ends = [lower, upper]
            }
            var best: (value: Double, weight: (Double, Double))?
            for end in ends {
                guard let compiled = compile([(i, end)]) else { continue }
                if best == nil || weight(compiled) > best!.weight { best = (end, weight(compiled)) }
                if weight(compiled) > weight(heaviest) { heaviest = compiled }
            }
            if let best { heavierEnds.append((i, best.value)) }
        }
        if let corner = compile(heavierEnds), weight(corner) > weight(heaviest) { heaviest = corner }
        return ResourceEstimate.sweep(file.definition, heaviest: heaviest, jobs: jobs)
    }

    /// One run: its outcome values in the sweep's outcome order.
    public func outcomes(of spec: RunSpec) throws -> [Double] {
        try simulate(spec, trajectory: false).outcomes
    }

    /// Runs the sweep (or this shard of it, or the rest of it on resume) into `folder`,
    /// then joins the trajectories when asked. `runFinished`, if given, is called (from
    /// the worker threads) after each run's outcomes are computed: progress hooks and
    /// tests that interrupt a sweep after some runs use it.
    ///
    /// `folder` must not hold the sweep file or its base scenario's files. With `force`, an
    /// existing folder (other than one `resume` continues) is replaced only once the new
    /// sweep is complete: it runs in a staged sibling, and a failure or an interruption
    /// discards that and leaves the old folder as it was.
    ///
    /// - Throws: `SweepError` as `SweepRunner.run` does; validate the points first.
    @discardableResult
    public func run(folder: String, options: SweepOptions,
                    runFinished: (@Sendable (RunSpec) -> Void)? = nil) throws(SweepError) -> SweepSummary {
        do {
            _ = try OutputDirectory.checkedPath(folder, inputs: [file.path] + file.base.resolved.files)
        } catch {
            throw SweepError(.invalidDefinition, error.description)
        }
        guard MarketSweep.replacesWhole(folder: folder, options: options) else {
            return try runInPlace(folder: folder, options: options, runFinished: runFinished)
        }
        let staged: OutputDirectory
        do {
            staged = try OutputDirectory(path: folder, replaceExisting: true)
        } catch {
            throw SweepError(.io, error.description)
        }
        // The runner creates the sweep folder at the staging path itself, as a new one.
        staged.discard()
        var fresh = options
        fresh.force = false
        fresh.resume = false
        do throws(SweepError) {
            let summary = try runInPlace(folder: staged.stagingPath, options: fresh, runFinished: runFinished)
            do {
                try staged.commit()
            } catch {
                throw SweepError(.io, error.description)
            }
            return SweepSummary(folder: staged.finalPath, sweepHash: summary.sweepHash, shard: summary.shard,
                                runsInShard: summary.runsInShard, runsExecuted: summary.runsExecuted,
                                wasAlreadyComplete: false, throughput: summary.throughput)
        } catch {
            staged.discard()
            // The runner's own words name the discarded staging folder and offer a resume
            // it cannot give; keep only what went wrong.
            let reason = error.description.components(separatedBy: "; ").first ?? error.description
            throw SweepError(error.kind, "\(reason); \(staged.finalPath) is unchanged (with --force a sweep replaces it only once complete)")
        }
    }

    /// True when `run` replaces an existing `folder` with a new sweep built beside it, so
    /// that an interruption leaves nothing to resume: `force` over a folder that `resume`
    /// does not continue.
    public static func replacesWhole(folder: String, options: SweepOptions) -> Bool {
        let fm = FileManager.default
        let resumes = options.resume && fm.fileExists(atPath: folder + "/" + OutputFileNames.Sweep.state)
        return options.force && !resumes && fm.fileExists(atPath: folder)
    }

    private func runInPlace(folder: String, options: SweepOptions,
                            runFinished: (@Sendable (RunSpec) -> Void)?) throws(SweepError) -> SweepSummary {
        var options = options
        options.baseScenario = BaseScenario(file.base.scenario)
        let runner = SweepRunner(definition: file.definition, folder: folder, options: options)
        let parts = runner.folder + "/" + MarketSweep.partsFolder
        let sweep = self
        let scenarios = ScenarioCache.forRuns(replications: file.definition.replications, lookAhead: options.lookAhead)
        let summary = try runner.run { spec in
            let (outcomes, lines) = try sweep.simulate(spec, trajectory: sweep.trajectories, scenarios: scenarios)
            if sweep.trajectories { try MarketSweep.writePart(lines, runID: spec.runID, parts: parts) }
            runFinished?(spec)
            return outcomes
        }
        if trajectories { try joinTrajectories(folder: runner.folder, shard: options.shard) }
        return summary
    }

    /// One run's outcomes and, with `trajectory`, its trajectory in long format (no header),
    /// its point's scenario taken from `scenarios` when given.
    func simulate(_ spec: RunSpec, trajectory: Bool, scenarios: ScenarioCache? = nil) throws -> (outcomes: [Double], lines: [UInt8]) {
        let compiled = try scenarios?.compiled(spec.parameterValues) { () throws(ScenarioError) in
            try scenario(forPoint: spec.parameterValues)
        } ?? scenario(forPoint: spec.parameterValues)
        var simulation = MarketSimulation(compiled: compiled, seed: spec.seed, replication: spec.replication)
        let result = try simulation.run()
        let columns = Array(RunRecorder(compiled: compiled).metricColumns)
        let outcomes = file.outcomes.map { outcome in
            outcome.value(column: columns.firstIndex(of: outcome.metric), trajectory: result.trajectory,
                          reportDates: compiled.reportDates)
        }
        guard trajectory else { return (outcomes, []) }
        let escaped = columns.map(CSVFormat.escape)
        let runID = String(spec.runID)
        var lines = [UInt8]()
        lines.reserveCapacity(result.trajectory.count * columns.count * 40)
        for (row, values) in result.trajectory.enumerated() {
            let prefix = runID + "," + compiled.reportDates[row].description + ","
            for (metric, value) in zip(escaped, values) {
                lines.append(contentsOf: (prefix + metric + "," + CSVFormat.number(value) + "\n").utf8)
            }
        }
        return (outcomes, lines)
    }

    /// Writes a run's part through a temporary name, so a part that exists is whole.
    static func writePart(_ lines: [UInt8], runID: Int, parts: String) throws {
        let path = parts + "/\(runID).csv"
        try OutputError.checking("write", path) {
            try FileManager.default.createDirectory(atPath: parts, withIntermediateDirectories: true)
            let temporary = path + ".tmp"
            try Data(lines).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        }
    }

    /// Joins the shard's parts in run-id order into trajectories.csv (through a
    /// temporary file), simulating any missing part again, then removes the parts. Does
    /// nothing when trajectories.csv exists.
    private func joinTrajectories(folder: String, shard: ShardSpec) throws(SweepError) {
        let fm = FileManager.default
        let target = folder + "/" + OutputFileNames.Sweep.trajectories
        guard !fm.fileExists(atPath: target) else { return }
        let parts = folder + "/" + MarketSweep.partsFolder
        let temporary = target + ".tmp"
        let definition = file.definition
        do {
            let points = try definition.points()
            try Data(CSVFormat.line(MarketSweep.trajectoryColumns).utf8).write(to: URL(fileURLWithPath: temporary))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.seekToEnd()
            for position in 0..<shard.runCount(of: definition.runCount) {
                let runID = shard.runID(atPosition: position)
                let part = parts + "/\(runID).csv"
                if let data = fm.contents(atPath: part) {
                    try handle.write(contentsOf: data)
                } else {
                    let pointID = runID / definition.replications
                    let spec = RunSpec(runID: runID, pointID: pointID, replication: runID % definition.replications,
                                       seed: definition.seed(ofRun: runID),
                                       parameterNames: definition.parameters.map(\.name),
                                       parameterValues: Array(points.point(pointID)))
                    try handle.write(contentsOf: simulate(spec, trajectory: true).lines)
                }
            }
            try handle.synchronize()
            try handle.close()
            try fm.moveItem(atPath: temporary, toPath: target)
            if fm.fileExists(atPath: parts) { try fm.removeItem(atPath: parts) }
        } catch let error as SweepError {
            throw error
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw SweepError(.io, "cannot write \(target): \(OutputError.cause(of: error))")
        }
    }

    /// Merges complete shard folders like `SweepMerge.merge`, and their trajectories.csv
    /// too when every shard has one (in run-id order, byte for byte what one machine
    /// writes). Shards that disagree on having trajectories are an error before anything
    /// is written.
    @discardableResult
    public static func merge(shardFolders: [String], into outputFolder: String, force: Bool = false,
                             commandLine: [String] = []) throws(SweepError) -> SweepDefinition {
        let fm = FileManager.default
        let withTrajectories = shardFolders.filter { fm.fileExists(atPath: $0 + "/" + OutputFileNames.Sweep.trajectories) }
        guard withTrajectories.isEmpty || withTrajectories.count == shardFolders.count else {
            let without = shardFolders.filter { !withTrajectories.contains($0) }
            throw SweepError(.invalidShardSet, "\(withTrajectories.joined(separator: ", ")) hold \(OutputFileNames.Sweep.trajectories) but \(without.joined(separator: ", ")) do not; run those shards again with --resume --trajectories, or merge without trajectories by removing the files")
        }
        let definition = try SweepMerge.merge(shardFolders: shardFolders, into: outputFolder, force: force,
                                              commandLine: commandLine)
        if !withTrajectories.isEmpty {
            try mergeTrajectories(definition: definition, shardFolders: shardFolders, into: outputFolder)
        }
        return definition
    }

    /// Interleaves the shards' trajectories.csv by run id into the merged folder.
    private static func mergeTrajectories(definition d: SweepDefinition, shardFolders: [String],
                                          into outputFolder: String) throws(SweepError) {
        var byIndex = [String](repeating: "", count: shardFolders.count)
        for folder in shardFolders {
            let state = try SweepState.read(folder: folder)
            byIndex[state.shard.index - 1] = folder
        }
        let header = CSVFormat.line(trajectoryColumns)
        var readers = [LineReader]()
        var pending = [Substring?]()
        for folder in byIndex {
            var reader = try LineReader(path: folder + "/" + OutputFileNames.Sweep.trajectories)
            guard let first = try reader.next(), first + "\n" == header else {
                throw SweepError(.corruptFolder, "\(folder)/\(OutputFileNames.Sweep.trajectories): not a sweep's trajectories (the header differs)")
            }
            pending.append(try reader.next())
            readers.append(reader)
        }
        defer { for reader in readers { reader.close() } }
        let target = outputFolder + "/" + OutputFileNames.Sweep.trajectories
        let temporary = target + ".tmp"
        let journal = try JournalWriter(path: temporary, header: header)
        let n = byIndex.count
        for runID in 0..<d.runCount {
            let shard = runID % n
            let prefix = "\(runID),"
            var lines = 0
            while let line = pending[shard], line.hasPrefix(prefix) {
                journal.append(line + "\n")
                pending[shard] = try readers[shard].next()
                lines += 1
            }
            guard lines > 0 else {
                throw SweepError(.corruptFolder, "\(byIndex[shard])/\(OutputFileNames.Sweep.trajectories): run \(runID)'s trajectory is missing or out of order")
            }
            try journal.flush()
        }
        for (shard, line) in pending.enumerated() where line != nil {
            throw SweepError(.corruptFolder, "\(byIndex[shard])/\(OutputFileNames.Sweep.trajectories): holds rows past its runs, from \(line!)")
        }
        try journal.close()
        do {
            try FileManager.default.moveItem(atPath: temporary, toPath: target)
        } catch {
            throw SweepError(.io, "cannot write \(target): \(OutputError.cause(of: error))")
        }
    }
}
