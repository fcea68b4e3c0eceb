/// A stable name for a random stream: an actor's role and index, say
/// `StreamKey("buyer", index: 17)`. Its 64-bit value is FNV-1a of the UTF-8 name,
/// combined with the index by a bijective mix, so keys never depend on Swift's
/// per-process randomised `Hasher` and are the same on every machine.
public struct StreamKey: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64
    /// The key's name (nil for a raw key) and its index in its family (nil for a
    /// singular stream): its description is written only when read, as a bank of
    /// 10,000 buyers' streams spent 900 instructions a key writing "buyer[17]".
    private let name: String?
    private let index: Int?

    public var description: String {
        guard let name else { return "#\(value)" }
        return index.map { "\(name)[\($0)]" } ?? name
    }

    /// A key for a singular stream, such as `"arrivals"` or `"frontier/openai"`.
    public init(_ name: String) {
        self.value = StreamKey.fnv1a(name)
        self.name = name
        self.index = nil
    }

    /// A key for the `index`-th member of a family, such as buyer 17.
    /// For one name, distinct indices always give distinct keys.
    public init(_ name: String, index: Int) {
        self.init(name, familyHash: StreamKey.fnv1a(name), index: index)
    }

    /// The same key from `fnv1a(name)`, hashed once for a whole family.
    init(_ name: String, familyHash: UInt64, index: Int) {
        self.value = StreamSeeding.mix64(familyHash &+ UInt64(bitPattern: Int64(index)) &* StreamSeeding.golden)
        self.name = name
        self.index = index
    }

    /// A key given by its raw value.
    public init(rawValue: UInt64) {
        self.value = rawValue
        self.name = nil
        self.index = nil
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
/// - A stream's 256-bit xoshiro state is built from the pair (seed, key) as a whole:
///   first a 128-bit bijection, four Feistel rounds `(l, r) -> (r, l ^ F_i(r))` with
///   `F_i(x) = mix64(x + c_i)`, takes `(seed, key)` to `(l, r)`; the state is then
///   `(l, r, mix64(l ^ r ^ c_4), mix64(l + r + c_5))`. After the second round both
///   halves depend on both inputs, and after four every bit of the seed and the key
///   has been through `mix64` at least twice, so **every word of the state, and hence
///   every draw of the stream, the first included, depends on both the seed and the
///   key**. (The first construction filled two words from the seed alone and two from
///   the key alone; xoshiro256**'s first output reads one word only, so the first draw
///   of every stream of a replication was the same, whatever its key. The test target
///   keeps that construction and shows that the statistical tests reject it.)
/// - A Feistel network is a bijection whatever its round functions, so
///   (seed, key) -> (l, r), the state's first two words, is injective: two streams with
///   different seeds or different keys never start from the same state, and a new
///   stream leaves every other stream's draws unchanged (a stream's state depends on
///   its own (seed, key) only).
/// - The state is never all zero (xoshiro's one forbidden state): `l = r = 0` makes the
///   third word `mix64(c_4)`, which is not 0 because `mix64(x) == 0` only for `x == 0`.
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
/// - Common random numbers: a stream depends on (seed, key) only, so two scenarios run
///   with the same seed give the same draws to every actor they share.
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

    /// The round constants of the seeding Feistel network and of its two extra words
    /// (the fractional bits of the square roots of the first primes, as in SHA-512).
    static let roundConstants: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        0x6A09_E667_F3BC_C908, 0xBB67_AE85_84CA_A73B, 0x3C6E_F372_FE94_F82B,
        0xA54F_F53A_5F1D_36F1, 0x510E_527F_ADE6_82D1, 0x9B05_688C_2B3E_6C1F)

    /// The initial xoshiro256** state of stream `key` under master `seed`: every word
    /// depends on both (see the type's documentation).
    public static func state(seed: UInt64, key: StreamKey) -> (UInt64, UInt64, UInt64, UInt64) {
        let c = roundConstants
        var l = seed, r = key.value
        (l, r) = (r, l ^ mix64(r &+ c.0))
        (l, r) = (r, l ^ mix64(r &+ c.1))
        (l, r) = (r, l ^ mix64(r &+ c.2))
        (l, r) = (r, l ^ mix64(r &+ c.3))
        return (l, r, mix64(l ^ r ^ c.4), mix64(l &+ r &+ c.5))
    }

    /// The seed of the `index`-th child (a replication, a sweep run) of `seed`.
    public static func derive(_ seed: UInt64, _ index: UInt64) -> UInt64 {
        mix64(mix64(seed ^ 0xA076_1D64_78BD_642F) &+ index &* golden)
    }

    /// A seeding scheme: the initial state of a stream from (master seed, key).
    /// marketsim uses `state(seed:key:)`; the parameter exists so that tests can run
    /// the model on a deliberately broken scheme and show that their checks reject it.
    public typealias Scheme = @Sendable (_ seed: UInt64, _ key: StreamKey) -> (UInt64, UInt64, UInt64, UInt64)

    static func fill(_ s: UnsafeMutablePointer<UInt64>, seed: UInt64, key: StreamKey, scheme: Scheme) {
        let (s0, s1, s2, s3) = scheme(seed, key)
        s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3
    }
}
