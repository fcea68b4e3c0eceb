import Foundation
@testable import MarketModel
import TestSupport
import Testing

/// The project cites facts by id (H1, X7, ...) in its code, scenarios, tests, notebooks
/// and documentation; docs/facts.md is where a reader checks them, so every cited id
/// must be there.
@Suite("Facts (docs/facts.md)")
struct MarketFactsTests {
    static let factsText: String = {
        (try? String(contentsOfFile: Repository.root + "/docs/facts.md", encoding: .utf8)) ?? ""
    }()

    /// The ids cited in the project's text files, each with the first file citing it.
    static func citations() -> [String: String] {
        let root = Repository.root
        var cited: [String: String] = [:]
        let roots = ["Sources", "Scenarios", "Tests", "docs", "Notebooks", "python", "README.md"]
        let fm = FileManager.default
        for top in roots {
            var files = [top]
            if let walk = fm.enumerator(atPath: root + "/" + top) {
                files = walk.compactMap { $0 as? String }.map { top + "/" + $0 }
            }
            for file in files where ["swift", "json", "md", "ipynb", "py"].contains((file as NSString).pathExtension) {
                guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { continue }
                for id in MarketFacts.citedIDs(in: text) where cited[id] == nil { cited[id] = file }
            }
        }
        return cited
    }

    /// The cited ids that `factsText` lacks, each with a file citing it.
    static func missing(from factsText: String, cited: [String: String]) -> [String] {
        let known = Set(MarketFacts.parse(factsText).map(\.id))
        return cited.filter { !known.contains($0.key) }.map { "\($0.key) (cited in \($0.value))" }.sorted()
    }

    @Test("Every fact id cited in the project is in docs/facts.md")
    func everyCitedIDExists() throws {
        let cited = Self.citations()
        // The scan finds the project's citations at all: the cost command's C1-C3, the scenarios' H1.
        try #require(cited.count > 40, "the scan found only \(cited.keys.sorted())")
        #expect(Self.missing(from: Self.factsText, cited: cited) == [])
    }

    @Test("Removing a cited fact's row from docs/facts.md fails the check, naming the id and a file citing it")
    func removedIDIsReported() throws {
        let cited = Self.citations()
        let without = Self.factsText.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("| X7 |") }.joined(separator: "\n")
        let missing = Self.missing(from: without, cited: cited)
        #expect(missing.count == 1)
        #expect(missing.first?.hasPrefix("X7 (cited in ") == true, "\(missing)")
    }

    @Test("Each fact has a value, a date and a source: H1 as the reference gives it, X13 with its publisher")
    func factsCarryValueDateAndSource() throws {
        let facts = MarketFacts.parse(Self.factsText)
        #expect(facts.count == 11 + 6 + 3 + 10 + 19)
        let h1 = try #require(facts.first { $0.id == "H1" })
        #expect(h1.group.hasPrefix("H: historical trajectory"))
        #expect(h1.cells.map(\.column) == ["fact", "value", "when", "source"])
        #expect(h1.cells.map(\.value)[1...2] == ["15 to 20 points", "October 2024"])
        let x13 = try #require(facts.first { $0.id == "X13" })
        #expect(x13.cells.last?.value.contains("100 Trillion Token Study") == true)
        for fact in facts {
            #expect(fact.cells.contains { $0.column == "source" && !$0.value.isEmpty }, "\(fact.id) has no source")
        }
    }

    @Test("A cited id stands alone: H100 (a GPU), PC1 and X7b are no citations; H1-H5 cites both ends")
    func citationPattern() {
        #expect(MarketFacts.citedIDs(in: "an H100 at 2 USD, PC1, X7b, M0") == [])
        #expect(MarketFacts.citedIDs(in: "H1-H5 and (X13),M10.\nC1") == ["H1", "H5", "X13", "M10", "C1"])
    }
}
