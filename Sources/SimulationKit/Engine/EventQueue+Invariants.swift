extension EventQueue {
    /// Whether this build checks the heap after every push and pop: true when compiled
    /// with `-DMARKETSIM_CHECKING` (scripts/test runs the engine tests so once).
    public static var invariantChecksCompiledIn: Bool {
        #if MARKETSIM_CHECKING
        true
        #else
        false
        #endif
    }

    /// Verifies the heap property, every parent before its children, in checking builds
    /// (`-DMARKETSIM_CHECKING`); compiles to nothing otherwise.
    /// - Complexity: O(n) in checking builds, O(1) otherwise.
    @inlinable @inline(__always)
    public func _checkInvariants() {
        #if MARKETSIM_CHECKING
        for i in 1..<Swift.max(1, storage.count) {
            precondition(!storage[i].precedes(storage[(i - 1) / 2]), "heap property violated at \(i)")
        }
        #endif
    }
}
