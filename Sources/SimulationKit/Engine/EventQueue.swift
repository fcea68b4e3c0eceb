/// A binary min-heap of pending events ordered by (time, priority, insertion sequence).
///
/// The order key packs the priority (biased to 16 unsigned bits) above a 48-bit
/// insertion sequence, so one integer comparison after the time settles every tie:
/// lower priority first, then first scheduled, first run. Same-time events therefore
/// run in a fixed, documented order, never in heap order.
@frozen
public struct EventQueue<Event> {
    /// One pending event.
    @frozen
    public struct Entry {
        public var time: Double
        /// Priority in the high 16 bits, insertion sequence in the low 48.
        public var order: UInt64
        /// The index of the recurrence this firing belongs to, or -1.
        public var recurrence: Int32
        public var event: Event

        @inlinable
        init(time: Double, order: UInt64, recurrence: Int32, event: Event) {
            self.time = time
            self.order = order
            self.recurrence = recurrence
            self.event = event
        }

        /// An entry at `time` with `priority` and insertion `sequence` (below 2^48), for
        /// callers that drive the queue directly (the primitives benchmark).
        @inlinable
        public init(time: Double, priority: Int16, sequence: UInt64, event: Event) {
            precondition(sequence <= EventQueue.sequenceMask, "an insertion sequence has 48 bits")
            self.init(time: time, order: EventQueue.order(priority: priority, sequence: sequence),
                      recurrence: -1, event: event)
        }

        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            Self.precedes(time, order, other.time, other.order)
        }

        /// The queue's order on (time, order) pairs: earlier time first, then lower
        /// order. `precedes` reads it, and so does `popMin` on times it holds already.
        @inlinable @inline(__always)
        static func precedes(_ time: Double, _ order: UInt64, _ otherTime: Double, _ otherOrder: UInt64) -> Bool {
            time < otherTime || (time == otherTime && order < otherOrder)
        }

        /// The insertion sequence number.
        @inlinable public var sequence: UInt64 { order & EventQueue.sequenceMask }
        /// The priority given when scheduled.
        @inlinable public var priority: Int16 { Int16(truncatingIfNeeded: Int(order >> 48) - 32768) }
    }

    @usableFromInline static var sequenceMask: UInt64 { (1 << 48) - 1 }

    @usableFromInline var storage: ContiguousArray<Entry> = []

    @inlinable public init() {}

    /// The number of pending entries (cancelled ones included until they surface).
    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.isEmpty }
    /// The earliest entry, if any.
    @inlinable public var min: Entry? { storage.first }

    /// The packed order key of (priority, sequence).
    @inlinable @inline(__always)
    static func order(priority: Int16, sequence: UInt64) -> UInt64 {
        (UInt64(Int(priority) + 32768) << 48) | sequence
    }

    /// Adds an entry.
    /// - Complexity: O(log n)
    @inlinable
    public mutating func push(_ entry: Entry) {
        storage.append(entry)
        storage.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            let item = heap[child]
            while child > 0 {
                let parent = (child &- 1) >> 1
                guard item.precedes(heap[parent]) else { break }
                Self.copy(heap, from: parent, to: child)
                child = parent
            }
            heap[child] = item
        }
        _checkInvariants()
    }

    /// Removes and returns the earliest entry.
    /// - Complexity: O(log n)
    @inlinable
    public mutating func popMin() -> Entry? {
        guard let last = storage.popLast() else { return nil }
        if storage.isEmpty { return last }
        defer { _checkInvariants() }
        return storage.withUnsafeMutableBufferPointer { heap in
            let top = heap[0]
            let n = heap.count
            // The earlier child's time is kept from the children's comparison for the
            // comparison with `last` (read again, it cost a level two loads and a shift).
            let base = heap.baseAddress.unsafelyUnwrapped
            let lastTime = last.time, lastOrder = last.order
            var hole = 0
            var child = 1
            while child < n {
                var time = base[child].time
                if child &+ 1 < n {
                    let rightTime = base[child &+ 1].time
                    if Entry.precedes(rightTime, base[child &+ 1].order, time, base[child].order) {
                        child &+= 1
                        time = rightTime
                    }
                }
                guard Entry.precedes(time, base[child].order, lastTime, lastOrder) else { break }
                Self.copy(heap, from: child, to: hole)
                hole = child
                child = 2 &* hole &+ 1
            }
            heap[hole] = last
            return top
        }
    }

    /// Copies entry `from` over entry `to`. An entry of plain data (an event without
    /// references, such as marketsim's) is copied as its whole stride of raw bytes, two
    /// vector moves, where a typed copy moved it field by field (five loads and five
    /// stores a level of the heap); any other is assigned.
    @inlinable @inline(__always)
    static func copy(_ heap: UnsafeMutableBufferPointer<Entry>, from: Int, to: Int) {
        if _isPOD(Entry.self) {
            UnsafeMutableRawPointer(heap.baseAddress.unsafelyUnwrapped + to)
                .copyMemory(from: UnsafeRawPointer(heap.baseAddress.unsafelyUnwrapped + from), byteCount: MemoryLayout<Entry>.stride)
        } else {
            heap[to] = heap[from]
        }
    }

    /// Reserves room for `capacity` pending events, so the hot path never reallocates.
    @inlinable public mutating func reserveCapacity(_ capacity: Int) { storage.reserveCapacity(capacity) }
}
