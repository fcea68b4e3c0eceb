/// A line and column in a file, both counted from 1; columns count Unicode scalars.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// One problem found in a scenario: where it is and what is wrong.
///
/// `origin` names what the user must edit: a file path as the user (or an `extends`) wrote
/// it, or a command-line option such as `--set a.b=1`. It is nil while a check that does
/// not know the file (schema validation, a cross-reference check) collects issues; the
/// loader then attributes it to the file or override that set the value at `path`.
/// Printed as `ORIGIN: PATH: MESSAGE`, or `ORIGIN:LINE:COLUMN: MESSAGE` when the issue has
/// a position in the text (a parse error), with the path after the position when known.
public struct ScenarioIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var origin: String?
    public var position: SourcePosition?
    public var path: JSONPath
    public var message: String

    public init(origin: String? = nil, position: SourcePosition? = nil, path: JSONPath = .root, message: String) {
        self.origin = origin
        self.position = position
        self.path = path
        self.message = message
    }

    public var description: String {
        var text = origin ?? "<scenario>"
        if let position { text += ":\(position)" }
        text += ": "
        // A key in the path may be huge (a fuzzed or pasted value).
        if !path.isRoot { text += JSONValue.shortened(path.description) + ": " }
        return text + message
    }
}

/// The collector that every check writes into, so one pass reports all problems at once.
///
/// Schema validation, the loader and the schema user's own cross-reference checks (an event
/// that names an actor id that does not exist) append to the same collector; the loader
/// throws one `ScenarioError` with everything when it is not empty.
public struct Diagnostics: Sendable, Equatable {
    public private(set) var issues: [ScenarioIssue] = []

    public init() {}

    public var isEmpty: Bool { issues.isEmpty }

    /// Records a problem with the value at `path`. Leave `origin` nil inside the loader's
    /// checks: it names the file or override that set that value.
    public mutating func error(at path: JSONPath, _ message: String, origin: String? = nil) {
        issues.append(ScenarioIssue(origin: origin, path: path, message: message))
    }

    public mutating func append(_ issue: ScenarioIssue) { issues.append(issue) }
    public mutating func append(contentsOf other: Diagnostics) { issues += other.issues }

    /// Fills the origin of every issue that has none.
    mutating func attribute(_ originOf: (ScenarioIssue) -> String) {
        for i in issues.indices where issues[i].origin == nil {
            issues[i].origin = originOf(issues[i])
        }
    }
}

/// Why a scenario could not be loaded: every problem found, one per line.
///
/// `file` is the scenario the user asked for; each issue names its own origin, which is
/// another file when the problem sits in a file it extends, or an override option.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let issues: [ScenarioIssue]

    public init(file: String, issues: [ScenarioIssue]) {
        self.file = file
        self.issues = issues.map { issue in
            var issue = issue
            if issue.origin == nil { issue.origin = file }
            return issue
        }
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
