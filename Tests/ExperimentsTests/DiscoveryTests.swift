import Foundation
import TestSupport
import Testing
import Reporting
@testable import Experiments

@Suite("scenario discovery (PRIM)")
struct DiscoveryTests {
    /// A synthetic sweep folder: a full 11 x 11 x 11 grid over a, b, c in [0, 1] (step
    /// 0.1), one run per point, whose outcome is 1 exactly inside the true box
    /// 0.3 <= a <= 0.7, b >= 0.6 (c irrelevant) and 0 elsewhere.
    static func syntheticSweep() throws -> String {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var runs = "run_id,point_id,replication,seed,a,b,c,hit\n"
        var points = "point_id,a,b,c,hit_mean,hit_std_error,hit_ci95_low,hit_ci95_high,hit_n\n"
        var id = 0
        for i in 0...10 {
            for j in 0...10 {
                for k in 0...10 {
                    let (a, b, c) = (Double(i) / 10, Double(j) / 10, Double(k) / 10)
                    let hit = (3...7).contains(i) && j >= 6 ? 1 : 0
                    runs += "\(id),\(id),0,\(id + 1),\(a),\(b),\(c),\(hit)\n"
                    points += "\(id),\(a),\(b),\(c),\(hit),,,,1\n"
                    id += 1
                }
            }
        }
        try Data(runs.utf8).write(to: URL(fileURLWithPath: folder + "/runs.csv"))
        try Data(points.utf8).write(to: URL(fileURLWithPath: folder + "/points.csv"))
        return folder
    }

    @Test("PRIM recovers a known box within one grid step, leaving the irrelevant parameter unrestricted")
    func recoversTrueBox() throws {
        let folder = try Self.syntheticSweep()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let discovery = try ScenarioDiscovery(sweepFolder: folder, outcome: "hit", direction: .above, threshold: 0.5)
        #expect(discovery.parameters == ["a", "b", "c"])
        let box = discovery.box.box
        let step = 0.1 + 1e-9
        #expect(abs(box.lower[0] - 0.3) <= step && abs(box.upper[0] - 0.7) <= step, "a: \(box.lower[0])...\(box.upper[0])")
        #expect(abs(box.lower[1] - 0.6) <= step && box.upper[1] == 1, "b: \(box.lower[1])...\(box.upper[1])")
        #expect(box.lower[2] <= 0.1 && box.upper[2] >= 0.9, "c: \(box.lower[2])...\(box.upper[2])")
        #expect(discovery.box.density >= 0.8 && discovery.box.coverage >= 0.8)
        // The trajectory starts from every case (coverage 1, density 5 x 5 / 11^2) and
        // never raises coverage; mass never falls below the minimum.
        let first = try #require(discovery.trajectory.first)
        #expect(first.coverage == 1 && first.mass == 1 && abs(first.density - 25.0 / 121) < 1e-12)
        for (earlier, later) in zip(discovery.trajectory, discovery.trajectory.dropFirst()) {
            #expect(later.coverage <= earlier.coverage && later.mass < earlier.mass && later.mass >= 0.05)
            #expect(later.density > earlier.density, "each peel raises density; peeling stops when none does")
        }
    }

    @Test("below mirrors above; the files hold the trajectory and the chosen box")
    func belowAndFiles() throws {
        let folder = try Self.syntheticSweep()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let above = try ScenarioDiscovery(sweepFolder: folder, outcome: "hit", direction: .above, threshold: 0.5)
        let below = try ScenarioDiscovery(sweepFolder: folder, outcome: "hit", direction: .below, threshold: 0.5)
        #expect(above.prim.interesting == below.prim.interesting.map { !$0 })
        try FileManager.default.createDirectory(atPath: folder + "/d", withIntermediateDirectories: false)
        try above.write(into: folder + "/d")
        let trajectory = try CSVTable.read(path: folder + "/d/trajectory.csv")
        #expect(trajectory.rows.count == above.trajectory.count)
        #expect(trajectory.header.prefix(5) == ["step", "coverage", "density", "mass", "cases_inside"])
        let box = try CSVTable.read(path: folder + "/d/box.csv")
        #expect(try box.strings("parameter") == ["a", "b", "c"])
        #expect(try box.strings("restricted") == ["true", "true", "false"])
        let error = try #require(throws: InputError.self) {
            try ScenarioDiscovery(sweepFolder: folder, outcome: "hti", direction: .above, threshold: 0.5)
        }
        #expect(error.description.contains("no outcome \"hti\" (did you mean \"hit\"?)"))
    }
}
