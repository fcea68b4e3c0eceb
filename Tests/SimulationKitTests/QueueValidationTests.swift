import Testing
import SimulationKit

/// The engine against queueing theory: M/M/1 and M/M/3 means within four of the run's
/// own batch-means standard errors of the analytic values.
@Suite struct QueueValidationTests {
    /// Erlang C: the probability that an arrival waits in an M/M/c queue with offered
    /// traffic a = lambda / mu erlangs, computed from the textbook sum.
    static func erlangC(servers c: Int, traffic a: Double) -> Double {
        var term = 1.0
        var sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let rho = a / Double(c)
        let waiting = term / (1 - rho)
        return waiting / (sum + waiting)
    }

    @Test func erlangCReducesToRhoForOneServer() {
        #expect(abs(Self.erlangC(servers: 1, traffic: 0.7) - 0.7) < 1e-15)
        // c = 2, a = 1: P0 = 1/3, C = a^2/(2!(1-1/2)) P0 = 1/3.
        #expect(abs(Self.erlangC(servers: 2, traffic: 1) - 1.0 / 3) < 1e-15)
    }

    @Test(arguments: [(0.5, 1.0), (0.9, 1.0), (1.5, 2.0)])
    func mm1MatchesAnalyticMeans(lambda: Double, mu: Double) throws {
        let rho = lambda / mu
        let customers = rho >= 0.9 ? 1_500_000 : 300_000
        let result = try MMcQueue(arrivalRate: lambda, serviceRate: mu, customers: customers, seed: 11).run()
        let wq = lambda / (mu * (mu - lambda))
        let w = 1 / (mu - lambda)

        #expect(result.eventsExecuted == 2 * customers)
        // The standard errors must be small enough for the comparison to mean something.
        #expect(result.meanWaitInQueueStandardError < 0.04 * wq)
        #expect(result.utilisationStandardError < 0.01 * rho)
        #expect(abs(result.meanWaitInQueue - wq) < 4 * result.meanWaitInQueueStandardError)
        #expect(abs(result.meanTimeInSystem - w) < 4 * result.meanTimeInSystemStandardError)
        #expect(abs(result.utilisation - rho) < 4 * result.utilisationStandardError)
    }

    @Test func mm3MatchesErlangC() throws {
        let lambda = 2.4, mu = 1.0, c = 3
        let result = try MMcQueue(arrivalRate: lambda, serviceRate: mu, servers: c, customers: 600_000, seed: 5).run()
        let wq = Self.erlangC(servers: c, traffic: lambda / mu) / (Double(c) * mu - lambda)
        let rho = lambda / (Double(c) * mu)

        #expect(result.meanWaitInQueueStandardError < 0.04 * wq)
        #expect(abs(result.meanWaitInQueue - wq) < 4 * result.meanWaitInQueueStandardError)
        #expect(abs(result.meanTimeInSystem - (wq + 1 / mu)) < 4 * result.meanTimeInSystemStandardError)
        #expect(abs(result.utilisation - rho) < 4 * result.utilisationStandardError)
    }

    @Test func sameSeedSameRunOtherSeedOtherRun() throws {
        let queue = MMcQueue(arrivalRate: 0.8, serviceRate: 1, servers: 2, customers: 20_000, seed: 3)
        let first = try queue.run()
        let second = try queue.run()
        #expect(first == second)
        let other = try MMcQueue(arrivalRate: 0.8, serviceRate: 1, servers: 2, customers: 20_000, seed: 4).run()
        #expect(other.fingerprint != first.fingerprint)
        #expect(other.meanWaitInQueue != first.meanWaitInQueue)
    }
}
