import Foundation
import Testing
import TestSupport

/// The market model stays a set of components that each own a few named parts of
/// state: no struct, class or actor in `Sources/MarketModel` holds more than
/// `limit` stored instance properties. Counted from the source, as a lint would, so a
/// type that grows past the limit fails here naming itself and its file.
@Suite("Architecture")
struct ArchitectureTests {
    static let limit = 20

    @Test("No type in MarketModel holds more than 20 stored properties")
    func storedPropertiesPerType() throws {
        let folder = Repository.root + "/Sources/MarketModel"
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }.sorted()
        var counted: [String: Int] = [:]
        for file in files {
            let source = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            for (type, count) in StoredProperties.count(in: source) {
                counted[type, default: 0] += count
                #expect(count <= Self.limit, "\(type) (Sources/MarketModel/\(file)) holds \(count) stored properties, above \(Self.limit)")
            }
        }
        // The parse found the types it must: a parser that lost them would pass vacuously.
        #expect(counted["MarketSimulation"].map { $0 > 10 } == true)
        #expect(counted["PeriodState"] == 8)
        #expect(counted["PeriodState.Prices"] == 7)
        #expect(counted["Demand"] != nil && counted["OfferingList"] != nil)
    }

    @Test("The count sees stored properties (observed, several to a line, under attributes) and skips computed and static ones")
    func counterReadsDeclarations() {
        let source = #"""
        public struct A: Sendable {
            let a: Int
            public private(set) var b = [1, 2] // var c = 3
            var d: Int { didSet { print("}") } }
            var e: Int { a + 1 }
            static let f = 0
            @usableFromInline var g = "{ var h = 0", i: (x: Int, y: Int) = (0, 1)
            /* var j = 0 */
            func k() { var l = 0; l += 1 }
            struct B { let m: Int; enum C { case n; var o: Int { 0 } } }
            lazy var p: [String: Int] = [:]
            var q: Int {
                get { 0 }
                set {}
            }
        }
        extension A { var r: Int { 0 } }
        final class D { private let s = "\(1 + "\("}")".count)"; let t = 0 }
        """#
        let counts = StoredProperties.count(in: source)
        #expect(counts.first { $0.type == "A" }?.count == 6)      // a, b, d, g, i, p
        #expect(counts.first { $0.type == "A.B" }?.count == 1)    // m
        #expect(counts.first { $0.type == "D" }?.count == 2)      // s, t
        #expect(!counts.contains { $0.type.hasSuffix("C") })
    }
}

/// Counts the stored instance properties of each struct, class and actor in a Swift
/// source: comments and string literals blanked, then every `let` or `var` directly in
/// a type's body that is not static and not computed.
enum StoredProperties {
    static func count(in source: String) -> [(type: String, count: Int)] {
        let code = Array(blankCommentsAndStrings(source))
        var result: [(type: String, count: Int)] = []
        // Open types and the brace depth of their bodies; `pending` waits for its `{`.
        var stack: [(name: String, counts: Bool, depth: Int, index: Int?)] = []
        var pending: (name: String, counts: Bool)?
        var depth = 0
        var i = 0
        var atStatementStart = true
        while i < code.count {
            let c = code[i]
            if c == "{" {
                depth += 1
                if let p = pending {
                    let name = (stack.last.map { $0.name + "." } ?? "") + p.name
                    var index: Int?
                    if p.counts { result.append((name, 0)); index = result.count - 1 }
                    stack.append((name, p.counts, depth, index))
                    pending = nil
                }
                atStatementStart = true
                i += 1
                continue
            }
            if c == "}" {
                if stack.last?.depth == depth { stack.removeLast() }
                depth -= 1
                atStatementStart = true
                i += 1
                continue
            }
            if c == "\n" || c == ";" { atStatementStart = true; i += 1; continue }
            if c == " " || c == "\t" { i += 1; continue }
            guard atStatementStart else { i += 1; continue }
            atStatementStart = false
            let statement = String(code[i..<(code[i...].firstIndex { $0 == "\n" || $0 == ";" } ?? code.count)])
            let words = declarationWords(statement)
            if let k = words.firstIndex(where: { ["struct", "class", "actor", "enum", "extension", "protocol"].contains($0) }),
               k + 1 < words.count, words[..<k].allSatisfy(isModifier) {
                pending = (String(words[k + 1].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
                           ["struct", "class", "actor"].contains(words[k]))
            } else if let top = stack.last, top.depth == depth, let index = top.index,
                      let k = words.firstIndex(where: { $0 == "let" || $0 == "var" }), words[..<k].allSatisfy(isModifier),
                      !words[..<k].contains("static"), !words[..<k].contains("class") {
                let declaration = code[i...].prefix { $0 != "\n" && $0 != ";" }
                result[index].count += storedBindings(Array(declaration), from: code, at: i)
            }
            i += 1
        }
        return result
    }

    /// The words before a declaration's name, attributes and their arguments dropped.
    private static func declarationWords(_ statement: String) -> [String] {
        var words: [String] = []
        for word in statement.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if word.hasPrefix("@") { continue }
            words.append(String(word))
            if word == "let" || word == "var" || words.count > 8 { break }
        }
        return words
    }

    private static func isModifier(_ word: String) -> Bool {
        let base = word.prefix { $0 != "(" }  // private(set), nonisolated(unsafe)
        return ["public", "private", "fileprivate", "internal", "package", "open", "final", "static", "class", "lazy",
                "weak", "unowned", "nonisolated", "indirect", "mutating", "nonmutating", "override", "required",
                "convenience", "dynamic", "consuming", "borrowing"].contains(base)
    }

    /// How many stored properties one `let` or `var` line declares: one per binding
    /// (`var a = 0, b = 0` is two), none for a computed `var` (a body, no `=`, that is
    /// not `willSet`/`didSet`).
    private static func storedBindings(_ line: [Character], from code: [Character], at start: Int) -> Int {
        var level = 0
        var bindings = 1
        for (offset, c) in line.enumerated() {
            switch c {
            case "(", "[", "<": level += 1
            case ">" where offset > 0 && line[offset - 1] == "-": break  // a function type's arrow
            case ")", "]", ">": level -= 1
            case "=" where level == 0: level = 1000  // an initial value: the rest is its expression
            case "," where level == 0 || level == 1000: bindings += 1; if level == 1000 { level = 0 }
            case "{" where level == 0:
                let body = code[(start + offset + 1)...].drop { $0.isWhitespace }
                let first = String(body.prefix { $0.isLetter })
                return first == "willSet" || first == "didSet" ? bindings : bindings - 1
            default: break
            }
        }
        return bindings
    }

    /// `source` with comments and string literals (interpolations included) replaced by
    /// spaces, line breaks kept, so braces and keywords in them do not count.
    static func blankCommentsAndStrings(_ source: String) -> String {
        let s = Array(source)
        var out = s
        var i = 0
        func blank(_ j: Int) { if out[j] != "\n" { out[j] = " " } }
        /// Blanks the string literal opening at `j`; returns the index after it.
        func skipString(_ j: Int) -> Int {
            let triple = j + 2 < s.count && s[j + 1] == "\"" && s[j + 2] == "\""
            var k = j + (triple ? 3 : 1)
            while k < s.count {
                if s[k] == "\\", k + 1 < s.count {
                    if s[k + 1] == "(" {
                        // An interpolation: blank it to its closing parenthesis, strings in it included.
                        var level = 0
                        k += 1
                        while k < s.count {
                            if s[k] == "\"" { let end = skipString(k); for m in k..<end { blank(m) }; k = end; continue }
                            if s[k] == "(" { level += 1 }
                            if s[k] == ")" { level -= 1; if level == 0 { k += 1; break } }
                            k += 1
                        }
                        continue
                    }
                    k += 2
                    continue
                }
                if s[k] == "\"" && (!triple || (k + 2 < s.count && s[k + 1] == "\"" && s[k + 2] == "\"")) {
                    return k + (triple ? 3 : 1)
                }
                k += 1
            }
            return k
        }
        while i < s.count {
            if s[i] == "/", i + 1 < s.count, s[i + 1] == "/" {
                while i < s.count && s[i] != "\n" { blank(i); i += 1 }
            } else if s[i] == "/", i + 1 < s.count, s[i + 1] == "*" {
                var level = 0
                repeat {
                    if s[i] == "/" && i + 1 < s.count && s[i + 1] == "*" { level += 1; blank(i); blank(i + 1); i += 2; continue }
                    if s[i] == "*" && i + 1 < s.count && s[i + 1] == "/" { level -= 1; blank(i); blank(i + 1); i += 2; continue }
                    blank(i)
                    i += 1
                } while level > 0 && i < s.count
            } else if s[i] == "\"" {
                let end = skipString(i)
                for m in i..<end { blank(m) }
                i = end
            } else {
                i += 1
            }
        }
        return String(out)
    }
}
