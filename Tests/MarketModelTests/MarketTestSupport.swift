import Foundation
@testable import MarketModel
import ScenarioFormat
import SimulationKit
import Synchronization
import TestSupport
import Testing

/// Replications of one scenario, with helpers to read a metric at a date.
struct Replications {
    let loaded: ScenarioFile.Loaded
    let results: [RunResult]
    let recorder: RunRecorder

    /// Runs `count` replications of `file` (under Scenarios/, or an absolute path) with `overrides`, on all
    /// cores; replication r uses the same derived seed as `marketsim run`. `scheme`
    /// seeds the streams (tests pass a broken one to show that a check rejects it).
    init(_ file: String, count: Int, overrides: [String] = [], seed: UInt64? = nil,
         scheme: @escaping StreamSeeding.Scheme = StreamSeeding.state) throws {
        loaded = try ScenarioFile.load(file.hasPrefix("/") ? file : Repository.scenario(file), overrides: overrides)
        recorder = RunRecorder(compiled: loaded.compiled)
        let compiled = loaded.compiled
        let master = seed ?? loaded.scenario.seed
        let slots = Slots(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { r in
            var sim = MarketSimulation(compiled: compiled, seed: StreamSeeding.derive(master, UInt64(r)), replication: r,
                                       scheme: scheme)
            slots.set(r, Result { try sim.run() })
        }
        results = try slots.values.map { try $0!.get() }
    }

    func index(_ metric: String) -> Int { recorder.metricIndex(metric) }

    func period(_ date: String) -> Int {
        loaded.compiled.reportDates.firstIndex(of: CalendarDate(iso: date)!)!
    }

    /// The metric in every replication at `date` (a report date).
    func values(_ metric: String, at date: String) -> [Double] {
        let p = period(date), i = index(metric)
        return results.map { $0.trajectory[p][i] }
    }

    /// The metric in every replication at the final report.
    func finals(_ metric: String) -> [Double] {
        let i = index(metric)
        return results.map { $0.trajectory.last![i] }
    }

    func mean(_ metric: String, at date: String) -> Double { RunningMoments(values(metric, at: date)).mean }

    /// The metric in every replication, summed (`mean`: averaged over the reports where
    /// it is defined, such as hosts' price in a month they sold something) over the
    /// reports from `date` on (through the report at `last`, if given).
    func total(_ metric: String, from date: String, through last: String? = nil, mean: Bool = false) -> [Double] {
        let p = period(date), i = index(metric)
        return results.map { r in
            let v = r.trajectory[p...(last.map(period) ?? r.trajectory.count - 1)].map { $0[i] }
            guard mean else { return v.reduce(0, +) }
            let defined = v.filter { !$0.isNaN }
            return defined.reduce(0, +) / Double(defined.count)
        }
    }
}

final class Slots: Sendable {
    private let storage: Mutex<[Result<RunResult, any Error>?]>
    init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }
    var values: [Result<RunResult, any Error>?] { storage.withLock { $0 } }
    func set(_ i: Int, _ v: Result<RunResult, any Error>) { storage.withLock { $0[i] = v } }
}

/// Paired differences B - A with their mean and 95 % t interval.
struct PairedDifference {
    let mean: Double
    let low: Double
    let high: Double
    init(_ a: [Double], _ b: [Double]) {
        let d = RunningMoments(zip(a, b).map { $1 - $0 })
        mean = d.mean
        low = d.mean - d.confidenceHalfWidth(level: 0.95)
        high = d.mean + d.confidenceHalfWidth(level: 0.95)
    }
}

/// Expects base.json with `overrides` to be refused with a message naming each of
/// `expected`; returns the message (nil when accepted).
@discardableResult
func expectBaseRefused(_ overrides: [String], saying expected: [String]) -> String? {
    do {
        _ = try ScenarioFile.load(Repository.scenario("base.json"), overrides: overrides)
        Issue.record("accepted \(overrides)")
        return nil
    } catch {
        let text = String(describing: error)
        for part in expected { #expect(text.contains(part), "\(part) not in: \(text)") }
        return text
    }
}
