/// A stable 64-bit hash of an event sequence. Each event folds three words (the
/// time's IEEE bits, the priority, the event's code) into the state by
/// `h = mix64(h ^ word)` with SplitMix64's finaliser: cheap, order-sensitive, and the
/// same on every machine and Swift version (unlike `Hasher`, which is seeded per process).
@frozen
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    public var value: UInt64 = 0x243F_6A88_85A3_08D3

    @inlinable public init() {}

    @inlinable
    public mutating func combine(_ word: UInt64) {
        value = StreamSeeding.mix64(value ^ word)
    }

    @inlinable
    public mutating func combine(time: Double, priority: Int16, code: UInt64) {
        combine(time.bitPattern)
        combine(UInt64(bitPattern: Int64(priority)))
        combine(code)
    }

    /// Sixteen lowercase hex digits.
    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
