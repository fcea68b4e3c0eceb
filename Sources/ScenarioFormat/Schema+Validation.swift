extension Schema {
    /// Checks `value` against the schema and returns it completed with defaults.
    ///
    /// Every problem is recorded in `diagnostics` with its JSON path (below `path`); the walk
    /// goes on past errors, so one pass finds them all. Objects come back with declared
    /// fields in schema order (defaults included) followed by nothing else: an unknown key is
    /// an error and is dropped. When there are errors the returned value is a best effort and
    /// must not be used.
    public func validate(_ value: JSONValue, at path: JSONPath = .root, diagnostics: inout Diagnostics) -> JSONValue {
        switch kind {
        case .any:
            return value
        case .boolean:
            if value.bool == nil { diagnostics.error(at: path, typeMismatch("a boolean (true or false)", value)) }
            return value
        case .number(let lower, let upper, let integer):
            guard let x = value.double else {
                diagnostics.error(at: path, typeMismatch(integer ? "an integer" : "a number", value))
                return value
            }
            if integer && x.rounded(.towardZero) != x {
                diagnostics.error(at: path, "\(JSONValue.formatNumber(x)) is not an integer")
            } else if !Schema.contains(x, lower: lower, upper: upper) {
                diagnostics.error(at: path, "\(JSONValue.formatNumber(x)) is not \(Schema.describeRange(lower: lower, upper: upper))")
            }
            return value
        case .string(let allowed):
            guard let s = value.string else {
                diagnostics.error(at: path, typeMismatch("a string", value))
                return value
            }
            if let allowed, !allowed.contains(s) {
                var message = "\(JSONValue.excerpt(s)) is not one of \(allowed.map(JSONValue.quote).joined(separator: ", "))"
                if let suggestion = Schema.suggestion(for: s, among: allowed) { message += " (did you mean \(JSONValue.quote(suggestion))?)" }
                diagnostics.error(at: path, message)
            }
            return value
        case .identifier(let maxLength):
            guard let s = value.string else {
                diagnostics.error(at: path, typeMismatch("a string", value))
                return value
            }
            if let problem = Schema.identifierProblem(s, maxLength: maxLength) {
                diagnostics.error(at: path, "\(JSONValue.excerpt(s)) is not a name: \(problem)")
            }
            return value
        case .date:
            guard let s = value.string else {
                diagnostics.error(at: path, typeMismatch("a date string (YYYY-MM-DD)", value))
                return value
            }
            if CalendarDate(iso: s) == nil {
                diagnostics.error(at: path, "\(JSONValue.excerpt(s)) is not a calendar date written YYYY-MM-DD")
            }
            return value
        case .array(let element, let minCount, let maxCount, let unique):
            guard let elements = value.array else {
                diagnostics.error(at: path, typeMismatch("an array", value))
                return value
            }
            if elements.count < minCount || elements.count > (maxCount ?? Int.max) {
                diagnostics.error(at: path, "the array has \(elements.count) element\(elements.count == 1 ? "" : "s"); expected \(Schema.describeCount(min: minCount, max: maxCount))")
            }
            if element.fields?.contains(where: { $0.name == "id" }) == true {
                Schema.checkUniqueIDs(elements, at: path, diagnostics: &diagnostics)
            }
            if unique {
                var seen: [String: Int] = [:]
                for (i, item) in elements.enumerated() {
                    if let first = seen[item.canonicalText] {
                        diagnostics.error(at: path.appending(index: i), "repeats \(path.appending(index: first)); the values must differ")
                    } else {
                        seen[item.canonicalText] = i
                    }
                }
            }
            return .array(elements.enumerated().map { i, item in
                element.validate(item, at: path.appending(index: i), diagnostics: &diagnostics)
            })
        case .object(let fields):
            guard let object = value.object else {
                diagnostics.error(at: path, typeMismatch("an object", value))
                return value
            }
            return .object(Schema.validateObject(object, fields: fields, at: path, diagnostics: &diagnostics))
        case .map(let values, let keys):
            guard let object = value.object else {
                diagnostics.error(at: path, typeMismatch("an object", value))
                return value
            }
            var completed = JSONObject()
            for member in object {
                let memberPath = path.appending(key: member.key)
                if let keys, !keys.contains(member.key) {
                    diagnostics.error(at: memberPath, Schema.unknownKeyMessage(member.key, among: keys, present: object.keys))
                    continue
                }
                completed[member.key] = values.validate(member.value, at: memberPath, diagnostics: &diagnostics)
            }
            return .object(completed)
        case .anyOf(let alternatives):
            var firstErrors: Diagnostics?
            var sameKind: Diagnostics?
            for alternative in alternatives {
                var trial = Diagnostics()
                let completed = alternative.validate(value, at: path, diagnostics: &trial)
                if trial.isEmpty { return completed }
                if firstErrors == nil { firstErrors = trial }
                if sameKind == nil && alternative.accepts(kindOf: value) { sameKind = trial }
            }
            if let sameKind {
                diagnostics.append(contentsOf: sameKind)
            } else {
                let names = alternatives.map(\.expectedName).joined(separator: " or ")
                diagnostics.error(at: path, typeMismatch(names, value))
            }
            return value
        }
    }

    private func typeMismatch(_ expected: String, _ found: JSONValue) -> String {
        "expected \(expected), found \(found.foundDescription)"
    }

    /// How a type error names what this schema expects.
    var expectedName: String {
        switch kind {
        case .any: "any value"
        case .boolean: "a boolean"
        case .number(_, _, let integer): integer ? "an integer" : "a number"
        case .string, .identifier: "a string"
        case .date: "a date string"
        case .array: "an array"
        case .object, .map: "an object"
        case .anyOf(let alternatives): alternatives.map(\.expectedName).joined(separator: " or ")
        }
    }

    /// True when the value's JSON kind is the one this schema expects, so that errors of
    /// this alternative are the helpful ones to report.
    private func accepts(kindOf value: JSONValue) -> Bool {
        switch (kind, value) {
        case (.any, _), (.boolean, .bool), (.number, .number), (.string, .string), (.identifier, .string), (.date, .string),
             (.array, .array), (.object, .object), (.map, .object): true
        case (.anyOf(let alternatives), _): alternatives.contains { $0.accepts(kindOf: value) }
        default: false
        }
    }

    private static func validateObject(_ object: JSONObject, fields: [Field], at path: JSONPath,
                                       diagnostics: inout Diagnostics) -> JSONObject
    {
        var completed = JSONObject()
        let names = fields.map(\.name)
        for member in object where !names.contains(member.key) {
            diagnostics.error(at: path.appending(key: member.key),
                              unknownKeyMessage(member.key, among: names, present: object.keys))
        }
        for field in fields {
            let fieldPath = path.appending(key: field.name)
            if let given = object[field.name] {
                completed[field.name] = field.schema.validate(given, at: fieldPath, diagnostics: &diagnostics)
                continue
            }
            switch field.presence {
            case .required:
                diagnostics.error(at: fieldPath, "required key is missing (\(field.doc))")
            case .optional:
                break
            case .defaulted(let value):
                completed[field.name] = field.schema.validate(value, at: fieldPath, diagnostics: &diagnostics)
            }
        }
        return completed
    }

    /// Why `s` is not an identifier (see `Schema.identifier`), or nil when it is one.
    /// Public so that names from elsewhere (a sweep's default folder) are checked alike.
    public static func identifierProblem(_ s: String, maxLength: Int = 128) -> String? {
        let bytes = s.utf8
        guard let first = bytes.first else { return "it is empty" }
        if first == UInt8(ascii: ".") { return "it must not start with \".\"" }
        if missingValueSpellings.contains(s.lowercased()) {
            return "pandas and R read \(JSONValue.quote(s)) in a CSV cell as a missing value"
        }
        if bytes.count > maxLength { return "it has \(s.unicodeScalars.count) characters; at most \(maxLength) are allowed" }
        for byte in bytes {
            let isLetterOrDigit = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if !isLetterOrDigit && !identifierPunctuation.contains(byte) {
                return "use only letters, digits, \"-\", \"_\" and \".\" (it names the output folder)"
            }
        }
        return nil
    }

    /// Cells that pandas' `read_csv` and R's `read.csv` take for a missing value by default
    /// (lowercased; the spellings of letters, digits, `-`, `_` and `.` only, since no other
    /// passes as an identifier). An id is written in CSV cells and column names, where
    /// any of these would silently become NaN.
    static let missingValueSpellings: Set<String> = ["na", "nan", "-nan", "null", "none"]

    static func checkUniqueIDs(_ elements: [JSONValue], at path: JSONPath, diagnostics: inout Diagnostics) {
        var seen: [String: Int] = [:]
        for (i, element) in elements.enumerated() {
            guard let id = element["id"]?.string else { continue }
            if let first = seen[id] {
                diagnostics.error(at: path.appending(index: i).appending(key: "id"),
                                  "duplicate id \(JSONValue.excerpt(id)) (also at \(path.appending(index: first)))")
            } else {
                seen[id] = i
            }
        }
    }

    static func unknownKeyMessage(_ key: String, among names: [String], present: [String]) -> String {
        // Keys already present stay candidates: with `extends` and defaults, the key a
        // typo meant is usually present from the base file.
        var message = "unknown key"
        let absent = names.filter { !present.contains($0) }
        if let suggestion = suggestion(for: key, among: absent) ?? suggestion(for: key, among: names) {
            message += " (did you mean \(JSONValue.quote(suggestion))?)"
        } else if !names.isEmpty && names.count <= 12 {
            message += " (expected one of \(names.map(JSONValue.quote).joined(separator: ", ")))"
        }
        return message
    }

    /// The closest candidate to a misspelt `word`: Damerau-Levenshtein distance at most 2
    /// (and less than the word's length, so short words do not match everything), or a
    /// candidate that the word is a prefix of. Ties go to the earlier candidate. Public so
    /// that other file formats (sweep files) suggest names the same way.
    ///
    /// - Complexity: linear in the length of `word` and of the candidates: the quadratic
    ///   edit distance runs only on pairs whose lengths differ by at most 2 (the distance
    ///   is at least that difference) and are at most `maximumEditedLength` long, so a
    ///   megabyte value is rejected as fast as a short one.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        var best: (candidate: String, distance: Int)?
        let letters = Array(word.lowercased().unicodeScalars)
        for candidate in candidates {
            let target = Array(candidate.lowercased().unicodeScalars)
            var distance = Int.max
            if abs(letters.count - target.count) <= 2 && max(letters.count, target.count) <= maximumEditedLength {
                distance = damerauLevenshtein(letters, target)
            }
            if distance > 2 || distance >= letters.count {
                guard target.starts(with: letters), !letters.isEmpty else { continue }
                distance = 3
            }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// The longest word (and candidate) compared by edit distance: keys and enumeration
    /// values are short; past this, only the prefix rule suggests.
    static let maximumEditedLength = 64

    /// The edit distance counting insertions, deletions, substitutions and transpositions of
    /// adjacent characters (the unrestricted Damerau-Levenshtein distance, by the
    /// Lowrance-Wagner algorithm, so "ca" to "abc" is 2).
    static func damerauLevenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty || b.isEmpty { return a.count + b.count }
        let infinity = a.count + b.count
        let width = b.count + 2
        var d = [Int](repeating: 0, count: (a.count + 2) * width)
        d[0] = infinity
        for i in 0...a.count { d[(i + 1) * width] = infinity; d[(i + 1) * width + 1] = i }
        for j in 0...b.count { d[j + 1] = infinity; d[width + j + 1] = j }
        var lastRow: [Unicode.Scalar: Int] = [:]
        for i in 1...a.count {
            var lastMatchColumn = 0
            for j in 1...b.count {
                let k = lastRow[b[j - 1]] ?? 0
                let l = lastMatchColumn
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                if cost == 0 { lastMatchColumn = j }
                d[(i + 1) * width + j + 1] = min(
                    d[i * width + j] + cost,
                    d[(i + 1) * width + j] + 1,
                    d[i * width + j + 1] + 1,
                    d[k * width + l] + (i - k - 1) + 1 + (j - l - 1)
                )
            }
            lastRow[a[i - 1]] = i
        }
        return d[(a.count + 1) * width + b.count + 1]
    }

    static func contains(_ x: Double, lower: Bound?, upper: Bound?) -> Bool {
        switch lower {
        case .inclusive(let m)? where x < m: return false
        case .exclusive(let m)? where x <= m: return false
        default: break
        }
        switch upper {
        case .inclusive(let m)? where x > m: return false
        case .exclusive(let m)? where x >= m: return false
        default: return true
        }
    }

    /// The range in messages: `in 0...1`, `in 0..<1`, `in (0, 1]`, `>= 0`, `> 0`, `<= 1`.
    static func describeRange(lower: Bound?, upper: Bound?) -> String {
        let f = JSONValue.formatNumber
        switch (lower, upper) {
        case (.inclusive(let a)?, .inclusive(let b)?): return "in \(f(a))...\(f(b))"
        case (.inclusive(let a)?, .exclusive(let b)?): return "in \(f(a))..<\(f(b))"
        case (.exclusive(let a)?, .inclusive(let b)?): return "in (\(f(a)), \(f(b))]"
        case (.exclusive(let a)?, .exclusive(let b)?): return "in (\(f(a)), \(f(b)))"
        case (.inclusive(let a)?, nil): return ">= \(f(a))"
        case (.exclusive(let a)?, nil): return "> \(f(a))"
        case (nil, .inclusive(let b)?): return "<= \(f(b))"
        case (nil, .exclusive(let b)?): return "< \(f(b))"
        case (nil, nil): return "a number"
        }
    }

    static func describeCount(min: Int, max: Int?) -> String {
        switch max {
        case nil: "at least \(min)"
        case min?: "exactly \(min)"
        case let max?: min == 0 ? "at most \(max)" : "\(min) to \(max)"
        }
    }
}
