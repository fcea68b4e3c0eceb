import ArgumentParser
import Foundation
import MarketModel
import Reporting
import SimulationKit

@main
struct Marketsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marketsim",
        abstract: "Simulate the AI model market: open-weight catch-up, price collapse, and who captures the value.",
        discussion: """
        Write a scenario (JSON), run it with replications, sweep its uncertain parameters, \
        and plot the exported CSV in pandas, R or a spreadsheet.
        """,
        version: version(commit: BuildCommit.id),
        subcommands: [Run.self, Compare.self, Sweep.self, Calibrate.self, Report.self, Validate.self, Scenarios.self, Schema.self,
                      Columns.self, Costs.self, Facts.self, Discover.self]
    )

    static func version(commit: String) -> String {
        "marketsim \(MarketsimVersion.string)\ncommit \(commit)\nGSL \(GSLLibrary.version)"
    }

    /// Answers `--version` with the commit git names for a checkout's build
    /// (`BuildCommit.resolved`), which the static configuration cannot ask for without
    /// running git on every command; everything else goes to the parser.
    static func main() {
        // A write past `ulimit -f` then fails with EFBIG, reported with its path like a
        // full disk, instead of SIGXFSZ killing the process and leaving its staging folder.
        signal(SIGXFSZ, SIG_IGN)
        checkStandardOutputAtExit()
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(version(commit: BuildCommit.resolved))
            return
        }
        main(nil)
    }
}
