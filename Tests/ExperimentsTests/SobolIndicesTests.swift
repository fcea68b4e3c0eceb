import Foundation
import Testing
@testable import Experiments

@Suite("Sobol sensitivity indices")
struct SobolIndicesTests {
    /// The outputs of `f` on a sobol design's A, B and A_B^(i) matrices.
    func outputs(_ d: SweepDefinition, _ f: (ArraySlice<Double>) -> Double) throws -> (a: [Double], b: [Double], ab: [[Double]]) {
        let points = try d.points()
        let k = d.parameters.count, n = d.samples!
        var a = [Double](repeating: 0, count: n), b = a
        var ab = [[Double]](repeating: a, count: k)
        for p in 0..<points.count {
            let (row, role) = SaltelliRole.of(pointID: p, parameterCount: k)
            let y = f(points.point(p))
            switch role {
            case .a: a[row] = y
            case .b: b[row] = y
            case .ab(let i): ab[i][row] = y
            }
        }
        return (a, b, ab)
    }

    @Test("Ishigami (a = 7, b = 0.1): every analytic index lies in its bootstrap interval")
    func ishigami() throws {
        let a = 7.0, b = 0.1, pi = Double.pi
        let pi4 = pow(pi, 4), pi8 = pow(pi, 8)
        // Closed forms (Ishigami and Homma 1990; Sobol and Levitan 1999).
        let v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
        let v1 = 0.5 * pow(1 + b * pi4 / 5, 2)
        let v2 = a * a / 8
        let v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50)
        let first = [v1 / v, v2 / v, 0]
        let total = [(v1 + v13) / v, v2 / v, v13 / v]
        #expect(abs(first[0] - 0.3139) < 1e-4 && abs(total[2] - 0.2437) < 1e-4)

        let d = try SweepDefinition(parameters: (1...3).map { .range("x\($0)", lower: -pi, upper: pi) },
                                    design: .sobol, samples: 4096, replications: 1, seed: 11, outcomes: ["y"])
        let f = try outputs(d) { x in
            let x1 = x[x.startIndex], x2 = x[x.startIndex + 1], x3 = x[x.startIndex + 2]
            return sin(x1) + a * pow(sin(x2), 2) + b * pow(x3, 4) * sin(x1)
        }
        let indices = SobolIndices(a: f.a, b: f.b, ab: f.ab, resamples: 500, seed: 11)
        #expect(abs(indices.variance - v) / v < 0.02)
        for i in 0..<3 {
            #expect(indices.firstOrderLow[i] <= first[i] && first[i] <= indices.firstOrderHigh[i],
                    "S\(i + 1) = \(first[i]) outside [\(indices.firstOrderLow[i]), \(indices.firstOrderHigh[i])]")
            #expect(indices.totalLow[i] <= total[i] && total[i] <= indices.totalHigh[i],
                    "ST\(i + 1) = \(total[i]) outside [\(indices.totalLow[i]), \(indices.totalHigh[i])]")
            // Tight enough to tell the indices apart.
            #expect(indices.firstOrderHigh[i] - indices.firstOrderLow[i] < 0.12)
            #expect(indices.totalHigh[i] - indices.totalLow[i] < 0.12)
        }
    }

    @Test("an additive function has equal first-order and total indices, c_i^2 / sum c^2")
    func additive() throws {
        let c = [3.0, 2.0, 1.0]
        let d = try SweepDefinition(parameters: (0..<3).map { .range("x\($0)", lower: 0, upper: 1) },
                                    design: .sobol, samples: 1024, replications: 1, seed: 3, outcomes: ["y"])
        let f = try outputs(d) { x in zip(c, x).reduce(0) { $0 + $1.0 * $1.1 } }
        let indices = SobolIndices(a: f.a, b: f.b, ab: f.ab, resamples: 200, seed: 3)
        let sum = c.reduce(0) { $0 + $1 * $1 }
        for i in 0..<3 {
            let exact = c[i] * c[i] / sum
            #expect(abs(indices.firstOrder[i] - indices.total[i]) < 0.02)
            #expect(abs(indices.firstOrder[i] - exact) < 0.02)
            #expect(abs(indices.total[i] - exact) < 0.02)
        }
        #expect(abs(indices.firstOrder.reduce(0, +) - 1) < 0.03)
    }

    @Test("base rows with a missing output are left out")
    func missingRows() {
        let a = [1.0, 2, .nan, 4], b = [2.0, 1, 3, 5], ab = [[1.5, 2.5, 3, .infinity]]
        let indices = SobolIndices(a: a, b: b, ab: ab, resamples: 0, seed: 1)
        #expect(indices.baseRows == 2)
        // Rows 0 and 1: f_A = (1, 2), f_B = (2, 1), f_AB = (1.5, 2.5). Mean 1.5, V = 0.25.
        #expect(indices.variance == 0.25)
        #expect(indices.firstOrder[0] == ((2 * 0.5) + (1 * 0.5)) / 2 / 0.25)
        #expect(indices.total[0] == (0.25 + 0.25) / 2 / 0.5)
    }
}
