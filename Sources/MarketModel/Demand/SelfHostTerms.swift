/// What self-hosting costs at one instant: the open model a buyer would run (nil: none)
/// and its GPU cost per million tokens.
struct SelfHostTerms {
    var model: ModelID?
    var gpuUsdPerMtok: Double
}
