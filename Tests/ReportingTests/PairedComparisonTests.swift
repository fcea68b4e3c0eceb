import Testing
@testable import Reporting

@Suite("Paired comparison on common random numbers")
struct PairedComparisonTests {
    private let a: [Double?] = [10, 20, 30, 40, 17.3, nil]
    private let b: [Double?] = [12, 21, 35, 42, 19.1, 3]

    @Test("a hand-computed t interval")
    func handComputed() throws {
        // d = {2, 1, 5, 2}: mean 2.5, variance 3, se sqrt(3/4);
        // t(0.975, 3 dof) = 3.182446305284263 from a t table.
        let comparison = PairedComparison(outcome: "gap_points", a: [10, 20, 30, 40], b: [12, 21, 35, 42])
        #expect(comparison.n == 4)
        #expect(comparison.meanA == 25)
        #expect(comparison.meanB == 27.5)
        #expect(comparison.meanDifference == 2.5)
        let se = try #require(comparison.differenceStandardError)
        #expect(abs(se - 0.75.squareRoot()) < 1e-12)
        let interval = try #require(comparison.differenceInterval95)
        let halfWidth = 3.182446305284263 * 0.75.squareRoot()
        #expect(abs(interval.lowerBound - (2.5 - halfWidth)) < 1e-9)
        #expect(abs(interval.upperBound - (2.5 + halfWidth)) < 1e-9)
    }

    @Test("swapping A and B negates every difference and bound exactly")
    func swapNegates() throws {
        let ab = PairedComparison(outcome: "o", a: a, b: b)
        let ba = PairedComparison(outcome: "o", a: b, b: a)
        #expect(ab.n == 5)
        #expect(ba.meanDifference == -ab.meanDifference)
        #expect(ba.meanA == ab.meanB && ba.meanB == ab.meanA)
        #expect(ba.differenceStandardError == ab.differenceStandardError)
        let forward = try #require(ab.differenceInterval95)
        let backward = try #require(ba.differenceInterval95)
        #expect(backward.lowerBound == -forward.upperBound)
        #expect(backward.upperBound == -forward.lowerBound)
        #expect(forward.lowerBound < forward.upperBound)
    }

    @Test("A against itself gives exact zeros and zero-width intervals")
    func selfCompare() throws {
        let comparison = PairedComparison(outcome: "o", a: a, b: a)
        #expect(comparison.meanDifference == 0)
        #expect(comparison.differenceStandardError == 0)
        #expect(comparison.differenceInterval95 == 0...0)
        #expect(comparison.statisticFields == ["5", comparison.statisticFields[1], comparison.statisticFields[1], "0", "0", "0", "0"])
    }

    @Test("one pair has no interval; its CSV fields are empty")
    func singlePair() {
        let comparison = PairedComparison(outcome: "o", a: [1, nil], b: [3, 4])
        #expect(comparison.n == 1)
        #expect(comparison.differenceInterval95 == nil)
        #expect(comparison.statisticFields == ["1", "1", "3", "2", "", "", ""])
    }

    @Test("final-period outcomes per replication from trajectories")
    func finalPeriodOutcomes() throws {
        let a = try CSVTable(text: "replication,date,day,gap_points\n0,2026-01-01,0,9\n0,2026-02-01,31,7\n1,2026-01-01,0,8\n1,2026-02-01,31,6\n", path: "a")
        let b = try CSVTable(text: "replication,date,day,gap_points,extra\n0,2026-01-01,0,9,1\n0,2026-02-01,31,4,1\n1,2026-01-01,0,8,1\n1,2026-02-01,31,5,1\n", path: "b")
        let comparisons = PairedComparison.compare(a: try ReplicationOutcomes.finalPeriod(of: a),
                                                   b: try ReplicationOutcomes.finalPeriod(of: b))
        #expect(comparisons.map(\.outcome) == ["gap_points"])
        #expect(comparisons[0].meanA == 6.5 && comparisons[0].meanB == 4.5 && comparisons[0].meanDifference == -2)
    }
}
