/// The buyers' surplus (equivalent variation against the start-of-run menu, see
/// `BuyerWelfare`): over the period and before it, and the sum of the buyers'
/// equivalent variations per day (at usage growth factor 1), booked into `periodUsd`
/// up to `markDay`, where the usage growth factor was `growthAtMark`. Kept as one
/// aggregate, as the offerings' are, so a report touches no buyer for it.
struct SurplusBook {
    var periodUsd = 0.0
    var cumulativeUsd = 0.0
    var usdPerDay = 0.0
    var markDay = 0.0
    var growthAtMark = 1.0
}
