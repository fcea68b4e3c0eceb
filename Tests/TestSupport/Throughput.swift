import Foundation

/// What is wrong with a manifest's session_wall_seconds, session_runs_per_second and
/// session_runs_per_second_per_core, checked against each other, `runs` and `jobs`,
/// allowing for their rounding to 3 decimals (and nothing else: no figure is compared
/// with a clock); empty when they agree.
public func throughputProblems(_ manifest: [String: Any], runs: Int, jobs: Int) -> [String] {
    let keys = ["session_wall_seconds", "session_runs_per_second", "session_runs_per_second_per_core"]
    let values = keys.map { (manifest[$0] as? NSNumber)?.doubleValue }
    guard let seconds = values[0], let rate = values[1], let perCore = values[2] else {
        return zip(keys, values).filter { $0.1 == nil }.map { "\($0.0) is missing" }
    }
    guard seconds > 0.001 else { return ["a session of \(runs) runs took \(seconds) s"] }
    var problems: [String] = []
    // Rounding the seconds by at most 0.0005 moves runs / seconds by at most this.
    let slack = 0.0005 + Double(runs) * 0.0005 / (seconds * (seconds - 0.0005))
    if abs(rate - Double(runs) / seconds) > slack { problems.append("\(rate) runs/s for \(runs) runs in \(seconds) s") }
    if abs(perCore - rate / Double(jobs)) > 0.0005 + 0.0005 / Double(jobs) {
        problems.append("\(perCore) runs/s per core at \(rate) runs/s on \(jobs) jobs")
    }
    return problems
}
