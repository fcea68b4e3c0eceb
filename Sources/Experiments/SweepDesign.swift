import SimulationKit

/// How a sweep chooses its points in parameter space.
///
/// Every sampled design is a pure function of the sweep's definition (and its seed),
/// so the points, and with them every run's identity, are the same on every machine.
public enum SweepDesign: String, Sendable, Equatable, CaseIterable {
    /// The full factorial of every parameter's levels, the last parameter varying
    /// fastest (like nested loops in parameter order).
    case grid
    /// Independent uniform points on the unit cube, from the stream
    /// `StreamKey("sweep/random")` under the sweep seed, coordinates drawn in
    /// parameter order, point by point.
    case random
    /// A Latin hypercube: each parameter's [0, 1) is cut into `samples` equal strata
    /// and every stratum holds exactly one point; the strata are matched across
    /// parameters by independent random permutations, with a uniform jitter inside
    /// each stratum (stream `StreamKey("sweep/lhs")`, parameter by parameter: the
    /// permutation by Fisher-Yates, then the jitters).
    case latinHypercube = "lhs"
    /// Saltelli's scheme for first-order and total Sobol indices. Base matrices A and
    /// B (N rows, k columns) are the first and last k coordinates of the first N points
    /// of GSL's unscrambled 2k-dimensional Sobol sequence; A_B^(i) is A with column i
    /// taken from B. The all-zero point is never used: GSL's Sobol sequence omits the
    /// origin and starts at the centre, so nothing needs skipping. Points are ordered by base
    /// row: row j gives point ids j(k+2) + 0 (A_j), + 1 (B_j), + 2 + i (A_B^(i)_j),
    /// so a sweep with N base rows is a prefix of one with 2N.
    case sobol

    /// The number of points for `parameters` and `samples` (see `SweepDefinition`).
    func pointCount(parameters: [SweepParameter], samples: Int?) -> Int {
        switch self {
        // Saturating: a grid of many parameters (or a huge Sobol base) overflows Int, and
        // the definition must be able to say how far over its limit it is.
        case .grid: parameters.reduce(1) { product, p in
            let (value, overflow) = product.multipliedReportingOverflow(by: p.gridLevelCount)
            return overflow ? Int.max : value
        }
        case .random, .latinHypercube: samples ?? 0
        case .sobol:
            (samples ?? 0).multipliedReportingOverflow(by: parameters.count + 2).overflow
                ? Int.max : (samples ?? 0) * (parameters.count + 2)
        }
    }
}

/// The role of a point in a Saltelli design.
enum SaltelliRole: Equatable {
    case a
    case b
    case ab(Int)

    /// The base row and role of `pointID` in a design of `parameterCount` parameters.
    static func of(pointID: Int, parameterCount: Int) -> (row: Int, role: SaltelliRole) {
        let block = parameterCount + 2
        let row = pointID / block
        switch pointID % block {
        case 0: return (row, .a)
        case 1: return (row, .b)
        case let m: return (row, .ab(m - 2))
        }
    }
}

/// A design's points: parameter values, point by point, in point-id order.
///
/// Stored flat (point-major) so a sweep of many points costs one allocation.
public struct SweepPoints: Sendable, Equatable {
    public let parameterCount: Int
    public let count: Int
    /// Point `p`'s value of parameter `i` is `values[p * parameterCount + i]`.
    public let values: [Double]

    /// The parameter values of point `pointID`, in parameter order.
    public func point(_ pointID: Int) -> ArraySlice<Double> {
        values[(pointID * parameterCount)..<((pointID + 1) * parameterCount)]
    }

    /// Generates the points of a valid definition.
    init(definition d: SweepDefinition) throws(SweepError) {
        let k = d.parameters.count
        parameterCount = k
        count = d.pointCount
        var values = [Double]()
        values.reserveCapacity(count * k)
        switch d.design {
        case .grid:
            let levels = d.parameters.map { $0.gridLevels() }
            var index = [Int](repeating: 0, count: k)
            for _ in 0..<count {
                for i in 0..<k { values.append(levels[i][index[i]]) }
                var i = k - 1
                while i >= 0 {
                    index[i] += 1
                    if index[i] < levels[i].count { break }
                    index[i] = 0
                    i -= 1
                }
            }
        case .random:
            let stream = RandomStream(seed: d.seed, key: StreamKey("sweep/random"))
            let g = stream.generator
            for _ in 0..<count {
                for p in d.parameters { values.append(p.value(atUnit: g.uniform())) }
            }
        case .latinHypercube:
            let stream = RandomStream(seed: d.seed, key: StreamKey("sweep/lhs"))
            let g = stream.generator
            var units = [Double](repeating: 0, count: count * k)
            for i in 0..<k {
                var strata = Array(0..<count)
                g.shuffle(&strata)
                for p in 0..<count {
                    units[p * k + i] = (Double(strata[p]) + g.uniform()) / Double(count)
                }
            }
            for p in 0..<count {
                for i in 0..<k { values.append(d.parameters[i].value(atUnit: units[p * k + i])) }
            }
        case .sobol:
            let base = d.samples ?? 0
            var sequence: QuasiRandomSequence
            do {
                sequence = try QuasiRandomSequence(.sobol, dimensions: 2 * k)
            } catch {
                throw SweepError(.invalidDefinition,
                                 "a sobol design of \(k) parameters needs \(2 * k) dimensions: \(error) (at most \(QuasiRandomSequence.Kind.sobol.maximumDimensions / 2) parameters)")
            }
            var unit = [Double](repeating: 0, count: 2 * k)
            for _ in 0..<base {
                sequence.next(into: &unit)
                for i in 0..<k { values.append(d.parameters[i].value(atUnit: unit[i])) }
                for i in 0..<k { values.append(d.parameters[i].value(atUnit: unit[k + i])) }
                for column in 0..<k {
                    for i in 0..<k {
                        values.append(d.parameters[i].value(atUnit: unit[i == column ? k + i : i]))
                    }
                }
            }
        }
        self.values = values
    }
}
