/// An error in the use of the engine: bad times, delays, periods or horizons.
///
/// A small struct over an internal enum, so cases can grow without breaking callers.
public struct SimulationError: Error, Equatable, CustomStringConvertible {
    @usableFromInline
    enum Kind: Equatable, Sendable {
        case invalidDelay(Double)
        case timeInPast(time: Double, now: Double)
        case invalidTime(Double)
        case invalidPeriod(Double)
        case invalidHorizon(Double)
        case sequenceExhausted
    }

    @usableFromInline let kind: Kind

    @usableFromInline init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .invalidDelay(let d): "invalid delay \(d): a delay must be finite and non-negative"
        case .timeInPast(let t, let now): "cannot schedule at time \(t): the clock is already at \(now)"
        case .invalidTime(let t): "invalid event time \(t): a time must be finite"
        case .invalidPeriod(let p): "invalid period \(p): a recurring event's period must be finite and positive"
        case .invalidHorizon(let h): "invalid horizon \(h): a horizon must be finite and not before the clock"
        case .sequenceExhausted: "more than 2^48 events were scheduled in one run"
        }
    }

    /// True when the error is a NaN, infinite or negative delay.
    public var isInvalidDelay: Bool { if case .invalidDelay = kind { true } else { false } }
    /// True when the error is a time before the clock.
    public var isTimeInPast: Bool { if case .timeInPast = kind { true } else { false } }
    /// True when the error is a non-finite or past horizon.
    public var isInvalidHorizon: Bool { if case .invalidHorizon = kind { true } else { false } }
    /// True when the error is a bad recurrence period.
    public var isInvalidPeriod: Bool { if case .invalidPeriod = kind { true } else { false } }
}
