extension JSONValue {
    /// The canonical text: keys sorted by Unicode code point, numbers in their shortest
    /// round-trip form, no whitespace. Two values that differ only in key order or number
    /// spelling (`1.0`, `1`, `1e0`) have the same canonical text, so hashing it identifies a
    /// resolved scenario in a run's manifest.
    public var canonicalText: String {
        var out = ""
        writeCanonical(to: &out)
        return out
    }

    /// A readable text: two-space indentation, keys in their stored order, short arrays of
    /// scalars on one line, and a final newline.
    public var prettyText: String {
        var out = ""
        writePretty(to: &out, indent: "")
        out += "\n"
        return out
    }

    private func writeCanonical(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += JSONValue.formatNumber(x)
        case .string(let s): out += JSONValue.quote(s)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                element.writeCanonical(to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            let sorted = object.members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { out += "," }
                out += JSONValue.quote(member.key) + ":"
                member.value.writeCanonical(to: &out)
            }
            out += "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func writePretty(to out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .array(let elements) where elements.isEmpty:
            out += "[]"
        case .array(let elements) where elements.allSatisfy(\.isScalar):
            let inline = "[" + elements.map(\.canonicalText).joined(separator: ", ") + "]"
            if inline.count + indent.count <= 80 {
                out += inline
                return
            }
            fallthrough
        case .array(let elements):
            out += "[\n"
            for (i, element) in elements.enumerated() {
                out += inner
                element.writePretty(to: &out, indent: inner)
                out += i + 1 < elements.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let object) where object.isEmpty:
            out += "{}"
        case .object(let object):
            out += "{\n"
            for (i, member) in object.enumerated() {
                out += inner + JSONValue.quote(member.key) + ": "
                member.value.writePretty(to: &out, indent: inner)
                out += i + 1 < object.count ? ",\n" : "\n"
            }
            out += indent + "}"
        default:
            writeCanonical(to: &out)
        }
    }

    /// The shortest text that reads back as exactly `x`: integers below 2^53 without a
    /// fraction (`3`, not `3.0`; `-0` prints as `0`), everything else as Swift's shortest
    /// round-trip `description`, which is valid JSON for finite values.
    public static func formatNumber(_ x: Double) -> String {
        precondition(x.isFinite, "JSON numbers are finite")
        if x.rounded(.towardZero) == x && x.magnitude < 9_007_199_254_740_992 {
            return String(Int64(x))
        }
        return x.description
    }

    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else written as itself.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}":
                let digits = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `s` for an error message, unquoted (a path, a list of ids): whole when short, else
    /// its first `maxCharacters` characters and how long it is.
    public static func shortened(_ s: String, maxCharacters: Int = 160) -> String {
        guard s.utf8.count > maxCharacters else { return s }
        return String(s.unicodeScalars.prefix(maxCharacters)) + "... (\(s.unicodeScalars.count) characters)"
    }

    /// `s` quoted for an error message: whole when short, else its first
    /// `maxCharacters` characters and how long it is, so a megabyte value (fuzzed, or
    /// pasted by mistake) does not flood the terminal. Linear in `maxCharacters`, not in `s`.
    public static func excerpt(_ s: String, maxCharacters: Int = 60) -> String {
        var scalars = s.unicodeScalars.makeIterator()
        var head = String.UnicodeScalarView()
        for _ in 0..<maxCharacters {
            guard let scalar = scalars.next() else { return quote(s) }
            head.append(scalar)
        }
        guard scalars.next() != nil else { return quote(s) }
        return quote(String(head)) + "... (\(s.unicodeScalars.count) characters)"
    }
}
