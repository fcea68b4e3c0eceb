/// A stable name for a random stream: an actor's role and index, say
/// `StreamKey("buyer", index: 17)`. Its 64-bit value is FNV-1a of the UTF-8 name,
/// combined with the index by a bijective mix, so keys never depend on Swift's
/// per-process randomised `Hasher` and are the same on every machine.
public struct StreamKey: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64
    public let description: String

    /// A key for a singular stream, such as `"arrivals"` or `"frontier/openai"`.
    public init(_ name: String) {
        self.value = StreamKey.fnv1a(name)
        self.description = name
    }

    /// A key for the `index`-th member of a family, such as buyer 17.
    /// For one name, distinct indices always give distinct keys.
    public init(_ name: String, index: Int) {
        self.value = StreamSeeding.mix64(StreamKey.fnv1a(name) &+ UInt64(bitPattern: Int64(index)) &* StreamSeeding.golden)
        self.description = "\(name)[\(index)]"
    }

    /// A key given by its raw value.
    public init(rawValue: UInt64) {
        self.value = rawValue
        self.description = "#\(rawValue)"
    }

    /// FNV-1a, 64-bit, over UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}

/// The documented mixing functions that turn seeds into streams.
///
/// - A stream's 256-bit xoshiro state is `(A(seed), B(seed), C(key), D(key))`, where
///   A, B are the first two SplitMix64 outputs started at `seed` and C, D the first
///   two started at `key ^ 0x6A09E667F3BCC909`. Each SplitMix64 output is a bijection
///   of its start value (`mix64` is one, and so is adding a constant), so A alone
///   determines the seed and C alone the key: the map (seed, key) -> state is
///   injective, two streams with different seeds or different keys never start from
///   the same state, and a new stream leaves every other stream's draws unchanged.
///   The state is never all zero (xoshiro's one forbidden state): `mix64(x) == 0`
///   only for `x == 0`, and `seed + golden` and `seed + 2 golden` cannot both be 0.
/// - Run seeds are derived from a scenario or sweep seed and an index (replication,
///   run id) by `derive(_:_:)`. For a fixed parent it is a bijection of the index
///   (multiplying by the odd `golden`, adding a constant and `mix64` are all
///   bijections mod 2^64), so the 10^6 runs of a sweep get 10^6 distinct seeds with
///   certainty, and with the injectivity above, 10^6 runs x 10^4 keys give 10^10
///   distinct initial states.
/// - Distinct states are not yet disjoint sequences. Treating the starting points as
///   spread over xoshiro256**'s single cycle of length 2^256 - 1, N streams that each
///   draw at most L numbers overlap with probability at most N^2 L / 2^256; for
///   N = 10^10 (< 2^34) and L = 2^60 draws each, that is below 2^-128.
/// - Keys of one family (`StreamKey(name, index:)`) differ for every index (a
///   bijection again); keys of different names can only meet by a 64-bit hash
///   collision, with probability below n^2 / 2^65 for n keys (3 x 10^-12 for 10^4).
public enum StreamSeeding {
    /// The golden-ratio increment of SplitMix64.
    public static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The SplitMix64 finaliser (Stafford's Mix13): a bijection on 64-bit values.
    @inlinable
    public static func mix64(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One SplitMix64 step.
    @inlinable
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state = state &+ golden
        return mix64(state)
    }

    /// The initial xoshiro256** state of stream `key` under master `seed`.
    public static func state(seed: UInt64, key: StreamKey) -> (UInt64, UInt64, UInt64, UInt64) {
        var a = seed
        var c = key.value ^ 0x6A09_E667_F3BC_C909
        let s0 = splitMix64(&a), s1 = splitMix64(&a)
        let s2 = splitMix64(&c), s3 = splitMix64(&c)
        return (s0, s1, s2, s3)
    }

    /// The seed of the `index`-th child (a replication, a sweep run) of `seed`.
    public static func derive(_ seed: UInt64, _ index: UInt64) -> UInt64 {
        mix64(mix64(seed ^ 0xA076_1D64_78BD_642F) &+ index &* golden)
    }

    static func fill(_ s: UnsafeMutablePointer<UInt64>, seed: UInt64, key: StreamKey) {
        let (s0, s1, s2, s3) = state(seed: seed, key: key)
        s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3
    }
}
