import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// xoshiro256** (Blackman and Vigna, 2018) registered with GSL as a generator type,
/// so every `gsl_ran_*` distribution runs on it unchanged.
///
/// Why not GSL's own MT19937: `gsl_rng_set` hands MT19937 only the low 32 bits of a
/// seed, so at most 2^32 streams exist, and a sweep of 10^6 runs with 10^4 streams
/// each (10^10 streams) would collide. xoshiro256** has a 256-bit state that
/// `StreamSeeding` fills injectively from a 64-bit master seed and a 64-bit stream
/// key, so distinct (seed, key) pairs always start from distinct states, and its
/// period (2^256 - 1) makes overlap between any two such streams negligible.
///
/// `get` returns the high 32 bits (GSL's range 0...2^32-1, as most of its
/// generators), `get_double` the high 53 bits scaled to [0, 1).
@usableFromInline
enum Xoshiro256StarStar {
    /// The state: four 64-bit words.
    @usableFromInline static let stateWords = 4

    /// The GSL type descriptor, created once and never freed.
    @usableFromInline
    nonisolated(unsafe) static let gslType: UnsafePointer<gsl_rng_type> = {
        let name = UnsafePointer(strdup("xoshiro256starstar")!)
        let type = UnsafeMutablePointer<gsl_rng_type>.allocate(capacity: 1)
        type.initialize(to: gsl_rng_type(
            name: name,
            max: 0xFFFF_FFFF,
            min: 0,
            size: MemoryLayout<UInt64>.stride * stateWords,
            set: { state, seed in
                Xoshiro256StarStar.seed(state!.assumingMemoryBound(to: UInt64.self), with: UInt64(seed))
            },
            get: { state in
                UInt(Xoshiro256StarStar.next(state!.assumingMemoryBound(to: UInt64.self)) >> 32)
            },
            get_double: { state in
                Double(Xoshiro256StarStar.next(state!.assumingMemoryBound(to: UInt64.self)) >> 11) * 0x1.0p-53
            }
        ))
        return UnsafePointer(type)
    }()

    /// Advances the state and returns the next 64-bit output.
    @inline(__always) @usableFromInline
    static func next(_ s: UnsafeMutablePointer<UInt64>) -> UInt64 {
        let result = (s[1] &* 5).rotatedLeft(by: 7) &* 9
        let t = s[1] << 17
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = s[3].rotatedLeft(by: 45)
        return result
    }

    /// GSL's single-seed entry point (`gsl_rng_set`): the four words are the first
    /// outputs of SplitMix64 started at `seed`, the seeding the authors recommend.
    static func seed(_ s: UnsafeMutablePointer<UInt64>, with seed: UInt64) {
        var sm = seed
        for i in 0..<stateWords { s[i] = StreamSeeding.splitMix64(&sm) }
    }
}

extension UInt64 {
    @inline(__always) @usableFromInline
    func rotatedLeft(by k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}
