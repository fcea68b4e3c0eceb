import ScenarioFormat

/// The terms on which an open lab licenses its weights: a royalty per million tokens
/// served, paid to the lab by every host that sells the lab's models and by every
/// buyer that self-hosts them. MIT and Apache 2.0 models charge none (H4, H5: GLM-5 and
/// Kimi K2.5 are MIT).
///
/// Why a royalty per token rather than a share of the host's revenue: tokens are the
/// one unit that every deployment of the weights has. A self-hosting buyer sells
/// nothing, so a revenue share could not bind it, and commercial licences bind
/// deployments, not only resale (a licence that let a buyer run the model free on its
/// own GPUs while hosts paid would push every large workload off the hosts for no
/// reason but the contract's form). A per-token royalty is also a marginal cost in the
/// unit hosts price in, so it enters their best response directly: Lerner's
/// (p - c - r) / p = 1 / eta puts the price at (c + r) eta / (eta - 1).
///
/// Who pays: hosts and self-hosting buyers. Not the lab's own API (it owns the
/// weights), and not a host of the lab's own organisation (Alibaba's cloud serving
/// Qwen, H11): licensor and licensee are one firm, so there is no contract and no
/// marginal cost, and the organisation's accounts (`organizations.csv`) see no
/// transfer between its roles. Distillers' students are not licensed by the open labs
/// whose releases they were distilled onto.
public struct Licence: Sendable, Equatable {
    /// USD per million tokens served of the lab's models by a licensee (0: MIT-like).
    public var royaltyUsdPerMtok: Double = 0

    public init() {}
}

extension Licence: SchemaObject {
    public static var fields: [ObjectField<Licence>] {[
        .field("royalty_usd_per_mtok", \.royaltyUsdPerMtok, .number(minimum: 0, maximum: 1000), default: 0,
               doc: "Royalty per million tokens a host (of another organisation) or a self-hosting buyer pays the lab for serving its models; 0 for MIT or Apache 2.0 weights (H4, H5)."),
    ]}
}
