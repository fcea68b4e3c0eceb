import Foundation
import Testing
@testable import Reporting

@Suite("sweep report statistics")
struct SweepReportTests {
    /// A deterministic sequence in [0, 1) (a linear congruential generator).
    static func uniforms(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        PartialRankCorrelation.correlation(PartialRankCorrelation.ranks(x), PartialRankCorrelation.ranks(y))!
    }

    @Test("PRCC with two parameters equals the partial Spearman correlation by its closed form")
    func twoParameters() throws {
        let n = 200
        let x1 = Self.uniforms(n, seed: 1), x2 = Self.uniforms(n, seed: 2), noise = Self.uniforms(n, seed: 3)
        let y = (0..<n).map { exp(2 * x1[$0]) - 0.8 * x2[$0] + 0.5 * noise[$0] }
        let prcc = PartialRankCorrelation.coefficients(parameters: [x1, x2], outcome: y)
        let (r1y, r2y, r12) = (Self.spearman(x1, y), Self.spearman(x2, y), Self.spearman(x1, x2))
        let expected1 = (r1y - r12 * r2y) / ((1 - r12 * r12) * (1 - r2y * r2y)).squareRoot()
        let expected2 = (r2y - r12 * r1y) / ((1 - r12 * r12) * (1 - r1y * r1y)).squareRoot()
        #expect(abs(try #require(prcc[0]) - expected1) < 1e-9)
        #expect(abs(try #require(prcc[1]) - expected2) < 1e-9)
        #expect(prcc[0]! > 0.5 && prcc[1]! < -0.3)
    }

    @Test("an outcome monotone in one parameter has PRCC 1 (or -1) with it; a constant parameter has none")
    func monotone() {
        let x1 = Self.uniforms(50, seed: 4), x2 = Self.uniforms(50, seed: 5)
        #expect(PartialRankCorrelation.coefficients(parameters: [x1, x2], outcome: x1.map { exp($0) })[0] == 1)
        #expect(PartialRankCorrelation.coefficients(parameters: [x1, x2], outcome: x1.map { -$0 * $0 * $0 })[0] == -1)
        let constant = Array(repeating: 3.0, count: 50)
        #expect(PartialRankCorrelation.coefficients(parameters: [x1, constant], outcome: x2) == [nil, nil])
        #expect(PartialRankCorrelation.ranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    }

    @Test("the kernel smoother of a straight line is exact at the middle of a symmetric design")
    func smoother() {
        let points = (0...20).map { (x: Double($0), y: 2 * Double($0) + 1) }
        let curve = ScatterChart(id: "s", title: "t", xLabel: "x", yLabel: "y", points: points).smoother(count: 41)
        #expect(curve.count == 41 && curve[20].x == 10)
        #expect(abs(curve[20].y - 21) < 1e-9)
        // Toward the ends the kernel leans inward, so the smoother is pulled toward the middle.
        #expect(curve[0].y > 1 && curve[40].y < 41)
    }

    @Test("Sobol warnings: first-order above total, intervals outside [0, 1], and the sample size that would do")
    func sobolWarnings() {
        let indices = [SobolIndex(parameter: "lag", firstOrder: 1.15, firstOrderInterval: -1.59...3.28, total: 0.9, totalInterval: 0.5...1.3),
                       SobolIndex(parameter: "share", firstOrder: 0.1, firstOrderInterval: 0.05...0.15, total: 0.12, totalInterval: 0.08...0.16)]
        let html = HTMLReport.sobolWarnings([("gap", indices)], baseRows: 64)
        #expect(html.contains("gap, lag: the first-order index (1.15) exceeds the total (0.90)"))
        #expect(html.contains("gap, lag: the first-order interval [-1.59, 3.28] reaches outside [0, 1]"))
        #expect(html.contains("gap, lag: the total interval [0.50, 1.30] reaches outside [0, 1]"))
        #expect(!html.contains("gap, share"))
        // Widest half-width 2.435 at N = 64: 64 (2.435 / 0.05)^2 = 151,788.16, rounded up.
        #expect(html.contains("about 151789 base rows"))
        let fine = [SobolIndex(parameter: "share", firstOrder: 0.1, firstOrderInterval: 0.08...0.12, total: 0.12, totalInterval: 0.1...0.14)]
        #expect(HTMLReport.sobolWarnings([("gap", fine)], baseRows: 64) == "")
        // Intervals of +-1e99 would need 64 (2e100)^2 rows: said in words, not trapped in Int().
        let wild = [SobolIndex(parameter: "lag", firstOrder: 0.1, firstOrderInterval: -1e99...1e99, total: 0.2, totalInterval: 0...0.4)]
        #expect(HTMLReport.sobolWarnings([("gap", wild)], baseRows: 64).contains("more than a billion base rows would be needed"))
    }
}
