import Foundation
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
        #expect(error.description == "q.csv:4:3: column value: \"x\" is not a number")
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

    @Test("CRLF line endings read as LF ones, inside quotes too")
    func crlf() throws {
        let table = try CSVTable(text: "a,b\r\n1,\"x\r\ny\"\r\n2,3\r\n", path: "c.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1", "x\r\ny"], ["2", "3"]])
        #expect(table.lineNumbers == [2, 4])
    }

    @Test("numbers are decimal numbers: nan, inf, hex and words are errors with line and column",
          arguments: ["nan", "NaN", "inf", "-infinity", "0x10", "abc", "1e", ".", "-", "1.2.3", " 1", "1e999"])
    func strictNumbers(_ cell: String) throws {
        let table = try CSVTable(text: "id,value\n1,2.5\n2,\(cell)\n", path: "n.csv")
        let error = try #require(throws: InputError.self) { try table.numbers("value") }
        #expect(error.line == 3 && error.column == 3, "\(error)")
        #expect(error.description.hasPrefix("n.csv:3:3: column value:"))
    }

    @Test("numbers as marketsim writes them are read", arguments: [("42", 42.0), ("-0.5", -0.5), ("1.5e-07", 1.5e-7), ("3E+2", 300.0), (".5", 0.5)])
    func decimalNumbers(_ cell: String, _ value: Double) throws {
        let table = try CSVTable(text: "v\n\(cell)\n", path: "d.csv")
        #expect(try table.numbers("v") == [value])
    }

    @Test("a file cut short, a stray quote or a lone carriage return is an error naming line and column")
    func damaged() throws {
        let cut = try #require(throws: InputError.self) { try CSVTable(text: "a,b\n1,2\n3,4", path: "t.csv") }
        #expect(cut.line == 3 && cut.message.contains("cut short"), "\(cut)")
        let stray = try #require(throws: InputError.self) { try CSVTable(text: "a,b\n1,x\"y\n", path: "s.csv") }
        #expect(stray.description.hasPrefix("s.csv:2:3:"), "\(stray)")
        let after = try #require(throws: InputError.self) { try CSVTable(text: "a,b\n\"1\"x,2\n", path: "q.csv") }
        #expect(after.description.hasPrefix("q.csv:2:1:"), "\(after)")
        let cr = try #require(throws: InputError.self) { try CSVTable(text: "a,b\n1,2\r3,4\n", path: "r.csv") }
        #expect(cr.line == 2, "\(cr)")
    }

    @Test("a column named twice is an error at the second one")
    func duplicateHeader() throws {
        let error = try #require(throws: InputError.self) { try CSVTable(text: "run,gap,share,gap\n1,2,3,4\n", path: "runs.csv") }
        #expect(error.description == "runs.csv:1:15: the header names column \"gap\" twice")
    }

    @Test("a file with a header and no rows is an error, unless the reader allows it")
    func headerOnly() throws {
        let path = FileManager.default.temporaryDirectory.path + "/csvtable-header-only-\(ProcessInfo.processInfo.processIdentifier).csv"
        try Data("replication,date,kind\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: InputError.self) { try CSVTable.read(path: path) }
        #expect(error.description == "\(path):2: the file has a header but no rows: it was cut short")
        #expect(try CSVTable.read(path: path, mayBeEmpty: true).rows.isEmpty)
    }

    @Test("a number beyond +-1e100 is an error naming its cell; 1e100 itself is read",
          arguments: [("1e308", true), ("-1.5e101", true), ("1e100", false), ("-1e100", false)])
    func magnitude(_ cell: String, _ rejected: Bool) throws {
        let table = try CSVTable(text: "a,v\nx,\(cell)\n", path: "m.csv")
        if rejected {
            let error = try #require(throws: InputError.self) { try table.numbers("v") }
            #expect(error.description.hasPrefix("m.csv:2:3: column v: \"\(cell)\" is not a number within +-1e100"), "\(error)")
        } else {
            #expect(try table.numbers("v") == [Double(cell)!])
        }
    }

    @Test("weights: numbers at or above 0, not all 0")
    func weights() throws {
        #expect(try CSVTable(text: "weight\n0\n0.5\n", path: "w.csv").weights("weight") == [0, 0.5])
        let zero = try #require(throws: InputError.self) { try CSVTable(text: "weight\n0\n0\n", path: "w.csv").weights("weight") }
        #expect(zero.description == "w.csv:2: column weight: every weight is 0, so no row can be drawn")
        let negative = try #require(throws: InputError.self) { try CSVTable(text: "p,weight\n1,0.5\n2,-1\n", path: "w.csv").weights("weight") }
        #expect(negative.description.hasPrefix("w.csv:3:3: column weight: \"-1\" is not a weight"), "\(negative)")
        let missing = try #require(throws: InputError.self) { try CSVTable(text: "p,weight\n1,\n", path: "w.csv").weights("weight") }
        #expect(missing.description.hasPrefix("w.csv:2:3:"), "\(missing)")
    }
}
