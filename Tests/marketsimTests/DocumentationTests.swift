import Foundation
import TestSupport
import Testing

/// The pages a reader is sent to: README.md and every Markdown file under docs/.
enum DocumentationPages {
    static let all: [String] = {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: CLI.root + "/docs")) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }()

    static func text(_ page: String) throws -> String {
        String(decoding: try #require(CLI.contents(CLI.root + "/" + page), "\(page) missing"), as: UTF8.self)
    }
}

/// A page cut into the prose it shows as written and the examples whose content a
/// command or a file decides. Three kinds of example (docs/development.md, "Examples
/// that stay true"):
/// - a ```console block: `$ marketsim ...` lines, each followed by what it prints
///   (standard output, then standard error);
/// - `<!-- output of: marketsim ... -->` up to `<!-- end output -->`: the command's
///   standard output pasted as Markdown (the column dictionary);
/// - `<!-- file: PATH -->` before a fenced block: the file's text, whole.
struct DocumentationPage {
    enum Piece {
        /// Lines shown as written.
        case prose([String])
        /// A console block's commands and the lines shown after each.
        case console([(command: String, shown: [String])])
        /// A Markdown block a command prints; `close` is the end marker line.
        case output(command: String, shown: [String], close: String)
        /// A fenced copy of a file; `close` is the closing fence.
        case file(path: String, shown: [String], close: String)
    }

    let path: String
    var pieces: [Piece] = []

    init(path: String, text: String) throws {
        self.path = path
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var prose: [String] = []
        var i = 0
        func flush() {
            if !prose.isEmpty { pieces.append(.prose(prose)) }
            prose = []
        }
        // The lines from `start` up to the line `close`, which i is left on.
        func body(from start: Int, until close: String, of what: String) throws -> [String] {
            i = start
            while i < lines.count, lines[i] != close { i += 1 }
            guard i < lines.count else { throw DocumentationError("\(path):\(start): \(what) is not closed by `\(close)`") }
            return Array(lines[start..<i])
        }
        while i < lines.count {
            let line = lines[i]
            if line == "```console" {
                prose.append(line)
                flush()
                var commands: [(command: String, shown: [String])] = []
                let first = i + 1
                for shown in try body(from: first, until: "```", of: "a console block") {
                    if shown.hasPrefix("$ ") {
                        commands.append((String(shown.dropFirst(2)), []))
                    } else if commands.isEmpty {
                        throw DocumentationError("\(path):\(first + 1): a console block starts with its `$ ` command")
                    } else {
                        commands[commands.count - 1].shown.append(shown)
                    }
                }
                pieces.append(.console(commands))
                prose.append(lines[i])
            } else if let command = Self.marker(line, "<!-- output of: ") {
                prose.append(line)
                flush()
                let shown = try body(from: i + 1, until: "<!-- end output -->", of: "the output of `\(command)`")
                pieces.append(.output(command: command, shown: shown, close: lines[i]))
            } else if let file = Self.marker(line, "<!-- file: ") {
                guard i + 1 < lines.count, lines[i + 1].hasPrefix("```") else {
                    throw DocumentationError("\(path):\(i + 1): `<!-- file: \(file) -->` is followed by a fenced block")
                }
                prose += [line, lines[i + 1]]
                flush()
                let shown = try body(from: i + 2, until: "```", of: "the copy of \(file)")
                pieces.append(.file(path: file, shown: shown, close: lines[i]))
            } else {
                prose.append(line)
            }
            i += 1
        }
        flush()
    }

    private static func marker(_ line: String, _ opening: String) -> String? {
        guard line.hasPrefix(opening), line.hasSuffix(" -->") else { return nil }
        return String(line.dropFirst(opening.count).dropLast(4))
    }

    /// The page with every example's shown lines replaced by `actual`'s.
    func text(with actual: DocumentationPage) -> String {
        var out: [String] = []
        for piece in actual.pieces {
            switch piece {
            case .prose(let lines): out += lines
            case .console(let commands): for c in commands { out += ["$ " + c.command] + c.shown }
            case .output(_, let shown, let close), .file(_, let shown, let close): out += shown + [close]
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

struct DocumentationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a page's examples in order in one fresh folder, the way a reader would type
/// them one after the other.
struct ExampleRunner {
    let folder: String

    init(page: String) throws {
        folder = try CLI.temporaryFolder("docs-" + page.replacingOccurrences(of: "/", with: "-"))
        // `Scenarios/...` in an example means the checkout's folder, as in the checkout.
        try FileManager.default.createSymbolicLink(atPath: folder + "/Scenarios", withDestinationPath: CLI.root + "/Scenarios")
    }

    /// What `line` prints, masked, line by line. `marketsim ARGS` runs the binary under
    /// test; `scripts/NAME ARGS` runs a script of the checkout (those that make the docs'
    /// tables) with `MARKETSIM` naming that binary.
    func run(_ line: String) throws -> (stdout: [String], stderr: [String]) {
        let words = line.split(separator: " ").map(String.init)
        if words.first == "marketsim" {
            let result = try CLI.run(Array(words.dropFirst()), in: folder, timeout: 300)
            return (mask(result.stdout), mask(result.stderr))
        }
        guard let script = words.first, script.hasPrefix("scripts/") else {
            throw DocumentationError("`\(line)`: an example runs `marketsim` or one of scripts/, nothing else")
        }
        let result = try CLI.run(program: CLI.root + "/" + script, Array(words.dropFirst()), in: folder,
                                 environment: ["MARKETSIM": CLI.binary])
        guard result.status == 0 else {
            throw DocumentationError("`\(line)` failed (status \(result.status)): \(result.stderr)")
        }
        return (mask(result.stdout), mask(result.stderr))
    }

    /// The two rules for output that varies between machines (docs/development.md).
    /// Paths: the folder the examples run in prints as `.`, and the checkout (where the
    /// shipped scenarios are found) as `<checkout>`. Timings: a command reads the clock
    /// for its progress line, which off a terminal prints every 10 s
    /// (`marketsim: runs 17/24 (70.8%)  1.4 runs/s  ETA 0:05`), so a slow machine prints
    /// more of them, and for the throughput line that ends a sweep or a calibration
    /// (`marketsim: 64 runs in 1.9 s: 33.7 runs/s, 16.8 runs/s per core (2 jobs)`); those
    /// lines are dropped. Every other line is compared.
    func mask(_ output: String) -> [String] {
        Self.lines(output.replacingOccurrences(of: folder, with: ".").replacingOccurrences(of: CLI.root, with: "<checkout>"))
            .filter { !Self.isProgress($0) }
    }

    /// A text's lines, without the line break that ends the last.
    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        let lines = text.components(separatedBy: "\n")
        return text.hasSuffix("\n") ? Array(lines.dropLast()) : lines
    }

    static func isProgress(_ line: String) -> Bool {
        line.hasPrefix("marketsim: ") && (line.contains("/s  ETA ") || line.hasSuffix(")") && line.contains(" runs/s per core ("))
    }

    /// The page with every example as the program and the files make it today.
    func actual(_ page: DocumentationPage) throws -> DocumentationPage {
        var result = page
        result.pieces = try page.pieces.map { piece in
            switch piece {
            case .prose: return piece
            case .console(let commands):
                return .console(try commands.map { command in
                    let printed = try run(command.command)
                    return (command.command, printed.stdout + printed.stderr)
                })
            case .output(let command, _, let close):
                return .output(command: command, shown: try run(command).stdout, close: close)
            case .file(let path, _, let close):
                let data = try #require(CLI.contents(CLI.root + "/" + path), "\(page.path): \(path) does not exist")
                return .file(path: path, shown: Self.lines(String(decoding: data, as: UTF8.self)), close: close)
            }
        }
        return result
    }
}

@Suite("README and docs/: examples that stay true, links that resolve", .serialized)
struct DocumentationPageTests {
    /// `MARKETSIM_DOCS_UPDATE=1` (what `scripts/docs-examples --update` sets) rewrites
    /// each page's examples with what they print now instead of failing.
    static let updating = ProcessInfo.processInfo.environment["MARKETSIM_DOCS_UPDATE"] == "1"

    @Test("Every example's output is what the page shows", arguments: DocumentationPages.all)
    func examples(page: String) throws {
        let text = try DocumentationPages.text(page)
        let shown = try DocumentationPage(path: page, text: text)
        // The update below rebuilds the page from its pieces: they must give it back whole.
        #expect(shown.text(with: shown) == text, "\(page): cutting the page into examples and prose loses text")
        let runner = try ExampleRunner(page: page)
        defer { try? FileManager.default.removeItem(atPath: runner.folder) }
        let actual = try runner.actual(shown)
        let updated = shown.text(with: actual)
        if Self.updating {
            if updated != text { try CLI.write(updated, to: CLI.root + "/" + page) }
            return
        }
        for (was, now) in zip(shown.pieces, actual.pieces) {
            switch (was, now) {
            case (.console(let a), .console(let b)):
                for (x, y) in zip(a, b) {
                    #expect(Self.difference(x.shown, y.shown) == nil, "\(page): `$ \(x.command)`")
                }
            case (.output(let command, let a, _), .output(_, let b, _)):
                #expect(Self.difference(a, b) == nil, "\(page): the output of `\(command)`")
            case (.file(let path, let a, _), .file(_, let b, _)):
                #expect(Self.difference(a, b) == nil, "\(page): the copy of \(path)")
            default: break
            }
        }
    }

    /// The first line where what a page shows and what the program prints part, or nil.
    static func difference(_ shown: [String], _ printed: [String]) -> String? {
        guard shown != printed else { return nil }
        let line = zip(shown, printed).prefix { $0 == $1 }.count
        func at(_ lines: [String]) -> String { line < lines.count ? lines[line] : "(nothing)" }
        return "line \(line + 1): the page shows \(at(shown)) where it should show \(at(printed)) "
            + "(scripts/docs-examples --update rewrites the page)"
    }

    @Test("Every relative link and anchor resolves", arguments: DocumentationPages.all)
    func links(page: String) throws {
        for link in Markdown.links(in: try DocumentationPages.text(page)) {
            if link.contains("://") || link.hasPrefix("mailto:") { continue }
            let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let directory = (page as NSString).deletingLastPathComponent
            let target = parts[0].isEmpty ? page : ((directory as NSString).appendingPathComponent(parts[0]) as NSString).standardizingPath
            guard FileManager.default.fileExists(atPath: CLI.root + "/" + target) else {
                Issue.record("\(page): (\(link)): \(target) does not exist")
                continue
            }
            if parts.count == 2 {
                let anchors = Markdown.anchors(in: try DocumentationPages.text(target))
                #expect(anchors.contains(parts[1]), "\(page): (\(link)): no heading of \(target) has the anchor #\(parts[1])")
            }
        }
    }

    @Test("README.md is a front page: the two commands first, at most 250 lines")
    func frontPage() throws {
        let lines = ExampleRunner.lines(try DocumentationPages.text("README.md"))
        #expect(lines.count <= 250, "README.md has \(lines.count) lines; move detail to docs/")
        // The title, then a fenced block whose two lines are the two commands (and their comments).
        let opening = lines.prefix(5).map { $0.components(separatedBy: "  #")[0].trimmingCharacters(in: .whitespaces) }
        #expect(opening == ["# marketsim", "", "```", "scripts/marketsim run Scenarios/bull.json", "scripts/test"],
                "README.md opens with `scripts/marketsim run Scenarios/bull.json` and `scripts/test`")
    }

    @Test("Headings' anchors are GitHub's")
    func slugs() {
        let page = "# A tour\n## Calibration: `marketsim calibrate`\n## Who captures the value: economic profit and buyers' surplus\n## A tour\n```\n# not a heading\n```\n"
        #expect(Markdown.anchors(in: page) == ["a-tour", "calibration-marketsim-calibrate",
                                              "who-captures-the-value-economic-profit-and-buyers-surplus", "a-tour-1"])
        #expect(Markdown.links(in: "[a](x.md#y) `[b](no.md)` ![c](img.png)\n```\n[d](no.md)\n```\n") == ["x.md#y", "img.png"])
    }
}

/// Links and headings of a Markdown page, outside code.
enum Markdown {
    /// Every link and image target, outside fenced blocks and code spans.
    static func links(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\]\(([^)\s]+)(?:\s+"[^"]*")?\)"#)
        return prose(text).flatMap { line -> [String] in
            let plain = line.replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
            return pattern.matches(in: plain, range: NSRange(plain.startIndex..., in: plain)).map {
                String(plain[Range($0.range(at: 1), in: plain)!])
            }
        }
    }

    /// Each heading's anchor as GitHub makes it: lower case, every character but letters,
    /// digits, `_`, `-` and spaces dropped, spaces made hyphens, and `-1`, `-2` ... after
    /// a repeated one.
    static func anchors(in text: String) -> [String] {
        var seen: [String: Int] = [:]
        return prose(text).compactMap { line in
            guard let hashes = line.firstIndex(where: { $0 != "#" }), line.hasPrefix("#"),
                  line[hashes] == " " else { return nil }
            let title = line[hashes...].trimmingCharacters(in: .whitespaces).lowercased()
            let slug = String(String.UnicodeScalarView(title.unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" || $0 == " "
            })).replacingOccurrences(of: " ", with: "-")
            let count = seen[slug, default: 0]
            seen[slug] = count + 1
            return count == 0 ? slug : "\(slug)-\(count)"
        }
    }

    /// The page's lines outside fenced code blocks.
    private static func prose(_ text: String) -> [String] {
        var fenced = false
        return text.components(separatedBy: "\n").filter { line in
            if line.hasPrefix("```") { fenced.toggle(); return false }
            return !fenced
        }
    }
}
