import ScenarioFormat

/// H7 as a persistent cut: a frontier lab's list price for one model falls by at least
/// `depth` in one decision during `year` and stays at or below the level it fell to for
/// `holdDays` after. A peak-to-trough over a year would count a price that dips and
/// comes back; o3's cut (H7) and Opus's (X12) were new list prices that stayed.
///
/// Each model's list price is its own product's: a lab that cuts one generation and
/// raises the next has still cut the first (o3's price stayed while OpenAI priced
/// other models), so the changes are read per model.
public enum PersistentCut {
    /// The smallest fall in one change (0.6: to at most 40 % of the price before).
    public static let depth = 0.6
    /// Six months.
    public static let holdDays = 182.5
    /// The year of H7's cut.
    public static let year = 2025
    /// The window of `deepest`'s second reading: the changes of a quarter, so a fall
    /// made in several decisions shows how far from H7's one decision a run is.
    public static let windowDays = 90.0

    /// The deepest held fall among one model's list-price changes, in day order: over
    /// every change on a day in [`start`, `end`) that no later change within `holdDays`
    /// leaves above its new price, 1 - its new price / the highest price before any
    /// change of the `window` days up to it (that change's own price before, for
    /// `window` 0: one decision). 0 when no change in the year falls and holds.
    public static func deepest(_ changes: [(day: Double, before: Double, after: Double)], start: Double, end: Double,
                               window: Double = 0) -> Double {
        var deepest = 0.0
        for (k, cut) in changes.enumerated() where cut.day >= start && cut.day < end && cut.after < cut.before {
            guard changes[(k + 1)...].allSatisfy({ $0.day > cut.day + holdDays || $0.after <= cut.after }) else { continue }
            var peak = cut.before
            for earlier in changes[..<k].reversed() where earlier.day >= cut.day - window { peak = max(peak, earlier.before) }
            deepest = max(deepest, 1 - cut.after / peak)
        }
        return deepest
    }

    /// Whether one model's list-price changes hold a persistent cut: one change in
    /// [`start`, `end`) to at most (1 - `depth`) of the price before, held (`deepest`).
    public static func held(_ changes: [(day: Double, before: Double, after: Double)], start: Double, end: Double) -> Bool {
        deepest(changes, start: start, end: end) >= depth
    }
}

extension RunResult {
    /// 1 when some frontier lab's list price (blended) for one model made a persistent
    /// cut during `PersistentCut.year`, 0 when none did, NaN when the run does not cover
    /// the year and the six months after it.
    public func frontierCutHeld(_ compiled: CompiledScenario) -> Double {
        let depth = frontierCutDepth(compiled)
        return depth.isNaN ? .nan : depth >= PersistentCut.depth ? 1 : 0
    }

    /// The deepest held fall of a frontier lab's list price (blended) for one model
    /// during `PersistentCut.year` (`PersistentCut.deepest`): in one decision (`window`
    /// 0), or over the decisions of `window` days; NaN when the run does not cover the
    /// year and the six months after it.
    public func frontierCutDepth(_ compiled: CompiledScenario, window: Double = 0) -> Double {
        let day = { (year: Int) in Double(compiled.startDate.days(to: CalendarDate(year: year, month: 1, day: 1)!)) }
        let start = day(PersistentCut.year), end = day(PersistentCut.year + 1)
        guard start >= 0, end + PersistentCut.holdDays <= compiled.reportDays.last! else { return .nan }
        let basis = TokenCost.PriceBasis.blended(inputShare: compiled.scenario.report.referenceInputShare)
        let labs = Set(compiled.scenario.actors.frontier.map(\.id))
        var changes: [String: [(day: Double, before: Double, after: Double)]] = [:]
        var order: [String] = []
        for e in events where e.kind == .priceChange && labs.contains(e.actor) {
            let key = e.actor + "\u{0}" + e.model
            if changes[key] == nil { order.append(key) }
            changes[key, default: []].append(
                (day: e.day, before: TokenCost.price(input: e.inputPriceBefore!, output: e.outputPriceBefore!, basis: basis),
                 after: TokenCost.price(input: e.inputPriceAfter!, output: e.outputPriceAfter!, basis: basis)))
        }
        return order.map { PersistentCut.deepest(changes[$0]!, start: start, end: end, window: window) }.max() ?? 0
    }
}
