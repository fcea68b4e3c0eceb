import Foundation
import Testing
@testable import SimulationKit

/// `LogitExponential` on every path a menu takes it: each weight the C library's
/// exp(v - maximum), the maximum's weight exactly 1, weights that underflow to zero and
/// to subnormals, and the sum added in index order, the order a draw over the weights
/// adds them in.
@Suite struct LogitExponentialTests {
    static func exponentiate(_ values: [Double]) -> (weights: [Double], total: Double) {
        var weights = values
        let total = weights.withUnsafeMutableBufferPointer {
            LogitExponential.exponentiate($0, maximum: values.max()!)
        }
        return (weights, total)
    }

    @Test("each weight is exp(v - maximum) to the bit, the total their sum in index order")
    func menus() {
        let stream = RandomStream(seed: 9, key: StreamKey("exp-menus"))
        let generator = stream.generator
        for trial in 0..<5_000 {
            let count = 1 + Int(generator.uniform() * 40)
            var values = (0..<count).map { _ in generator.uniform(-15, 15) }
            // Some menus hold an offering whose weight underflows (to a subnormal, or to 0).
            if trial % 5 == 0 { values[Int(generator.uniform() * Double(count))] = -720 }
            if trial % 7 == 0 { values[Int(generator.uniform() * Double(count))] = -800 }
            let maximum = values.max()!
            let (weights, total) = Self.exponentiate(values)
            let expected = values.map { Foundation.exp($0 - maximum) }
            #expect(weights.map(\.bitPattern) == expected.map(\.bitPattern), "menu \(trial): \(values)")
            var sum = 0.0
            for w in expected { sum += w }
            #expect(total.bitPattern == sum.bitPattern, "menu \(trial)")
            #expect(weights[values.firstIndex(of: maximum)!] == 1)
        }
    }

    @Test("the weights span 1 down through subnormals to 0, and a one-entry menu weighs 1")
    func edges() {
        let (weights, total) = Self.exponentiate([0, -700, -740, -746])
        #expect(weights[0] == 1)
        #expect(weights[1] > 0 && weights[1].isNormal)
        #expect(weights[2] > 0 && weights[2].isSubnormal)
        #expect(weights[3] == 0)
        #expect(total == 1 + weights[1] + weights[2])
        let single = Self.exponentiate([-3.5])
        #expect(single.weights == [1] && single.total == 1)
    }

    @Test("the total adds in index order: 1, then two weights below half an ulp of 1, stays 1")
    func indexOrder() {
        // exp(ln 1e-16) is about 1e-16, less than half an ulp of 1 (1.1e-16): added to 1 one
        // at a time each vanishes; added to each other first they would not (1 + 2e-16).
        let small = Foundation.log(1e-16)
        let (weights, total) = Self.exponentiate([0, small, small])
        #expect(total == 1)
        #expect(weights[2] + weights[1] + weights[0] > 1, "the example tells the orders apart")
    }
}
