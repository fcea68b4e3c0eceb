import Testing
@testable import ScenarioFormat

@Suite("Calendar dates")
struct ScenarioFormatCalendarDateTests {
    @Test("days since the epoch match known dates")
    func knownDays() throws {
        #expect(try #require(CalendarDate(iso: "1970-01-01")).daysSinceEpoch == 0)
        #expect(try #require(CalendarDate(iso: "2000-03-01")).daysSinceEpoch == 11_017)
        #expect(try #require(CalendarDate(iso: "1969-12-31")).daysSinceEpoch == -1)
        // 2024 is a leap year: 366 days from 2024-01-01 to 2025-01-01.
        let start = try #require(CalendarDate(iso: "2024-01-01"))
        #expect(try #require(CalendarDate(iso: "2025-01-01")).days(since: start) == 366)
        #expect(start.adding(days: 59).description == "2024-02-29")
    }

    @Test("converting to days and back is the identity over eleven centuries")
    func roundTrip() {
        var previous = CalendarDate(daysSinceEpoch: -200_000)
        for day in stride(from: -199_999, through: 200_000, by: 37) {
            let date = CalendarDate(daysSinceEpoch: day)
            #expect(date.daysSinceEpoch == day)
            #expect(CalendarDate(iso: date.description) == date)
            #expect(previous < date)
            previous = date
        }
    }
}
