/// A handle to a scheduled event or recurrence, for cancellation.
public struct EventHandle: Hashable, Sendable {
    @usableFromInline let sequence: UInt64
    @usableFromInline let recurrence: Int32

    @inlinable init(sequence: UInt64, recurrence: Int32) {
        self.sequence = sequence
        self.recurrence = recurrence
    }
}
