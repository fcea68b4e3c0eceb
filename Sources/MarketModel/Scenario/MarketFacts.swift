import Foundation

/// The facts marketsim cites (H1, X7, ...), read from the project's `docs/facts.md`:
/// each fact is one row of a Markdown table whose first column is `id`, under its
/// group's heading. `marketsim facts` prints them, and a test checks that every id
/// cited in the project is one of them.
public enum MarketFacts {
    /// One fact: its id, the heading of its group, and its table's cells by column
    /// name (the id's column left out), in the table's order.
    public struct Fact: Sendable {
        public let id: String
        public let group: String
        public let cells: [(column: String, value: String)]
    }

    /// `docs/facts.md` beside the shipped scenarios' folder: a release's
    /// `share/marketsim/docs/facts.md`, or the checkout's `docs/facts.md`.
    public static var path: String {
        URL(fileURLWithPath: ScenarioFile.shippedFolder).deletingLastPathComponent()
            .appendingPathComponent("docs/facts.md").path
    }

    /// The facts of a facts file's text, in the file's order.
    public static func parse(_ text: String) -> [Fact] {
        var facts: [Fact] = []
        var group = ""
        var header: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                group = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                header = nil
                continue
            }
            guard line.hasPrefix("|") else {
                header = nil
                continue
            }
            let cells = Self.cells(line)
            guard let columns = header else {
                if cells.first == "id" { header = cells }
                continue
            }
            // The rule under a header (|----|---|) is no fact.
            guard let id = cells.first, isID(id), cells.count == columns.count else { continue }
            facts.append(Fact(id: id, group: group, cells: Array(zip(columns, cells).dropFirst()).map { ($0, $1) }))
        }
        return facts
    }

    /// Every fact id cited in `text`: a letter of H, P, C, M or X and a number from 1 to
    /// 99 standing alone (so `H100`, a GPU, and `PC1` are not ids).
    public static func citedIDs(in text: String) -> Set<String> {
        Set(text.matches(of: /(?:^|[^A-Za-z0-9_])([HPCMX][1-9][0-9]?)(?![A-Za-z0-9_])/.anchorsMatchLineEndings())
            .map { String($0.output.1) })
    }

    private static func isID(_ text: String) -> Bool {
        text.wholeMatch(of: /[HPCMX][1-9][0-9]?/) != nil
    }

    private static func cells(_ line: Substring) -> [String] {
        var parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.first == "" { parts.removeFirst() }
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
