/// The clock and the pending events of one run.
///
/// Order of execution: by time, then priority (lower first), then the order of
/// scheduling (first in, first out). A recurrence's next firing is scheduled just
/// before its current firing runs, so it takes its place among same-time events from
/// then. Cancellation is lazy: a cancelled event stays in the heap and is discarded
/// when it surfaces. A recurring event's k-th firing is at exactly
/// `start + k * period`, computed afresh each time, so there is no drift from
/// repeated addition. Every executed event feeds a fingerprint (a stable hash of the
/// event sequence: time, priority and the event's own code).
///
/// The run loop is `@inlinable` so that it is specialised for each model, in whatever
/// module the model lives: unspecialised, every heap move would go through the
/// generic event's value witnesses.
public struct Scheduler<Event: SimulationEvent> {
    @usableFromInline struct Recurrence {
        @usableFromInline let start: Double
        @usableFromInline let period: Double
        @usableFromInline var firings: Int
        @usableFromInline var cancelled: Bool

        @inlinable init(start: Double, period: Double) {
            self.start = start
            self.period = period
            self.firings = 0
            self.cancelled = false
        }
    }

    @usableFromInline var clock: Double
    @usableFromInline var queue = EventQueue<Event>()
    @usableFromInline var nextSequence: UInt64 = 0
    /// Sequences of cancelled one-off events still (or, if they had already run, never
    /// again) in the heap; purged of the latter when it outgrows the heap.
    @usableFromInline var cancelled = Set<UInt64>()
    /// How many of `cancelled`'s sequences fall in each of its slots (a sequence's low
    /// bits): a popped event whose slot counts none was not cancelled, which spares
    /// most events the set's hashing (about 170 instructions an event).
    @usableFromInline var cancelledSlots = [UInt16](repeating: 0, count: Self.cancelledSlotCount)
    @usableFromInline static var cancelledSlotCount: Int { 4096 }
    @usableFromInline var recurrences: [Recurrence] = []
    @usableFromInline var runningFingerprint = Fingerprint()
    @usableFromInline var executed = 0

    /// A scheduler whose clock starts at `start`.
    public init(start: Double = 0, expectedPending: Int = 0) {
        self.clock = start
        if expectedPending > 0 { queue.reserveCapacity(expectedPending) }
    }

    /// The current time, in the model's unit (marketsim: days since the start date).
    @inlinable public var now: Double { clock }
    /// The fingerprint of the events executed so far.
    @inlinable public var fingerprint: Fingerprint { runningFingerprint }
    /// The number of events executed so far (cancelled ones not counted).
    @inlinable public var eventsExecuted: Int { executed }
    /// The number of pending entries, cancelled ones included until they surface.
    @inlinable public var pendingCount: Int { queue.count }

    /// Schedules `event` after `delay` (finite, non-negative).
    @inlinable @discardableResult
    public mutating func schedule(_ event: Event, after delay: Double, priority: Int16 = 0) throws(SimulationError) -> EventHandle {
        let time = clock + delay
        guard delay >= 0, time.isFinite else { throw SimulationError(.invalidDelay(delay)) }
        return try push(event, at: time, priority: priority, recurrence: -1)
    }

    /// Schedules `event` at absolute `time` (finite, not before `now`).
    @inlinable @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int16 = 0) throws(SimulationError) -> EventHandle {
        guard time.isFinite else { throw SimulationError(.invalidTime(time)) }
        guard time >= clock else { throw SimulationError(.timeInPast(time: time, now: clock)) }
        return try push(event, at: time, priority: priority, recurrence: -1)
    }

    /// Schedules `event` at `start`, `start + period`, `start + 2 period`, ... until
    /// cancelled or the run ends.
    @discardableResult
    public mutating func scheduleRecurring(_ event: Event, start: Double, period: Double,
                                           priority: Int16 = 0) throws(SimulationError) -> EventHandle {
        guard period > 0, period.isFinite else { throw SimulationError(.invalidPeriod(period)) }
        guard start.isFinite else { throw SimulationError(.invalidTime(start)) }
        guard start >= clock else { throw SimulationError(.timeInPast(time: start, now: clock)) }
        guard recurrences.count < Int(Int32.max) else { throw SimulationError(.sequenceExhausted) }
        let index = Int32(recurrences.count)
        let handle = try push(event, at: start, priority: priority, recurrence: index)
        recurrences.append(Recurrence(start: start, period: period))
        return handle
    }

    /// Cancels a pending event or a whole recurrence. Cancelling an event that has
    /// already run, or cancelling twice, does nothing.
    public mutating func cancel(_ handle: EventHandle) {
        if handle.recurrence >= 0 {
            recurrences[Int(handle.recurrence)].cancelled = true
            return
        }
        if cancelled.insert(handle.sequence).inserted { cancelledSlots[Self.slot(handle.sequence)] &+= 1 }
        // Markers of events that had already run never surface; drop them once they
        // could outnumber the heap, which keeps the set O(pending) at O(1) amortised.
        if cancelled.count > 2 * queue.count + 64 {
            var pending = Set<UInt64>(minimumCapacity: queue.count)
            for entry in queue.storage { pending.insert(entry.sequence) }
            cancelled.formIntersection(pending)
            for i in cancelledSlots.indices { cancelledSlots[i] = 0 }
            for sequence in cancelled { cancelledSlots[Self.slot(sequence)] &+= 1 }
        }
    }

    /// The slot of `cancelledSlots` that counts `sequence`.
    @inlinable @inline(__always)
    static func slot(_ sequence: UInt64) -> Int { Int(truncatingIfNeeded: sequence) & (cancelledSlotCount - 1) }

    /// Whether the popped event of `sequence` was cancelled (and forgets its marker).
    @inlinable @inline(__always)
    mutating func takeCancelled(_ sequence: UInt64) -> Bool {
        let slot = Self.slot(sequence)
        guard cancelledSlots[slot] != 0, cancelled.remove(sequence) != nil else { return false }
        cancelledSlots[slot] &-= 1
        return true
    }

    @inlinable @inline(__always)
    mutating func push(_ event: Event, at time: Double, priority: Int16, recurrence: Int32) throws(SimulationError) -> EventHandle {
        let sequence = nextSequence
        guard sequence <= EventQueue<Event>.sequenceMask else { throw SimulationError(.sequenceExhausted) }
        nextSequence = sequence &+ 1
        queue.push(.init(time: time, order: EventQueue<Event>.order(priority: priority, sequence: sequence),
                         recurrence: recurrence, event: event))
        return EventHandle(sequence: sequence, recurrence: recurrence)
    }

    /// Runs events in order until the next one would be after `horizon` (events at
    /// exactly `horizon` run) or none is left; the clock then stands at `horizon`.
    /// An error thrown by the model stops the run and propagates.
    @inlinable
    public mutating func run<Model: SimulationModel & ~Copyable>(_ model: inout Model, until horizon: Double) throws
    where Model.Event == Event {
        guard horizon.isFinite, horizon >= clock else { throw SimulationError(.invalidHorizon(horizon)) }
        try execute(&model, through: horizon)
        clock = horizon
    }

    /// Runs until no event is left; the clock then stands at the last event's time.
    /// The model must stop scheduling eventually; recurring events never end, so
    /// cancel them or use `run(_:until:)`.
    @inlinable
    public mutating func runUntilEmpty<Model: SimulationModel & ~Copyable>(_ model: inout Model) throws
    where Model.Event == Event {
        try execute(&model, through: .infinity)
    }

    /// The event loop: pops, skips cancelled entries, re-arms recurrences, and hands
    /// each remaining event to the model.
    @inlinable
    mutating func execute<Model: SimulationModel & ~Copyable>(_ model: inout Model, through horizon: Double) throws
    where Model.Event == Event {
        while let next = queue.min, next.time <= horizon {
            let entry = queue.popMin().unsafelyUnwrapped
            if takeCancelled(entry.sequence) { continue }
            if entry.recurrence >= 0 {
                let r = Int(entry.recurrence)
                if recurrences[r].cancelled { continue }
                recurrences[r].firings += 1
                let nextTime = recurrences[r].start + Double(recurrences[r].firings) * recurrences[r].period
                _ = try push(entry.event, at: nextTime, priority: entry.priority, recurrence: entry.recurrence)
            }
            clock = entry.time
            executed &+= 1
            runningFingerprint.combine(time: entry.time, priority: entry.priority, code: entry.event.fingerprintCode)
            try model.handle(entry.event, scheduler: &self)
        }
    }
}
