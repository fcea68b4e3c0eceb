import ScenarioFormat

/// H7 as a persistent cut: a frontier lab's list price falls by at least `depth` in one
/// decision during `year` and stays at or below the level it fell to for `holdDays`
/// after. A peak-to-trough over a year would count a price that dips and comes back;
/// o3's cut (H7) and Opus's (X12) were new list prices that stayed.
public enum PersistentCut {
    /// The smallest fall in one change (0.6: to at most 40 % of the price before).
    public static let depth = 0.6
    /// Six months.
    public static let holdDays = 182.5
    /// The year of H7's cut.
    public static let year = 2025

    /// Whether one lab's list-price changes, in day order, hold a persistent cut: a
    /// change on a day in [`start`, `end`) to at most (1 - `depth`) of the price before,
    /// with no later change within `holdDays` leaving the price above that level.
    public static func held(_ changes: [(day: Double, before: Double, after: Double)], start: Double, end: Double) -> Bool {
        changes.indices.contains { k in
            let cut = changes[k]
            guard cut.day >= start && cut.day < end && cut.after <= (1 - depth) * cut.before else { return false }
            return changes[(k + 1)...].allSatisfy { $0.day > cut.day + holdDays || $0.after <= cut.after }
        }
    }
}

extension RunResult {
    /// 1 when some frontier lab's list price (blended) made a persistent cut during
    /// `PersistentCut.year`, 0 when none did, NaN when the run does not cover the year
    /// and the six months after it.
    public func frontierCutHeld(_ compiled: CompiledScenario) -> Double {
        let day = { (year: Int) in Double(compiled.startDate.days(to: CalendarDate(year: year, month: 1, day: 1)!)) }
        let start = day(PersistentCut.year), end = day(PersistentCut.year + 1)
        guard start >= 0, end + PersistentCut.holdDays <= compiled.reportDays.last! else { return .nan }
        let basis = TokenCost.PriceBasis.blended(inputShare: compiled.scenario.report.referenceInputShare)
        let held = compiled.scenario.actors.frontier.contains { lab in
            let changes = events.filter { $0.kind == .priceChange && $0.actor == lab.id }.map {
                (day: $0.day, before: TokenCost.price(input: $0.inputPriceBefore!, output: $0.outputPriceBefore!, basis: basis),
                 after: TokenCost.price(input: $0.inputPriceAfter!, output: $0.outputPriceAfter!, basis: basis))
            }
            return PersistentCut.held(changes, start: start, end: end)
        }
        return held ? 1 : 0
    }
}
