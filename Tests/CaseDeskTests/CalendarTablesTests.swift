import Foundation
import Testing
@testable import CaseDesk

/// The calendar keeps tables (business days by day number, the zone's offsets by transition) so that
/// a million cases' clocks are cheap. These hold the tables to the definitions they stand for.
@Suite("Business calendar: the tables behind the arithmetic")
struct CalendarTablesTests {
    static let zones = ["Europe/Berlin", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC",
                        "Pacific/Apia", "Europe/Moscow", "America/Sao_Paulo", "Asia/Tehran", "Africa/Casablanca", "Pacific/Chatham"]

    @Test("a zone's offsets are ICU's, at every transition and in between", arguments: zones)
    func offsets(identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let table = ZoneOffsets(zone)
        var moments: [Int] = []
        // Every 5 h 13 min 17 s from 1970 to 2100: lands at every hour of the day over the years.
        var moment = 0
        while moment < 4_102_444_800 {
            moments.append(moment)
            moment += 18_797
        }
        // Either side of every transition.
        var instant = Date(timeIntervalSince1970: 0)
        while let next = zone.nextDaylightSavingTimeTransition(after: instant), next.timeIntervalSince1970 < 4_102_444_800 {
            let second = Int(next.timeIntervalSince1970)
            moments += [second - 3601, second - 1, second, second + 1, second + 3600]
            instant = next
        }
        var wrong: [String] = []
        for second in moments where second >= 0 {
            let expected = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second)))
            if table.offset(at: second) != expected { wrong.append("\(second): \(table.offset(at: second) ?? 0) ≠ \(expected)") }
        }
        let wrongCount = wrong.count
        #expect(wrongCount == 0, "\(identifier): \(wrong.prefix(5))")
        #expect(table.offset(at: -1) == nil)
    }

    @Test("desk dates and instants agree with Foundation's calendar in the desk's zone", arguments: ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
    func datesAndInstants(identifier: String) throws {
        var calendar = BusinessCalendar.saarland
        calendar.timeZone = try #require(TimeZone(identifier: identifier))
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        var second = 1_700_000_000.5
        while second < 1_900_000_000 {
            let instant = Date(timeIntervalSince1970: second)
            let parts = gregorian.dateComponents([.year, .month, .day], from: instant)
            let expected = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
            #expect(calendar.localDate(of: instant) == expected)
            let midnight = gregorian.startOfDay(for: instant)
            #expect(calendar.startOfDay(calendar.localDate(of: instant)) == midnight)
            second += 86_400 * 3 + 7_321
        }
    }

    @Test("the business-day table says what the definition says, inside the table's years and outside")
    func businessDays() throws {
        var calendar = BusinessCalendar.saarland
        calendar.addClosure(day("2027-12-31"), name: "year-end")
        calendar.addClosure(day("2105-06-01"), name: "far ahead")
        let removed = calendar.removeRule(id: "corpus-christi")
        #expect(removed)
        calendar.workingWeek = [.monday, .tuesday, .wednesday, .thursday, .saturday]
        calendar.addRule(.fixed("fete", "Fête", month: 7, day: 14))
        var wrong: [LocalDate] = []
        var date = day("1985-01-01")
        while date <= day("2106-01-01") {
            let expected = calendar.workingWeek.contains(date.weekday) && calendar.holidayName(on: date) == nil
                && calendar.closures[date] == nil
            if calendar.isBusinessDay(date) != expected { wrong.append(date) }
            date = date.next
        }
        let wrongCount = wrong.count
        #expect(wrongCount == 0, "\(wrong.prefix(5))")
        #expect(!calendar.isBusinessDay(day("2027-12-31")))
        #expect(calendar.isBusinessDay(day("2027-05-27")))
        #expect(!calendar.isBusinessDay(day("2027-07-14")))
        #expect(calendar.businessDay(3, after: day("2099-12-29")) == day("2100-01-02"))
        #expect(calendar.businessDays(after: day("2100-12-28"), through: day("2101-01-06")) == 6)
    }

    private func day(_ text: String) -> LocalDate { LocalDate(text)! }
}
