import CGSL

/// One random stream: owns a GSL generator (`gsl_rng`) and frees it.
///
/// A stream is named by (master seed, `StreamKey`) and seeded by `StreamSeeding`, so
/// the same pair gives the same draws on any machine, and adding a stream elsewhere
/// never changes this one. Not `Sendable`: give a task a seed, not a generator.
public struct RandomStream: ~Copyable {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    /// The stream `key` under master `seed`, on xoshiro256**, seeded by `scheme`
    /// (`StreamSeeding.state(seed:key:)` unless a test says otherwise).
    public init(seed: UInt64, key: StreamKey, scheme: StreamSeeding.Scheme = StreamSeeding.state) {
        GSLRuntime.prepare()
        rng = gsl_rng_alloc(Xoshiro256StarStar.gslType)!
        StreamSeeding.fill(gsl_rng_state(rng).assumingMemoryBound(to: UInt64.self), seed: seed, key: key, scheme: scheme)
    }

    /// GSL's MT19937 seeded with `gsl_rng_set`: only the low 32 bits of `seed` count
    /// (and 0 means 4357). Kept for comparison with GSL's documented outputs.
    public init(mt19937Seed seed: UInt) {
        GSLRuntime.prepare()
        rng = gsl_rng_alloc(cgsl_rng_mt19937())!
        gsl_rng_set(rng, seed)
    }

    deinit { gsl_rng_free(rng) }

    /// The generator's GSL name (`xoshiro256starstar` or `mt19937`).
    public var generatorName: String { String(cString: gsl_rng_name(rng)) }

    /// Draws on this stream. The view does not keep the stream alive: bind the stream
    /// to a name first (`RandomStream(...).generator` on a temporary would draw from a
    /// freed generator).
    @inlinable public var generator: RandomGenerator { RandomGenerator(rng) }
}

/// Many random streams in one contiguous block: one per actor of a large population
/// (a million buyers), with no allocation per stream and no per-draw indirection
/// beyond GSL's own. Stream `i` is keyed by `StreamKey(family, index: i)`.
public struct RandomStreamBank: ~Copyable {
    @usableFromInline let states: UnsafeMutablePointer<UInt64>
    @usableFromInline let header: UnsafeMutablePointer<gsl_rng>
    /// The number of streams.
    public let count: Int

    /// `count` streams of the family `family` under master `seed`.
    public init(seed: UInt64, family: String, count: Int, scheme: StreamSeeding.Scheme = StreamSeeding.state) {
        precondition(count >= 0, "a stream bank needs a non-negative count")
        let familyHash = StreamKey.fnv1a(family)
        self.init(seed: seed, count: count, scheme: scheme) { StreamKey(family, familyHash: familyHash, index: $0) }
    }

    /// One stream per key, in order: stream `i` is the stream of `keys[i]`, identical
    /// to `RandomStream(seed: seed, key: keys[i])`.
    public init(seed: UInt64, keys: [StreamKey], scheme: StreamSeeding.Scheme = StreamSeeding.state) {
        self.init(seed: seed, count: keys.count, scheme: scheme) { keys[$0] }
    }

    private init(seed: UInt64, count: Int, scheme: StreamSeeding.Scheme, key: (Int) -> StreamKey) {
        GSLRuntime.prepare()
        self.count = count
        states = .allocate(capacity: max(1, count) * Xoshiro256StarStar.stateWords)
        for i in 0..<count {
            StreamSeeding.fill(states + i * Xoshiro256StarStar.stateWords, seed: seed, key: key(i), scheme: scheme)
        }
        header = .allocate(capacity: 1)
        header.initialize(to: gsl_rng(type: Xoshiro256StarStar.gslType, state: UnsafeMutableRawPointer(states)))
    }

    deinit {
        states.deallocate()
        header.deallocate()
    }

    /// Draws on stream `index`. The generator is valid until the next call.
    @inlinable public func stream(_ index: Int) -> RandomGenerator {
        precondition(index >= 0 && index < count, "stream index out of range")
        header.pointee.state = UnsafeMutableRawPointer(states + index &* Xoshiro256StarStar.stateWords)
        return RandomGenerator(header)
    }
}

/// Process-wide GSL setup: GSL's default error handler aborts the process; marketsim
/// validates parameters before they reach GSL, and turns the handler off so that a
/// GSL domain error returns a NaN that the model's checks report with context.
enum GSLRuntime {
    private static let once: Void = { _ = gsl_set_error_handler_off() }()
    static func prepare() { _ = once }
}
