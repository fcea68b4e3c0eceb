import Foundation

/// Runs numbered jobs on worker threads and hands their results to one consumer, on the
/// calling thread, in job order, whatever the number of workers: marketsim's one
/// parallel executor (replications, sweep runs, the validation of a sweep's points).
///
/// Workers claim positions in order, `chunk` at a time, and run at most `window`
/// positions ahead of the oldest result not yet consumed, so the results held in
/// memory are bounded by the window, not by the job count. A job that fails ends the
/// work at its position: jobs before it still run and are consumed, none after it
/// starts, and the earliest failure is returned, so what is consumed and what fails are
/// the same for any worker count (as if the jobs ran one by one). Cancellation, and a
/// consumer that asks to stop, end the work sooner: no job starts after it, jobs in
/// progress finish, and their results are consumed as far as they are contiguous
/// (cancellation) or dropped (a consumer that stopped).
public struct OrderedExecutor: Sendable {
    /// Worker threads.
    public let workers: Int
    /// Positions a worker claims at once: larger chunks cost less locking for cheap jobs.
    public let chunk: Int
    /// How far the workers may run ahead of the consumer, in positions.
    public let window: Int

    /// Every worker's stack, that of a main thread: a secondary thread's default is
    /// smaller on some platforms (512 KB on macOS), and a job runs a whole simulation.
    static let stackBytes = 8 << 20

    /// An executor on `workers` threads; `window` defaults to 4 x workers x chunk.
    public init(workers: Int, chunk: Int = 1, window: Int? = nil) {
        self.workers = max(1, workers)
        self.chunk = max(1, chunk)
        self.window = max(1, window ?? 4 * self.workers * self.chunk)
    }

    /// How a `run` ended.
    public struct Completion<Failure: Error> {
        /// Positions consumed, from the start of the range.
        public let consumed: Int
        /// The earliest failed job, if any.
        public let failure: (position: Int, error: Failure)?
        /// True when `isCancelled` stopped the work.
        public let wasCancelled: Bool
    }

    /// Runs `job` for every position of `positions` and passes the results to `consume`
    /// in position order, a contiguous batch at a time; `consume` returns false to stop.
    /// `isCancelled` is asked before each job until it first returns true; `idle` runs
    /// on the calling thread while it waits for results, at least four times a second.
    /// Returns when every worker has finished.
    public func run<Output: Sendable, Failure: Error>(
        _ positions: Range<Int>,
        isCancelled: @escaping @Sendable () -> Bool = { false },
        job: @escaping @Sendable (Int) throws(Failure) -> Output,
        consume: ([(position: Int, output: Output)]) -> Bool,
        idle: () -> Void = {}
    ) -> Completion<Failure> {
        let queue = OrderedQueue<Output, Failure>(positions: positions, chunk: chunk, window: window,
                                                  workers: workers, isCancelled: isCancelled)
        for _ in 0..<workers {
            let thread = Thread { queue.work(job) }
            thread.stackSize = Self.stackBytes
            thread.start()
        }
        return queue.drain(consume: consume, idle: idle)
    }
}

/// The state the workers and the consumer share: which positions are claimed, which
/// results wait to be consumed, and why the work ends early. Every field is guarded by
/// `condition` (hence `@unchecked Sendable`): the consumer and the workers must sleep
/// until the other side moves, which needs a condition variable, not only a `Mutex`.
private final class OrderedQueue<Output: Sendable, Failure: Error>: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextClaim: Int
    private var consumed: Int
    private let start: Int
    /// The end of the work: the range's end, lowered to the earliest failed position.
    private var limit: Int
    private let chunk: Int
    private let window: Int
    private var results: [Int: Output] = [:]
    private var stopping = false
    private var cancelled = false
    private var activeWorkers: Int
    private var failure: (position: Int, error: Failure)?
    private let isCancelled: @Sendable () -> Bool

    init(positions: Range<Int>, chunk: Int, window: Int, workers: Int, isCancelled: @escaping @Sendable () -> Bool) {
        start = positions.lowerBound
        nextClaim = positions.lowerBound
        consumed = positions.lowerBound
        limit = positions.upperBound
        self.chunk = chunk
        self.window = window
        activeWorkers = workers
        self.isCancelled = isCancelled
    }

    /// True once no job may start; call with the lock held.
    private func shouldStop() -> Bool {
        if !stopping && isCancelled() {
            stopping = true
            cancelled = true
            condition.broadcast()
        }
        return stopping
    }

    /// A worker's loop: claim a chunk within the window, run it, hand the results over.
    func work(_ job: (Int) throws(Failure) -> Output) {
        condition.lock()
        while !shouldStop() && nextClaim < limit {
            guard nextClaim < consumed + window else {
                condition.wait()
                continue
            }
            let first = nextClaim
            nextClaim = min(limit, first + chunk)
            for position in first..<nextClaim {
                guard !shouldStop() && position < limit else { break }
                condition.unlock()
                let result: Result<Output, Failure>
                do throws(Failure) {
                    result = .success(try job(position))
                } catch {
                    result = .failure(error)
                }
                condition.lock()
                switch result {
                case .success(let output):
                    results[position] = output
                case .failure(let error):
                    if failure == nil || position < failure!.position {
                        failure = (position, error)
                        limit = min(limit, position)
                    }
                }
                condition.broadcast()
            }
        }
        activeWorkers -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer's loop: hands each newly contiguous run of results to `consume` until
    /// all are consumed or the work stops and the workers are idle.
    func drain(consume: ([(position: Int, output: Output)]) -> Bool, idle: () -> Void) -> OrderedExecutor.Completion<Failure> {
        condition.lock()
        var consumerStopped = false
        while consumed < limit && !consumerStopped {
            var batch: [(position: Int, output: Output)] = []
            while consumed + batch.count < limit, let output = results.removeValue(forKey: consumed + batch.count) {
                batch.append((consumed + batch.count, output))
            }
            if !batch.isEmpty {
                condition.unlock()
                let proceed = consume(batch)
                condition.lock()
                consumed += batch.count
                if !proceed {
                    consumerStopped = true
                    stopping = true
                }
                condition.broadcast()
                continue
            }
            if (shouldStop() || nextClaim >= limit) && activeWorkers == 0 { break }
            // Under the lock: a result handed over between the checks above and the wait
            // would otherwise go unnoticed until the timeout.
            idle()
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.25))
        }
        stopping = true
        condition.broadcast()
        while activeWorkers > 0 { condition.wait() }
        let completion = OrderedExecutor.Completion(consumed: consumed - start, failure: failure, wasCancelled: cancelled)
        condition.unlock()
        return completion
    }
}
