import Foundation
import SimulationKit
import Testing
@testable import Experiments

@Suite("Sweep designs")
struct DesignTests {
    @Test("a grid is the full factorial, last parameter fastest, ranges spaced on their scale")
    func grid() throws {
        let d = try SweepDefinition(
            parameters: [
                .levels("a", [1, 2]),
                .range("b", lower: 1, upper: 100, scale: .logUniform, gridLevels: 3),
                .range("c", lower: 2, upper: 8, scale: .integer, gridLevels: 4),
            ],
            design: .grid, samples: nil, replications: 1, seed: 1, outcomes: ["y"])
        let points = try d.points()
        #expect(points.count == 2 * 3 * 4)
        #expect(d.pointCount == 24)
        #expect(Array(points.point(0)) == [1, 1, 2])
        #expect(Array(points.point(1)) == [1, 1, 4])
        #expect(Array(points.point(3)) == [1, 1, 8])
        #expect(abs(points.point(4)[points.point(4).startIndex + 1] - 10) < 1e-12)
        #expect(Array(points.point(23)) == [2, 100, 8])
        let cs = Set((0..<24).map { points.point($0).last! })
        #expect(cs == [2, 4, 6, 8])
    }

    @Test("a range in a grid needs a level count; integer levels must fit")
    func gridValidation() {
        #expect(throws: SweepError.self) {
            try SweepDefinition(parameters: [.range("x", lower: 0, upper: 1)], design: .grid, samples: nil,
                                replications: 1, seed: 1, outcomes: ["y"])
        }
        #expect(throws: SweepError.self) {
            try SweepDefinition(parameters: [.range("x", lower: 0, upper: 2, scale: .integer, gridLevels: 4)],
                                design: .grid, samples: nil, replications: 1, seed: 1, outcomes: ["y"])
        }
    }

    @Test("bad definitions are errors naming the field")
    func validation() throws {
        func message(_ make: () throws -> SweepDefinition) -> String {
            do {
                _ = try make()
                return ""
            } catch let error as SweepError {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        #expect(message { try SweepDefinition(parameters: [.range("p", lower: 0, upper: 1, scale: .logUniform)],
                                              design: .random, samples: 4, replications: 1, seed: 1, outcomes: ["y"]) }
            .contains("parameter p: a log_uniform range needs a positive lower bound"))
        #expect(message { try SweepDefinition(parameters: [.range("p", lower: 0, upper: 1)],
                                              design: .random, samples: nil, replications: 1, seed: 1, outcomes: ["y"]) }
            .contains("samples"))
        #expect(message { try SweepDefinition(parameters: [.range("p", lower: 0, upper: 1)],
                                              design: .random, samples: 3, replications: 0, seed: 1, outcomes: ["y"]) }
            .contains("replications"))
        #expect(message { try SweepDefinition(parameters: [.range("seed", lower: 0, upper: 1)],
                                              design: .random, samples: 3, replications: 1, seed: 1, outcomes: ["y"]) }
            .contains("reserved"))
        let many = (0..<21).map { SweepParameter.range("p\($0)", lower: 0, upper: 1) }
        #expect(message { try SweepDefinition(parameters: many, design: .sobol, samples: 8, replications: 1,
                                              seed: 1, outcomes: ["y"]) }
            .contains("at most 20 parameters"))
    }

    @Test("scales map the unit interval onto their bounds")
    func scales() {
        let uniform = SweepParameter.range("u", lower: -2, upper: 6)
        #expect(uniform.value(atUnit: 0) == -2)
        #expect(uniform.value(atUnit: 0.25) == 0)
        let log = SweepParameter.range("l", lower: 0.01, upper: 100, scale: .logUniform)
        #expect(abs(log.value(atUnit: 0) - 0.01) < 1e-15)
        #expect(abs(log.value(atUnit: 0.5) - 1) < 1e-12)
        #expect(abs(log.value(atUnit: 0.75) - 10) < 1e-12)
        #expect(abs(log.value(atUnit: 1.0.nextDown) - 100) < 1e-9)
        let integer = SweepParameter.range("i", lower: 3, upper: 7, scale: .integer)
        #expect(integer.value(atUnit: 0) == 3)
        #expect(integer.value(atUnit: 0.1999) == 3)
        #expect(integer.value(atUnit: 0.2) == 4)
        #expect(integer.value(atUnit: 1.0.nextDown) == 7)
        let levels = SweepParameter.levels("c", [5, 50, 500])
        #expect([0, 0.34, 0.67, 0.999].map(levels.value(atUnit:)) == [5, 50, 500, 500])
    }

    @Test("integer ranges give each integer equally often in a Latin hypercube")
    func integerCoverage() throws {
        let d = try SweepDefinition(parameters: [.range("i", lower: 1, upper: 5, scale: .integer)],
                                    design: .latinHypercube, samples: 50, replications: 1, seed: 9, outcomes: ["y"])
        let values = try d.points().values
        for v in 1...5 { #expect(values.filter { $0 == Double(v) }.count == 10) }
    }

    @Test("a Latin hypercube has one point per stratum in every dimension")
    func latinHypercube() throws {
        let n = 37
        let d = try SweepDefinition(parameters: (0..<4).map { .range("x\($0)", lower: 0, upper: 1) },
                                    design: .latinHypercube, samples: n, replications: 1, seed: 5, outcomes: ["y"])
        let points = try d.points()
        #expect(points.count == n)
        for i in 0..<4 {
            let strata = (0..<n).map { Int((points.point($0)[$0 * 4 + i] * Double(n)).rounded(.down)) }
            #expect(strata.sorted() == Array(0..<n))
        }
        let again = try d.points()
        #expect(again == points)
        let otherSeed = try SweepDefinition(parameters: d.parameters, design: .latinHypercube, samples: n,
                                            replications: 1, seed: 6, outcomes: ["y"])
        #expect(try otherSeed.points() != points)
    }

    @Test("random points are uniform on the cube and reproducible from the seed")
    func random() throws {
        let d = try SweepDefinition(parameters: [.range("x", lower: 0, upper: 1), .range("y", lower: 0, upper: 1)],
                                    design: .random, samples: 2000, replications: 1, seed: 77, outcomes: ["z"])
        let values = try d.points().values
        let mean = values.reduce(0, +) / Double(values.count)
        // Mean of 4000 uniforms: standard error 0.0046; 5 standard errors.
        #expect(abs(mean - 0.5) < 0.023)
        #expect(try d.points().values == values)
    }

    @Test("Saltelli's matrices: N (k + 2) points; A_B^(i) is A with column i from B; columns are stratified")
    func sobol() throws {
        let k = 3, n = 63
        let d = try SweepDefinition(parameters: (0..<k).map { .range("x\($0)", lower: 0, upper: 1) },
                                    design: .sobol, samples: n, replications: 1, seed: 1, outcomes: ["y"])
        let points = try d.points()
        #expect(points.count == n * (k + 2))
        var a = [[Double]](), b = [[Double]]()
        for row in 0..<n {
            let base = row * (k + 2)
            let rowA = Array(points.point(base)), rowB = Array(points.point(base + 1))
            a.append(rowA)
            b.append(rowB)
            for i in 0..<k {
                var expected = rowA
                expected[i] = rowB[i]
                #expect(Array(points.point(base + 2 + i)) == expected)
            }
        }
        // Points 1...63 of a Sobol sequence (GSL's first 63: it omits the origin, point
        // 0) put exactly one coordinate in each of the strata [j/64, (j+1)/64), j =
        // 1...63, in every dimension (a (0,1)-sequence property); the origin would
        // fill stratum 0.
        for matrix in [a, b] {
            for i in 0..<k {
                let strata = matrix.map { Int(($0[i] * 64).rounded(.down)) }.sorted()
                #expect(strata == Array(1...63))
            }
        }
        #expect(a[0] == [0.5, 0.5, 0.5])
        #expect(a.map { $0[0] } != b.map { $0[0] })
    }

    @Test("a run's seed is derived from the sweep seed and its run id")
    func seeds() throws {
        let d = try toyDefinition()
        #expect(d.seed(ofRun: 5) == StreamSeeding.derive(2024, 5))
        #expect(Set((0..<d.runCount).map(d.seed(ofRun:))).count == d.runCount)
    }

    @Test("the hash is stable and changes with any field; the canonical text reads back")
    func hash() throws {
        let d = try toyDefinition()
        #expect(d.hash == (try toyDefinition()).hash)
        #expect(d.hash.count == 16)
        #expect(d.hash != (try toyDefinition(seed: 2025)).hash)
        #expect(d.hash != (try toyDefinition(replications: 4)).hash)
        #expect(d.hash != (try toyDefinition(samples: 21)).hash)
        let read = try SweepDefinition(canonicalJSON: d.canonicalJSON, source: "test")
        #expect(read == d)
    }
}

@Suite("Quasi-random sequences")
struct QuasiRandomSequenceTests {
    @Test("GSL's Sobol sequence omits the origin: the centre first, then the quarter points")
    func sobolStart() throws {
        var s = try QuasiRandomSequence(.sobol, dimensions: 2)
        #expect(s.next() == [0.5, 0.5])
        #expect(s.next() == [0.75, 0.25])
        #expect(s.next() == [0.25, 0.75])
    }

    @Test("GSL's Niederreiter sequence starts at the origin")
    func niederreiterStart() throws {
        var s = try QuasiRandomSequence(.niederreiter2, dimensions: 3)
        #expect(s.next() == [0, 0, 0])
        #expect(s.next().allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("dimensions beyond GSL's tables are a clear error")
    func limits() throws {
        let error = #expect(throws: QuasiRandomSequenceError.self) { _ = try QuasiRandomSequence(.sobol, dimensions: 41) }
        #expect(error?.description == "GSL's sobol sequence supports 1 to 40 dimensions, not 41")
        #expect(throws: QuasiRandomSequenceError.self) { _ = try QuasiRandomSequence(.niederreiter2, dimensions: 13) }
        #expect(throws: QuasiRandomSequenceError.self) { _ = try QuasiRandomSequence(.sobol, dimensions: 0) }
        let s = try QuasiRandomSequence(.sobol, dimensions: 40)
        #expect(s.dimensions == 40)
        var n = try QuasiRandomSequence(.niederreiter2, dimensions: 12)
        n.skip(1)
        #expect(n.next().allSatisfy { $0 > 0 && $0 < 1 })
    }
}
