import CGSL

/// A low-discrepancy sequence on the unit cube: owns a GSL quasi-random generator
/// (`gsl_qrng`, Sobol or Niederreiter base 2) and frees it.
///
/// The sequences are GSL's unscrambled ones, so they are fully deterministic: the
/// n-th point is the same on every machine, and a run of n points is a prefix of a
/// run of 2n. GSL's Sobol sequence never returns the origin (its first point is the
/// centre, (1/2, ..., 1/2)); its Niederreiter sequence does start at the origin,
/// which a design that needs interior points drops with `skip(_:)`.
/// Not `Sendable`: a sequence belongs to the one thread that draws from it.
public struct QuasiRandomSequence: ~Copyable {
    /// The construction of the sequence.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// Sobol's sequence (Antonov-Saleev), GSL's `gsl_qrng_sobol`.
        case sobol
        /// Niederreiter's base-2 sequence, GSL's `gsl_qrng_niederreiter_2`.
        case niederreiter2

        /// The largest dimension GSL implements for this kind (its direction-number
        /// tables stop there).
        public var maximumDimensions: Int {
            switch self {
            case .sobol: 40
            case .niederreiter2: 12
            }
        }

        public var description: String {
            switch self {
            case .sobol: "sobol"
            case .niederreiter2: "niederreiter_2"
            }
        }
    }

    @usableFromInline let qrng: UnsafeMutablePointer<gsl_qrng>
    /// The number of coordinates of each point.
    public let dimensions: Int
    /// The construction of the sequence.
    public let kind: Kind

    /// A `kind` sequence of points with `dimensions` coordinates each.
    ///
    /// - Throws: `QuasiRandomSequenceError` when `dimensions` is not in
    ///   1...`kind.maximumDimensions`.
    public init(_ kind: Kind, dimensions: Int) throws(QuasiRandomSequenceError) {
        guard dimensions >= 1 && dimensions <= kind.maximumDimensions else {
            throw QuasiRandomSequenceError(kind: kind, dimensions: dimensions)
        }
        GSLRuntime.prepare()
        let type = switch kind {
        case .sobol: cgsl_qrng_sobol()
        case .niederreiter2: cgsl_qrng_niederreiter_2()
        }
        guard let qrng = gsl_qrng_alloc(type, UInt32(dimensions)) else {
            throw QuasiRandomSequenceError(kind: kind, dimensions: dimensions)
        }
        self.qrng = qrng
        self.dimensions = dimensions
        self.kind = kind
    }

    deinit { gsl_qrng_free(qrng) }

    /// Writes the next point into `point`, which must hold `dimensions` values.
    public mutating func next(into point: inout [Double]) {
        precondition(point.count == dimensions, "a \(dimensions)-dimensional point needs \(dimensions) values")
        let status = point.withUnsafeMutableBufferPointer { gsl_qrng_get(qrng, $0.baseAddress) }
        precondition(status == GSL_SUCCESS, "GSL \(kind) sequence exhausted (status \(status))")
    }

    /// The next point.
    public mutating func next() -> [Double] {
        var point = [Double](repeating: 0, count: dimensions)
        next(into: &point)
        return point
    }

    /// Skips `count` points.
    public mutating func skip(_ count: Int) {
        var point = [Double](repeating: 0, count: dimensions)
        for _ in 0..<count { next(into: &point) }
    }
}

/// A quasi-random sequence asked for more dimensions than GSL implements (or fewer
/// than one).
public struct QuasiRandomSequenceError: Error, Equatable, CustomStringConvertible {
    public let kind: QuasiRandomSequence.Kind
    public let dimensions: Int

    public var description: String {
        "GSL's \(kind) sequence supports 1 to \(kind.maximumDimensions) dimensions, not \(dimensions)"
    }
}
