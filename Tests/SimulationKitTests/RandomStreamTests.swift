import Testing
@testable import SimulationKit

/// Reproducibility and independence of streams, and the generators against their
/// published reference outputs.
@Suite struct RandomStreamTests {
    static func draws(_ generator: RandomGenerator, _ count: Int = 8) -> [UInt] {
        (0..<count).map { _ in generator.rawOutput() }
    }

    @Test func sameSeedAndKeySameDraws() {
        let a = RandomStream(seed: 42, key: StreamKey("buyer", index: 3))
        let b = RandomStream(seed: 42, key: StreamKey("buyer", index: 3))
        #expect(Self.draws(a.generator, 100) == Self.draws(b.generator, 100))
        #expect(a.generatorName == "xoshiro256starstar")
    }

    /// The first draws of stream `key` under `seed`; the stream lives through the draws.
    static func draws(seed: UInt64, key: StreamKey) -> [UInt] {
        let stream = RandomStream(seed: seed, key: key)
        return draws(stream.generator, 100)
    }

    /// Element by element, not array against array: two arrays differ when one element
    /// does, which is how an identical first draw went unseen. A 32-bit collision at a
    /// given position has probability 2^-32, so 100 positions x 3 pairs never meet by chance.
    @Test func differentKeysOrSeedsDifferentDraws() {
        let base = Self.draws(seed: 42, key: StreamKey("buyer", index: 3))
        #expect(Self.draws(seed: 42, key: StreamKey("buyer", index: 3)) == base)
        for other in [Self.draws(seed: 42, key: StreamKey("buyer", index: 4)),
                      Self.draws(seed: 42, key: StreamKey("seller", index: 3)),
                      Self.draws(seed: 43, key: StreamKey("buyer", index: 3))] {
            #expect(zip(base, other).allSatisfy { $0 != $1 }, "\(base) against \(other)")
        }
    }

    @Test func aNewStreamLeavesTheOthersUnchanged() {
        let ten = RandomStreamBank(seed: 8, family: "buyer", count: 10)
        let eleven = RandomStreamBank(seed: 8, family: "buyer", count: 11)
        // Interleaved draws: a bank's streams keep separate states.
        var fromTen = [[UInt]](repeating: [], count: 10)
        var fromEleven = [[UInt]](repeating: [], count: 10)
        for _ in 0..<5 {
            for i in 0..<10 {
                fromTen[i].append(ten.stream(i).rawOutput())
                fromEleven[i].append(eleven.stream(i).rawOutput())
            }
            _ = eleven.stream(10).rawOutput()
        }
        #expect(fromTen == fromEleven)
        #expect(Set(fromTen).count == 10)
        // A lone stream with a bank member's key is that member.
        let lone = RandomStream(seed: 8, key: StreamKey("buyer", index: 4))
        let fresh = RandomStreamBank(seed: 8, family: "buyer", count: 5)
        #expect(Self.draws(lone.generator, 20) == (0..<20).map { _ in fresh.stream(4).rawOutput() })
    }

    @Test func keysDescribeThemselves() {
        #expect(StreamKey("buyer", index: 17).description == "buyer[17]")
        #expect(StreamKey("frontier_lab/openai").description == "frontier_lab/openai")
        #expect(StreamKey(rawValue: 5).description == "#5")
        #expect(StreamKey("buyer", index: 17) == StreamKey("buyer", index: 17))
        #expect(StreamKey("buyer", index: 17) != StreamKey("buyer", index: 18))
    }

    @Test func xoshiroMatchesTheReferenceImplementation() {
        // Blackman and Vigna's xoshiro256starstar.c from state {1, 2, 3, 4}.
        let expected: [UInt64] = [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240,
                                  1_216_172_134_540_287_360, 607_988_272_756_665_600]
        let state = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)
        defer { state.deallocate() }
        state.initialize(from: [1, 2, 3, 4], count: 4)
        #expect((0..<6).map { _ in Xoshiro256StarStar.next(state) } == expected)
    }

    @Test func gslSeesTheHighBitsOfXoshiro() {
        let stream = RandomStream(seed: 1, key: StreamKey("raw"))
        let (s0, s1, s2, s3) = StreamSeeding.state(seed: 1, key: StreamKey("raw"))
        let state = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)
        defer { state.deallocate() }
        state.initialize(from: [s0, s1, s2, s3], count: 4)
        let first = Xoshiro256StarStar.next(state)
        #expect(stream.generator.rawOutput() == UInt(first >> 32))
        let second = Xoshiro256StarStar.next(state)
        #expect(stream.generator.uniform() == Double(second >> 11) * 0x1.0p-53)
    }

    @Test func mt19937ReproducesGSLsDocumentedOutputs() {
        // The GSL manual's example program: mt19937 at the default seed 0 (which GSL
        // turns into 4357) prints "first value = 4293858116".
        let zero = RandomStream(mt19937Seed: 0)
        #expect(zero.generatorName == "mt19937")
        #expect(zero.generator.rawOutput() == 4_293_858_116)
        // GSL's own rng/test.c: rng_test (gsl_rng_mt19937, 4357, 1000, 1186927261),
        // the 1000th output after gsl_rng_set(r, 4357).
        let explicit = RandomStream(mt19937Seed: 4357)
        var value: UInt = 0
        for _ in 0..<1000 { value = explicit.generator.rawOutput() }
        #expect(value == 1_186_927_261)
    }
}

/// The injectivity claims of `StreamSeeding`, checked where they can be: `mix64` has an
/// explicit inverse, and sampled families of keys, run seeds and states are distinct.
@Suite struct StreamSeedingTests {
    /// Undoes `z ^ (z >> shift)`.
    static func unshift(_ z: UInt64, _ shift: UInt64) -> UInt64 {
        var x = z
        var s = shift
        while s < 64 {
            x = z ^ (x >> shift)
            s += shift
        }
        return z ^ (x >> shift)
    }

    /// The inverse of `StreamSeeding.mix64`, from the multipliers' inverses mod 2^64.
    static func unmix64(_ value: UInt64) -> UInt64 {
        var z = unshift(value, 31)
        z = unshift(z &* 0x319642B2D24D8EC3, 27)
        z = unshift(z &* 0x96DE1B173F119089, 30)
        return z
    }

    @Test func mix64IsABijection() {
        #expect(0xBF58_476D_1CE4_E5B9 &* 0x96DE1B173F119089 as UInt64 == 1)
        #expect(0x94D0_49BB_1331_11EB &* 0x319642B2D24D8EC3 as UInt64 == 1)
        var probe: UInt64 = 0x1234_5678
        for _ in 0..<10_000 {
            probe = StreamSeeding.splitMix64(&probe)
            #expect(Self.unmix64(StreamSeeding.mix64(probe)) == probe)
        }
        #expect(StreamSeeding.mix64(0) == 0)
        #expect(Self.unmix64(UInt64.max) != 0)
    }

    @Test func familyKeysAndRunSeedsAreDistinct() {
        let keys = Set((0..<100_000).map { StreamKey("buyer", index: $0).value })
        #expect(keys.count == 100_000)
        let seeds = Set((0..<100_000).map { StreamSeeding.derive(2026, UInt64($0)) })
        #expect(seeds.count == 100_000)
    }

    @Test func statesAreDistinctAcrossSeedsAndKeys() {
        // 300 run seeds x 300 keys: the first two words alone (the Feistel image of
        // (seed, key), a bijection) are distinct for all 90,000 pairs.
        var heads = Set<[UInt64]>()
        for run in 0..<300 {
            for index in 0..<300 {
                let (s0, s1, _, _) = StreamSeeding.state(seed: StreamSeeding.derive(7, UInt64(run)),
                                                         key: StreamKey("buyer", index: index))
                heads.insert([s0, s1])
            }
        }
        #expect(heads.count == 90_000)
        // The one pair that the Feistel network sends to (0, 0) still gets a non-zero state.
        let zero = Self.feistelPreimageOfZero()
        let (a0, a1, a2, a3) = StreamSeeding.state(seed: zero.seed, key: StreamKey(rawValue: zero.key))
        #expect(a0 == 0 && a1 == 0 && a2 | a3 != 0)
    }

    /// The (seed, key) whose Feistel image is (0, 0): the rounds run backwards.
    static func feistelPreimageOfZero() -> (seed: UInt64, key: UInt64) {
        let c = StreamSeeding.roundConstants
        var l: UInt64 = 0, r: UInt64 = 0
        for constant in [c.3, c.2, c.1, c.0] {
            // Forward: (l, r) -> (r, l ^ mix64(r + c)). Backward: (l', r') -> (r' ^ mix64(l' + c), l').
            (l, r) = (r ^ StreamSeeding.mix64(l &+ constant), l)
        }
        return (l, r)
    }
}
