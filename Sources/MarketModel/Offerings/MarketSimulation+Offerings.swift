import Foundation
import SimulationKit

extension MarketSimulation {
    mutating func addOffering(model: ModelID, seller: ActorID, open: Bool, input: Double, output: Double,
                              tokensPerSecond: Double, costFactor: Double) -> OfferingID {
        let o = Offering(model: model, sellerKind: actors.kind(of: seller), seller: seller, openWeights: open, inputPrice: input,
                         outputPrice: output, outputToInputRatio: output / input,
                         tokensPerSecond: tokensPerSecond, logTokensPerSecond: log(tokensPerSecond),
                         servingCostFactor: costFactor)
        let j = offerings.append(o)
        demand.choiceTable.invalidate()
        return j
    }

    /// Serving cost of offering `j` per million tokens at `day`.
    func servingCost(_ j: OfferingID, day: Double) -> Double {
        servingCost(model: offerings[j].model, costFactor: offerings[j].servingCostFactor, day: day)
    }

    /// Serving cost per million tokens at `day` of `model` on a seller's hardware at
    /// `costFactor`: what an offering costs, or what a host would pay to offer it.
    func servingCost(model m: ModelID, costFactor: Double, day: Double) -> Double {
        scenario.costs.usdPerMtokPerBillionActive * catalog[m].activeParamsB * costFactor * exp(-trends.servingDecayRate * day)
    }

    /// Brings offering `j`'s integrals to `day` at its current price, and books the
    /// seller's revenue, serving cost and tokens since the last booking. It runs at every
    /// buyer's choice, so it touches the offering and the seller's account once each.
    ///
    /// Inlined: settled already at this instant (a choice settles its offerings when the
    /// buyer accrues and again when it moves), there is nothing to advance or book, and
    /// the check costs no call.
    @inline(__always)
    mutating func settle(_ j: OfferingID, day: Double) {
        if !offerings[j].integrals.settled(at: day) { advanceAndBook(j, day: day) }
    }

    /// `settle`'s work: advances offering `j`'s integrals to `day` and books its seller's
    /// sales since the last booking.
    @inline(never)
    mutating func advanceAndBook(_ j: OfferingID, day: Double) {
        if offerings[j].integrals.lastUpdate < day { trends.update(day: day) }
        let c0 = scenario.costs.usdPerMtokPerBillionActive * catalog.activeParamsB[offerings[j].model.index]
            * offerings[j].servingCostFactor
        let capacity0 = offerings[j].sellerKind == .infra ? 0 : labCapacityCostAtStart
        let t = trends
        guard let booked = offerings.update(j, {
            Self.advance(&$0, to: day, growthRate: t.usageGrowthRate, netRate: t.usageGrowthRate - t.servingDecayRate,
                         growth: t.growthAtDay, net: t.netGrowthAtDay, servingCostAtStart: c0,
                         capacityRate: t.usageGrowthRate - t.capacityDecayRate, capacityGrowth: t.capacityGrowthAtDay,
                         capacityCostAtStart: capacity0)
        }) else { return }
        ledger.accounts[booked.seller].book(revenue: booked.revenue, serving: booked.serving, tokensMtok: booked.tokensMtok)
        if booked.capacity > 0 { ledger.bookCapacity(booked.capacity, by: booked.seller) }
        if offerings[j].openWeights && offerings[j].sellerKind == .frontierLab {
            ledger.accounts[booked.seller].openWeightTokensMtok += booked.tokensMtok
        }
        if catalog.models[offerings[j].model.index].tier == nil {
            ledger.accounts[booked.seller].flagshipTokensMtok += booked.tokensMtok
            ledger.accounts[booked.seller].flagshipRevenue += booked.revenue
            ledger.accounts[booked.seller].flagshipServing += booked.serving
        }
        if booked.widthMenu { widthMenus.book(width: offerings[j].width, mtok: booked.tokensMtok) }
        if let licensor = booked.licensor { bookRoyalty(j, seller: booked.seller, licensor: licensor, tokensMtok: booked.tokensMtok) }
    }

    /// What settling an offering books for its seller: revenue, serving cost and tokens
    /// since the last booking, with what else the booking touches (the width menu's
    /// token counts, a licensor's royalty).
    struct Booking {
        var seller: ActorID
        var revenue: Double
        var serving: Double
        /// A lab's capacity for these tokens (zero for a host, who pays for its stock).
        var capacity: Double
        var tokensMtok: Double
        var widthMenu: Bool
        var licensor: ActorID?
    }

    /// Advances `o`'s integrals to `day` (in place: settling runs on every buyer review)
    /// and, if it has buyers, adds what its seller earned since the last booking to its
    /// totals and returns it. Usage per buyer grows as exp(g t), serving cost falls as
    /// exp(-d t) and a lab's capacity per token (`capacityCostAtStart`, zero for a host)
    /// as exp(-c t); each is integrated exactly between the two instants, from
    /// exp(g day) = `growth`, exp((g - d) day) = `net` and exp((g - c) day) = `capacityGrowth`.
    static func advance(_ o: inout Offering, to day: Double, growthRate: Double, netRate: Double,
                        growth: Double, net: Double, servingCostAtStart c0: Double,
                        capacityRate: Double, capacityGrowth: Double, capacityCostAtStart capacity0: Double) -> Booking? {
        if day - o.integrals.lastUpdate > 0 {
            let usage = exponentialIntegral(rate: growthRate, from: o.integrals.lastUpdate, to: day,
                                            expFrom: o.integrals.usageGrowthAtUpdate, expTo: growth)
            o.integrals.tokens += usage
            o.integrals.input += o.inputPrice * usage / 1e6
            o.integrals.output += o.outputPrice * usage / 1e6
            o.integrals.cost += c0 * exponentialIntegral(rate: netRate, from: o.integrals.lastUpdate, to: day,
                                                             expFrom: o.integrals.netGrowthAtUpdate, expTo: net) / 1e6
            if capacity0 > 0 {
                o.integrals.capacity += capacity0 * exponentialIntegral(rate: capacityRate, from: o.integrals.lastUpdate, to: day,
                                                                        expFrom: o.integrals.capacityGrowthAtUpdate, expTo: capacityGrowth) / 1e6
            }
            o.integrals.lastUpdate = day
            o.integrals.usageGrowthAtUpdate = growth
            o.integrals.netGrowthAtUpdate = net
            o.integrals.capacityGrowthAtUpdate = capacityGrowth
        } else if o.integrals.settled(at: day) {
            // Settled already at this instant (a choice settles its offerings when the
            // buyer accrues and again when it moves): the booking would add zeros.
            return nil
        }
        var booked: Booking?
        if o.aggregates.tokens > 0 {
            let input = o.integrals.input - o.integrals.bookedInput, output = o.integrals.output - o.integrals.bookedOutput
            let booking = Booking(seller: o.seller, revenue: o.aggregates.input * input + o.aggregates.output * output,
                                  serving: o.aggregates.tokens * (o.integrals.cost - o.integrals.bookedCost),
                                  capacity: o.aggregates.tokens * (o.integrals.capacity - o.integrals.bookedCapacity),
                                  tokensMtok: o.aggregates.tokens * (o.integrals.tokens - o.integrals.bookedTokens) / 1e6,
                                  widthMenu: o.widthMenu, licensor: o.licensor)
            o.revenueTotal += booking.revenue
            o.servingTotal += booking.serving
            booked = booking
        }
        o.integrals.bookedInput = o.integrals.input
        o.integrals.bookedOutput = o.integrals.output
        o.integrals.bookedCost = o.integrals.cost
        o.integrals.bookedCapacity = o.integrals.capacity
        o.integrals.bookedTokens = o.integrals.tokens
        return booked
    }

    /// The integral of exp(rate t) over [from, to], given exp(rate from) and exp(rate to).
    static func exponentialIntegral(rate: Double, from: Double, to: Double, expFrom: Double, expTo: Double) -> Double {
        abs(rate) < 1e-12 ? to - from : (expTo - expFrom) / rate
    }

    /// Starts offering `j`'s integrals at `day` (a host that begins serving a model).
    mutating func startIntegrals(_ j: OfferingID, day: Double) {
        offerings[j].integrals.lastUpdate = day
        offerings[j].integrals.usageGrowthAtUpdate = exp(trends.usageGrowthRate * day)
        offerings[j].integrals.netGrowthAtUpdate = exp((trends.usageGrowthRate - trends.servingDecayRate) * day)
        offerings[j].integrals.capacityGrowthAtUpdate = exp((trends.usageGrowthRate - trends.capacityDecayRate) * day)
    }

    mutating func setPrice(_ j: OfferingID, input: Double, output: Double, day: Double) {
        reprice(j, day: day) { $0.setPrices(input: input, output: output) }
    }

    /// Sets offering `j`'s input price and its output price at `ratio` to it, the ratio kept exactly.
    mutating func setPrice(_ j: OfferingID, input: Double, ratio: Double, day: Double) {
        reprice(j, day: day) { $0.setPrices(input: input, ratio: ratio) }
    }

    /// Scales offering `j`'s prices by `factor`, keeping their ratio (`Offering.scalePrices`).
    mutating func scalePrice(_ j: OfferingID, by factor: Double, day: Double) {
        reprice(j, day: day) { $0.scalePrices(by: factor) }
    }

    /// Changes offering `j`'s prices by `change`: its integrals settled at the old prices
    /// first, then the choice table follows the new ones.
    private mutating func reprice(_ j: OfferingID, day: Double, _ change: (inout Offering) -> Void) {
        settle(j, day: day)
        change(&offerings[j])
        demand.choiceTable.invalidate()
    }

    /// Moves distiller API offering `j` to the seller's new release
    /// `m`, its narrower widths with it, its usage up to `day` settled on the old model.
    mutating func moveOffering(_ j: OfferingID, to m: ModelID, day: Double) {
        settle(j, day: day)
        offerings[j].model = m
        demand.choiceTable.invalidate()
        moveWidthOfferings(of: j, day: day)
    }

    /// Takes offering `j` off the menu with its narrower widths (M5), recording why (a
    /// host's exit, a lab's retirement); returns them all: their buyers must choose
    /// again (`reassign`).
    mutating func takeOffSale(_ j: OfferingID, kind: EventKind, trigger: EventTrigger, day: Double) -> [OfferingID] {
        settle(j, day: day)
        offerings.retire(j)
        demand.choiceTable.invalidate()
        var event = EventRow(day: day, actor: actors.id(of: offerings[j].seller), kind: kind, model: catalog[offerings[j].model].name)
        event.trigger = trigger
        result.events.append(event)
        return [j] + withdrawWidthOfferings(of: j, day: day)
    }

    func blendedPrice(_ j: OfferingID) -> Double {
        TokenCost.price(input: offerings[j].inputPrice, output: offerings[j].outputPrice,
                        basis: .blended(inputShare: scenario.report.referenceInputShare))
    }
}
