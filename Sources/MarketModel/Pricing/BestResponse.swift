import Foundation

/// The best-response price rule, as plain functions so that the simulation and its
/// tests run the same arithmetic.
///
/// Buyers choose by (nested) multinomial logit with utility linear in money, u_ij =
/// (w_ij - p_ij - c_ij) / tau_i + ..., beside an outside option, so for a seller j alone
/// in its nest and buyer i, d ln(demand_ij) / d ln p_j = -(p_ij / tau_i) (1 - P_ij),
/// where p_ij is the price the buyer pays (blended at its input share; `accumulate` has
/// the nested form). The seller's own-price elasticity is the demand-weighted mean eta_j
/// = sum_i w_ij (p_ij / tau_i) (1 - P_ij), with w_ij = tokens_i P_ij / sum: running sums
/// per offering (demand, slope, and the slope's derivative for Newton's step), added at
/// every buyer choice. The profit-maximising price satisfies Lerner's rule (p - c) / p = 1 / eta,
/// i.e. a markup p - c = p / eta = sum_i T_i P_ij / sum_i T_i P_ij (1 - P_ij) / tau_i:
/// at least the smallest tau among its buyers and bounded by the largest tau / (1 -
/// P), so the price a seller asks is bounded by the value its buyers hold. A lab's
/// decision jumps to its estimate (`listPrice`); a host's review moves toward it by
/// Newton's step within a step limit (`nextPrice`).
///
/// Joint pricing. A seller f with several offerings (a host's models, an open lab's
/// widths, a lab's family) maximises sum_{k in f} m_k D_k with m_k = p_k - c_k; in log
/// price the first-order condition for its offering j is p_j D_j - m_j S_j + B_j = 0,
/// where S_j = -dD_j / d ln p_j is the slope sum above and B_j = sum_{k in f, k != j} m_k
/// dD_k / d ln p_j its recapture: the margin it keeps on buyers its price drives to its
/// other offerings. A seller never sells two offerings in one model's nest
/// (`ChoiceTable.rebuild` checks it), and across nests dP_k / du_j = -P_k P_j (u_j
/// moves I_n by P(j | n), and P(n_k) by -P(n_k) P(n_j) per unit of I_n), so with du_j /
/// d ln p_j = -b_ij, dP_ik / d ln p_j = b_ij P_ij P_ik and B_j = sum_i T_i P_ij b_ij
/// (R_if - m_j P_ij), R_if = sum_{k in f} m_k P_ik (`accumulate`'s `diversion` is the
/// bracket). The nest's own term, the -P_j in the slope's f, is j's own, not a
/// sibling's, so it stays in S_j. The markup solving the condition is m_j = (p_j D_j +
/// B_j) / S_j = p_j / eta'_j, with the effective elasticity eta'_j = eta_j / (1 + rho_j),
/// rho_j = B_j / (p_j D_j) >= 0 while margins are: Lerner's rule with eta', so both
/// rules below read `DemandResponse.effectiveElasticity`. For one firm selling a plain
/// logit to identical buyers it gives the classic equal markups m = tau / (1 - S), S the
/// firm's share (`BestResponseTests`). A single-offering seller has R_if = m_j P_ij:
/// B_j = 0 and the rule is the one above.
enum BestResponse {
    /// Adds one buyer's choice to an offering's sums: `tokens` of demand choosing it with
    /// probability `probability` (`conditional` within its nest of the nested logit, at
    /// nest scale `nestScale`), its utility falling by `priceCoefficient` per unit of log
    /// price (p_ij / tau_i). In a nested logit d ln P_j / d ln p_j = -b (1 / lambda -
    /// (1 / lambda - 1) P(j | n) - P_j), which is -b (1 - P_j) at lambda = 1.
    ///
    /// The third sum, `curvature`, is d(slope)/d ln p: with f = 1 / lambda - (1 / lambda
    /// - 1) P(j | n) - P_j, d P_j / d ln p = -b f P_j, d P(j | n) / d ln p = -(b / lambda)
    /// P(j | n) (1 - P(j | n)) and db / d ln p = b, so d(T P b f) / d ln p = T P b (f +
    /// b (P f - f^2 + (1 / lambda - 1) (1 / lambda) P(j | n) (1 - P(j | n)))), which is
    /// T P b (1 - P) (1 + b (2P - 1)) at lambda = 1. It gives the elasticity's own slope
    /// in price, which a Newton step on the first-order condition needs (`nextPrice`).
    ///
    /// The fourth, `recapture`, is the seller's margin on its other offerings that this
    /// buyer would move to them as j's price rises: T P b `diversion`, with `diversion`
    /// = R_f - m_j P_j, R_f = sum over the seller's offerings of margin x probability
    /// for this buyer (zero for a seller of one offering; see the type's doc).
    ///
    /// `own` is P_j where `probability` is the weight the draw gave j: they differ for a
    /// model a shortlist sampled (`ConsiderationSet`), whose weight R / S stands for the
    /// R models left out. That weight keeps the sums' expectation right only where it
    /// enters once: it weighs the buyer's whole contribution, and the P_j inside the
    /// bracket stays j's own: weighted there too, a sampled P_j's square would be
    /// (R / S)^2 times its own when sampled, R / S times in expectation, and read
    /// elasticities low and markups high.
    @inline(__always)
    static func accumulate(demand: inout Double, slope: inout Double, curvature: inout Double, recapture: inout Double,
                           tokens: Double, probability P: Double, own: Double, conditional c: Double, priceCoefficient b: Double,
                           nestScale lambda: Double, diversion: Double) {
        let chosen = tokens * P
        let inverse = 1 / lambda
        // Non-negative in exact arithmetic; rounding can take it a hair below zero when
        // both probabilities are 1.
        let f = max(0, inverse - (inverse - 1) * c - own)
        demand += chosen
        slope += chosen * b * f
        curvature += chosen * b * (f + b * (own * f - f * f + (inverse - 1) * inverse * c * (1 - c)))
        recapture += chosen * b * diversion
    }

    /// The elasticity and its slope d eta / d ln p from the four sums of an offering
    /// at blended price `price`, or nil when no demand was observed: eta = S / D and,
    /// since dD / d ln p = -S, d eta / d ln p = Q / D + eta^2; the recapture ratio rho =
    /// B / (p D).
    static func response(demand: Double, slope: Double, curvature: Double, recapture: Double, price: Double) -> DemandResponse? {
        guard demand > 0 else { return nil }
        let eta = slope / demand
        return DemandResponse(elasticity: eta, elasticitySlope: curvature / demand + eta * eta,
                              recapture: recapture / (price * demand))
    }

    /// The Newton step in log price on the first-order condition g(ln p) = p / (p - c) -
    /// eta' = 0 (Lerner's rule at the effective elasticity eta' = eta / (1 + rho); g > 0
    /// while raising the price raises the seller's profit): -g / g', with g' = -p c / (p
    /// - c)^2 - d eta' / d ln p < 0, d eta' / d ln p taken as (d eta / d ln p) / (1 +
    /// rho), rho held: the step's size approximates, its rest point does not. Neither Lerner's map p -> c eta / (eta
    /// - 1) nor the markup map p -> c + p / eta converges where the seller holds most of
    /// its buyers: for a logit monopoly the markup map's slope is -P / (1 - P), so it
    /// cycles once P > 1/2, and a gradient step of fixed rate overshoots once b = p / tau
    /// is large (d eta / d ln p is b (1 - P) (1 + b P)). Newton's step uses that slope
    /// and lands on the optimum of a seller whose elasticity is locally linear in log
    /// price; `BestResponseTests` checks it against closed forms where the others cycled.
    static func newtonStep(price p: Double, cost c: Double, _ r: DemandResponse) -> Double {
        let g = p / (p - c) - r.effectiveElasticity
        return g / (p * c / ((p - c) * (p - c)) + max(0, r.elasticitySlope) / (1 + r.recapture))
    }

    /// The next price from `price` at marginal cost `cost`: log price moves by Newton's
    /// step (`newtonStep`), which is zero at Lerner's (p - c) / p = 1 / eta' and positive
    /// while eta' <= 1, by at most a factor 1 + `maxStep` either way, never below
    /// cost (1 + `floorMargin`). Without an elasticity (no demand seen) the price holds.
    ///
    /// A seller whose demand exceeds its capacity (`utilisation` = demand / capacity
    /// above 1, a host between ordering capacity and receiving it) moves at least to its
    /// rationing price (`rationingPrice`), within the same step limit.
    static func nextPrice(price: Double, cost: Double, response: DemandResponse?, maxStep: Double, floorMargin: Double,
                          utilisation: Double = 0) -> Double {
        let floor = cost * (1 + floorMargin)
        guard let response, price > cost else { return max(price, floor) }
        let eta = response.elasticity
        let limit = log(1 + maxStep)
        let move = min(max(newtonStep(price: price, cost: cost, response), -limit), limit)
        let unconstrained = max(price * exp(move), floor)
        guard utilisation > 1 else { return unconstrained }
        return max(unconstrained, min(rationingPrice(price: price, elasticity: eta, utilisation: utilisation),
                                      price * (1 + maxStep)))
    }

    /// A lab's list-price decision from list price `price` at marginal cost `cost`: its
    /// estimated best response in one step, Lerner's markup p* = c + p / eta' with the
    /// effective elasticity eta' measured at p (the markup (p D + B) / S of the type's
    /// doc), by at most a factor `limit` either way, never below cost (1 +
    /// `floorMargin`). Lerner's price (p - c) / p = 1 / eta' is its rest point, and one
    /// decision cuts to no less than p / eta'. For eta' <= 1 profit rises with price and
    /// the price rises by the limit. Without an elasticity (no demand seen since the last
    /// decision) the price holds, above the floor.
    ///
    /// Why one step and not the hosts' damped Newton step: a list price is published and
    /// held for a quarter, so a decision aims at the best response it can estimate, and
    /// the menu-cost band (`menuCostBand`) keeps estimation noise from moving it. Why not
    /// Newton's step here: a decision 14 days after a rival's release sees two weeks of
    /// choices, and the elasticity's slope from so few is noisy enough to send Newton to
    /// the decision limit and back (base's list prices swung 5x in a quarter). The
    /// markup map is bounded by p / eta, but where a lab holds most of its buyers (P >
    /// 1/2) its slope -P / (1 - P) makes repeated decisions overshoot: the band stops
    /// them within about 20 %.
    static func listPrice(price: Double, cost: Double, response: DemandResponse?, limit: Double, floorMargin: Double) -> Double {
        let floor = cost * (1 + floorMargin)
        guard let eta = response?.effectiveElasticity else { return max(price, floor) }
        let target = eta > 0 ? cost + price / eta : price * limit
        return max(min(max(target, price / limit), price * limit), floor)
    }

    /// Whether a decision changes the list price: when the best response `target`
    /// differs from `price` by more than `band` in log price (the menu cost's (s, S)
    /// band), or the price has fallen below the cost floor `floor` (a price below cost
    /// is not a list price a lab keeps).
    static func changes(price: Double, to target: Double, band: Double, floor: Double) -> Bool {
        target != price && (abs(log(target / price)) > band || price < floor)
    }

    /// The price at which demand falls to capacity: p u^(1/eta) for demand / capacity
    /// u > 1 and own-price elasticity eta (demand scales as p^-eta near p, so it falls
    /// by the factor 1/u); p itself when capacity does not bind.
    ///
    /// Why rationing and not a marginal cost that rises near capacity: with profit
    /// single-peaked in price and capacity K, the constrained optimum is the
    /// unconstrained best response p* when its demand fits (D(p*) <= K), and otherwise
    /// the price with D(p) = K, which lies above p* because demand falls with price.
    /// So the best response under scarcity is max(p*, the rationing price): exact, with
    /// no parameter for how steeply a cost curve should rise. Applied to each of a
    /// host's offerings at the host's utilisation, it brings the host's total demand to
    /// its capacity.
    static func rationingPrice(price: Double, elasticity: Double, utilisation: Double) -> Double {
        utilisation > 1 ? price * pow(utilisation, 1 / elasticity) : price
    }
}

/// What a seller's review reads of its demand: its own-price elasticity eta (a positive
/// number), eta's slope in log price, and the recapture ratio rho = B / (p D) of its
/// other offerings (`BestResponse`; 0 for a seller of one).
struct DemandResponse {
    let elasticity: Double
    let elasticitySlope: Double
    let recapture: Double

    /// eta / (1 + rho): the elasticity Lerner's rule prices at once the seller counts
    /// the margin its other offerings recapture. Rationing reads `elasticity`: how far
    /// demand falls to fit capacity is the offering's own response.
    var effectiveElasticity: Double { elasticity / (1 + recapture) }
}
