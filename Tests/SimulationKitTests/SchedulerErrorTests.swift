import Testing
@testable import SimulationKit

/// Bad input to the scheduler throws the matching `SimulationError` and changes nothing.
@Suite struct SchedulerErrorTests {
    /// A scheduler at time 10 with two pending events.
    static func busyScheduler() throws -> Scheduler<TestEvent> {
        var scheduler = Scheduler<TestEvent>(start: 10)
        try scheduler.schedule(TestEvent(id: 1), at: 12)
        try scheduler.schedule(TestEvent(id: 2), after: 1)
        return scheduler
    }

    /// Checks that `body` throws an error satisfying `kind` and leaves the queue as it was.
    static func expectRejected(_ kind: (SimulationError) -> Bool,
                               sourceLocation: SourceLocation = #_sourceLocation,
                               _ body: (inout Scheduler<TestEvent>) throws -> Void) throws {
        var scheduler = try busyScheduler()
        let before = scheduler.queue.storage.map { "\($0.time) \($0.order) \($0.event.id)" }
        let sequence = scheduler.nextSequence
        do {
            try body(&scheduler)
            Issue.record("no error thrown", sourceLocation: sourceLocation)
        } catch let error as SimulationError {
            #expect(kind(error), "wrong error: \(error)", sourceLocation: sourceLocation)
            #expect(!error.description.isEmpty)
        }
        #expect(scheduler.queue.storage.map { "\($0.time) \($0.order) \($0.event.id)" } == before,
                sourceLocation: sourceLocation)
        #expect(scheduler.nextSequence == sequence && scheduler.now == 10 && scheduler.recurrences.isEmpty,
                sourceLocation: sourceLocation)
    }

    @Test(arguments: [Double.nan, -1, -0.000_001, .infinity, -.infinity])
    func badDelays(delay: Double) throws {
        try Self.expectRejected(\.isInvalidDelay) { try $0.schedule(TestEvent(id: 9), after: delay) }
    }

    @Test func aDelayThatOverflowsTheClockIsRejected() throws {
        var scheduler = Scheduler<TestEvent>(start: Double.greatestFiniteMagnitude / 2)
        #expect { try scheduler.schedule(TestEvent(id: 1), after: Double.greatestFiniteMagnitude) } throws: {
            ($0 as? SimulationError)?.isInvalidDelay == true
        }
        #expect(scheduler.pendingCount == 0)
    }

    @Test func timesInThePastOrNotFinite() throws {
        try Self.expectRejected(\.isTimeInPast) { try $0.schedule(TestEvent(id: 9), at: 9.999) }
        try Self.expectRejected({ !$0.isTimeInPast && !$0.isInvalidDelay }) {
            try $0.schedule(TestEvent(id: 9), at: .nan)
        }
        try Self.expectRejected({ !$0.isTimeInPast }) { try $0.schedule(TestEvent(id: 9), at: .infinity) }
        try Self.expectRejected(\.isTimeInPast) {
            try $0.scheduleRecurring(TestEvent(id: 9), start: 5, period: 1)
        }
    }

    @Test(arguments: [0, -1, Double.nan, .infinity])
    func badPeriods(period: Double) throws {
        try Self.expectRejected(\.isInvalidPeriod) {
            try $0.scheduleRecurring(TestEvent(id: 9), start: 11, period: period)
        }
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 9.5])
    func badHorizons(horizon: Double) throws {
        var scheduler = try Self.busyScheduler()
        var recorder = Recorder()
        #expect {
            try scheduler.run(&recorder, until: horizon)
        } throws: { ($0 as? SimulationError)?.isInvalidHorizon == true }
        #expect(recorder.log.isEmpty && scheduler.pendingCount == 2 && scheduler.now == 10)
    }
}
