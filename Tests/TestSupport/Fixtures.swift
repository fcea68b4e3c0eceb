import Foundation

// Input files for tests of sweeps and calibrations, read both by the libraries' tests and
// by the command's.

/// Scenarios/sweeps/small.json: a 2 x 2 grid, one replication, 200 buyers, 24 months.
public let smallSweep = Repository.scenario("sweeps/small.json")

/// Writes `text` as a sweep file in a fresh folder and returns its path.
public func writeSweepFile(_ text: String, name: String = #function) throws -> String {
    try TemporaryFolder(name).write("sweep.json", text)
}

/// A valid sweep file's text on base.json with some keys replaced: `fields` are JSON
/// members (`"design": "lhs"`) that replace the defaults of the same keys or add keys;
/// the keys in `removing` are left out.
public func sweepText(_ fields: [String: String] = [:], removing: [String] = []) -> String {
    let defaults: [(String, String)] = [
        ("base", "\"\(repositoryRoot)/Scenarios/base.json\""),
        ("design", "\"lhs\""),
        ("samples", "4"),
        ("replications", "1"),
        ("seed", "3"),
        ("overrides", "{\"buyers.count\": 50, \"months\": 12}"),
        ("parameters", """
            [{"path": "segments[0].distillability", "range": [0.3, 0.8]},
             {"path": "actors.distillers[0].lag.mean_days", "range": [15, 120], "scale": "log_uniform"}]
            """),
        ("outcomes", """
            [{"name": "gap", "metric": "gap_points", "at": "final"},
             {"name": "below", "metric": "gap_points", "at": "first_below", "threshold": 5}]
            """),
    ]
    var members = defaults.filter { !removing.contains($0.0) }.map { key, value in "  \"\(key)\": \(fields[key] ?? value)" }
    for (key, value) in fields.sorted(by: { $0.key < $1.key }) where !defaults.contains(where: { $0.0 == key }) {
        members.append("  \"\(key)\": \(value)")
    }
    return "{\n  // a test sweep\n" + members.joined(separator: ",\n") + "\n}\n"
}

/// A calibration file in a fresh folder, fitting coding distillability (which the coding
/// gap, H4, reads) and the open lab's distillation efficiency on a short, small base: a
/// few seconds of runs. With H2's overall gap in the coding gap's place, base's
/// calibrated values left coding distillability nothing to learn from, and the fit
/// stopped after one generation (the next tolerance within the replications' noise).
public func writeCalibrationFile(_ text: String? = nil, particles: Int = 16, generations: Int = 2) throws -> String {
    try TemporaryFolder("calibration-file").write("toy-history.json", text ?? """
    {
      // a comment, as in every marketsim file
      "base": "\(repositoryRoot)/Scenarios/base.json",
      "particles": \(particles), "replications": 2, "generations": \(generations), "seed": 3,
      "overrides": {"buyers.count": 150, "months": 38},
      "parameters": [
        {"path": "segments[0].distillability", "name": "coding_distillability", "range": [0.3, 0.8]},
        {"path": "actors.open_labs[0].distillation.efficiency", "prior": "normal", "mean": 0.7, "sd": 0.2, "range": [0.2, 1.2]}
      ],
      "targets": [
        {"name": "gap_2024_10", "fact": "H1", "metric": "gap_points", "window": ["2024-09-01", "2024-11-01"], "observed": 17.5, "interval": [15, 20]},
        {"name": "coding_gap_2026_02", "fact": "H4", "metric": "gap_points_coding", "window": ["2026-01-01", "2026-03-01"], "observed": 3.1, "interval": [2, 5]},
        {"name": "share_2025", "fact": "X7", "metric": "token_share_open_weights", "window": ["2025-01-01", "2025-12-01"],
         "observed": 0.3, "sd": 0.05, "role": "holdout"},
        {"name": "price_fall", "fact": "X6", "metric": "cc_price_usd_per_mtok_q60", "at": "2024-06-01", "ratio_to": "2025-06-01",
         "observed": 10, "interval": [3, 40], "role": "holdout"}
      ]
    }
    """)
}

/// The regular files under `folder`, as sorted relative paths.
public func regularFiles(_ folder: String) throws -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder)
    var files = [String]()
    while let path = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files.sorted()
}
