import Foundation

/// Slimmable experts (M5): a release of an open lab or a distiller with `mose` enabled
/// is served at its full width and at each narrower width of its menu. Each narrower
/// width is a model record of its own (capability from `SlimmableExperts.capability`, active
/// parameters scaled by the width, so serving cost follows them, M3) and every seller of
/// the release (an open lab's API, each host) sells each width as an offering of its own. So the buyers'
/// logit chooses a width per workload part like any other option, each width's price is
/// reviewed by best response against the demand it faces, and a choice costs one more
/// utility per width offered: a menu of at most three narrower widths keeps a model at
/// most four offerings per seller.
extension MarketSimulation {
    /// The first day releases under `menu` are served at several widths (infinity: never).
    func widthMenuStartDay(_ menu: SlimmableExperts) -> Double {
        guard menu.enabled else { return .infinity }
        return menu.activeFrom.map { Double(compiled.startDate.days(to: $0)) } ?? 0
    }

    /// Adds release `m`'s narrower widths as models of their own, widest first, if its
    /// creator's `menu` serves its releases of `day` at several widths.
    mutating func addNarrowerWidths(of m: ModelID, menu: SlimmableExperts, day: Double) {
        guard day >= widthMenuStartDay(menu) else { return }
        let full = catalog[m]
        var narrower: [ModelID] = []
        for width in menu.widths.sorted(by: >) {
            let capability = full.capability.map { SlimmableExperts.capability($0, width: width, computeExponent: menu.computeExponent) }
            let active = full.activeParamsB * SlimmableExperts.servingCostFactor(width: width)
            var record = modelRecord(name: "\(full.name)@\(CSVNumber.format(width))", creator: full.creator, open: true,
                                     capability: capability, activeParamsB: active, trainingCostUsd: 0, day: day)
            record.width = width
            record.fullWidth = m
            narrower.append(catalog.append(record))
        }
        catalog[m].narrowerWidths = narrower
    }

    /// Offers the model of full-width offering `j` at its narrower widths too, if it has
    /// any: the same seller, speed and serving-cost factor. Each width opens at the
    /// cheapest price of that width elsewhere, or else at `j`'s price times the width
    /// (`j`'s markup over serving cost), until its first review.
    mutating func addWidthOfferings(of j: OfferingID, day: Double) {
        let narrower = catalog[offerings[j].model].narrowerWidths
        guard !narrower.isEmpty else { return }
        offerings[j].widthMenu = true
        var added: [OfferingID] = []
        for v in narrower {
            let o = offerings[j]
            let k = addOffering(model: v, seller: o.seller, open: true, input: o.inputPrice,
                                output: o.outputPrice, tokensPerSecond: o.tokensPerSecond, costFactor: o.servingCostFactor)
            offerings[k].width = catalog[v].width
            offerings[k].widthMenu = true
            (offerings[k].licensor, offerings[k].royaltyUsdPerMtok) = (o.licensor, o.royaltyUsdPerMtok)
            startIntegrals(k, day: day)
            setWidthOpeningPrice(k, fullWidth: j, day: day)
            added.append(k)
        }
        widthMenus.offerings[j] = added
    }

    /// Opens narrower-width offering `k` of full-width offering `j` (see `addWidthOfferings`).
    mutating func setWidthOpeningPrice(_ k: OfferingID, fullWidth j: OfferingID, day: Double) {
        let model = offerings[k].model
        let fullPrice = blendedPrice(j)
        var price = fullPrice * servingCost(k, day: day) / servingCost(j, day: day)
        for i in activeOfferings where i != k && offerings[i].model == model { price = min(price, blendedPrice(i)) }
        let scale = price / fullPrice
        setPrice(k, input: offerings[j].inputPrice * scale, ratio: offerings[j].outputToInputRatio, day: day)
    }

    /// After full-width offering `j` moved to a new release (a distiller's API): its narrower
    /// widths' offerings move to the release's widths, keeping their prices as `j` keeps
    /// its own, or are added if this is the first release its lab serves at several
    /// widths. A lab's menu is fixed, so every later release has the same widths.
    mutating func moveWidthOfferings(of j: OfferingID, day: Double) {
        guard let current = widthMenus.offerings[j] else {
            addWidthOfferings(of: j, day: day)
            return
        }
        let narrower = catalog[offerings[j].model].narrowerWidths
        precondition(narrower.count == current.count, "a release has \(narrower.count) widths where its predecessor had \(current.count)")
        for (k, v) in zip(current, narrower) {
            settle(k, day: day)
            offerings[k].model = v
        }
        demand.choiceTable.invalidate()
    }

    /// Withdraws full-width offering `j`'s narrower widths with it (a host dropping the
    /// model) and returns them, so that their buyers choose again.
    mutating func withdrawWidthOfferings(of j: OfferingID, day: Double) -> [OfferingID] {
        guard let narrower = widthMenus.offerings.removeValue(forKey: j) else { return [] }
        for k in narrower {
            settle(k, day: day)
            offerings.retire(k)
        }
        demand.choiceTable.invalidate()
        return narrower
    }
}
