import Foundation
import Testing
@testable import CaseDesk

@Suite("Shifts, ISO weeks and business time taken")
struct ShiftsTests {
    let shifts = Shifts.standard

    @Test("the shift running at a moment, at and across the boundaries", arguments: [
        ("2026-11-25T13:59:00+01:00", "06:00–14:00", "2026-11-25T06:00:00+01:00", "2026-11-25T14:00:00+01:00"),
        ("2026-11-25T14:00:00+01:00", "14:00–22:00", "2026-11-25T14:00:00+01:00", "2026-11-25T22:00:00+01:00"),
        ("2026-11-25T05:59:00+01:00", "22:00–06:00", "2026-11-24T22:00:00+01:00", "2026-11-25T06:00:00+01:00"),
        ("2026-11-25T23:00:00+01:00", "22:00–06:00", "2026-11-25T22:00:00+01:00", "2026-11-26T06:00:00+01:00"),
    ])
    func shiftAt(moment: String, name: String, start: String, end: String) {
        let shift = shifts.shift(at: at(moment), calendar: saarland)
        #expect(shift.name == name)
        #expect(saarland.iso8601(shift.start) == start)
        #expect(saarland.iso8601(shift.end) == end)
    }

    @Test("night shifts over the daylight-saving changes last 9 and 7 hours")
    func daylightSaving() {
        let autumn = shifts.shift(at: at("2026-10-25T01:30:00+02:00"), calendar: saarland)
        #expect(saarland.iso8601(autumn.start) == "2026-10-24T22:00:00+02:00")
        #expect(saarland.iso8601(autumn.end) == "2026-10-25T06:00:00+01:00")
        #expect(autumn.end.timeIntervalSince(autumn.start) == 9 * 3600)
        let spring = shifts.shift(at: at("2026-03-29T04:00:00+02:00"), calendar: saarland)
        #expect(spring.end.timeIntervalSince(spring.start) == 7 * 3600)
        // Both 02:30s of the autumn night belong to the same shift.
        #expect(autumn.contains(at("2026-10-25T02:30:00+02:00")))
        #expect(autumn.contains(at("2026-10-25T02:30:00+01:00")))
        #expect(!autumn.contains(at("2026-10-25T06:30:00+01:00")))
    }

    @Test("the handover is about the shift that is ending, or in a shift's first hour the one that ended")
    func endingShift() {
        #expect(shifts.endingShift(at: at("2026-11-25T13:40:00+01:00"), calendar: saarland).name == "06:00–14:00")
        #expect(shifts.endingShift(at: at("2026-11-25T14:30:00+01:00"), calendar: saarland).name == "06:00–14:00")
        #expect(shifts.endingShift(at: at("2026-11-25T15:30:00+01:00"), calendar: saarland).name == "14:00–22:00")
        let previous = shifts.previous(before: shifts.shift(at: at("2026-11-25T06:10:00+01:00"), calendar: saarland), calendar: saarland)
        #expect(saarland.iso8601(previous.start) == "2026-11-24T22:00:00+01:00")
    }

    @Test("other start times; a single shift runs round the clock")
    func customShifts() {
        let two = Shifts(starts: [7 * 60 + 30, 19 * 60 + 30])
        #expect(two.shift(at: at("2026-11-25T03:00:00+01:00"), calendar: saarland).name == "19:30–07:30")
        let one = Shifts(starts: [8 * 60])
        let day = one.shift(at: at("2026-11-25T12:00:00+01:00"), calendar: saarland)
        #expect(day.end.timeIntervalSince(day.start) == 24 * 3600)
        #expect(Shifts.minutes("24:00") == nil)
        #expect(Shifts.minutes("06:05") == 365)
    }

    @Test("ISO weeks around New Year", arguments: [
        ("2026-12-31", 2026, 53), ("2027-01-01", 2026, 53), ("2027-01-04", 2027, 1),
        ("2024-12-30", 2025, 1), ("2021-01-03", 2020, 53), ("2026-11-25", 2026, 48),
    ])
    func isoWeek(date: String, year: Int, week: Int) {
        #expect(day(date).isoWeek == (year, week))
    }

    @Test("business time taken counts only the business part of each day", arguments: [
        ("2026-11-27T10:00:00+01:00", "2026-11-30T10:00:00+01:00", 86_400),      // Fri 14 h + Mon 10 h
        ("2026-11-25T09:00:00+01:00", "2026-11-25T15:00:00+01:00", 6 * 3600),
        ("2026-12-24T10:00:00+01:00", "2026-12-28T10:00:00+01:00", 24 * 3600),   // Christmas and the weekend skipped
        ("2026-11-28T10:00:00+01:00", "2026-11-29T10:00:00+01:00", 0),           // a weekend
    ])
    func businessSeconds(from: String, to: String, seconds: Int) {
        #expect(saarland.businessSeconds(from: at(from), to: at(to)) == seconds)
    }
}
