/// The latest model and the API offering of each lab (-1: none yet, or no API): what
/// releases replace, what hosts may enter, and what a scheduled price change reprices.
struct Lineup {
    var frontierModel: [ModelID] = []
    var openModel: [ModelID] = []
    var distillerModel: [ModelID?]
    var frontierOffering: [Int]
    var openOffering: [Int]
    var distillerOffering: [Int]

    init(_ a: Actors) {
        distillerModel = Array(repeating: nil, count: a.distillers.count)
        frontierOffering = Array(repeating: -1, count: a.frontier.count)
        openOffering = Array(repeating: -1, count: a.openLabs.count)
        distillerOffering = Array(repeating: -1, count: a.distillers.count)
    }
}
