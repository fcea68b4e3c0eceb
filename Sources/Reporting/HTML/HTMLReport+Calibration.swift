import Foundation

extension HTMLReport {
    /// How much each parameter learnt (contraction.csv), with a warning per parameter
    /// that learnt nothing; empty for a folder from before contraction.csv.
    static func contractionSection(folder: String) throws -> String {
        let path = folder + "/" + OutputFileNames.Calibration.contraction
        guard FileManager.default.fileExists(atPath: path) else { return "" }
        let contraction = try CSVTable.read(path: path)
        let names = try contraction.strings("parameter"), ratios = try contraction.numbers("sd_ratio")
        let nothing = try contraction.strings("learnt_nothing")
        var html = "<section id=\"contraction\">\n<h2>How much each parameter learnt</h2>\n"
        let learnt = nothing.filter { $0 == "no" }.count
        html += "<p>\(SVG.escape("The posterior's standard deviation is at most 0.9 of the prior's for \(learnt) of \(names.count) parameters; a ratio near 1 means the fitted targets did not narrow the parameter."))</p>\n"
        let warned = names.indices.filter { nothing[$0] == "yes" }
        if !warned.isEmpty {
            html += "<div class=\"warnings\" id=\"contraction-warnings\"><p><strong>Learnt nothing:</strong> their calibrated values are about their priors' means.</p>\n<ul>\n"
            for i in warned {
                let ratio = ratios[i].map { DisplayNumber.significant($0, digits: 2) } ?? "undefined"
                html += "<li>\(SVG.escape("\(names[i]): posterior SD \(ratio) of the prior's"))</li>\n"
            }
            html += "</ul></div>\n"
        }
        html += table(contraction, caption: "Posterior over prior: standard deviations and 90% interval widths (contraction.csv).")
        let adjustmentPath = folder + "/" + OutputFileNames.Calibration.adjustment
        if FileManager.default.fileExists(atPath: adjustmentPath) {
            html += "<p>\(SVG.escape("The posterior is regression-adjusted: the last generation's particles were moved to the observations along a weighted linear regression of each parameter on the fit targets, then run again; the unadjusted columns above give the last generation's spread. Targets marked extrapolated were left out of the regression, the population not reaching their observations."))</p>\n"
            html += table(try CSVTable.read(path: adjustmentPath),
                          caption: "Each parameter's slope on each fit target, in logit units of its place in the prior's support per target scale (adjustment.csv).")
        }
        return html + "</section>\n"
    }

    /// A calibration folder: the targets first (observation against the posterior
    /// predictive band, holdouts marked), then each parameter's posterior marginal,
    /// the pairwise scatter of the particles, and the tolerance, acceptance rate and replications per
    /// generation.
    static func calibrationBody(folder: String) throws -> String {
        let targets = try CSVTable.read(path: folder + "/" + OutputFileNames.Calibration.targets)
        let posterior = try CSVTable.read(path: folder + "/" + OutputFileNames.Calibration.posterior)
        let generations = try CSVTable.read(path: folder + "/" + OutputFileNames.Calibration.generations)
        var html = ""
        let names = try targets.strings("target"), facts = try targets.strings("fact"), roles = try targets.strings("role")
        let observed = try targets.numbers("observed"), low = try targets.numbers("interval_low")
        let high = try targets.numbers("interval_high"), mean = try targets.numbers("predictive_mean")
        let p5 = try targets.numbers("predictive_p5"), p95 = try targets.numbers("predictive_p95")
        var rows = [IntervalChart.Row]()
        for i in targets.rows.indices {
            guard let value = observed[i], let lo = low[i], let hi = high[i], lo < hi else { continue }
            var band: ClosedRange<Double>?
            if let a = p5[i], let b = p95[i], a <= b { band = a...b }
            rows.append(IntervalChart.Row(label: "\(names[i]) (\(facts[i]), \(roles[i]))", observed: value, interval: lo...hi,
                                          predictiveMean: mean[i] ?? .nan, predictiveBand: band, heldOut: roles[i] == "holdout"))
        }
        // The answer: how many targets the posterior reproduces, fitted and held out apart.
        var inside: [String: (hits: Int, count: Int)] = [:]
        for i in targets.rows.indices {
            let role = roles[i] == "holdout" ? "holdout" : "fitted"
            let hit = observed[i].map { value in (p5[i] ?? .infinity) <= value && value <= (p95[i] ?? -.infinity) } ?? false
            inside[role, default: (0, 0)].count += 1
            if hit { inside[role]!.hits += 1 }
        }
        let counts = ["fitted", "holdout"].compactMap { role in inside[role].map { "\($0.hits) of \($0.count) \(role == "holdout" ? "held-out" : "fitted") target\($0.count == 1 ? "" : "s")" } }
        html += "<section id=\"answer\">\n<h2>How well the fit reproduces the facts</h2>\n<div class=\"answer\">\n"
        let base = BaseScenario.describe(try BaseScenario.recorded(in: folder + "/" + OutputFileNames.Calibration.manifest))
        var opening = "This calibration fits the parameters of \(base) to the facts. "
            + "The posterior's 90% predictive band contains the observation for " + HTMLReport.listed(counts) + "."
        let contractionPath = folder + "/" + OutputFileNames.Calibration.contraction
        if FileManager.default.fileExists(atPath: contractionPath) {
            let nothing = try CSVTable.read(path: contractionPath).strings("learnt_nothing")
            opening += " \(nothing.filter { $0 == "yes" }.count) of \(nothing.count) parameters learnt nothing (posterior SD above 0.9 of the prior's)."
        }
        html += "<p>\(SVG.escape(opening))</p>\n"
        let parameters = posterior.header.filter { !["particle", "weight", "distance"].contains($0) }
        let weights = try posterior.weights("weight")
        let values = try parameters.map { try posterior.numbers($0).map { $0 ?? .nan } }
        let total = weights.reduce(0, +)
        if total > 0, !parameters.isEmpty {
            let means = parameters.indices.map { i in
                "\(parameters[i]) \(DisplayNumber.significant(zip(values[i], weights).map { $0 * $1 }.reduce(0, +) / total, digits: 3))"
            }
            html += "<p>\(SVG.escape("Weighted posterior means of the last generation: " + HTMLReport.listed(means) + "."))</p>\n"
        }
        html += "</div>\n</section>\n<section id=\"targets\">\n<h2>Targets: observed against predicted</h2>\n"
        let chart = IntervalChart(id: "targets-chart", title: "Targets: predictive 90% band vs observation", rows: rows)
        // Charts sit in the figure grid (or the lead column): a chart alone in a wide
        // section is scaled to its width and its 12 px labels with it.
        html += "<div class=\"lead\">\n" + ReportFigure(id: "fig-targets",
                             caption: "Each target on its own scale, in half-widths of its observation's interval around the observed value; a band reaching past 6 half-widths is cut at the edge. Holdouts were never fitted.",
                             chart: .intervals(chart)).html
        html += "</div>\n" + table(targets, caption: "Targets with the posterior predictive mean and 90% band, and the prior predictive band from the first generation's runs (targets.csv).") + "</section>\n"
        html += try contractionSection(folder: folder)

        html += "<section id=\"posterior\">\n<h2>Posterior</h2>\n<div class=\"figures\">\n"
        for (i, parameter) in parameters.enumerated() {
            let histogram = HistogramChart(id: "marginal-\(i + 1)-chart", title: "Posterior of \(parameter)", xLabel: parameter,
                                           values: values[i], weights: weights)
            html += ReportFigure(id: "fig-marginal-\(i + 1)",
                                 caption: "Weighted histogram of the last generation's \(posterior.rows.count) particles.",
                                 chart: .histogram(histogram)).html
        }
        let largest = weights.max() ?? 1
        var pair = 0
        for a in parameters.indices {
            for b in parameters.indices where b > a {
                pair += 1
                let points = posterior.rows.indices.map { r in
                    PointChart.Point(x: values[a][r], y: values[b][r], size: 0.5 + 1.5 * weights[r] / largest)
                }
                let scatter = PointChart(id: "pair-\(pair)-chart", title: "\(parameters[b]) against \(parameters[a])",
                                           xLabel: parameters[a], yLabel: parameters[b], points: points)
                html += ReportFigure(id: "fig-pair-\(pair)", caption: "Particles sized by weight: a tilted cloud is a trade-off the targets cannot separate.",
                                     chart: .points(scatter)).html
            }
        }
        html += "</div>\n" + table(posterior, caption: "Particles of the last generation (posterior.csv).", maximumRows: 50) + "</section>\n"

        html += "<section id=\"generations\">\n<h2>Generations</h2>\n<div class=\"figures\">\n"
        let generation = try generations.numbers("generation").map { $0 ?? .nan }
        let captions = [
            "tolerance": "The weighted median of the previous generation's distances (generation 0 samples the prior and has none).",
            "acceptance_rate": "Candidates within the tolerance, of those run.",
            "replications": "Runs per candidate: they double while the tolerance is within twice the simulation noise, up to max_replications.",
        ]
        for (key, title) in [("tolerance", "Tolerance per generation"), ("acceptance_rate", "Acceptance rate per generation"),
                             ("replications", "Replications per candidate per generation")] {
            let series = try generations.numbers(key)
            let points = zip(generation, series).compactMap { g, v in v.map { PointChart.Point(x: g, y: $0) } }
            let line = PointChart(id: "\(key)-chart", title: title, xLabel: "generation", yLabel: key.replacingOccurrences(of: "_", with: " "),
                                    points: points, connected: true, integerX: true)
            html += ReportFigure(id: "fig-\(key)", caption: captions[key]!, chart: .points(line)).html
        }
        html += "</div>\n" + table(generations, caption: "Tolerance, acceptance, effective sample size and replications per generation (generations.csv).") + "</section>\n"
        return html
    }
}
