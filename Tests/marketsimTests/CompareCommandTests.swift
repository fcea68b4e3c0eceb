import Foundation
import Testing

@Suite("marketsim compare", .serialized)
struct CompareCommandTests {
    /// compare.csv as outcome -> (diff, low, high, meanA, meanB).
    static func read(_ folder: String) throws -> [String: (diff: Double, low: Double, high: Double, a: Double, b: Double)] {
        let text = String(decoding: try #require(CLI.contents(folder + "/compare.csv")), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        func col(_ name: String) -> Int { header.firstIndex(of: name)! }
        var table: [String: (Double, Double, Double, Double, Double)] = [:]
        for row in lines.dropFirst() {
            table[row[0]] = (Double(row[col("diff")]) ?? .nan, Double(row[col("diff_ci95_low")]) ?? .nan,
                             Double(row[col("diff_ci95_high")]) ?? .nan, Double(row[col("mean_a")]) ?? .nan,
                             Double(row[col("mean_b")]) ?? .nan)
        }
        return table
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
        for (outcome, x) in try Self.read(tmp + "/c") where !x.a.isNaN {
            #expect(x.diff == 0 && x.low == 0 && x.high == 0, "\(outcome): \(x)")
        }
    }

    @Test("Bull against bear shows the contrasts of market-facts 'The two cases'")
    func bullVersusBear() throws {
        let tmp = try CLI.temporaryFolder("bullbear")
        let r = try CLI.run(["compare", "bull", "bear", "--out", tmp + "/c", "--replications", "12"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("bear - bull"))
        let c = try Self.read(tmp + "/c")
        // Bull keeps a gap in frontier reasoning (H8) that bear, whose quality converges, closes...
        #expect(c["gap_points_frontier_reasoning"]!.high < 0)
        #expect(c["gap_points"]!.high < 0)
        #expect(c["months_to_gap_below_5"]!.high < 0)
        // ...and in bull the proprietary labs keep pricing power and their share of tokens.
        #expect(c["frontier_price_usd_per_mtok"]!.high < 0)
        #expect(c["token_share_proprietary"]!.high < 0)
        #expect(FileManager.default.fileExists(atPath: tmp + "/c/a/trajectories.csv"))
        #expect(FileManager.default.fileExists(atPath: tmp + "/c/b/trajectories.csv"))
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
