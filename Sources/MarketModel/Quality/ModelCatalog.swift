/// Every model released so far, with the two columns a buyer's choice and settling
/// read kept flat beside the records, so the hot loops touch no nested array.
struct ModelCatalog {
    var models: [ModelRecord] = []
    /// Every model's quality per segment, model-major (`model * segments + segment`).
    private(set) var quality: [Double] = []
    /// Every model's active parameters (billions), by model.
    private(set) var activeParamsB: [Double] = []

    /// Adds `record` and returns its index.
    mutating func append(_ record: ModelRecord) -> Int {
        quality.append(contentsOf: record.quality)
        activeParamsB.append(record.activeParamsB)
        models.append(record)
        return models.count - 1
    }
}

/// The latest model and the API offering of each lab (-1: none yet, or no API): what
/// releases replace, what hosts may enter, and what a scheduled price change reprices.
struct Lineup {
    var frontierModel: [Int]
    var openModel: [Int]
    var distillerModel: [Int]
    var frontierOffering: [Int]
    var openOffering: [Int]
    var distillerOffering: [Int]

    init(_ a: Actors) {
        frontierModel = Array(repeating: -1, count: a.frontier.count)
        openModel = Array(repeating: -1, count: a.openLabs.count)
        distillerModel = Array(repeating: -1, count: a.distillers.count)
        frontierOffering = Array(repeating: -1, count: a.frontier.count)
        openOffering = Array(repeating: -1, count: a.openLabs.count)
        distillerOffering = Array(repeating: -1, count: a.distillers.count)
    }
}

/// The best quality so far, of the frontier's and of open models, per segment and
/// overall, and the frontier's overall quality over time (pre-start history, then
/// releases), nondecreasing: what the gap as a time lag reads.
struct QualityLeaders {
    var frontierBest: [Double]
    var openBest: [Double]
    var frontierOverall = 0.0
    var openOverall = 0.0
    var frontierRecord: [(day: Double, quality: Double)] = []

    init(segments: Int) {
        frontierBest = Array(repeating: 0, count: segments)
        openBest = Array(repeating: 0, count: segments)
    }
}

/// Per lab (frontier labs, then open labs): research money accrued and not yet spent,
/// the period's gross margin already accrued, the day funding is accrued to, and the
/// budget and log10 effective compute of the run in progress (`ResearchProgram`).
struct ResearchBudgets {
    var pool: [Double]
    var marginDrawn: [Double]
    var fundedTo: [Double]
    var runBudget: [Double]
    var runLog10Compute: [Double]

    init(labs: Int) {
        pool = Array(repeating: 0, count: labs)
        marginDrawn = Array(repeating: 0, count: labs)
        fundedTo = Array(repeating: 0, count: labs)
        runBudget = Array(repeating: 0, count: labs)
        runLog10Compute = Array(repeating: -.infinity, count: labs)
    }
}
