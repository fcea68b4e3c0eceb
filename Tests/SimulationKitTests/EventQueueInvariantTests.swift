import Foundation
import Testing
@testable import SimulationKit

/// The heap checks of a checking build (`-DMARKETSIM_CHECKING`): scripts/test builds the
/// engine tests so, with MARKETSIM_EXPECT_CHECKING=1, and runs them with the heap
/// verified after every push and pop.
@Suite("Event queue invariant checks")
struct EventQueueInvariantTests {
    @Test("The build has the checks compiled in exactly when scripts/test says it should")
    func checksMatchTheConfiguration() {
        let expected = ProcessInfo.processInfo.environment["MARKETSIM_EXPECT_CHECKING"] == "1"
        #expect(EventQueue<Int>.invariantChecksCompiledIn == expected)
    }

    @Test("A heap whose order is broken stops the process at the next check",
          .enabled(if: EventQueue<Int>.invariantChecksCompiledIn))
    func brokenHeapIsCaught() async {
        await #expect(processExitsWith: .failure) {
            var queue = EventQueue<Int>()
            for t in [3.0, 1.0, 2.0] { queue.push(.init(time: t, priority: 0, sequence: UInt64(t), event: 0)) }
            queue.storage.swapAt(0, 2)
            queue._checkInvariants()
        }
    }
}
