import Reporting

/// One row of runs.csv.
struct RunRecord: Equatable {
    let runID: Int
    let pointID: Int
    let replication: Int
    let seed: UInt64
    let parameterValues: ArraySlice<Double>
    let outcomes: [Double]

    /// The CSV line, terminated by a newline. Numbers need no quoting.
    var line: String {
        var fields = [String(runID), String(pointID), String(replication), String(seed)]
        fields.reserveCapacity(4 + parameterValues.count + outcomes.count)
        for v in parameterValues { fields.append(CSVFormat.number(v)) }
        for v in outcomes { fields.append(CSVFormat.number(v)) }
        return fields.joined(separator: ",") + "\n"
    }

    /// Parses a data line (without its newline) of a runs.csv with `parameterCount`
    /// parameters and `outcomeCount` outcomes; nil when it is malformed.
    init?(line: Substring, parameterCount: Int, outcomeCount: Int) {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 4 + parameterCount + outcomeCount,
              let runID = Int(fields[0]), let pointID = Int(fields[1]),
              let replication = Int(fields[2]), let seed = UInt64(fields[3]) else { return nil }
        // Strictly as CSVFormat writes them: `nan`, `inf` or 1e308 in a file is damage, not a value.
        func number(_ field: Substring) -> Double? {
            field.isEmpty ? .nan : CSVTable.value(of: field)
        }
        var values = [Double]()
        values.reserveCapacity(parameterCount + outcomeCount)
        for field in fields[4...] {
            guard let v = number(field) else { return nil }
            values.append(v)
        }
        self.runID = runID
        self.pointID = pointID
        self.replication = replication
        self.seed = seed
        self.parameterValues = values[0..<parameterCount]
        self.outcomes = Array(values[parameterCount...])
    }

    /// Why `line` is not a row of runs.csv with these counts: the 1-based character column
    /// of the first bad field and what is wrong, for a message naming file, line and column.
    static func problem(line: Substring, parameterCount: Int, outcomeCount: Int) -> (column: Int, message: String) {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        let expected = 4 + parameterCount + outcomeCount
        guard fields.count == expected else { return (1, "\(fields.count) fields where runs.csv has \(expected)") }
        var column = 1
        for (i, field) in fields.enumerated() {
            let ok = i < 3 ? Int(field) != nil : i == 3 ? UInt64(field) != nil
                : field.isEmpty || CSVTable.value(of: field) != nil
            if !ok {
                let text = field.count > 40 ? String(field.prefix(40)) + "..." : String(field)
                return (column, "\"\(text)\" is not \(i < 4 ? "an integer" : "a number within +-1e100")")
            }
            column += field.count + 1
        }
        return (1, "not the row this run should have")
    }

    init(runID: Int, pointID: Int, replication: Int, seed: UInt64, parameterValues: ArraySlice<Double>, outcomes: [Double]) {
        self.runID = runID
        self.pointID = pointID
        self.replication = replication
        self.seed = seed
        self.parameterValues = parameterValues
        self.outcomes = outcomes
    }
}
