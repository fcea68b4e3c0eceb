/// An offering: its place in the run's `OfferingList`, which alone hands them out, so an
/// offering is never a choice-table entry's, a nest's or an actor's index mistaken for one.
/// Held in 32 bits because choice-table entries and buyers' choices carry it, and both
/// are read on every review.
struct OfferingID: Hashable, Comparable {
    fileprivate let raw: Int32

    /// Its index in the list (and in tables kept per offering, such as `ChoiceTable.nestOfOffering`).
    var index: Int { Int(raw) }

    fileprivate init(raw: Int32) { self.raw = raw }
    fileprivate init(_ index: Int) { raw = Int32(index) }

    /// The ids a list of `count` offerings hands out: what a menu built without a
    /// simulation (a test of the draw) numbers its entries with.
    static func first(_ count: Int) -> [OfferingID] { (0..<count).map(OfferingID.init) }

    static func < (a: OfferingID, b: OfferingID) -> Bool { a.raw < b.raw }
}

/// Every offering of the run, on sale or withdrawn, in order of creation, and which
/// are on sale.
struct OfferingList: Sequence {
    private var offerings: [Offering] = []
    /// The offerings on sale, in creation order: what buyers choose among.
    private(set) var active: [OfferingID] = []

    var count: Int { offerings.count }
    /// Every offering's id, in order of creation.
    var ids: [OfferingID] { offerings.indices.map(OfferingID.init) }

    /// Adds `offering`, on sale, and returns its id.
    mutating func append(_ offering: Offering) -> OfferingID {
        offerings.append(offering)
        let j = OfferingID(offerings.count - 1)
        active.append(j)
        return j
    }

    /// Takes offering `j` off sale; it stays in the list, its integrals with it.
    mutating func retire(_ j: OfferingID) {
        active.removeAll { $0 == j }
    }

    /// Read in place (`_read`), not copied: settling and a buyer's move read single
    /// fields of an offering several times each.
    subscript(_ j: OfferingID) -> Offering {
        _read { yield offerings[j.index] }
        _modify { yield &offerings[j.index] }
    }

    /// Runs `body` on offering `j` in place: what a mutation across a call (settling's
    /// `advance`) goes through. Through `subscript`'s `_modify` the array's own modify
    /// coroutine stayed a call around it, about 65 instructions per settle (callgrind).
    mutating func update<R>(_ j: OfferingID, _ body: (inout Offering) -> R) -> R {
        body(&offerings[j.index])
    }

    func makeIterator() -> IndexingIterator<[Offering]> { offerings.makeIterator() }
}

/// What a part of a buyer's work goes to: an offering, self-hosting (an open-weight
/// model on its own GPUs), or the outside option (no model does the work). Four bytes,
/// an offering's index or a negative code, as a buyer's state is read on every review.
struct BuyerChoice: Equatable {
    private let raw: Int32

    private init(raw: Int32) { self.raw = raw }
    init(_ offering: OfferingID) { raw = offering.raw }

    /// No model does the work (also a buyer's state before its first choice).
    static let outside = BuyerChoice(raw: -1)
    static let selfHosted = BuyerChoice(raw: -2)

    /// The offering chosen, nil for self-hosting and the outside option.
    var offering: OfferingID? { raw >= 0 ? OfferingID(raw: raw) : nil }

    /// The choice's place in a table of every choice, self-hosting (0) and the outside
    /// option (1) first, then offering `j` at `j + 2`: a lookup with no test for them.
    var slot: Int { Int(raw) &+ 2 }
}
