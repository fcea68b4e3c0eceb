// The benchmark harness: `MarketsimBenchmarks <benchmark> [options]`. Each benchmark
// prints one `key=value` line per measurement, which scripts/bench reads into its table.
// Build it in release mode (scripts/bench does); debug timings mean nothing.

let benchmarks: [String: (BenchmarkOptions) throws -> Void] = [
    "mm1": runMM1Benchmark,
    "primitives": runPrimitivesBenchmark,
    "market": runMarketBenchmark,
    "choice": runChoiceBenchmark,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let benchmark = benchmarks[name] else {
    let names = benchmarks.keys.sorted().joined(separator: " | ")
    fail("usage: MarketsimBenchmarks <\(names)> [--repetitions N] [--customers N] [--heap-size N,N...] [--buyers N,N...] [--months N,N...] [--actor-copies N,N...] [--scenario FILE] [--menu full|shortlist] [--offerings N,N...] [--draws N]", status: 2)
}
do {
    try benchmark(try BenchmarkOptions(parsing: arguments.dropFirst()))
} catch {
    fail("MarketsimBenchmarks \(name): \(error)", status: 1)
}
