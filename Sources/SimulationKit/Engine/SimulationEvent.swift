/// An event that a model handles. Events are values (an enum, or a small struct of
/// a kind and a target index), never closures over the world, so the hot path
/// allocates nothing per event.
public protocol SimulationEvent {
    /// A stable code of this event (its kind and target) for the run's fingerprint.
    var fingerprintCode: UInt64 { get }
}
