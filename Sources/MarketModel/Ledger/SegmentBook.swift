/// The buyers' tokens and spend by the segment of the work and the kind of seller, per
/// report period: the buyer-side ledger split by segment (`accrueBuyer` books it).
///
/// A buyer accrues at its reviews, not at every report (a pass over every buyer each
/// month would cost a tenth of the run), so one accrual can span several periods. Each
/// report keeps its day, exp(g day) and every offering's price integrals at that
/// instant, which splits an accrual at the report dates exactly: a period's figures are
/// complete once every buyer has accrued past it, at the end of the run
/// (`RunRecorder.fillBooked`).
struct SegmentBook {
    /// The sellers a segment's tokens are counted by: the four actor kinds, then
    /// self-hosting (buyers running open weights on their own GPUs: tokens, no seller's revenue).
    static let sellers = ActorKind.allCases.count + 1
    static let selfHosted = ActorKind.allCases.count

    let segments: Int
    /// Per report period, segment and seller (`index`): million tokens and USD, side by
    /// side, so that a booking checks one array's uniqueness, not two, and adds both
    /// with one vector addition (lane by lane, the same sums as two scalar ones).
    private var cells: [SIMD2<Double>]
    /// The reports so far: their day, exp(g day), and each offering's cumulative input
    /// and output price integrals then (offerings created later are absent).
    private var reportDays: [Double] = []
    private var reportGrowth: [Double] = []
    private var reportIntegrals: [[SIMD2<Double>]] = []

    init(segments: Int, periods: Int) {
        self.segments = segments
        cells = Array(repeating: .zero, count: periods * segments * Self.sellers)
    }

    /// Without overflow checks (a book's size is far from overflowing): checked, each
    /// piece of a booking paid four.
    func index(period: Int, segment: Int, seller: Int) -> Int { (period &* segments &+ segment) &* Self.sellers &+ seller }

    /// Records a report at `day`, exp(g day) `growth`, and every offering's input and
    /// output price integrals, each offering settled to `day`.
    mutating func report(day: Double, growth: Double, integrals: [SIMD2<Double>]) {
        reportDays.append(day)
        reportGrowth.append(growth)
        reportIntegrals.append(integrals)
    }

    /// What one part of a buyer's workload bought since its last accrual.
    struct Accrual {
        var segment: Int
        var seller: Int
        /// Its base tokens a day and input share.
        var tokensPerDay: Double
        var inputShare: Double
        /// Its last accrual (day, exp(g day)) and now.
        var from: (day: Double, growth: Double)
        var to: (day: Double, growth: Double)
        /// The offering bought from (nil: self-hosted), its price integrals at the last
        /// accrual (the buyer's mark) and now.
        var offering: OfferingID?
        var mark: SIMD2<Double>
        var now: SIMD2<Double>
    }

    /// Books `a`, split at the report dates it spans, each piece to its period.
    mutating func book(_ a: Accrual, growthRate: Double) {
        book(a, nil, growthRate: growthRate)
    }

    /// Books a buyer's two parts, `first` then `second` (either nil: a part that uses no model),
    /// which span the same instants: split at the same report dates, each piece's token
    /// integral computed once for both. Each cell gets the first's piece before the
    /// second's, as booking one and then the other adds them: the same sums, bit for bit.
    /// Inlined into the accrual, which builds both parts in registers.
    @inline(__always)
    mutating func book(_ first: Accrual?, _ second: Accrual?, growthRate: Double) {
        // Without the first part the second books alone (not by calling itself: a
        // recursive function is not inlined).
        guard let a = first ?? second else { return }
        let b = first == nil ? nil : second
        if let b { assert(a.from == b.from && a.to == b.to, "a buyer's parts accrue over the same instants") }
        let reports = reportDays.count
        var first = reports
        while first > 0 && reportDays[first - 1] > a.from.day { first -= 1 }
        let periodCells = segments &* Self.sellers
        let cellA = a.segment &* Self.sellers &+ a.seller, cellB = b.map { $0.segment &* Self.sellers &+ $0.seller } ?? 0
        let tokensA = a.tokensPerDay, inputA = a.inputShare, outputA = 1 - a.inputShare
        let tokensB = b?.tokensPerDay ?? 0, inputB = b?.inputShare ?? 0, outputB = 1 - inputB
        var day = a.from.day, growth = a.from.growth, integralsA = a.mark, integralsB = b?.mark ?? .zero
        cells.withUnsafeMutableBufferPointer { cells in
            /// Books each part's piece to `end` (day, exp(g day), each part's price
            /// integrals; `endB` unread without `b`) to period `p`.
            @inline(__always)
            func piece(_ p: Int, _ endDay: Double, _ endGrowth: Double, _ endA: SIMD2<Double>, _ endB: SIMD2<Double>) {
                let integral = MarketSimulation.exponentialIntegral(rate: growthRate, from: day, to: endDay,
                                                                    expFrom: growth, expTo: endGrowth)
                let row = p &* periodCells
                let dA = endA - integralsA
                cells[row &+ cellA] += SIMD2(tokensA * integral / 1e6, tokensA * (inputA * dA.x + outputA * dA.y))
                if b != nil {
                    let dB = endB - integralsB
                    cells[row &+ cellB] += SIMD2(tokensB * integral / 1e6, tokensB * (inputB * dB.x + outputB * dB.y))
                }
                (day, growth, integralsA, integralsB) = (endDay, endGrowth, endA, endB)
            }
            var p = first
            while p < reports {
                let endDay = reportDays[p]
                if endDay > day {
                    let integrals = reportIntegrals[p]
                    piece(p, endDay, reportGrowth[p], a.offering.map { integrals[$0.index] } ?? a.now,
                          b.map { b in b.offering.map { integrals[$0.index] } ?? b.now } ?? .zero)
                }
                p &+= 1
            }
            if a.to.day > day { piece(reports, a.to.day, a.to.growth, a.now, b?.now ?? .zero) }
        }
    }

    /// Period `p`'s tokens and spend, by segment and seller.
    func period(_ p: Int) -> SegmentPeriod {
        let range = index(period: p, segment: 0, seller: 0)..<index(period: p + 1, segment: 0, seller: 0)
        return SegmentPeriod(tokensMtok: cells[range].map(\.x), spendUsd: cells[range].map(\.y))
    }
}

/// One report period's tokens and spend by segment and seller (`SegmentBook`): what
/// the booked trajectory columns are computed from.
public struct SegmentPeriod: Sendable {
    let tokensMtok: [Double]
    let spendUsd: [Double]

    func tokens(_ segment: Int, _ seller: Int) -> Double { tokensMtok[segment * SegmentBook.sellers + seller] }
    func spend(_ segment: Int, _ seller: Int) -> Double { spendUsd[segment * SegmentBook.sellers + seller] }
}
