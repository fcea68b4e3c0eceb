/// Money and tokens of one actor in one period. `revenue` is what buyers paid it;
/// royalties (`Licence`) are kept apart, so that buyers' spend equals sellers' revenue.
struct ActorAccount {
    var revenue = 0.0
    var serving = 0.0
    var training = 0.0
    var distillation = 0.0
    var capacity = 0.0
    var tokensMtok = 0.0
    /// Of `tokensMtok`, those of open-weight models a frontier lab sells through its own
    /// API (a tier whose weights it released, X17): open weights' tokens though the
    /// seller is a frontier lab.
    var openWeightTokensMtok = 0.0
    /// Of `tokensMtok`, `revenue` and `serving`, those of flagship models (a lab's
    /// flagship of any generation, at any width; a distiller's student), the rest being
    /// its tiers': which products carry a lab's tokens and which its margin.
    var flagshipTokensMtok = 0.0
    var flagshipRevenue = 0.0
    var flagshipServing = 0.0
    /// Royalties received from hosts and self-hosting buyers (an open lab), and paid to
    /// licensors (a host).
    var licenceRevenue = 0.0
    var licenceCost = 0.0
    /// What a lab's list-price changes cost it (`pricing.menu_cost_usd` each).
    var menuCost = 0.0
    var profit: Double { revenue + licenceRevenue - serving - training - distillation - capacity - licenceCost - menuCost }

    /// Adds a booking of sales: one access to the account where three would check its
    /// array's uniqueness three times (settling books at every buyer's choice).
    mutating func book(revenue: Double, serving: Double, tokensMtok: Double) {
        self.revenue += revenue
        self.serving += serving
        self.tokensMtok += tokensMtok
    }
}
