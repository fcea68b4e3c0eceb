/// A column of an exported CSV: its name, unit and meaning.
public struct ColumnDescription: Sendable, Equatable {
    public let name: String
    public let unit: String
    public let meaning: String

    public init(name: String, unit: String, meaning: String) {
        self.name = name
        self.unit = unit
        self.meaning = meaning
    }

    /// The columns every per-period file opens with. `trajectories.csv` says more about
    /// them (`detailed`), the other files refer back to it.
    public static func identity(detailed: Bool) -> [ColumnDescription] {
        [ColumnDescription(name: "replication", unit: "index",
                           meaning: detailed ? "Replication number, from 0; its seed is derived from the master seed and this number."
                               : "Replication number."),
         ColumnDescription(name: "date", unit: "YYYY-MM-DD",
                           meaning: detailed ? "Report date: the start date, then the first of each month." : "Report date."),
         ColumnDescription(name: "day", unit: "days", meaning: "Days since the start date.")]
    }
}

/// An exported column declared once: its name, unit and meaning (what a file's header
/// and `marketsim columns` print) beside how its value is computed from `Source` (what
/// a row holds). A file's header, its rows and its dictionary all iterate one table of
/// these, so a column cannot be added to one and not the others.
public struct OutputColumn<Source, Value>: Sendable {
    public let description: ColumnDescription
    let compute: @Sendable (Source) -> Value

    init(_ name: String, _ unit: String, _ meaning: String, _ compute: @escaping @Sendable (Source) -> Value) {
        description = ColumnDescription(name: name, unit: unit, meaning: meaning)
        self.compute = compute
    }

    public var name: String { description.name }
}

/// A numeric column: a trajectory metric or an actor's account.
public typealias Metric<Source> = OutputColumn<Source, Double>
