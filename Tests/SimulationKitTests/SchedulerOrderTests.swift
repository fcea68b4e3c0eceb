import Testing
@testable import SimulationKit

/// An event that carries an identifier, which is also its fingerprint code.
struct TestEvent: SimulationEvent {
    var id: Int
    var fingerprintCode: UInt64 { UInt64(id) }
}

/// Logs every event it receives; cancels the handles listed for an event id.
struct Recorder: SimulationModel {
    var log: [(time: Double, id: Int)] = []
    var cancelOnFire: [Int: EventHandle] = [:]

    mutating func handle(_ event: TestEvent, scheduler: inout Scheduler<TestEvent>) throws {
        log.append((scheduler.now, event.id))
        if let handle = cancelOnFire[event.id] { scheduler.cancel(handle) }
    }
}

/// Counts recurring firings and checks each against start + k * period on the spot.
struct RecurrenceChecker: SimulationModel {
    let start: Double
    let period: Double
    var firings = 0
    var exact = 0
    var addedTime: Double
    var addedMatches = 0

    init(start: Double, period: Double) {
        self.start = start
        self.period = period
        self.addedTime = start
    }

    mutating func handle(_ event: TestEvent, scheduler: inout Scheduler<TestEvent>) throws {
        if scheduler.now == start + Double(firings) * period { exact += 1 }
        if scheduler.now == addedTime { addedMatches += 1 }
        firings += 1
        addedTime += period
    }
}

@Suite struct SchedulerOrderTests {
    @Test func sameTimeAndPriorityRunInInsertionOrder() throws {
        var scheduler = Scheduler<TestEvent>()
        var recorder = Recorder()
        for id in 0..<1000 { try scheduler.schedule(TestEvent(id: id), at: 5) }
        try scheduler.runUntilEmpty(&recorder)
        #expect(recorder.log.map(\.id) == Array(0..<1000))
        #expect(scheduler.now == 5)
    }

    @Test func timeThenPriorityThenInsertion() throws {
        var scheduler = Scheduler<TestEvent>()
        var recorder = Recorder()
        try scheduler.schedule(TestEvent(id: 0), at: 2, priority: 0)
        try scheduler.schedule(TestEvent(id: 1), at: 1, priority: 5)
        try scheduler.schedule(TestEvent(id: 2), at: 1, priority: -3)
        try scheduler.schedule(TestEvent(id: 3), at: 1, priority: 5)
        try scheduler.schedule(TestEvent(id: 4), at: 1, priority: Int16.min)
        try scheduler.schedule(TestEvent(id: 5), at: 1, priority: Int16.max)
        try scheduler.schedule(TestEvent(id: 6), after: 0.5)
        try scheduler.runUntilEmpty(&recorder)
        #expect(recorder.log.map(\.id) == [6, 4, 2, 1, 3, 5, 0])
        #expect(recorder.log.map(\.time) == [0.5, 1, 1, 1, 1, 1, 2])
    }

    @Test func heapOrderMatchesASortOfManyRandomEvents() throws {
        let stream = RandomStream(seed: 4, key: StreamKey("times"))
        var scheduler = Scheduler<TestEvent>()
        var expected: [(time: Double, priority: Int16, id: Int)] = []
        for id in 0..<5000 {
            let time = Double(stream.generator.poisson(mean: 20))
            let priority = Int16(stream.generator.poisson(mean: 1)) - 1
            try scheduler.schedule(TestEvent(id: id), at: time, priority: priority)
            expected.append((time, priority, id))
        }
        expected.sort { ($0.time, $0.priority, $0.id) < ($1.time, $1.priority, $1.id) }
        var recorder = Recorder()
        try scheduler.runUntilEmpty(&recorder)
        #expect(recorder.log.map(\.id) == expected.map(\.id))
        #expect(scheduler.eventsExecuted == 5000)
    }

    @Test func runStopsAtTheHorizonIncludingIt() throws {
        var scheduler = Scheduler<TestEvent>()
        var recorder = Recorder()
        for id in 1...5 { try scheduler.schedule(TestEvent(id: id), at: Double(id)) }
        try scheduler.run(&recorder, until: 3)
        #expect(recorder.log.map(\.id) == [1, 2, 3])
        #expect(scheduler.now == 3 && scheduler.pendingCount == 2)
        try scheduler.run(&recorder, until: 10)
        #expect(recorder.log.map(\.id) == [1, 2, 3, 4, 5])
        #expect(scheduler.now == 10)
    }

    @Test func cancelledEventsNeverFire() throws {
        var scheduler = Scheduler<TestEvent>()
        var recorder = Recorder()
        let doomed = try scheduler.schedule(TestEvent(id: 1), at: 1)
        try scheduler.schedule(TestEvent(id: 2), at: 1)
        let late = try scheduler.schedule(TestEvent(id: 3), at: 4)
        let trigger = try scheduler.schedule(TestEvent(id: 4), at: 2)
        scheduler.cancel(doomed)
        scheduler.cancel(doomed)
        recorder.cancelOnFire[4] = late
        recorder.cancelOnFire[2] = trigger
        try scheduler.runUntilEmpty(&recorder)
        // 4 was cancelled by 2 (same run), and so 3 stays; 1 never fires.
        #expect(recorder.log.map(\.id) == [2, 3])
        #expect(scheduler.eventsExecuted == 2)
    }

    @Test func cancellingAfterTheFactDoesNothingAndDoesNotAccumulate() throws {
        var scheduler = Scheduler<TestEvent>()
        var recorder = Recorder()
        for round in 0..<1000 {
            let handle = try scheduler.schedule(TestEvent(id: round), after: 1)
            try scheduler.runUntilEmpty(&recorder)
            scheduler.cancel(handle)
        }
        #expect(recorder.log.count == 1000)
        #expect(scheduler.cancelled.count <= 64 + 1)
    }

    @Test func cancelledEventsSharingASlotWithLiveOnesStayApart() throws {
        // Sequences 0, 4096 and 8192 share a slot of the scheduler's cancellation count;
        // 0 and 8192 are cancelled, 4096 is not and must fire.
        var scheduler = Scheduler<TestEvent>()
        var recorder = Recorder()
        let slots = Scheduler<TestEvent>.cancelledSlotCount
        var handles: [EventHandle] = []
        for id in 0...(2 * slots) { handles.append(try scheduler.schedule(TestEvent(id: id), at: Double(id))) }
        scheduler.cancel(handles[0])
        scheduler.cancel(handles[2 * slots])
        try scheduler.runUntilEmpty(&recorder)
        let fired = Set(recorder.log.map(\.id))
        #expect(fired.count == 2 * slots - 1)
        #expect(fired.contains(slots))
        #expect(!fired.contains(0) && !fired.contains(2 * slots))
        #expect(scheduler.cancelled.isEmpty)
    }

    @Test func aPendingCancellationOutlivesThePurgeOfStaleOnes() throws {
        // One pending event cancelled, then enough cancellations of events already run to
        // purge the stale markers: the pending one must still not fire.
        var scheduler = Scheduler<TestEvent>()
        var recorder = Recorder()
        let doomed = try scheduler.schedule(TestEvent(id: -1), at: 1_000_000)
        scheduler.cancel(doomed)
        for round in 0..<200 {
            let handle = try scheduler.schedule(TestEvent(id: round), after: 1)
            try scheduler.run(&recorder, until: scheduler.now + 1)
            scheduler.cancel(handle)
        }
        #expect(scheduler.cancelled.count < 200)
        try scheduler.runUntilEmpty(&recorder)
        #expect(recorder.log.count == 200)
        #expect(!recorder.log.contains { $0.id == -1 })
    }

    @Test func cancelledRecurrenceStops() throws {
        var scheduler = Scheduler<TestEvent>()
        var recorder = Recorder()
        let tick = try scheduler.scheduleRecurring(TestEvent(id: 7), start: 1, period: 2)
        try scheduler.schedule(TestEvent(id: 8), at: 6)
        recorder.cancelOnFire[8] = tick
        try scheduler.run(&recorder, until: 20)
        #expect(recorder.log.map(\.time) == [1, 3, 5, 6])
        #expect(scheduler.pendingCount == 0)

        var never = Scheduler<TestEvent>()
        let handle = try never.scheduleRecurring(TestEvent(id: 1), start: 0, period: 1)
        never.cancel(handle)
        var silent = Recorder()
        try never.runUntilEmpty(&silent)
        #expect(silent.log.isEmpty)
    }

    @Test func recurrenceIsExactAfterAMillionPeriods() throws {
        let start = 0.3, period = 0.1, periods = 1_000_000
        var scheduler = Scheduler<TestEvent>(start: start)
        var checker = RecurrenceChecker(start: start, period: period)
        try scheduler.scheduleRecurring(TestEvent(id: 0), start: start, period: period)
        try scheduler.run(&checker, until: start + Double(periods - 1) * period)
        #expect(checker.firings == periods)
        #expect(checker.exact == periods)
        // Repeated addition would have drifted: most of its times miss start + k * period.
        #expect(checker.addedMatches < periods / 2)
        #expect(checker.addedTime != start + Double(periods) * period)
    }

    @Test func fingerprintFollowsTheEventSequence() throws {
        func run(_ ids: [Int], times: [Double]) throws -> Fingerprint {
            var scheduler = Scheduler<TestEvent>()
            var recorder = Recorder()
            for (id, time) in zip(ids, times) { try scheduler.schedule(TestEvent(id: id), at: time) }
            try scheduler.runUntilEmpty(&recorder)
            return scheduler.fingerprint
        }
        let base = try run([1, 2, 3], times: [1, 2, 3])
        #expect(try run([1, 2, 3], times: [1, 2, 3]) == base)
        #expect(try run([1, 3, 2], times: [1, 2, 3]) != base)
        #expect(try run([1, 2, 3], times: [1, 2, 3.5]) != base)
        #expect(base.description.count == 16)
        #expect(Fingerprint().description == "243f6a8885a308d3")
    }
}
