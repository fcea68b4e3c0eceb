/// The centred sums of squares and cross-products of two samples of one size, about
/// their means: xy = sum (x - mean x)(y - mean y), xx = sum (x - mean x)^2, and yy
/// likewise. Pearson's correlation is xy / sqrt(xx yy); its users differ only in how
/// they treat a sample with no spread, so they share the sums.
public struct CenteredSums: Sendable, Equatable {
    public private(set) var xy = 0.0
    public private(set) var xx = 0.0
    public private(set) var yy = 0.0

    public init(_ x: [Double], _ y: [Double]) {
        precondition(x.count == y.count, "two samples of one size")
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        for (a, b) in zip(x, y) {
            xy += (a - mx) * (b - my)
            xx += (a - mx) * (a - mx)
            yy += (b - my) * (b - my)
        }
    }
}
