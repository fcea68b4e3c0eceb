import Foundation

/// One buyer's surplus from the logit choice, in dollars, against the outside option
/// of not using a model for that work.
///
/// Buyer i's utility for option j of a part of its workload is u_ij = (w_ij - c_ij) /
/// tau_i + speed (+ Gumbel noise), w the value of the work it gets right and c what it
/// costs per million tokens (`Utility`), and the outside option's is 0 (+ noise). Its
/// expected best utility over the outside option's is the log-sum
/// log(1 + sum_j e^u_ij) (Small and Rosen; the Gumbel's Euler constant is in both and
/// cancels), and utility is money over tau_i, so the expected surplus per million tokens
/// of the part is tau_i times the log-sum: the value less the price of what it buys,
/// plus the logit's expected taste term. It has a level: zero when no option is worth
/// using, comparable across runs and scenarios, and summed with every actor's profit
/// into total surplus.
///
/// The log-sum is the menu's, without the switching cost (a friction of leaving the
/// current option, not a property of the menu). It is measured at each of the buyer's
/// choices and held until its next choice, as the choice itself is, on its workload
/// (base tokens a day, grown as usage grows).
struct BuyerWelfare {
    /// USD a day at usage growth factor 1 on each part of the buyer's workload: all of
    /// it for a buyer that does not route (M9); commodity or frontier work for one that does.
    var commodityUsdPerDay = 0.0
    var frontierUsdPerDay = 0.0
}
