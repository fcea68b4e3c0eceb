import Foundation
import TestSupport
import Testing
@testable import Reporting

@Suite("Bands across replications")
struct BandsAccumulatorTests {
    /// Three replications, two periods, two metrics, added out of order; y is
    /// missing in replication 1 at period 0 and everywhere at period 1, and only
    /// replication 2 reaches period 1.
    private func tinyBands() -> BandsAccumulator {
        var bands = BandsAccumulator(metrics: ["x", "y"])
        bands.add(replication: 2, period: 0, date: "2026-01-01", values: [4, 30])
        bands.add(replication: 2, period: 1, date: "2026-02-01", values: [5, .nan])
        bands.add(replication: 0, period: 0, date: "2026-01-01", values: [1, 10])
        bands.add(replication: 1, period: 0, date: "2026-01-01", values: [2, .nan])
        return bands
    }

    @Test("mean, standard error and type-7 percentiles match hand computation")
    func handComputed() throws {
        let bands = tinyBands()
        // x at period 0: {1, 2, 4}: mean 7/3, variance 7/3, se sqrt(7/9);
        // type 7: p5 = 1 + 0.1 * 1, p50 = 2, p95 = 2 + 0.9 * 2.
        let x = bands.statistics(period: 0, metric: 0)
        #expect(abs(try #require(x[.mean]) - 7.0 / 3.0) < 1e-12)
        #expect(abs(try #require(x[.standardError]) - (7.0 / 9.0).squareRoot()) < 1e-12)
        #expect(abs(try #require(x[.p5]) - 1.1) < 1e-12)
        #expect(x[.p50] == 2)
        #expect(abs(try #require(x[.p95]) - 3.8) < 1e-12)
        // y at period 0: {10, 30} (one missing): mean 20, variance 200, se 10.
        let y = bands.statistics(period: 0, metric: 1)
        #expect(y[.mean] == 20)
        #expect(abs(try #require(y[.standardError]) - 10) < 1e-12)
        #expect(abs(try #require(y[.p5]) - 11) < 1e-12)
        #expect(y[.p50] == 20)
        #expect(abs(try #require(y[.p95]) - 29) < 1e-12)
    }

    @Test("rows come in period, metric, statistic order; undefined statistics are empty")
    func rowOrder() {
        let rows = tinyBands().rows()
        #expect(rows.count == 2 * 2 * 5)
        #expect(rows.map { $0[2] }.prefix(5) == ["mean", "std_error", "p5", "p50", "p95"])
        #expect(rows[0] == ["2026-01-01", "x", "mean", CSVFormat.number(7.0 / 3.0)])
        #expect(rows[5] == ["2026-01-01", "y", "mean", "20"])
        // Period 1: x has one value (no standard error), y has none at all.
        #expect(rows[10...14].map { $0[3] } == ["5", "", "5", "5", "5"])
        #expect(rows[15...19].allSatisfy { $0[0] == "2026-02-01" && $0[1] == "y" && $0[3].isEmpty })
    }

    @Test("the order replications arrive in does not change a bit of the output")
    func orderIndependent() {
        let values: [[Double]] = [[0.1], [0.7], [0.2], [1e-3], [0.3]]
        var forward = BandsAccumulator(metrics: ["m"])
        var backward = BandsAccumulator(metrics: ["m"])
        for (r, v) in values.enumerated() { forward.add(replication: r, period: 0, date: "2026-01-01", values: v) }
        for (r, v) in values.enumerated().reversed() { backward.add(replication: r, period: 0, date: "2026-01-01", values: v) }
        #expect(forward.rows() == backward.rows())
    }

    @Test("bands from a trajectories table and bands.csv on disk")
    func fromTrajectories() throws {
        let text = """
            replication,date,day,x,y
            0,2026-01-01,0,1,10
            0,2026-02-01,31,,
            1,2026-01-01,0,2,
            2,2026-01-01,0,4,30
            2,2026-02-01,31,5,

            """
        let bands = try BandsAccumulator(trajectories: CSVTable(text: text, path: "trajectories.csv"))
        #expect(bands.metrics == ["x", "y"])
        #expect(bands.rows() == tinyBands().rows())
        let path = try TemporaryFolder("bands").file("bands.csv")
        try bands.write(path: path)
        let back = try CSVTable.read(path: path)
        #expect(back.header == ["date", "metric", "stat", "value"])
        #expect(back.rows == bands.rows())
    }
}
