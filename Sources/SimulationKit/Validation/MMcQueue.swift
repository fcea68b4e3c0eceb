/// The textbook M/M/c queue (Poisson arrivals, exponential service, `servers` identical
/// servers, one FIFO line) built on the engine, for validating it against queueing
/// theory and for benchmarking it against other simulators on the same model.
///
/// Two named random streams under `seed` drive it: `"arrivals"` (inter-arrival times)
/// and `"service"` (service times, drawn in the order customers start service), so a
/// run is a pure function of the parameters. The first `warmupCustomers` customers are
/// discarded to shed the empty-and-idle start; the rest are measured in `batchCount`
/// consecutive batches, whose spread gives the standard errors (batch means). The
/// run stops accepting arrivals after `customers` and drains the line, so it executes
/// exactly two events per customer.
public struct MMcQueue: Sendable {
    /// Arrivals per unit time (lambda).
    public let arrivalRate: Double
    /// Services per unit time per server (mu).
    public let serviceRate: Double
    /// The number of servers (c).
    public let servers: Int
    /// The number of customers that arrive, warm-up included.
    public let customers: Int
    /// The leading customers left out of every statistic.
    public let warmupCustomers: Int
    /// The master seed of the two streams.
    public let seed: UInt64
    /// The number of batches for batch means.
    public let batchCount: Int

    /// - Precondition: positive finite rates, at least one server, and at least
    ///   two measured customers per batch after the warm-up (default: a tenth of the
    ///   customers).
    public init(arrivalRate: Double, serviceRate: Double, servers: Int = 1, customers: Int,
                warmupCustomers: Int? = nil, seed: UInt64, batchCount: Int = 30) {
        let warmup = warmupCustomers ?? customers / 10
        precondition(arrivalRate > 0 && arrivalRate.isFinite, "MMcQueue: arrival rate must be positive and finite")
        precondition(serviceRate > 0 && serviceRate.isFinite, "MMcQueue: service rate must be positive and finite")
        precondition(servers >= 1, "MMcQueue: at least one server")
        precondition(batchCount >= 2, "MMcQueue: at least two batches")
        precondition(warmup >= 0 && customers - warmup >= 2 * batchCount,
                     "MMcQueue: at least two measured customers per batch after the warm-up")
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
        self.servers = servers
        self.customers = customers
        self.warmupCustomers = warmup
        self.seed = seed
        self.batchCount = batchCount
    }

    /// The offered load per server, rho = lambda / (c mu).
    public var offeredLoad: Double { arrivalRate / (Double(servers) * serviceRate) }

    /// Runs the queue to completion.
    public func run() throws -> MMcQueueResult {
        var model = MMcModel(self)
        var scheduler = Scheduler<MMcModel.Event>(expectedPending: servers + 1)
        try scheduler.schedule(.arrival, after: model.arrivals.generator.exponential(mean: model.meanInterarrival))
        try scheduler.runUntilEmpty(&model)
        return MMcQueueResult(
            customersMeasured: model.wait.batchCount * model.wait.batchSize,
            meanWaitInQueue: model.wait.mean,
            meanWaitInQueueStandardError: model.wait.standardError,
            meanTimeInSystem: model.timeInSystem.mean,
            meanTimeInSystemStandardError: model.timeInSystem.standardError,
            utilisation: model.utilisation,
            utilisationStandardError: model.utilisationBatches.standardError,
            eventsExecuted: scheduler.eventsExecuted,
            simulatedTime: scheduler.now,
            fingerprint: scheduler.fingerprint
        )
    }
}

/// What one `MMcQueue` run measured, over the customers after the warm-up.
public struct MMcQueueResult: Sendable, Equatable {
    /// The customers in the completed batches.
    public let customersMeasured: Int
    /// The mean time from arrival to the start of service (Wq).
    public let meanWaitInQueue: Double
    /// Its batch-means standard error.
    public let meanWaitInQueueStandardError: Double
    /// The mean time from arrival to departure (W).
    public let meanTimeInSystem: Double
    /// Its batch-means standard error.
    public let meanTimeInSystemStandardError: Double
    /// The time-average fraction of servers busy over the measured window.
    public let utilisation: Double
    /// The batch-means standard error of the utilisation.
    public let utilisationStandardError: Double
    /// Events executed (two per customer).
    public let eventsExecuted: Int
    /// The clock at the end of the run (the last departure).
    public let simulatedTime: Double
    /// The fingerprint of the event sequence.
    public let fingerprint: Fingerprint
}

/// The queue's state and statistics; owns its two streams.
struct MMcModel: SimulationModel, ~Copyable {
    enum Event: SimulationEvent {
        case arrival
        case departure

        var fingerprintCode: UInt64 {
            switch self {
            case .arrival: 1
            case .departure: 2
            }
        }
    }

    let arrivals: RandomStream
    let service: RandomStream
    let meanInterarrival: Double
    let meanService: Double
    let servers: Int
    let customers: Int
    let warmup: Int

    var arrived = 0
    var started = 0
    var busy = 0
    var line = ArrivalTimeQueue()

    var wait: BatchMeans
    var timeInSystem: BatchMeans

    /// The integral of the busy-server count over time, up to `lastChange`.
    var busyArea = 0.0
    var lastChange = 0.0
    var windowStart = (time: 0.0, area: 0.0)
    var batchStart = (time: 0.0, area: 0.0)
    var utilisationBatches = RunningMoments()

    init(_ queue: MMcQueue) {
        arrivals = RandomStream(seed: queue.seed, key: StreamKey("arrivals"))
        service = RandomStream(seed: queue.seed, key: StreamKey("service"))
        meanInterarrival = 1 / queue.arrivalRate
        meanService = 1 / queue.serviceRate
        servers = queue.servers
        customers = queue.customers
        warmup = queue.warmupCustomers
        let measured = queue.customers - queue.warmupCustomers
        wait = BatchMeans(expectedObservations: measured, batchCount: queue.batchCount)
        timeInSystem = BatchMeans(expectedObservations: measured, batchCount: queue.batchCount)
    }

    /// The busy fraction between the first measured service start and the close of the
    /// last utilisation batch.
    var utilisation: Double {
        (batchStart.area - windowStart.area) / (Double(servers) * (batchStart.time - windowStart.time))
    }

    mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) throws {
        let now = scheduler.now
        switch event {
        case .arrival:
            arrived += 1
            if arrived < customers {
                try scheduler.schedule(.arrival, after: arrivals.generator.exponential(mean: meanInterarrival))
            }
            if busy < servers {
                setBusy(busy + 1, at: now)
                try startService(arrivedAt: now, now: now, scheduler: &scheduler)
            } else {
                line.append(now)
            }
        case .departure:
            if let arrivedAt = line.popFirst() {
                try startService(arrivedAt: arrivedAt, now: now, scheduler: &scheduler)
            } else {
                setBusy(busy - 1, at: now)
            }
        }
    }

    mutating func setBusy(_ count: Int, at now: Double) {
        busyArea += Double(busy) * (now - lastChange)
        lastChange = now
        busy = count
    }

    mutating func startService(arrivedAt: Double, now: Double, scheduler: inout Scheduler<Event>) throws {
        let serviceTime = service.generator.exponential(mean: meanService)
        let index = started
        started += 1
        if index >= warmup {
            wait.add(now - arrivedAt)
            timeInSystem.add(now - arrivedAt + serviceTime)
            let area = busyArea + Double(busy) * (now - lastChange)
            let measuredIndex = index - warmup
            if measuredIndex == 0 {
                windowStart = (now, area)
                batchStart = (now, area)
            } else if utilisationBatches.count < wait.batchCount,
                      measuredIndex % wait.batchSize == 0 || index == customers - 1 {
                utilisationBatches.add((area - batchStart.area) / (Double(servers) * (now - batchStart.time)))
                batchStart = (now, area)
            }
        }
        try scheduler.schedule(.departure, after: serviceTime)
    }
}

/// The arrival times of the customers in line, first in first out, in a ring buffer
/// that grows by doubling and never shrinks, so a steady queue allocates nothing.
struct ArrivalTimeQueue {
    private var buffer = ContiguousArray<Double>(repeating: 0, count: 16)
    private var head = 0
    private(set) var count = 0

    mutating func append(_ time: Double) {
        if count == buffer.count { grow() }
        buffer[(head + count) & (buffer.count - 1)] = time
        count += 1
    }

    mutating func popFirst() -> Double? {
        guard count > 0 else { return nil }
        let time = buffer[head]
        head = (head + 1) & (buffer.count - 1)
        count -= 1
        return time
    }

    private mutating func grow() {
        var larger = ContiguousArray<Double>(repeating: 0, count: buffer.count * 2)
        for i in 0..<count { larger[i] = buffer[(head + i) & (buffer.count - 1)] }
        buffer = larger
        head = 0
    }
}
