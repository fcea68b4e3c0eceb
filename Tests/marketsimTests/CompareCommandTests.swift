import Foundation
import TestSupport
import Testing

@Suite("marketsim compare", .serialized)
struct CompareCommandTests {
    /// The rows of a comparison CSV as dictionaries (column -> field).
    static func rows(_ path: String) throws -> [[String: String]] {
        let text = String(decoding: try #require(CLI.contents(path)), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    /// compare.csv rows of `scenario` as outcome -> (diff, low, high, reference mean, mean).
    static func read(_ folder: String, scenario: String? = nil) throws -> [String: (diff: Double, low: Double, high: Double, a: Double, b: Double)] {
        var table: [String: (Double, Double, Double, Double, Double)] = [:]
        for row in try rows(folder + "/compare.csv") where scenario == nil || row["scenario"] == scenario {
            table[row["outcome"]!] = (Double(row["mean_difference"]!) ?? .nan, Double(row["ci95_low"]!) ?? .nan,
                                      Double(row["ci95_high"]!) ?? .nan, Double(row["mean_reference"]!) ?? .nan,
                                      Double(row["mean"]!) ?? .nan)
        }
        return table
    }

    /// The lines of a CSV file whose `scenario` column is `scenario` (header excluded).
    static func lines(_ path: String, scenario: String) throws -> [String] {
        let text = String(decoding: try #require(CLI.contents(path)), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        let column = try #require(lines[0].split(separator: ",").firstIndex(of: "scenario"))
        return lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[column] == scenario }
    }

    static let options = ["--replications", "6", "--jobs", "2"]

    @Test("Swapping A and B negates every difference and interval")
    func swap() throws {
        let tmp = try CLI.temporaryFolder("swap")
        #expect(try CLI.run(["compare", "bull", "bear", "--out", tmp + "/ab"] + Self.options).status == 0)
        #expect(try CLI.run(["compare", "bear", "bull", "--out", tmp + "/ba"] + Self.options).status == 0)
        let ab = try Self.read(tmp + "/ab"), ba = try Self.read(tmp + "/ba")
        #expect(ab.count > 15 && ab.keys.sorted() == ba.keys.sorted())
        for (outcome, x) in ab {
            let y = ba[outcome]!
            #expect(x.diff == -y.diff || (x.diff.isNaN && y.diff.isNaN), "\(outcome)")
            #expect(x.low == -y.high || (x.low.isNaN && y.high.isNaN), "\(outcome)")
            #expect(x.a == y.b || (x.a.isNaN && y.b.isNaN), "\(outcome)")
        }
    }

    @Test("A scenario compared with itself differs by exactly 0 with intervals of width 0")
    func itself() throws {
        let tmp = try CLI.temporaryFolder("self")
        #expect(try CLI.run(["compare", "base", "base", "--out", tmp + "/c"] + Self.options).status == 0)
        let pairs = Dictionary(uniqueKeysWithValues: try Self.rows(tmp + "/c/compare.csv").map { ($0["outcome"]!, Int($0["n"]!)!) })
        for (outcome, x) in try Self.read(tmp + "/c") where !x.a.isNaN {
            // With fewer than two pairs of finite values (a lab's elasticity in a final month
            // without a decision) the interval is undefined, left empty, not zero.
            let interval = pairs[outcome]! >= 2 ? x.low == 0 && x.high == 0 : x.low.isNaN && x.high.isNaN
            #expect(x.diff == 0 && interval, "\(outcome): \(x), \(pairs[outcome]!) pairs")
        }
    }

    /// 24 replications: since sellers of several offerings price them jointly, bear's
    /// narrower gap over 12 is -0.52 [-1.04, +0.01] points; over 24 it is -0.80
    /// [-1.16, -0.44].
    @Test("Bull against bear shows the contrasts of docs/facts.md, 'The cases the scenarios argue'")
    func bullVersusBear() throws {
        let tmp = try CLI.temporaryFolder("bullbear")
        let r = try CLI.run(["compare", "bull", "bear", "--out", tmp + "/c", "--replications", "24"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("bear - bull"))
        let c = try Self.read(tmp + "/c")
        // Bull keeps a gap (H8 in frontier reasoning, `bullVersusBearReasoningGap`) that
        // bear, whose quality converges, closes...
        #expect(c["gap_points"]!.high < 0)
        #expect(c["months_to_gap_below_5"]!.high < 0)
        // ...and in bull the proprietary labs keep pricing power: with best-response prices
        // they serve the buyers who value their reasoning lead at a high price, so it shows
        // in their share of spend and of value, not of tokens (a few percent in both cases
        // by 2030); the frontier's price itself is heavy-tailed across replications.
        #expect(c["spend_share_frontier_lab"]!.high < 0)
        #expect(c["value_share_frontier_lab"]!.high < 0)
        #expect(FileManager.default.fileExists(atPath: tmp + "/c/bull/trajectories.csv"))
        #expect(FileManager.default.fileExists(atPath: tmp + "/c/bear/trajectories.csv"))
    }

    @Test("Bull keeps a gap in frontier reasoning (H8) that bear closes",
          .disabled("Finding (issue 22): gap_points_frontier_reasoning bear - bull -0.90 [-1.98, +0.19] on 12 pairs"))
    func bullVersusBearReasoningGap() throws {
        let tmp = try CLI.temporaryFolder("bullbear-reasoning")
        #expect(try CLI.run(["compare", "bull", "bear", "--out", tmp + "/c", "--replications", "12"]).status == 0)
        let gap = try #require(try Self.read(tmp + "/c")["gap_points_frontier_reasoning"])
        #expect(gap.high < 0, "bear - bull: \(gap)")
    }

    @Test("Three scenarios give the same paired differences as two two-way comparisons, in tidy files named after them")
    func threeWay() throws {
        let tmp = try CLI.temporaryFolder("three")
        let three = try CLI.run(["compare", "base", "bull", "bear"] + Self.options, in: tmp)
        #expect(three.status == 0, "\(three.stderr)")
        #expect(three.stdout.contains("bull - base") && three.stdout.contains("bear - base"))
        let folder = tmp + "/runs/compare-base-bull-bear"
        #expect(try CLI.run(["compare", "base", "bull", "--out", tmp + "/bull"] + Self.options).status == 0)
        #expect(try CLI.run(["compare", "base", "bear", "--out", tmp + "/bear"] + Self.options).status == 0)
        for other in ["bull", "bear"] {
            let pairwise = try Self.lines(tmp + "/\(other)/differences.csv", scenario: other)
            #expect(pairwise.count > 100)
            #expect(try Self.lines(folder + "/differences.csv", scenario: other) == pairwise)
            #expect(try Self.lines(folder + "/compare.csv", scenario: other) == Self.lines(tmp + "/\(other)/compare.csv", scenario: other))
        }
        // One tidy file per kind, each scenario's rows those of its own run folder.
        for scenario in ["base", "bull", "bear"] {
            let own = String(decoding: try #require(CLI.contents(folder + "/\(scenario)/bands.csv")), as: UTF8.self)
                .split(separator: "\n").dropFirst().map { scenario + "," + $0 }
            #expect(try Self.lines(folder + "/bands.csv", scenario: scenario) == own)
            let runRows = String(decoding: try #require(CLI.contents(folder + "/\(scenario)/trajectories.csv")), as: UTF8.self)
                .split(separator: "\n").count - 1
            #expect(try Self.lines(folder + "/trajectories.csv", scenario: scenario).count == runRows)
        }
        // The reference is never compared with itself; each difference is the paired mean.
        #expect(try Self.lines(folder + "/differences.csv", scenario: "base").isEmpty)
        let gap = try Self.rows(folder + "/differences.csv").filter { $0["metric"] == "gap_points" && $0["scenario"] == "bear" }
        let final = try #require(gap.max { $0["date"]! < $1["date"]! })
        let atEnd = try #require(try Self.read(folder, scenario: "bear")["gap_points"])
        #expect(Double(final["mean_difference"]!) == atEnd.diff)
        #expect(abs(atEnd.diff - (atEnd.b - atEnd.a)) < 1e-9 * max(1, abs(atEnd.a)))
    }

    @Test("A report of a comparison is one self-contained HTML file")
    func report() throws {
        let tmp = try CLI.temporaryFolder("report")
        #expect(try CLI.run(["compare", "bull", "bear", "--out", tmp + "/c"] + Self.options).status == 0)
        let r = try CLI.run(["report", tmp + "/c"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = String(decoding: try #require(CLI.contents(tmp + "/c/report.html")), as: UTF8.self)
        #expect(html.contains("<svg") && !html.contains("<script") && !html.contains("src=\"http"))
        let bad = try CLI.run(["report", tmp])
        #expect(bad.status != 0 && bad.stderr.contains(tmp))
    }
}
