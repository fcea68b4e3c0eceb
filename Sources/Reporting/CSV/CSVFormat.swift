import MarketModel

/// How marketsim writes values into CSV: RFC 4180 quoting, `.` as the decimal point,
/// no thousands separators, and numbers in Swift's shortest round-trip form, which is
/// the same on every machine (so equal runs give byte-identical files).
public enum CSVFormat {
    /// A field quoted when it holds a comma, a quote, or a line break; quotes doubled.
    public static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number: integers without a fraction (`42`), others in shortest round-trip
    /// form (`0.1`, `1.5e-07`); non-finite values are empty fields (missing), which
    /// pandas, R and spreadsheets all read as missing.
    public static func number(_ value: Double) -> String { CSVNumber.format(value) }

    /// One line of a CSV file (with its CRLF-free `\n` terminator).
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\n"
    }
}
