/// Each lab's latest models and the generations of offerings it has on sale (-1: none
/// yet, or no API): what releases add to, what hosts may enter, and what a scheduled
/// price change reprices.
struct Lineup {
    /// Each frontier and open lab's latest flagship: what the frontier, the open labs'
    /// best base for distillers and the open labs' distillation read (a tier is below
    /// its flagship in every segment, `ModelTier.quality`).
    var frontierModel: [ModelID] = []
    var openModel: [ModelID] = []
    var distillerModel: [ModelID?]
    var distillerOffering: [Int]
    /// Per lab (by actor index: frontier labs, then open labs): the latest tiers'
    /// models, in the scenario's order.
    var tierModels: [[ModelID]]
    /// Per lab: its generations on sale, oldest first, each its full-width API
    /// offerings (flagship, then tiers), retired ones included until the whole
    /// generation is (a new generation opens at its predecessor's prices).
    var generations: [[[Int]]]

    init(_ a: Actors) {
        distillerModel = Array(repeating: nil, count: a.distillers.count)
        distillerOffering = Array(repeating: -1, count: a.distillers.count)
        tierModels = Array(repeating: [], count: a.frontier.count + a.openLabs.count)
        generations = Array(repeating: [], count: a.frontier.count + a.openLabs.count)
    }

    /// Lab `lab`'s API offering of its latest flagship (-1: none): what the report's
    /// frontier price, H7's peak record and a scheduled price change read.
    func flagshipOffering(_ lab: ActorID) -> Int { generations[lab.index].last?.first ?? -1 }
}
