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
