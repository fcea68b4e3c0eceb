#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// The options every benchmark accepts; each uses the ones that apply to it.
struct BenchmarkOptions {
    /// Timed repetitions; the best (shortest) is reported, as the least disturbed by
    /// other work on the machine.
    var repetitions = 5
    /// Customers per M/M/1 run.
    var customers = 1_000_000
    /// Pending entries held in the heap while the primitives are timed.
    var heapSizes = [2, 10_000]
    /// Buyer populations for the market benchmark.
    var buyerCounts = [10_000]
    /// Horizons in months for the market benchmark (default: the scenario's).
    var monthCounts: [Int]?
    /// Copies of every actor for the market benchmark.
    var actorCopies = [1]
    /// The scenario of the market benchmark.
    var scenarioPath = "Scenarios/base.json"
    /// Menu sizes (offerings) for the choice benchmark, and its draws per menu.
    var offeringCounts = [20, 50, 200]
    var draws = 200_000
    /// Whether buyers weigh every model (`buyers.consideration.full_menu`), or the
    /// scenario's setting when nil.
    var fullMenu: Bool?

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init<S: Sequence>(parsing arguments: S) throws where S.Element == String {
        var iterator = arguments.makeIterator()
        while let option = iterator.next() {
            guard let value = iterator.next() else { throw UsageError(description: "option \(option) needs a value") }
            if option == "--scenario" {
                scenarioPath = value
                continue
            }
            if option == "--menu" {
                guard value == "full" || value == "shortlist" else {
                    throw UsageError(description: "option --menu needs full or shortlist, got \(value)")
                }
                fullMenu = value == "full"
                continue
            }
            let numbers = value.split(separator: ",").compactMap { Int($0) }
            guard !numbers.isEmpty, numbers.allSatisfy({ $0 > 0 }) else {
                throw UsageError(description: "option \(option) needs positive integers, got \(value)")
            }
            switch option {
            case "--repetitions": repetitions = numbers[0]
            case "--customers": customers = numbers[0]
            case "--heap-size": heapSizes = numbers
            case "--buyers": buyerCounts = numbers
            case "--months": monthCounts = numbers
            case "--actor-copies": actorCopies = numbers
            case "--offerings": offeringCounts = numbers
            case "--draws": draws = numbers[0]
            default: throw UsageError(description: "unknown option \(option)")
            }
        }
    }
}

/// The seconds taken by the fastest of `repetitions` calls of `body`.
func bestSeconds(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<repetitions {
        let elapsed = try clock.measure(body)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        best = min(best, seconds)
    }
    return best
}

/// Prints `message` on standard error and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    var text = message + "\n"
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    exit(status)
}
