/// Each lab's latest models and the generations of offerings it has on sale: what
/// releases add to, what hosts may enter, and what a scheduled price change reprices.
struct Lineup {
    /// Each frontier and open lab's latest flagship: what the frontier, the open labs'
    /// best base for distillers and the open labs' distillation read (a tier is below
    /// its flagship in every segment, `ModelTier.quality`).
    var frontierModel: [ModelID] = []
    var openModel: [ModelID] = []
    var distillerModel: [ModelID?]
    /// Each distiller's API offering (nil: no student on sale yet).
    var distillerOffering: [OfferingID?]
    /// Per lab (by actor index: frontier labs, then open labs): the latest tiers'
    /// models, in the scenario's order.
    var tierModels: [[ModelID]]
    /// Per lab: its generations on sale, oldest first, each its full-width API
    /// offerings (flagship, then tiers), retired ones included until the whole
    /// generation is (a new generation opens at its predecessor's prices).
    var generations: [[[OfferingID]]]

    init(_ a: Actors) {
        distillerModel = Array(repeating: nil, count: a.distillers.count)
        distillerOffering = Array(repeating: nil, count: a.distillers.count)
        tierModels = Array(repeating: [], count: a.frontier.count + a.openLabs.count)
        generations = Array(repeating: [], count: a.frontier.count + a.openLabs.count)
    }

    /// Lab `lab`'s API offering of its latest flagship (nil: none, an open lab without
    /// an API; a frontier lab has one from the start): what the report's frontier price,
    /// H7's peak record and a scheduled price change read.
    func flagshipOffering(_ lab: ActorID) -> OfferingID? { generations[lab.index].last?.first }
}
