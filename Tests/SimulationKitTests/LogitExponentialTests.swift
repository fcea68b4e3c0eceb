import Foundation
import Testing
@testable import SimulationKit

/// `LogitExponential` against the C library's exp, bit for bit: runs stay byte-identical
/// to those made with it only if every weight of every choice is the same double.
@Suite struct LogitExponentialTests {
    /// Inputs a logit gives its exponential (x = utility - maximum, mostly in [-40, 0]),
    /// doubles of either sign at every exponent from 2^-60 to 2^9 (past glibc's fast
    /// path at 512), and the edges of its paths.
    static func inputs(count: Int, seed: UInt64) -> [Double] {
        let stream = RandomStream(seed: seed, key: StreamKey("exp-inputs"))
        let generator = stream.generator
        var xs: [Double] = [0, -0.0, 0x1p-54, -0x1p-54, 0x1.fffffffffffffp-55, -0x1.fffffffffffffp-55,
                            -511.99999999999994, -512, -700, -745.1332191019411, -745.1332191019412, -746,
                            -1000, -.infinity, 1, 500, 709.782712893384, 710, .infinity, .nan]
        for i in 0..<count {
            let u = generator.uniform()
            switch i % 3 {
            case 0: xs.append(-40 * u)
            case 1: xs.append(-2 * u + 1)
            default:
                // A random sign and mantissa at a random exponent from 2^-60 to 2^9.
                let exponent = Int(generator.uniform() * 70) - 60
                let sign: Double = generator.uniform() < 0.5 ? 1 : -1
                xs.append(sign * (1 + u) * Foundation.pow(2, Double(exponent)))
            }
        }
        return xs
    }

    static func same(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    @Test func matchesTheLibraryBitForBit() {
        let xs = Self.inputs(count: 600_000, seed: 7)
        var slots = Set<Int>()
        var mismatches: [Double] = []
        for x in xs {
            if !Self.same(LogitExponential.exp(x), Foundation.exp(x)) { mismatches.append(x) }
            if x.isFinite { slots.insert(Int((x * 128 / M_LN2).rounded()) & 127) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) inputs differ, e.g. \(mismatches.prefix(3).map { $0.debugDescription })")
        // Every table entry was read.
        #expect(slots.count == 128)
    }

    /// The comparison above can tell a result one bit off: glibc's two builds (fused and
    /// unfused multiply-adds) differ in the last bit on some inputs, and it tells them
    /// apart. Only a CPU that runs the fused build can show it.
    @Test(.enabled(if: LogitExponential.variant == .fused))
    func theComparisonTellsTheBuildsApart() {
        let xs = Self.inputs(count: 200_000, seed: 8)
        let differing = xs.filter { !Self.same(LogitExponential.exp($0, variant: .unfused), Foundation.exp($0)) }
        #expect(!differing.isEmpty)
        #expect(xs.allSatisfy { Self.same(LogitExponential.exp($0, variant: .fused), Foundation.exp($0)) })
    }

    /// A menu's weights and their sum, in index order, as a loop of the library's exp
    /// takes them: on menus of the logit's size, with and without a value that needs the
    /// library's checked path (below -512 after the shift, or 0 after it).
    @Test func exponentiatesAMenu() {
        let stream = RandomStream(seed: 9, key: StreamKey("exp-menus"))
        let generator = stream.generator
        for trial in 0..<5_000 {
            let count = 1 + Int(generator.uniform() * 40)
            var values = (0..<count).map { _ in generator.uniform(-15, 15) }
            if trial % 5 == 0 { values[Int(generator.uniform() * Double(count))] = -600 }
            let maximum = values.max()!, minimum = values.min()!
            var expected = values.map { Foundation.exp($0 - maximum) }
            var total = 0.0
            for w in expected { total += w }
            expected.append(total)
            var weights = values
            let sum = weights.withUnsafeMutableBufferPointer {
                LogitExponential.exponentiate($0, maximum: maximum, minimum: minimum)
            }
            weights.append(sum)
            #expect(zip(weights, expected).allSatisfy { Self.same($0, $1) }, "menu \(trial): \(values)")
        }
    }
}
