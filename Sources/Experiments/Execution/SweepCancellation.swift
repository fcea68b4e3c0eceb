import Synchronization

/// A flag that asks a running sweep to stop issuing runs, save the finished ones and
/// fail with `SweepError.isInterrupted`. Thread-safe. While it watches signals (a sweep
/// with `handleSignals`), a SIGINT or SIGTERM received since it started watching also
/// counts as a cancellation.
public final class SweepCancellation: Sendable {
    private let cancelled = Atomic<Bool>(false)
    /// `SignalHub.signalsReceived` when watching began, or nil when not watching.
    private let signalBaseline = Mutex<Int?>(nil)

    public init() {}

    public func cancel() {
        cancelled.store(true, ordering: .sequentiallyConsistent)
    }

    public var isCancelled: Bool {
        if cancelled.load(ordering: .sequentiallyConsistent) { return true }
        return signalBaseline.withLock { baseline in
            baseline.map { $0 != SignalHub.signalsReceived } ?? false
        }
    }

    /// Holds the signal hub and counts the signals from now on as a cancellation.
    func watchSignals() {
        // The baseline first: a signal after it is a cancellation, one before the hold
        // ends the process.
        signalBaseline.withLock { $0 = SignalHub.signalsReceived }
        SignalHub.hold()
    }

    /// Stops counting signals and releases the hub.
    func stopWatchingSignals() {
        signalBaseline.withLock { $0 = nil }
        SignalHub.release()
    }
}
