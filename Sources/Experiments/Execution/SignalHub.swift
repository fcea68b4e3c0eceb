import Foundation
import Synchronization

/// SIGINT and SIGTERM for every command: a plain C handler, installed once per process,
/// that only counts the signal in an atomic and writes a byte to a pipe (both
/// async-signal-safe). While some work holds the hub, a signal is counted: a sweep sees
/// the count change when it next checks its cancellation (before each run), and the
/// actions given to `onSignal` (a run's removal of its staging folder) run on the hub's
/// own thread, woken by the pipe. With nothing holding it, a signal ends the process as
/// the default action would (status 128 + signal).
///
/// Not a dispatch signal source: libdispatch registers a source's handler
/// asynchronously, so a signal sent right after the work starts could meet the
/// `SIG_IGN` put in place for it and be lost; and on Linux a handler, once replaced, is
/// not reinstalled for later sources.
public enum SignalHub {
    static let received = Atomic<Int>(0)
    static let holders = Atomic<Int>(0)
    /// The pipe's write end, for the handler (-1 until installed).
    static let wakeDescriptor = Atomic<Int32>(-1)
    private static let state = Mutex(State())

    private struct State {
        var installed = false
        var actions: [@Sendable () -> Void] = []
    }

    /// SIGINT and SIGTERM received while the hub was held.
    public static var signalsReceived: Int { received.load(ordering: .sequentiallyConsistent) }

    /// Until the matching `release`, SIGINT and SIGTERM are counted instead of ending
    /// the process.
    public static func hold() {
        installOnce()
        holders.wrappingAdd(1, ordering: .sequentiallyConsistent)
    }

    public static func release() {
        holders.wrappingSubtract(1, ordering: .sequentiallyConsistent)
    }

    /// Runs `action` on the hub's thread after each signal counted while held.
    public static func onSignal(_ action: @escaping @Sendable () -> Void) {
        installOnce()
        state.withLock { $0.actions.append(action) }
    }

    private static func installOnce() {
        state.withLock { state in
            guard !state.installed else { return }
            state.installed = true
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { fatalError("marketsim: cannot create the signal pipe: errno \(errno)") }
            // A full pipe must not block the handler: the count alone says how many came.
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
            wakeDescriptor.store(ends[1], ordering: .sequentiallyConsistent)
            let readEnd = ends[0]
            let thread = Thread { runActions(readingFrom: readEnd) }
            thread.start()
            // A parent may start us with these signals blocked (Foundation's `Process`
            // does): unblock them on this thread so that some thread can take them.
            var mask = sigset_t()
            sigemptyset(&mask)
            sigaddset(&mask, SIGINT)
            sigaddset(&mask, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &mask, nil)
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber) { number in
                    if SignalHub.holders.load(ordering: .sequentiallyConsistent) == 0 { _exit(128 + number) }
                    SignalHub.received.wrappingAdd(1, ordering: .sequentiallyConsistent)
                    var byte: UInt8 = 0
                    _ = write(SignalHub.wakeDescriptor.load(ordering: .sequentiallyConsistent), &byte, 1)
                }
            }
        }
    }

    /// The hub's thread: waits on the pipe and runs the actions once per wake-up.
    private static func runActions(readingFrom descriptor: Int32) {
        var bytes = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(descriptor, &bytes, bytes.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            for action in state.withLock({ $0.actions }) { action() }
        }
    }
}
