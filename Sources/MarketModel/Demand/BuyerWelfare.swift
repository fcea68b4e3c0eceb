import Foundation

/// One buyer's surplus from the logit choice, in dollars: the equivalent variation of
/// the menu it faces against the start-of-run menu.
///
/// Buyer i's utility for offering j is V_ij = a_ij - beta_i log p_ij (+ Gumbel noise),
/// where a_ij gathers quality, speed and the open-weight penalty, and p_ij is the price
/// the buyer pays per token: blended at its input share, times 1 + the security tax for
/// a security-sensitive buyer on open weights. Its expected utility is the log-sum
/// W_i = log sum_j exp(V_ij) plus Euler's constant. The level of W_i means nothing (the
/// choice has no outside option, and a constant in every a_ij moves it), so the surplus
/// is a change: against W0_i, the same buyer's log-sum over the start-of-run menu (the
/// offerings, prices and penalties of the start date, no incident).
///
/// The textbook conversion divides the log-sum by a constant marginal utility of money
/// (Small and Rosen). Here it is not constant: a buyer spending S = T p a day on its
/// offering has dV/dS = -beta_i / S, so a dollar is worth more to a buyer who spends
/// little. Log-price utility has an exact conversion instead: multiplying every price of
/// a menu by k lowers every V_ij by beta_i log k and leaves the choice probabilities
/// unchanged, so
///
///     x_i = (W_i - W0_i) / beta_i
///
/// says that today's menu is worth to buyer i exactly what the start-of-run menu would
/// be with every price divided by e^x_i. The money that price cut saves the buyer on the
/// start-of-run menu, for its workload T_i(t) today, is the equivalent variation
///
///     EV_i = T_i(t) pbar0_i (1 - e^-x_i),   pbar0_i = sum_j P0_ij p0_ij,
///
/// where P0_ij are the buyer's logit probabilities on the start-of-run menu and pbar0_i
/// its expected price per token there. EV_i rises with W_i (a money metric: it ranks
/// menus as the buyer does), is bounded above by the buyer's outlay on the start-of-run
/// menu (no price cut saves more than everything), and is negative when the menu got
/// worse. The compensating variation in today's money, T_i(t) pbar_i (e^x_i - 1), is
/// exact too, but grows as e^x: a 20-point quality rise gives x of 5 to 20, and a few
/// buyers with small beta would make the sum. The first-order figure S_i x_i (Small and
/// Rosen with the local marginal utility beta_i / S_i) lies between the two but is not
/// a money metric: it falls when every price falls, since S_i falls faster than x_i rises.
///
/// T_i(t) is the buyer's base workload (tokens a day, grown as usage grows), before its
/// small response to price (X11). The log-sum is the menu's, without the switching cost
/// (a friction of leaving the current offering, not a property of the menu). It is
/// measured at each of the buyer's choices, from the sum the choice draws from, and
/// held until its next choice, as the choice itself is.
struct BuyerWelfare {
    /// One part of a buyer's workload: all of it for a buyer that does not route (M9);
    /// commodity or frontier work for one that does.
    struct Part {
        /// W0: the log-sum over the start-of-run menu; NaN until the part's first choice.
        var referenceLogSum = Double.nan
        /// pbar0: the expected price per million tokens on the start-of-run menu.
        var referenceUsdPerMtok = 0.0
        /// EV per day at usage growth factor 1, USD: T pbar0 (1 - e^-x) / 1e6.
        var equivalentVariationUsdPerDay = 0.0
    }

    var commodity = Part()
    var frontier = Part()

    /// 1 - e^-x for x = (logSum - referenceLogSum) / beta: the share of the start-of-run
    /// outlay that the equivalent price cut saves.
    static func savedShare(logSum: Double, referenceLogSum: Double, priceSensitivity beta: Double) -> Double {
        -expm1(-(logSum - referenceLogSum) / beta)
    }
}
