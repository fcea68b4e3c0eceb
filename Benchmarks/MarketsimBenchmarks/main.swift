import SimulationKit
print("benchmarks: not yet")
