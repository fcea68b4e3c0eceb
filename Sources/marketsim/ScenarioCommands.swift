import ArgumentParser
import Experiments
import Foundation
import MarketModel
import ScenarioFormat

extension Marketsim {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check scenario files without running them: every key, type, range and reference."
        )

        @Argument(help: "Scenario files (or names of shipped scenarios).")
        var files: [String]

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a key before checking (repeatable).", valueName: "path=value"))
        var overrides: [String] = []

        @Flag(help: "Print nothing but the problems; the exit status says whether every file is valid.")
        var quiet = false

        func run() throws {
            var failed = false
            for file in files {
                do {
                    let loaded = try ScenarioFile.load(file, overrides: overrides)
                    guard !quiet else { continue }
                    let s = loaded.scenario
                    let actors = s.actors.frontier.count + s.actors.openLabs.count + s.actors.distillers.count + s.actors.infra.count
                    print("\(ScenarioFile.locate(file)): ok (\(s.name): \(s.segments.count) segments, \(actors) actors, "
                          + "\(s.buyers.count) buyers, \(s.months) months from \(s.startDate))")
                } catch {
                    printError(error.description)
                    failed = true
                }
            }
            if failed { throw ExitCode.failure }
        }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema of scenario files (or sweep or calibration files), for editors to validate and complete them."
        )

        @Flag(help: "The schema of sweep files (marketsim sweep) instead of scenarios.")
        var sweep = false

        @Flag(help: "The schema of calibration files (marketsim calibrate) instead of scenarios.")
        var calibration = false

        @OptionGroup var answerOnly: AnswerOnlyQuiet

        func validate() throws {
            if sweep && calibration { throw ValidationError("give --sweep or --calibration, not both") }
        }

        func run() {
            let schema = sweep ? SweepFileSchema.jsonSchema
                : calibration ? CalibrationFileSchema.jsonSchema
                : ScenarioSchema.schema.jsonSchema(
                    title: "marketsim scenario",
                    description: "A marketsim scenario file (JSON with comments). Fact ids (H1, X7...) are those of docs/facts.md (marketsim facts).")
            print(schema.prettyText)
        }
    }

    struct Scenarios: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the scenarios shipped with marketsim, which `run NAME` finds from any folder."
        )

        @OptionGroup var answerOnly: AnswerOnlyQuiet

        func run() throws {
            print("Shipped scenarios (\(ScenarioFile.shippedFolder)):")
            for name in ScenarioFile.shipped() {
                let heading: String
                let description: String
                if let loaded = try? ScenarioFile.load(name) {
                    let scenario = loaded.scenario
                    heading = scenario.argues.isEmpty ? name : "\(name): argues \(scenario.argues)"
                    description = scenario.thesis.isEmpty ? scenario.description : scenario.thesis
                } else {
                    heading = name
                    description = "(does not validate: run `marketsim validate \(name)`)"
                }
                print("  \(heading)\n      \(description)")
            }
        }
    }
}
