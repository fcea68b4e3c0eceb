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
