import Foundation
import Testing
@testable import CaseDesk

/// Holidays of Germany/Saarland, 2026–2030, written out by hand (not computed) so the rules are checked
/// against an independent table.
let handTable: [String: String] = [
    // 2026 (Easter 5 Apr)
    "2026-01-01": "New Year's Day", "2026-04-03": "Good Friday", "2026-04-06": "Easter Monday",
    "2026-05-01": "Labour Day", "2026-05-14": "Ascension Day", "2026-05-25": "Whit Monday",
    "2026-06-04": "Corpus Christi", "2026-08-15": "Assumption Day", "2026-10-03": "German Unity Day",
    "2026-11-01": "All Saints' Day", "2026-12-25": "Christmas Day", "2026-12-26": "St Stephen's Day",
    // 2027 (Easter 28 Mar)
    "2027-01-01": "New Year's Day", "2027-03-26": "Good Friday", "2027-03-29": "Easter Monday",
    "2027-05-01": "Labour Day", "2027-05-06": "Ascension Day", "2027-05-17": "Whit Monday",
    "2027-05-27": "Corpus Christi", "2027-08-15": "Assumption Day", "2027-10-03": "German Unity Day",
    "2027-11-01": "All Saints' Day", "2027-12-25": "Christmas Day", "2027-12-26": "St Stephen's Day",
    // 2028 (Easter 16 Apr)
    "2028-01-01": "New Year's Day", "2028-04-14": "Good Friday", "2028-04-17": "Easter Monday",
    "2028-05-01": "Labour Day", "2028-05-25": "Ascension Day", "2028-06-05": "Whit Monday",
    "2028-06-15": "Corpus Christi", "2028-08-15": "Assumption Day", "2028-10-03": "German Unity Day",
    "2028-11-01": "All Saints' Day", "2028-12-25": "Christmas Day", "2028-12-26": "St Stephen's Day",
    // 2029 (Easter 1 Apr)
    "2029-01-01": "New Year's Day", "2029-03-30": "Good Friday", "2029-04-02": "Easter Monday",
    "2029-05-01": "Labour Day", "2029-05-10": "Ascension Day", "2029-05-21": "Whit Monday",
    "2029-05-31": "Corpus Christi", "2029-08-15": "Assumption Day", "2029-10-03": "German Unity Day",
    "2029-11-01": "All Saints' Day", "2029-12-25": "Christmas Day", "2029-12-26": "St Stephen's Day",
    // 2030 (Easter 21 Apr)
    "2030-01-01": "New Year's Day", "2030-04-19": "Good Friday", "2030-04-22": "Easter Monday",
    "2030-05-01": "Labour Day", "2030-05-30": "Ascension Day", "2030-06-10": "Whit Monday",
    "2030-06-20": "Corpus Christi", "2030-08-15": "Assumption Day", "2030-10-03": "German Unity Day",
    "2030-11-01": "All Saints' Day", "2030-12-25": "Christmas Day", "2030-12-26": "St Stephen's Day",
]

@Suite("Business calendar: Germany/Saarland")
struct BusinessCalendarTests {
    @Test("every day of 2026–2030 has the status the hand-made table gives")
    func everyDayMatchesTheTable() {
        var date = day("2026-01-01")
        while date <= day("2030-12-31") {
            let expected: BusinessCalendar.DayStatus
            if let name = handTable[date.description] {
                expected = .holiday(name)
            } else if date.weekday == .saturday || date.weekday == .sunday {
                expected = .weekend
            } else {
                expected = .business
            }
            #expect(saarland.status(of: date) == expected, "\(date)")
            date = date.next
        }
    }

    @Test("Easter Sunday by the Gregorian computus", arguments: [
        (2026, "2026-04-05"), (2027, "2027-03-28"), (2028, "2028-04-16"), (2029, "2029-04-01"),
        (2030, "2030-04-21"), (2038, "2038-04-25"), (2285, "2285-03-22"), (1943, "1943-04-25"),
    ])
    func easter(year: Int, expected: String) {
        #expect(LocalDate.easterSunday(year: year).description == expected)
    }

    @Test("holidays are right outside the precomputed years too")
    func farYears() {
        let goodFriday = LocalDate.easterSunday(year: 2201).adding(days: -2)
        #expect(saarland.holidayName(on: goodFriday) == "Good Friday")
        #expect(saarland.holidayName(on: day("1900-12-25")) == "Christmas Day")
        #expect(saarland.holidayName(on: day("1900-12-27")) == nil)
    }

    @Test("due dates, written out by hand", arguments: [
        // The two examples.
        ("2027-03-25T10:00:00+01:00", 2, "2027-03-31T23:59:59+02:00"),
        ("2026-12-23", 10, "2027-01-08T23:59:59+01:00"),
        // N = 0: the end of the receipt day itself.
        ("2027-03-25T10:00:00+01:00", 0, "2027-03-25T23:59:59+01:00"),
        ("2026-10-03T12:00:00+02:00", 0, "2026-10-03T23:59:59+02:00"),
        // N = 1: received on a Saturday (and a holiday), Monday is day 1.
        ("2026-10-03T12:00:00+02:00", 1, "2026-10-05T23:59:59+02:00"),
        // The receipt date is the desk's date, not UTC's: 22:30Z is already Wednesday in Berlin.
        ("2026-06-02T22:30:00Z", 1, "2026-06-05T23:59:59+02:00"),
        ("2026-06-02T21:30:00Z", 1, "2026-06-03T23:59:59+02:00"),
        // Late evening still counts as that day.
        ("2029-10-02T20:00:00Z", 1, "2029-10-04T23:59:59+02:00"),
        // Daylight saving: spring (29 Mar 2026, 28 Mar 2027) and autumn (25 Oct 2026).
        ("2026-03-27T09:00:00+01:00", 1, "2026-03-30T23:59:59+02:00"),
        ("2027-03-27T23:30:00+01:00", 2, "2027-03-31T23:59:59+02:00"),
        ("2026-10-23T09:00:00+02:00", 1, "2026-10-26T23:59:59+01:00"),
        // N = 2 around Christmas, Unity Day, Assumption.
        ("2026-12-24T09:00:00+01:00", 2, "2026-12-29T23:59:59+01:00"),
        ("2028-10-02T09:00:00+02:00", 2, "2028-10-05T23:59:59+02:00"),
        ("2030-08-14T09:00:00+02:00", 2, "2030-08-19T23:59:59+02:00"),
        ("2027-05-14T16:00:00+02:00", 1, "2027-05-18T23:59:59+02:00"),
        // N = 10 across Easter 2028 and a year end.
        ("2028-04-12T11:00:00+02:00", 10, "2028-04-28T23:59:59+02:00"),
        ("2029-12-21T11:00:00+01:00", 10, "2030-01-09T23:59:59+01:00"),
        // N = 20 through Ascension, Whit Monday and Corpus Christi; and past New Year.
        ("2029-05-01T10:00:00+02:00", 20, "2029-06-01T23:59:59+02:00"),
        ("2026-12-23", 20, "2027-01-22T23:59:59+01:00"),
    ])
    func due(received: String, n: Int, expected: String) {
        #expect(saarland.iso8601(saarland.due(received: at(received), businessDays: n)) == expected)
    }

    @Test("the explanation names Good Friday and Easter Monday and counts the days")
    func explanation() {
        let lines = saarland.explain(received: at("2027-03-25T10:00:00+01:00"), businessDays: 2).map(\.text)
        #expect(lines == [
            "Thu 25 Mar 2027  day of receipt, not counted",
            "Fri 26 Mar 2027  skipped: Good Friday",
            "Sat 27 Mar 2027  skipped: weekend",
            "Sun 28 Mar 2027  skipped: weekend",
            "Mon 29 Mar 2027  skipped: Easter Monday",
            "Tue 30 Mar 2027  day 1",
            "Wed 31 Mar 2027  day 2",
        ])
    }

    @Test("business time left, as the countdown shows it", arguments: [
        ("2027-03-30T15:00:00+02:00", "1bd 9h", false),
        ("2027-03-31T19:00:00+02:00", "0bd 5h", false),
        ("2027-03-26T12:00:00+01:00", "2bd", false),      // Good Friday counts nothing
        ("2027-04-01T10:00:00+02:00", "-10h", true),
        ("2027-04-06T10:00:00+02:00", "-3bd 10h", true),  // Thu, Fri, Mon missed, 10 h of Tue
    ])
    func timeLeft(now: String, text: String, overdue: Bool) {
        let due = saarland.due(received: at("2027-03-25T10:00:00+01:00"), businessDays: 2)
        let left = saarland.businessTimeLeft(from: at(now), until: due)
        #expect(left.text == text)
        #expect(left.overdue == overdue)
    }

    @Test("due soon means less than one business day left")
    func dueSoon() {
        let due = saarland.due(received: at("2027-03-25T10:00:00+01:00"), businessDays: 2)
        #expect(saarland.businessTimeLeft(from: at("2027-03-31T08:00:00+02:00"), until: due).isDueSoon)
        #expect(!saarland.businessTimeLeft(from: at("2027-03-30T08:00:00+02:00"), until: due).isDueSoon)
        #expect(saarland.businessTimeLeft(from: at("2027-03-30T08:00:00+02:00"), until: due).compactText == "1bd")
    }

    @Test("closures and a different working week")
    func closuresAndWeek() {
        var calendar = BusinessCalendar.saarland
        calendar.addClosure(day("2026-12-31"), name: "year-end")
        #expect(calendar.status(of: day("2026-12-31")) == .closure("year-end"))
        calendar.workingWeek.insert(.saturday)
        // Jours ouvrables: Saturday counts.
        #expect(calendar.iso8601(calendar.due(received: at("2027-01-08T10:00:00+01:00"), businessDays: 1))
                == "2027-01-09T23:59:59+01:00")
        let removed = calendar.removeRule(id: "corpus-christi")
        #expect(removed)
        #expect(calendar.isBusinessDay(day("2027-05-27")))
        let removedUnknown = calendar.removeRule(id: "no-such-rule")
        #expect(!removedUnknown)
    }

    @Test("non-working weekdays of 2027 with their names")
    func yearListing() {
        let days = saarland.nonWorkingWeekdays(in: 2027).map { "\($0.date) \($0.status.reason)" }
        #expect(days == [
            "2027-01-01 New Year's Day", "2027-03-26 Good Friday", "2027-03-29 Easter Monday",
            "2027-05-06 Ascension Day", "2027-05-17 Whit Monday", "2027-05-27 Corpus Christi",
            "2027-11-01 All Saints' Day",
        ])
    }

    @Test("moments people type", arguments: [
        ("2027-03-25T10:00:00+01:00", "2027-03-25T10:00:00+01:00"),
        ("2027-03-25T09:00:00Z", "2027-03-25T10:00:00+01:00"),
        ("2027-03-25T10:00", "2027-03-25T10:00:00+01:00"),
        ("2027-03-25 10:00", "2027-03-25T10:00:00+01:00"),
        ("2027-07-01", "2027-07-01T00:00:00+02:00"),
        ("2027-03-25T10:00:00.250+0100", "2027-03-25T10:00:00+01:00"),
    ])
    func parsing(text: String, expected: String) throws {
        let moment = try #require(saarland.parseMoment(text))
        #expect(saarland.iso8601(moment) == expected)
    }

    @Test("wall-clock times from the offset table agree with the zone, across daylight saving and outside the table's years")
    func wallClockAgreesWithZone() throws {
        let zone = saarland.timeZone
        var moments: [Double] = [-86_400 * 400 - 0.5, -1, -0.25, 0, 1_743_296_399, 1_743_296_400, 1_761_440_399, 1_761_440_400,
                                 4_102_444_800 + 86_400 * 200]
        moments += stride(from: 1_800_000_000.0, to: 1_900_000_000, by: 987_654.321)
        for seconds in moments {
            let instant = Date(timeIntervalSince1970: seconds)
            let wall = saarland.wallClock(instant)
            let offset = zone.secondsFromGMT(for: instant)
            var gregorian = Calendar(identifier: .gregorian)
            gregorian.timeZone = zone
            let parts = gregorian.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
            #expect(wall.offset == offset, "\(seconds)")
            #expect(wall.date == LocalDate(year: parts.year!, month: parts.month!, day: parts.day!), "\(seconds)")
            let clock: [Int] = [wall.hour, wall.minute, wall.second]
            let expected: [Int] = [parts.hour!, parts.minute!, parts.second!]
            #expect(clock == expected, "\(seconds)")
            #expect(saarland.localDate(of: instant) == wall.date)
        }
    }

    @Test("nonsense is not a moment", arguments: ["", "tomorrow", "2027-02-30", "2027-03-25T25:00", "2027-03-25T10:00+99:00", "25.03.2027"])
    func badMoments(text: String) {
        #expect(saarland.parseMoment(text) == nil)
    }
}
