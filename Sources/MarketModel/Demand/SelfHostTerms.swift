/// What self-hosting costs at one instant: the open model a buyer would run (nil: none),
/// its GPU cost per million tokens, and one scaled token a day's monthly million tokens
/// per enterprise.
struct SelfHostTerms {
    var model: ModelID?
    var gpuUsdPerMtok: Double
    var mtokPerMonthPerScaledToken: Double
}
