import Foundation
import SimulationKit

/// The Patient Rule Induction Method (Friedman and Fisher 1999) as scenario discovery
/// uses it (Bryant and Lempert 2010; the EMA Workbench): find a box in parameter space
/// (a lower and upper bound per parameter) whose cases mostly have the outcome of
/// interest while holding many of them.
///
/// Peeling starts from the box holding every case and repeatedly removes the slice
/// that raises the box's density most per case removed: for each parameter, the cases
/// below its `peelAlpha` quantile or above its 1 - `peelAlpha` quantile within the box
/// (with ties, every case at that value, so a grid loses whole levels). It stops when no
/// peel raises density or the box would hold fewer than `minimumMass` of all cases. Each
/// box on the way is a step of the trajectory, with its coverage (share of all cases of
/// interest inside), density (share of the cases inside that are of interest) and mass.
///
/// Pasting then widens the chosen box again, one `pasteAlpha` slice of the cases at a
/// time, wherever that raises its density.
public struct PRIM: Sendable {
    /// One box: bounds per parameter, in parameter order.
    public struct Box: Sendable, Equatable {
        public var lower: [Double]
        public var upper: [Double]

        func contains(_ point: [Double]) -> Bool {
            for d in point.indices where point[d] < lower[d] || point[d] > upper[d] { return false }
            return true
        }
    }

    /// A box on the peeling trajectory and how well it describes the cases of interest.
    public struct Step: Sendable, Equatable {
        public let box: Box
        /// Cases of interest inside / all cases of interest.
        public let coverage: Double
        /// Cases of interest inside / cases inside.
        public let density: Double
        /// Cases inside / all cases.
        public let mass: Double
        public let casesInside: Int
    }

    /// cases[i]: the parameter values of case i.
    public let cases: [[Double]]
    /// Whether case i has the outcome of interest.
    public let interesting: [Bool]
    public let peelAlpha: Double
    public let pasteAlpha: Double
    public let minimumMass: Double

    /// - Precondition: one flag per case, every case with the same number of parameters.
    public init(cases: [[Double]], interesting: [Bool], peelAlpha: Double = 0.05, pasteAlpha: Double = 0.05,
                minimumMass: Double = 0.05) {
        precondition(cases.count == interesting.count, "PRIM: one outcome flag per case")
        precondition(Set(cases.map(\.count)).count <= 1, "PRIM: every case needs the same parameters")
        self.cases = cases
        self.interesting = interesting
        self.peelAlpha = peelAlpha
        self.pasteAlpha = pasteAlpha
        self.minimumMass = minimumMass
    }

    var dimensions: Int { cases.first?.count ?? 0 }

    /// The box that holds every case.
    public var fullBox: Box {
        Box(lower: (0..<dimensions).map { d in cases.map { $0[d] }.min() ?? 0 },
            upper: (0..<dimensions).map { d in cases.map { $0[d] }.max() ?? 0 })
    }

    /// The statistics of `box` over all cases.
    public func step(_ box: Box) -> Step {
        let totalInteresting = interesting.filter { $0 }.count
        var inside = 0, interestingInside = 0
        for (point, flag) in zip(cases, interesting) where box.contains(point) {
            inside += 1
            if flag { interestingInside += 1 }
        }
        return Step(box: box,
                    coverage: totalInteresting == 0 ? 0 : Double(interestingInside) / Double(totalInteresting),
                    density: inside == 0 ? 0 : Double(interestingInside) / Double(inside),
                    mass: cases.isEmpty ? 0 : Double(inside) / Double(cases.count), casesInside: inside)
    }

    /// The peeling trajectory, from the full box to the last box that raised density
    /// while holding at least `minimumMass` of the cases. Each step takes the peel with
    /// the largest gain in density per case removed (the EMA Workbench's default,
    /// "lenient1"), ties to the box restricting fewer parameters.
    public func peel() -> [Step] {
        var box = fullBox
        var current = step(box)
        var trajectory = [current]
        let full = fullBox
        func restricted(_ b: Box) -> Int {
            (0..<dimensions).filter { b.lower[$0] > full.lower[$0] || b.upper[$0] < full.upper[$0] }.count
        }
        while true {
            let inside = cases.indices.filter { box.contains(cases[$0]) }
            var best: (score: Double, restricted: Int, step: Step, box: Box)?
            func consider(_ candidate: Box) {
                let s = step(candidate)
                guard s.mass >= minimumMass, s.casesInside > 0, s.casesInside < current.casesInside else { return }
                let score = (s.density - current.density) / Double(current.casesInside - s.casesInside)
                let r = restricted(candidate)
                if best == nil || score > best!.score || (score == best!.score && r < best!.restricted) {
                    best = (score, r, s, candidate)
                }
            }
            for d in 0..<dimensions {
                let values = inside.map { cases[$0][d] }.sorted()
                guard let first = values.first, let last = values.last, first < last else { continue }
                // Remove every case at or below the low cut (at or above the high cut),
                // so a grid loses whole levels: the new bound is the next value inside.
                let lowCut = Quantiles.quantile(sorted: values, peelAlpha)
                let highCut = Quantiles.quantile(sorted: values, 1 - peelAlpha)
                if let next = values.first(where: { $0 > lowCut }) {
                    var candidate = box
                    candidate.lower[d] = next
                    consider(candidate)
                }
                if let previous = values.last(where: { $0 < highCut }) {
                    var candidate = box
                    candidate.upper[d] = previous
                    consider(candidate)
                }
            }
            guard let chosen = best, chosen.score > 0 else { break }
            box = chosen.box
            current = chosen.step
            trajectory.append(current)
        }
        return trajectory
    }

    /// Widens `box` one parameter end at a time by about `pasteAlpha` of the cases
    /// (the nearest values outside it) while that raises its density.
    public func paste(_ box: Box) -> Step {
        var current = step(box)
        let increment = max(1, Int((pasteAlpha * Double(cases.count)).rounded(.up)))
        while true {
            var best: Step?
            for d in 0..<dimensions {
                let others = cases.filter { point in
                    (0..<dimensions).allSatisfy { $0 == d || (point[$0] >= current.box.lower[$0] && point[$0] <= current.box.upper[$0]) }
                }
                let below = others.map { $0[d] }.filter { $0 < current.box.lower[d] }.sorted(by: >)
                let above = others.map { $0[d] }.filter { $0 > current.box.upper[d] }.sorted()
                if !below.isEmpty {
                    var candidate = current.box
                    candidate.lower[d] = below[min(below.count, increment) - 1]
                    let s = step(candidate)
                    if s.density > (best ?? current).density { best = s }
                }
                if !above.isEmpty {
                    var candidate = current.box
                    candidate.upper[d] = above[min(above.count, increment) - 1]
                    let s = step(candidate)
                    if s.density > (best ?? current).density { best = s }
                }
            }
            guard let next = best else { return current }
            current = next
        }
    }

    /// The step to report: of the boxes whose density reaches `threshold`, the one with
    /// the highest coverage; when none does, the densest (ties: larger coverage).
    public static func choose(_ trajectory: [Step], threshold: Double) -> Int {
        let indices = Array(trajectory.indices)
        if let best = indices.filter({ trajectory[$0].density >= threshold })
            .max(by: { (trajectory[$0].coverage, -$0) < (trajectory[$1].coverage, -$1) }) {
            return best
        }
        return indices.max { (trajectory[$0].density, trajectory[$0].coverage) < (trajectory[$1].density, trajectory[$1].coverage) } ?? 0
    }

}
