import Foundation
import Synchronization
import Testing
@testable import Experiments

/// What the workers of one executor run saw, shared with the test.
private final class Observed: Sendable {
    let consumed = Atomic<Int>(0)
    let largestLead = Atomic<Int>(0)
    let cancelled = Atomic<Bool>(false)
}

@Suite("Ordered executor")
struct OrderedExecutorTests {
    struct Failure: Error, Equatable { let position: Int }

    @Test("results reach the consumer in position order whatever the worker count", arguments: [1, 3, 8])
    func ordered(workers: Int) {
        var seen: [Int] = []
        let completion = OrderedExecutor(workers: workers, chunk: 2).run(0..<200, job: { (p: Int) throws(Failure) -> Int in
            // Uneven job lengths, so that workers finish out of order.
            usleep(useconds_t((p * 7919) % 5) * 100)
            return p * p
        }, consume: { batch in
            seen += batch.map(\.output)
            return true
        })
        #expect(seen == (0..<200).map { $0 * $0 })
        #expect(completion.consumed == 200)
        #expect(completion.failure == nil && !completion.wasCancelled)
    }

    @Test("the earliest failure ends the work: every job before it is consumed, as in a serial loop", arguments: [1, 4])
    func earliestFailure(workers: Int) {
        var seen: [Int] = []
        let completion = OrderedExecutor(workers: workers).run(0..<100, job: { (p: Int) throws(Failure) -> Int in
            if p == 40 || p == 23 { throw Failure(position: p) }
            return p
        }, consume: { batch in
            seen += batch.map(\.output)
            return true
        })
        #expect(seen == Array(0..<23))
        #expect(completion.consumed == 23)
        #expect(completion.failure?.position == 23 && completion.failure?.error == Failure(position: 23))
    }

    @Test("no job starts a window or more ahead of the consumer")
    func boundedWindow() {
        let observed = Observed()
        let executor = OrderedExecutor(workers: 4, chunk: 1, window: 8)
        _ = executor.run(0..<400, job: { (p: Int) throws(Failure) -> Int in
            let lead = p - observed.consumed.load(ordering: .sequentiallyConsistent)
            _ = observed.largestLead.max(lead, ordering: .sequentiallyConsistent)
            return p
        }, consume: { batch in
            // A slow consumer: unbounded workers would run hundreds of jobs ahead.
            usleep(500)
            observed.consumed.wrappingAdd(batch.count, ordering: .sequentiallyConsistent)
            return true
        })
        #expect(observed.largestLead.load(ordering: .sequentiallyConsistent) < 8)
    }

    @Test("after cancellation no job starts; what finished is consumed in order")
    func cancellation() {
        let observed = Observed()
        var seen: [Int] = []
        let completion = OrderedExecutor(workers: 1).run(0..<100, isCancelled: {
            observed.cancelled.load(ordering: .sequentiallyConsistent)
        }, job: { (p: Int) throws(Failure) -> Int in
            if p == 50 { observed.cancelled.store(true, ordering: .sequentiallyConsistent) }
            return p
        }, consume: { batch in
            seen += batch.map(\.output)
            return true
        })
        #expect(completion.wasCancelled)
        #expect(seen == Array(0...50))
        #expect(completion.consumed == 51)
    }
}
