/// What open weights cost one part of a buyer's workload besides their price, per
/// million tokens: the young ecosystem's integration and support (each deployment), and
/// security verification (M8) for each family of open weights in `charged` (every
/// family but those the buyer's other part uses already: an organisation pays for a
/// family once, whatever it runs of it). The one formula a choice, self-hosting and
/// the surplus read.
struct AdoptionCosts {
    /// The ecosystem's cost plus the buyer's preference for proprietary models
    /// (`Utility.proprietaryPreference`): both fall on every open-weight option alike.
    var ecosystem: Double
    var verification: Double
    var charged: UInt64

    /// The other costs of an option of family `family` (its creator's global actor
    /// index), times `openWeights` (1 for open weights, 0 otherwise).
    @inline(__always)
    func perMtok(openWeights: Double, family: Int32) -> Double {
        openWeights * (ecosystem + (charges(family) ? 1 : 0) * verification)
    }

    /// Whether family `family` is charged verification.
    @inline(__always)
    func charges(_ family: Int32) -> Bool {
        (charged >> UInt64(truncatingIfNeeded: family)) & 1 != 0
    }

    /// Whether the family of bit `bit` (`bit(of:)`) is charged verification: `charges`
    /// for a bit computed once per family.
    @inline(__always)
    func charges(bit: UInt64) -> Bool { charged & bit != 0 }

    /// Family `family`'s bit in `charged`: 0 for a family outside the mask's 64 (or
    /// negative), which `charges` never charges.
    static func bit(of family: Int32) -> UInt64 {
        family >= 0 && family < 64 ? 1 << UInt64(family) : 0
    }
}
