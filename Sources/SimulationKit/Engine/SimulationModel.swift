/// A model driven by the engine: it receives each event in order and may schedule more.
/// A model may be `~Copyable`, so that it can own its random streams.
public protocol SimulationModel: ~Copyable {
    associatedtype Event: SimulationEvent
    /// Handles `event` at `scheduler.now`.
    mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) throws
}
