import CGSL

/// Weighted linear least squares by GSL's truncated singular value decomposition
/// (`gsl_multifit_wlinear_tsvd`): the coefficients c minimising
/// sum_i w_i (y_i - x_i . c)^2, singular values below `tolerance` times the largest
/// dropped, so collinear columns (two targets that read the same quantity) give the
/// minimum-norm solution instead of a singular system.
/// GSL rather than hand-written normal equations: they square the design's condition
/// number, and an SVD with truncation is the textbook remedy GSL already ships.
public enum WeightedLeastSquares {
    /// A fit of several responses on one design.
    public struct Fit: Sendable, Equatable {
        /// `coefficients[r][j]`: response r's coefficient of column j.
        public let coefficients: [[Double]]
        /// The effective rank of the weighted design (columns kept by the truncation).
        public let rank: Int
    }

    /// Fits each of `responses` (each of `design.count` values) on `design` (rows of
    /// equal length p, the observations) with `weights` (non-negative, one per row).
    /// Nil when there are fewer rows than columns or GSL reports an error.
    public static func fit(design: [[Double]], weights: [Double], responses: [[Double]],
                           tolerance: Double = 1e-10) -> Fit? {
        GSLRuntime.prepare()
        let n = design.count
        guard n > 0, weights.count == n, responses.allSatisfy({ $0.count == n }) else { return nil }
        let p = design[0].count
        guard p > 0, n >= p, design.allSatisfy({ $0.count == p }) else { return nil }
        let x = gsl_matrix_alloc(n, p)!, w = gsl_vector_alloc(n)!, y = gsl_vector_alloc(n)!
        let c = gsl_vector_alloc(p)!, cov = gsl_matrix_alloc(p, p)!, work = gsl_multifit_linear_alloc(n, p)!
        defer {
            gsl_matrix_free(x); gsl_vector_free(w); gsl_vector_free(y)
            gsl_vector_free(c); gsl_matrix_free(cov); gsl_multifit_linear_free(work)
        }
        for i in 0..<n {
            gsl_vector_set(w, i, weights[i])
            for j in 0..<p { gsl_matrix_set(x, i, j, design[i][j]) }
        }
        var coefficients = [[Double]](), rank = 0
        for response in responses {
            for i in 0..<n { gsl_vector_set(y, i, response[i]) }
            var chisq = 0.0
            guard gsl_multifit_wlinear_tsvd(x, w, y, tolerance, c, cov, &chisq, &rank, work) == 0 else { return nil }
            coefficients.append((0..<p).map { gsl_vector_get(c, $0) })
        }
        return Fit(coefficients: coefficients, rank: rank)
    }
}
