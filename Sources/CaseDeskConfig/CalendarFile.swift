import CaseDesk
import Foundation

/// The calendar file: starts from a built-in calendar and changes it.
///
/// ```toml
/// name = "Saarland desk"
/// base = "saarland"                 # built-in rules to start from: "saarland" or "none"
/// zone = "Europe/Berlin"
/// working_week = ["mon", "tue", "wed", "thu", "fri"]
/// remove = ["corpus-christi"]       # ids of built-in rules to drop
///
/// [[holiday]]                       # a rule for every year: month + day, or easter = offset
/// id = "christmas-eve"
/// name = "Christmas Eve"
/// month = 12
/// day = 24
///
/// [[closure]]                       # one-off closure days
/// date = 2026-12-31
/// name = "Year-end closure"
/// ```
public enum CalendarFile {
    public static func load(path: String) throws(ConfigError) -> BusinessCalendar {
        try parse(ConfigDocument.load(path: path))
    }

    public static func parse(text: String, file: String) throws(ConfigError) -> BusinessCalendar {
        try parse(ConfigDocument(text: text, file: file))
    }

    static func parse(_ document: ConfigDocument) throws(ConfigError) -> BusinessCalendar {
        let root = document.reader()
        var calendar: BusinessCalendar
        switch try root.string("base") ?? "saarland" {
        case "saarland": calendar = .saarland
        case "none": calendar = BusinessCalendar(name: "custom", timeZone: BusinessCalendar.saarland.timeZone, rules: [])
        case let other:
            throw root.error("base", .invalidValue("unknown built-in calendar \"\(other)\" (known: saarland, none)"))
        }
        if let name = try root.string("name") { calendar.name = name }
        if let zone = try root.string("zone") {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw root.error("zone", .invalidValue("unknown time zone \"\(zone)\" (expected e.g. Europe/Berlin)"))
            }
            calendar.timeZone = timeZone
        }
        if let days = try root.strings("working_week") {
            var week: Set<Weekday> = []
            for day in days {
                guard let weekday = Weekday(name: day) else {
                    throw root.error("working_week", .invalidValue("\"\(day)\" is not a weekday (mon, tue, …, sun)"))
                }
                week.insert(weekday)
            }
            if week.isEmpty { throw root.error("working_week", .invalidValue("needs at least one working day")) }
            calendar.workingWeek = week
        }
        for id in try root.strings("remove") ?? [] where !calendar.removeRule(id: id) {
            let known = calendar.rules.map(\.id).joined(separator: ", ")
            throw root.error("remove", .invalidValue("no holiday rule \"\(id)\" to remove (rules: \(known))"))
        }
        for holiday in try root.tables("holiday") {
            calendar.addRule(try rule(holiday))
        }
        for closure in try root.tables("closure") {
            let date = try closure.date("date")
            let name = try closure.string("name")
            try closure.rejectUnknownKeys()
            guard let date else {
                throw closure.error(nil, .invalidValue("a closure needs a date"))
            }
            calendar.addClosure(date, name: name ?? "closure day")
        }
        try root.rejectUnknownKeys()
        return calendar
    }

    private static func rule(_ table: ConfigDocument.Reader) throws(ConfigError) -> HolidayRule {
        // Every key is read before any is judged, so a misspelt key is named as such.
        let name = try table.string("name")
        let id = try table.string("id")
        let easter = try table.int("easter")
        let month = try table.int("month")
        let day = try table.int("day")
        try table.rejectUnknownKeys()
        guard let name else {
            throw table.error(nil, .invalidValue("a holiday needs a name"))
        }
        let ruleID = id ?? name.lowercased().replacingOccurrences(of: " ", with: "-")
        if let easter {
            if month != nil || day != nil {
                throw table.error("easter", .invalidValue("a holiday is either easter = offset or month + day, not both"))
            }
            return .easter(ruleID, name, offset: easter)
        }
        guard let month, let day else {
            throw table.error(nil, .invalidValue("holiday \"\(name)\" needs month and day, or easter = offset"))
        }
        // A leap year, so that 29 February is a day of the year.
        guard LocalDate(year: 2024, month: month, day: day) != nil else {
            throw table.error("day", .invalidValue("\(month)/\(day) is not a day of the year"))
        }
        return .fixed(ruleID, name, month: month, day: day)
    }
}
