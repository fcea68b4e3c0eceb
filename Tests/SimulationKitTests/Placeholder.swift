import Testing
@testable import SimulationKit
