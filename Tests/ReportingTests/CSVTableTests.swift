import Testing
@testable import Reporting

@Suite("Reading CSV back")
struct CSVTableTests {
    @Test("header, rows, and numbers with empty cells as missing")
    func readsNumbers() throws {
        let table = try CSVTable(text: "replication,date,gap_points\n0,2026-01-01,4.5\n0,2026-02-01,\n", path: "t.csv")
        #expect(table.header == ["replication", "date", "gap_points"])
        #expect(table.rows.count == 2)
        #expect(try table.numbers("gap_points") == [4.5, nil])
        #expect(try table.strings("date") == ["2026-01-01", "2026-02-01"])
        #expect(table.lineNumbers == [2, 3])
    }

    @Test("quoted fields with commas, quotes and line breaks keep line numbers right")
    func quotedFields() throws {
        let text = "name,value\n\"a, \"\"quoted\"\"\nname\",1\nb,x\n"
        let table = try CSVTable(text: text, path: "q.csv")
        #expect(table.rows[0][0] == "a, \"quoted\"\nname")
        #expect(table.lineNumbers == [2, 4])
        let error = try #require(throws: InputError.self) { try table.numbers("value") }
        #expect(error.description == "q.csv:4: column value: \"x\" is not a number")
    }

    @Test("a row with too few fields names the file and line")
    func wrongFieldCount() throws {
        let error = try #require(throws: InputError.self) {
            try CSVTable(text: "a,b\n1,2\n3\n", path: "runs.csv")
        }
        #expect(error.description == "runs.csv:3: 1 fields where the header has 2")
    }

    @Test("an unterminated quote is an error")
    func unterminatedQuote() throws {
        let error = try #require(throws: InputError.self) {
            try CSVTable(text: "a,b\n1,2\n\"3,4\n5,6\n", path: "u.csv")
        }
        #expect(error.path == "u.csv")
        #expect(error.line == 3)
    }

    @Test("an empty file and a missing column are errors")
    func emptyAndMissing() throws {
        #expect(throws: InputError.self) { try CSVTable(text: "", path: "e.csv") }
        let table = try CSVTable(text: "a\n1\n", path: "m.csv")
        let error = try #require(throws: InputError.self) { try table.numbers("b") }
        #expect(error.description == "m.csv:1: no column \"b\" in the header")
    }
}
