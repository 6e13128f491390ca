import ArgumentParser
import CaseDesk
import Foundation

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "List the weekdays of a year that are not business days (holidays and closures).")

    @Argument(help: "The year (default: this year, desk time).")
    var year: Int?

    @OptionGroup var calendarOption: CalendarOption

    @Flag(name: .customLong("json"), help: "Print JSON: the calendar's name, the year, and each day off with its reason.")
    var json = false

    func validate() throws {
        if let year, !(1583...9999).contains(year) {
            throw ValidationError("YEAR must be a Gregorian year from 1583 to 9999, got \(year)")
        }
    }

    func run() throws {
        let calendar = try calendarOption.load()
        let year = year ?? calendar.localDate(of: Date()).year
        let days = calendar.nonWorkingWeekdays(in: year)
        if json {
            struct Day: Encodable { var date: String; var weekday: String; var reason: String }
            struct Year: Encodable { var calendar: String; var zone: String; var year: Int; var days: [Day] }
            try JSONOutput.print(Year(calendar: calendar.name, zone: calendar.timeZone.identifier, year: year,
                                      days: days.map { Day(date: $0.date.description, weekday: $0.date.weekday.name, reason: $0.status.reason) }),
                                 calendar: calendar)
            return
        }
        print("\(calendar.name), \(year): \(days.count) weekday\(days.count == 1 ? "" : "s") off")
        for (date, status) in days {
            print("\(date)  \(date.weekday.shortName)  \(status.reason)")
        }
    }
}
