import Foundation
import Reporting
import TestSupport
import Testing
@testable import Experiments

@Suite("Aggregation")
struct AggregationTests {
    /// Rows of a CSV file without quoted fields, split into fields.
    func rows(_ path: String) throws -> [[Substring]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    @Test("points.csv: mean, standard error, t interval and n over finite replications, hand-checked")
    func handChecked() throws {
        let d = try SweepDefinition(parameters: [.levels("x", [1, 2])], design: .grid, samples: nil,
                                    replications: 3, seed: 4, outcomes: ["y", "z"])
        let table: [[Double]] = [[1, 10], [2, .nan], [6, 20], [5, 1], [5, 1], [5, 1]]
        let folder = temporaryFolder()
        try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 2)).run { table[$0.runID] }
        let points = try rows(folder + "/" + OutputFileNames.Sweep.points)
        #expect(points[0] == ["point_id", "x", "y_mean", "y_std_error", "y_ci95_low", "y_ci95_high", "y_n",
                              "z_mean", "z_std_error", "z_ci95_low", "z_ci95_high", "z_n"])
        #expect(points.count == 3)
        // Point 0, y = 1, 2, 6: mean 3, sample variance (4 + 1 + 9) / 2 = 7, standard
        // error sqrt(7 / 3). Student's t with 2 degrees of freedom has the closed-form
        // quantile (2p - 1) / sqrt(2 p (1 - p)).
        let p = 0.975
        let t2 = (2 * p - 1) / (2 * p * (1 - p)).squareRoot()
        let se = (7.0 / 3).squareRoot()
        let y = points[1].map { Double($0) }
        #expect(points[1][0] == "0" && y[1] == 1)
        #expect(y[2] == 3)
        #expect(abs(y[3]! - se) < 1e-12)
        #expect(abs(y[4]! - (3 - t2 * se)) < 1e-9)
        #expect(abs(y[5]! - (3 + t2 * se)) < 1e-9)
        #expect(points[1][6] == "3")
        // z = 10, missing, 20: n = 2, mean 15, variance 50, standard error 5; t with
        // 1 degree of freedom is tan(pi (p - 1/2)).
        let t1 = tan(Double.pi * (p - 0.5))
        #expect(points[1][7] == "15" && points[1][8] == "5" && points[1][11] == "2")
        #expect(abs(Double(points[1][9])! - (15 - 5 * t1)) < 1e-9)
        // Point 1: no spread, a zero-width interval.
        #expect(points[2][1...6] == ["2", "5", "0", "5", "5", "3"])
    }

    @Test("a single replication has a mean but no standard error or interval")
    func singleReplication() throws {
        let d = try SweepDefinition(parameters: [.levels("x", [1, 2])], design: .grid, samples: nil,
                                    replications: 1, seed: 4, outcomes: ["y"])
        let folder = temporaryFolder()
        try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 1)).run { [$0.parameterValues[0] * 0.5] }
        let points = try rows(folder + "/" + OutputFileNames.Sweep.points)
        #expect(points[1] == ["0", "1", "0.5", "", "", "", "1"])
    }

    @Test("sensitivity.csv lists each outcome and parameter with its indices and intervals")
    func sensitivityFile() throws {
        let d = try SweepDefinition(parameters: [.range("a", lower: 0, upper: 1), .range("b", lower: 0, upper: 1)],
                                    design: .sobol, samples: 256, replications: 2, seed: 8, outcomes: ["y", "w"])
        let folder = temporaryFolder()
        // y depends on a only; w on b only; replications differ by noise that averages out.
        try SweepRunner(definition: d, folder: folder, options: testOptions(jobs: 2)).run { spec in
            let noise = spec.replication == 0 ? 0.001 : -0.001
            return [spec.parameterValues[0] + noise, spec.parameterValues[1] * 3 + noise]
        }
        let table = try rows(folder + "/" + OutputFileNames.Sweep.sensitivity)
        #expect(table[0] == ["parameter", "outcome", "first_order", "first_order_ci_low", "first_order_ci_high",
                             "total", "total_ci_low", "total_ci_high"])
        #expect(table.dropFirst().map { "\($0[0])/\($0[1])" } == ["a/y", "b/y", "a/w", "b/w"])
        func value(_ row: Int, _ column: Int) -> Double { Double(table[row][column])! }
        // A parameter an outcome ignores leaves f_AB^(i) = f_A: both indices exactly 0.
        for row in [2, 3] { #expect(table[row][2...7].allSatisfy { $0 == "0" }) }
        // The one parameter an outcome depends on explains all of it: 1 in both intervals.
        for row in [1, 4] {
            #expect(value(row, 3) <= 1 && 1 <= value(row, 4))
            #expect(value(row, 6) <= 1 && 1 <= value(row, 7))
            #expect(value(row, 3) <= value(row, 2) && value(row, 2) <= value(row, 4))
        }
    }
}
