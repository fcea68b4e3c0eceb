import ArgumentParser
import Experiments
import Foundation
import Reporting

extension Marketsim {
    struct Discover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the parameter ranges of a sweep where an outcome holds (scenario discovery by PRIM).",
            discussion: """
            Each run of the sweep is a case; a case is of interest when its outcome is above (or below) the \
            threshold. PRIM peels the parameter box a slice at a time (--peel-alpha of the cases) toward the \
            densest region, then pastes back what raises density. Prints the peeling trajectory and the chosen \
            box: the highest-coverage box whose density reaches --density (or the densest). Writes \
            trajectory.csv, box.csv and discover.json into --out (default SWEEP_DIR/discover-OUTCOME); \
            `marketsim report SWEEP_DIR` draws it.
            """
        )

        @Argument(help: "A sweep's output folder (with runs.csv and points.csv).")
        var sweepFolder: String

        @Option(help: "The outcome (a column of runs.csv).")
        var outcome: String

        @Option(help: "Cases of interest: the outcome above this value.")
        var above: Double?

        @Option(help: "Cases of interest: the outcome below this value.")
        var below: Double?

        @Option(help: "The density the chosen box should reach (0-1).")
        var density = 0.8

        @Option(help: "Share of the cases in the box removed by each peel.")
        var peelAlpha = 0.05

        @Option(help: "Share of the cases added by each paste.")
        var pasteAlpha = 0.05

        @Option(help: "Stop peeling before the box holds fewer than this share of the cases.")
        var minimumMass = 0.05

        @Option(help: "Output folder (default: SWEEP_DIR/discover-<outcome>).")
        var out: String?

        @Flag(help: "Replace an existing output folder.")
        var force = false

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        func validate() throws {
            guard (above == nil) != (below == nil) else { throw ValidationError("give exactly one of --above and --below") }
            if let threshold = above ?? below, !threshold.isFinite {
                throw ValidationError("\(above != nil ? "--above" : "--below") must be a finite number, got \(threshold)")
            }
            for (name, value) in [("--peel-alpha", peelAlpha), ("--paste-alpha", pasteAlpha)] where !(value > 0 && value < 0.5) {
                throw ValidationError("\(name) must be in (0, 0.5), got \(value)")
            }
            if !(density > 0 && density <= 1) { throw ValidationError("--density must be in (0, 1], got \(density)") }
            if !(minimumMass > 0 && minimumMass < 1) { throw ValidationError("--minimum-mass must be in (0, 1), got \(minimumMass)") }
        }

        func run() throws {
            let discovery: ScenarioDiscovery
            do {
                discovery = try ScenarioDiscovery(sweepFolder: sweepFolder, outcome: outcome,
                                                  direction: above != nil ? .above : .below, threshold: above ?? below!,
                                                  densityThreshold: density, peelAlpha: peelAlpha, pasteAlpha: pasteAlpha,
                                                  minimumMass: minimumMass)
            } catch {
                printError("marketsim: \(error)")
                throw ExitCode.failure
            }
            let output: OutputDirectory
            do {
                output = try InterruptCleanup.stagedOutput(path: out ?? sweepFolder + "/discover-" + outcome, replaceExisting: force,
                                                           inputs: [sweepFolder + "/" + OutputFileNames.Sweep.runs])
            } catch {
                printError("marketsim: \(error)")
                throw ExitCode.failure
            }
            defer { InterruptCleanup.finished(output) }
            do {
                try discovery.write(into: output.stagingPath)
                try output.commit()
            } catch {
                output.discard()
                printError("marketsim: \(error)")
                throw ExitCode.failure
            }
            guard !quiet else { return }
            print(DiscoveryTable.render(discovery, densityTarget: density))
            print("written to \(output.finalPath)")
        }
    }
}

/// The peeling trajectory and the chosen box as plain text, and whether the box meets
/// the density asked for.
enum DiscoveryTable {
    static func render(_ d: ScenarioDiscovery, densityTarget: Double) -> String {
        let interesting = d.prim.interesting.filter { $0 }.count
        var text = "discovery in a sweep of \(BaseScenario.describe(d.baseScenario))\n"
        text += "\(d.condition): \(interesting) of \(d.prim.cases.count) runs"
        text += d.missing > 0 ? " (\(d.missing) without a value left out)\n\n" : "\n\n"
        text += "step  coverage  density   mass  box\n"
        for (index, step) in d.trajectory.enumerated() {
            let marker = index == d.chosenStep ? "*" : " "
            text += String(format: "%3d", index) + marker
            text += String(format: "  %8.3f  %7.3f  %5.3f  ", step.coverage, step.density, step.mass)
            text += wrapped(restrictions(d, step.box)) + "\n"
        }
        text += "\nchosen box (step \(d.chosenStep), pasted): coverage \(String(format: "%.3f", d.box.coverage)), "
        text += "density \(String(format: "%.3f", d.box.density)), mass \(String(format: "%.3f", d.box.mass))\n"
        let full = d.prim.fullBox
        for (index, name) in d.parameters.enumerated() {
            let restricted = d.box.box.lower[index] > full.lower[index] || d.box.box.upper[index] < full.upper[index]
            text += "  \(name) " + bounds(name, d.box.box.lower[index], d.box.box.upper[index])
            text += restricted ? "\n" : "  (not restricted)\n"
        }
        // PRIM.choose falls back to the densest step when none reaches the target: say so,
        // and what the trajectory could reach, rather than let the box pass for one that met it.
        if d.trajectory[d.chosenStep].density < densityTarget {
            let reachable = d.trajectory[d.chosenStep].density
            text += "\nThe density target \(DisplayNumber.significant(densityTarget, digits: 2)) was not reached: the densest box "
            text += "of the peeling trajectory\n(step \(d.chosenStep)) reaches \(String(format: "%.3f", reachable)) "
            text += "(\(String(format: "%.3f", d.box.density)) after pasting). Give --density "
            text += "\(String(format: "%.2f", (reachable * 100).rounded(.down) / 100)) or less\nto choose the widest box "
            text += "that reaches it, or a lower --minimum-mass to peel further.\n"
        }
        return text
    }

    /// "name in [low, high]" for each parameter the box restricts, or "everything".
    static func restrictions(_ d: ScenarioDiscovery, _ box: PRIM.Box) -> [String] {
        let full = d.prim.fullBox
        let parts = d.parameters.indices.compactMap { index -> String? in
            guard box.lower[index] > full.lower[index] || box.upper[index] < full.upper[index] else { return nil }
            return "\(d.parameters[index]) " + bounds(d.parameters[index], box.lower[index], box.upper[index])
        }
        return parts.isEmpty ? ["(all runs)"] : parts
    }

    /// Where the box column starts on a line of the trajectory, and how wide a line may be.
    static let boxColumn = 32, width = 100

    /// A step's restrictions joined by commas, continued under the box column on a new
    /// line where the next would pass `width` columns.
    static func wrapped(_ parts: [String]) -> String {
        var text = "", line = boxColumn
        for (index, part) in parts.enumerated() {
            if index > 0 {
                if line + 2 + part.count > width {
                    text += ",\n" + String(repeating: " ", count: boxColumn)
                    line = boxColumn
                } else {
                    text += ", "
                    line += 2
                }
            }
            text += part
            line += part.count
        }
        return text
    }

    /// "in [0.3, 0.55]", or "= 0.4" for a box down to one value (one level of a grid).
    static func bounds(_ name: String, _ low: Double, _ high: Double) -> String {
        let (a, b) = (DisplayNumber.parameter(low, name: name), DisplayNumber.parameter(high, name: name))
        return a == b ? "= \(a)" : "in [\(a), \(b)]"
    }
}
