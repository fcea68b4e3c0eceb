// swift-tools-version:6.0
import PackageDescription

// MARK: - Dependencies
//
// swift-argument-parser: the command line (STYLE.md).
// (CSV is read back by Reporting's own strict RFC 4180 reader, `CSVTable`: CSV.swift
// read a CRLF file as having no header, since Swift reads "\r\n" as one Character, and
// could not say in which column a field went wrong.)
//
// Targets, top to bottom: marketsim -> Experiments -> Reporting -> MarketModel ->
// SimulationKit -> CGSL, and ScenarioFormat (the JSON-with-comments file format, schema and
// validation; nothing market-specific) below MarketModel and Experiments.

let package = Package(
    name: "marketsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "marketsim", targets: ["marketsim"]),
        .library(name: "SimulationKit", targets: ["SimulationKit"]),
        .library(name: "ScenarioFormat", targets: ["ScenarioFormat"]),
        .library(name: "MarketModel", targets: ["MarketModel"]),
        .library(name: "Experiments", targets: ["Experiments"]),
        .library(name: "Reporting", targets: ["Reporting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: - Implementation details

        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),

        // MARK: - Public API

        .target(name: "SimulationKit", dependencies: ["CGSL"]),
        .target(name: "ScenarioFormat"),
        .target(name: "MarketModel", dependencies: ["ScenarioFormat", "SimulationKit"]),
        // Reporting sits below Experiments: the runners of Experiments stream their rows
        // through Reporting's writers, and the HTML report reads only files.
        .target(name: "Reporting", dependencies: ["MarketModel", "ScenarioFormat", "SimulationKit"]),
        .target(name: "Experiments", dependencies: ["Reporting", "MarketModel", "ScenarioFormat", "SimulationKit"]),
        .executableTarget(
            name: "marketsim",
            dependencies: [
                "Reporting", "Experiments", "MarketModel", "ScenarioFormat", "SimulationKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Benchmarks (run by scripts/bench, never by the tests)

        .executableTarget(
            name: "MarketsimBenchmarks",
            dependencies: ["SimulationKit", "MarketModel", "Experiments"],
            path: "Benchmarks/MarketsimBenchmarks"
        ),

        // MARK: - Tests

        // What every test target shares: the repository's root, the one runner of the
        // `marketsim` binary (and of other programs), temporary folders and files.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SimulationKitTests", dependencies: ["SimulationKit", "TestSupport"]),
        .testTarget(name: "ScenarioFormatTests", dependencies: ["ScenarioFormat", "TestSupport"]),
        .testTarget(name: "MarketModelTests", dependencies: ["MarketModel", "ScenarioFormat", "TestSupport"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "ScenarioFormat", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "ScenarioFormat", "TestSupport"]),
        // The command line, driven as a user would: the built `marketsim` binary. Its
        // tests read what a command wrote with the libraries that wrote it.
        .testTarget(
            name: "marketsimTests",
            dependencies: ["marketsim", "Experiments", "Reporting", "MarketModel", "ScenarioFormat", "SimulationKit",
                           "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
