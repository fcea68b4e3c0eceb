import ArgumentParser
import Foundation
import MarketModel
import Reporting

extension Marketsim {
    struct Columns: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the dictionary of every exported column: name, unit and meaning."
        )

        @Option(help: "The scenario whose segments and price levels name the columns.")
        var scenario = "base"

        @Flag(help: "Print CSV (file, column, unit, meaning) instead of Markdown tables.")
        var csv = false

        @OptionGroup var answerOnly: AnswerOnlyQuiet

        func run() throws {
            let loaded = try loadScenario(scenario)
            print(csv ? ColumnDictionary.csv(for: loaded.compiled) : ColumnDictionary.markdown(for: loaded.compiled),
                  terminator: "")
        }
    }

    struct Costs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the annual cost of a workload at published prices (facts C1-C3) and its blended figure."
        )

        @Option(help: "Tokens a day.")
        var tokensPerDay: Double = 100_000_000

        @Option(help: "Input share of the blended price (3:1 input:output is 0.75).")
        var inputShare: Double = 0.75

        @OptionGroup var answerOnly: AnswerOnlyQuiet

        /// The options are the report's workload keys, limited alike: a workload past
        /// their range (1e308 tokens a day) has no finite cost to print.
        func validate() throws {
            try validateOption("--tokens-per-day", tokensPerDay, asScenarioKey: ["report", "reference_tokens_per_day"])
            try validateOption("--input-share", inputShare, asScenarioKey: ["report", "reference_input_share"])
        }

        func run() {
            let mtok = TokenCost.millionTokensPerYear(tokensPerDay: tokensPerDay)
            print("\(DisplayNumber.money(tokensPerDay)) tokens a day for 365 days = \(DisplayNumber.money(mtok)) million tokens a year\n")
            let rows: [(String, String, Double, Double, TokenCost.PriceBasis)] = [
                ("C1", "Claude Opus 4.6 (P1)", 15, 75, .input),
                ("C2", "Kimi K2.5 (P5)", 0.60, 3, .output),
                ("C3", "Qwen3-235B (P6)", 0.25, 0.25, .single),
                ("", "Claude Opus 4.6 at $5/$25 (X12)", 5, 25, .blended(inputShare: inputShare)),
            ]
            let header = ["fact", "offering", "input $/M", "output $/M", "published basis", "annual cost",
                          "blended $/M", "annual cost, blended"]
            var table = [header]
            for (fact, name, input, output, basis) in rows {
                let published = TokenCost.annualCostUsd(tokensPerDay: tokensPerDay, input: input, output: output, basis: basis)
                let blended = TokenCost.price(input: input, output: output, basis: .blended(inputShare: inputShare))
                table.append([fact, name, DisplayNumber.significant(input), DisplayNumber.significant(output),
                              basis.description, "$" + DisplayNumber.money(published),
                              DisplayNumber.significant(blended), "$" + DisplayNumber.money(mtok * blended)])
            }
            let widths = header.indices.map { c in table.map { $0[c].count }.max()! }
            for row in table {
                print(row.enumerated().map { c, cell in
                    c < 2 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                          : String(repeating: " ", count: widths[c] - cell.count) + cell
                }.joined(separator: "  "))
            }
            print("\nPublished figures price every token at one price, not the same kind each time (C1 input, C2 output,"
                  + " C3 single); the blended column prices input and output tokens each at their own price.")
        }
    }

    struct Facts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the facts marketsim cites (H1, X7, ...) or print one: its value, date and source (docs/facts.md)."
        )

        @Argument(help: "Fact ids to print in full (all of them listed in one line each without).")
        var ids: [String] = []

        @OptionGroup var answerOnly: AnswerOnlyQuiet

        func run() throws {
            let path = MarketFacts.path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                printError("marketsim: cannot read the facts file \(path)")
                throw ExitCode.failure
            }
            let facts = MarketFacts.parse(text)
            guard !ids.isEmpty else {
                var group = ""
                for fact in facts {
                    if fact.group != group {
                        print((group.isEmpty ? "" : "\n") + fact.group)
                        group = fact.group
                    }
                    print("  " + fact.id.padding(toLength: 5, withPad: " ", startingAt: 0) + (fact.cells.first?.value ?? ""))
                }
                print("\n`marketsim facts ID` prints one with its value, date and source (\(path)).")
                return
            }
            let unknown = ids.filter { id in !facts.contains { $0.id == id.uppercased() } }
            guard unknown.isEmpty else {
                printError("marketsim facts: no fact \(unknown.joined(separator: ", ")) in \(path); "
                           + "the ids are \(facts.map(\.id).joined(separator: ", "))")
                throw ExitCode.failure
            }
            for (index, id) in ids.enumerated() {
                let fact = facts.first { $0.id == id.uppercased() }!
                if index > 0 { print("") }
                print("\(fact.id) (\(fact.group))")
                let width = fact.cells.map(\.column.count).max() ?? 0
                for (column, value) in fact.cells where !value.isEmpty {
                    print("  " + (column + ":").padding(toLength: width + 2, withPad: " ", startingAt: 0) + value)
                }
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a self-contained HTML report (inline SVG charts, no network) of a run, sweep, comparison or calibration folder."
        )

        @Argument(help: "An output folder of run, compare, sweep or calibrate.")
        var folder: String

        @Flag(help: "Print nothing but errors (the report is always FOLDER/report.html).")
        var quiet = false

        func run() throws {
            do {
                let path = try HTMLReport.write(folder: folder)
                if !quiet { print("wrote \(path)") }
            } catch {
                printError("marketsim: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
