/// A rule that makes some day of every year a public holiday. Rules, not lists, so the calendar is
/// right for any year without anyone typing next year's dates.
public struct HolidayRule: Hashable, Sendable, Codable {
    public enum Date: Hashable, Sendable, Codable {
        /// The same month and day every year (1 May).
        case fixed(month: Int, day: Int)
        /// Days from Western (Gregorian) Easter Sunday (Good Friday is -2).
        case easter(offset: Int)
    }

    /// A stable key ("good-friday") that a calendar file uses to remove the rule.
    public var id: String
    /// The name a desk worker reads in an explanation ("Good Friday").
    public var name: String
    public var date: Date

    public init(id: String, name: String, date: Date) {
        self.id = id
        self.name = name
        self.date = date
    }

    /// The day this rule falls on in `year`, nil when it does not exist that year (29 February).
    public func day(in year: Int) -> LocalDate? {
        switch date {
        case let .fixed(month, day):
            LocalDate(year: year, month: month, day: day)
        case let .easter(offset):
            LocalDate.easterSunday(year: year).adding(days: offset)
        }
    }

    public static func fixed(_ id: String, _ name: String, month: Int, day: Int) -> HolidayRule {
        HolidayRule(id: id, name: name, date: .fixed(month: month, day: day))
    }

    public static func easter(_ id: String, _ name: String, offset: Int) -> HolidayRule {
        HolidayRule(id: id, name: name, date: .easter(offset: offset))
    }
}
