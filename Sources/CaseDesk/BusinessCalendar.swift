import Foundation

/// The desk's working days: a working week, public holidays by rule, one-off closure days, and the
/// desk's time zone. Every promise of the procedure is counted on it (PROCEDURE.md, "Business days").
public struct BusinessCalendar: Sendable, Equatable {
    /// Why a day is or is not a business day.
    public enum DayStatus: Hashable, Sendable {
        case business
        case weekend
        case holiday(String)
        case closure(String)

        public var isBusiness: Bool { self == .business }

        /// "weekend", "Good Friday", "closure: staff outing".
        public var reason: String {
            switch self {
            case .business: "business day"
            case .weekend: "weekend"
            case let .holiday(name): name
            case let .closure(name): "closure day: \(name)"
            }
        }
    }

    public var name: String
    public var timeZone: TimeZone {
        didSet { offsets = ZoneOffsets(timeZone) }
    }
    public var workingWeek: Set<Weekday> {
        didSet { businessDays = BusinessDayTable(self) }
    }
    public private(set) var rules: [HolidayRule]
    public private(set) var closures: [LocalDate: String]

    /// Holidays of the years most cases live in, computed once; other years are computed on demand.
    fileprivate var holidayTable: [Int: String]
    fileprivate static let tableYears = 1990...2100
    /// Whether each day of `tableYears` is a business day, and the zone's offsets over those years:
    /// a million cases' clocks walk these instead of hashing dates and asking ICU.
    private var businessDays = BusinessDayTable.empty
    private var offsets: ZoneOffsets

    public init(
        name: String,
        timeZone: TimeZone,
        workingWeek: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday],
        rules: [HolidayRule],
        closures: [LocalDate: String] = [:]
    ) {
        self.name = name
        self.timeZone = timeZone
        self.workingWeek = workingWeek
        self.rules = rules
        self.closures = closures
        self.holidayTable = BusinessCalendar.buildTable(rules)
        self.offsets = ZoneOffsets(timeZone)
        self.businessDays = BusinessDayTable(self)
    }

    public static func == (lhs: BusinessCalendar, rhs: BusinessCalendar) -> Bool {
        lhs.name == rhs.name && lhs.timeZone.identifier == rhs.timeZone.identifier
            && lhs.workingWeek == rhs.workingWeek && lhs.rules == rhs.rules && lhs.closures == rhs.closures
    }

    /// Germany, state of Saarland, Monday–Friday, Europe/Berlin: the desk's default.
    public static let saarland = BusinessCalendar(
        name: "Germany/Saarland",
        timeZone: TimeZone(identifier: "Europe/Berlin")!,
        rules: saarlandRules
    )

    public static let saarlandRules: [HolidayRule] = [
        .fixed("new-year", "New Year's Day", month: 1, day: 1),
        .easter("good-friday", "Good Friday", offset: -2),
        .easter("easter-monday", "Easter Monday", offset: 1),
        .fixed("labour-day", "Labour Day", month: 5, day: 1),
        .easter("ascension", "Ascension Day", offset: 39),
        .easter("whit-monday", "Whit Monday", offset: 50),
        .easter("corpus-christi", "Corpus Christi", offset: 60),
        .fixed("assumption", "Assumption Day", month: 8, day: 15),
        .fixed("german-unity", "German Unity Day", month: 10, day: 3),
        .fixed("all-saints", "All Saints' Day", month: 11, day: 1),
        .fixed("christmas", "Christmas Day", month: 12, day: 25),
        .fixed("st-stephen", "St Stephen's Day", month: 12, day: 26),
    ]

    // MARK: Changing the calendar

    public mutating func setRules(_ rules: [HolidayRule]) {
        self.rules = rules
        holidayTable = BusinessCalendar.buildTable(rules)
        businessDays = BusinessDayTable(self)
    }

    public mutating func addRule(_ rule: HolidayRule) {
        setRules(rules.filter { $0.id != rule.id } + [rule])
    }

    /// Removes the rule with this id; false when there was none (so a calendar file can say which key is wrong).
    @discardableResult
    public mutating func removeRule(id: String) -> Bool {
        guard rules.contains(where: { $0.id == id }) else { return false }
        setRules(rules.filter { $0.id != id })
        return true
    }

    public mutating func addClosure(_ date: LocalDate, name: String) {
        closures[date] = name
        businessDays = BusinessDayTable(self)
    }

    private static func buildTable(_ rules: [HolidayRule]) -> [Int: String] {
        var table: [Int: String] = [:]
        for year in tableYears {
            for rule in rules {
                if let day = rule.day(in: year), table[day.dayNumber] == nil {
                    table[day.dayNumber] = rule.name
                }
            }
        }
        return table
    }

    // MARK: Days

    public func holidayName(on date: LocalDate) -> String? {
        if BusinessCalendar.tableYears.contains(date.year) {
            return holidayTable[date.dayNumber]
        }
        return rules.first(where: { $0.day(in: date.year) == date })?.name
    }

    public func status(of date: LocalDate) -> DayStatus {
        if let name = holidayName(on: date) { return .holiday(name) }
        if let name = closures[date] { return .closure(name) }
        if !workingWeek.contains(date.weekday) { return .weekend }
        return .business
    }

    public func isBusinessDay(_ date: LocalDate) -> Bool {
        isBusinessDay(dayNumber: date.dayNumber)
    }

    private func isBusinessDay(dayNumber: Int) -> Bool {
        if let known = businessDays[dayNumber] { return known }
        return status(of: LocalDate(dayNumber: dayNumber)).isBusiness
    }

    /// The N-th business day strictly after `date`; N = 0 is `date` itself.
    public func businessDay(_ n: Int, after date: LocalDate) -> LocalDate {
        precondition(!workingWeek.isEmpty, "a calendar needs at least one working day")
        var day = date.dayNumber
        var counted = 0
        while counted < n {
            day += 1
            if isBusinessDay(dayNumber: day) { counted += 1 }
        }
        return counted == 0 ? date : LocalDate(dayNumber: day)
    }

    /// Business days in the half-open range (from, to]: how many the procedure counts between two dates.
    public func businessDays(after from: LocalDate, through to: LocalDate) -> Int {
        guard to > from else { return 0 }
        var count = 0
        for day in (from.dayNumber + 1)...to.dayNumber where isBusinessDay(dayNumber: day) {
            count += 1
        }
        return count
    }

    /// The weekdays of `year` that are not business days (holidays and closures), with their names.
    public func nonWorkingWeekdays(in year: Int) -> [(date: LocalDate, status: DayStatus)] {
        let first = LocalDate(year: year, month: 1, day: 1)!
        let last = LocalDate(year: year, month: 12, day: 31)!
        var result: [(LocalDate, DayStatus)] = []
        var day = first
        while day <= last {
            if workingWeek.contains(day.weekday) {
                let status = status(of: day)
                if !status.isBusiness { result.append((day, status)) }
            }
            day = day.next
        }
        return result
    }

    // MARK: Instants and desk-time dates

    /// The calendar date of an instant in the desk's time zone.
    public func localDate(of instant: Date) -> LocalDate {
        wallClock(instant).date
    }

    /// The instant at which `date` begins in the desk's time zone.
    public func startOfDay(_ date: LocalDate) -> Date {
        instant(date, secondsIntoDay: 0)
    }

    /// The last millisecond of `date` in desk time: what "by the end of the day" means.
    public func endOfDay(_ date: LocalDate) -> Date {
        startOfDay(date.next).addingTimeInterval(-0.001)
    }

    /// The instant at a wall-clock time of a desk date. Across a daylight-saving gap the later offset wins.
    public func instant(_ date: LocalDate, secondsIntoDay: Int) -> Date {
        let local = date.dayNumber * 86_400 + secondsIntoDay
        let guess = local - offset(at: local)
        return Date(timeIntervalSince1970: Double(local - offset(at: guess)))
    }

    /// The zone's offset from UTC at an instant given in whole seconds since 1970: from the table of
    /// offsets, asking the zone itself only outside the years it covers.
    func offset(at seconds: Int) -> Int {
        offsets.offset(at: seconds) ?? timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }

    // MARK: The procedure's arithmetic

    /// "Within N business days of D": the end (desk time) of the N-th business day strictly after
    /// the calendar date of D. The day of receipt never counts, whatever the hour.
    public func due(received: Date, businessDays n: Int) -> Date {
        endOfDay(businessDay(n, after: localDate(of: received)))
    }

    /// Business time between `now` and `due`: whole business days after today up to the due date,
    /// plus the hours left today when today is a business day; negative (overdue) past the due moment.
    /// The due day itself always counts: the work is due that day whatever kind of day it is.
    public func businessTimeLeft(from now: Date, until due: Date) -> BusinessDuration {
        let today = localDate(of: now)
        let dueDay = localDate(of: due)
        if now <= due {
            // Count to midnight, so 15:00 leaves 9 h of the day, not 8 h 59 min 59.999 s.
            if today == dueDay {
                return BusinessDuration(days: 0, seconds: Int(startOfDay(today.next).timeIntervalSince(now)), overdue: false)
            }
            let partial = isBusinessDay(today) ? Int(startOfDay(today.next).timeIntervalSince(now)) : 0
            let between = businessDays(after: today, through: dueDay.adding(days: -1))
            return BusinessDuration(days: between + 1, seconds: partial, overdue: false)
        }
        if today == dueDay {
            return BusinessDuration(days: 0, seconds: Int(now.timeIntervalSince(due)), overdue: true)
        }
        let partial = isBusinessDay(today) ? Int(now.timeIntervalSince(startOfDay(today))) : 0
        let between = businessDays(after: dueDay, through: today.adding(days: -1))
        return BusinessDuration(days: between, seconds: partial, overdue: true)
    }

    /// Every day from the receipt date to the due date, counted or skipped and why.
    public func explain(received: Date, businessDays n: Int) -> [DayEntry] {
        let start = localDate(of: received)
        return [DayEntry(date: start, kind: .receipt)] + dayEntries(after: start, businessDays: n, counting: DayEntry.Kind.counted)
    }

    /// Every day after `start` up to its n-th business day: each business day as `counting(i)` for
    /// its place i (1...n), every other day skipped and why. What explanations are made of.
    public func dayEntries(after start: LocalDate, businessDays n: Int, counting: (Int) -> DayEntry.Kind) -> [DayEntry] {
        var entries: [DayEntry] = []
        var day = start
        var counted = 0
        while counted < n {
            day = day.next
            let status = status(of: day)
            if status.isBusiness {
                counted += 1
                entries.append(DayEntry(date: day, kind: counting(counted)))
            } else {
                entries.append(DayEntry(date: day, kind: .skipped(status)))
            }
        }
        return entries
    }

    /// One line of an explanation.
    public struct DayEntry: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            /// The day the message arrived: never counted.
            case receipt
            /// The n-th business day counted.
            case counted(Int)
            case skipped(DayStatus)
            /// A business day credited back after a pause (the n-th counted day overall).
            case credited(Int)
        }

        public var date: LocalDate
        public var kind: Kind

        public init(date: LocalDate, kind: Kind) {
            self.date = date
            self.kind = kind
        }

        public var text: String {
            switch kind {
            case .receipt: "\(date.readable)  day of receipt, not counted"
            case let .counted(n): "\(date.readable)  day \(n)"
            case let .skipped(status): "\(date.readable)  skipped: \(status.reason)"
            case let .credited(n): "\(date.readable)  day \(n) (credited back for the pause)"
            }
        }
    }
}

extension BusinessCalendar {
    /// Business time elapsed between two instants: the part of each business day that lies between
    /// them, in seconds (a whole business day is 86,400). What "took 1.5 business days" measures.
    public func businessSeconds(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        var total = 0.0
        var day = localDate(of: start)
        let last = localDate(of: end)
        while day <= last {
            if isBusinessDay(day) {
                let from = max(start, startOfDay(day))
                let to = min(end, startOfDay(day.next))
                if to > from { total += to.timeIntervalSince(from) }
            }
            day = day.next
        }
        return Int(total)
    }
}

/// Whether each day of the calendar's table years is a business day, in one flat array by day number.
private final class BusinessDayTable: Sendable {
    static let empty = BusinessDayTable(first: 0, flags: [])

    private let first: Int
    private let flags: [Bool]

    private init(first: Int, flags: [Bool]) {
        self.first = first
        self.flags = flags
    }

    convenience init(_ calendar: BusinessCalendar) {
        self.init(workingWeek: calendar.workingWeek, holidays: calendar.holidayTable.keys, closures: calendar.closures.keys)
    }

    private convenience init(workingWeek: Set<Weekday>, holidays: some Sequence<Int>, closures: some Sequence<LocalDate>) {
        let first = LocalDate(year: BusinessCalendar.tableYears.lowerBound, month: 1, day: 1)!.dayNumber
        let last = LocalDate(year: BusinessCalendar.tableYears.upperBound, month: 12, day: 31)!.dayNumber
        // Weekday.allCases runs Monday first, like the index LocalDate.weekday computes.
        let working = Weekday.allCases.map(workingWeek.contains)
        var flags = (first...last).map { working[(($0 % 7) + 7 + 3) % 7] }
        for day in holidays where day >= first && day <= last {
            flags[day - first] = false
        }
        for date in closures where date.dayNumber >= first && date.dayNumber <= last {
            flags[date.dayNumber - first] = false
        }
        self.init(first: first, flags: flags)
    }

    /// Nil outside the table: the caller works it out.
    subscript(dayNumber: Int) -> Bool? {
        let index = dayNumber - first
        return index >= 0 && index < flags.count ? flags[index] : nil
    }
}

/// A time zone's offsets from UTC between 1970 and 2100, from its transitions, so that turning an
/// instant into a desk date is a binary search rather than a call into ICU.
final class ZoneOffsets: Sendable {
    private let start: Int
    private let end: Int
    /// `offsets[0]` holds from `start`; `offsets[i + 1]` from `transitions[i]`.
    private let transitions: [Int]
    private let offsets: [Int]

    init(_ zone: TimeZone) {
        let start = 0
        let end = Int(LocalDate(year: 2101, month: 1, day: 1)!.dayNumber) * 86_400
        var transitions: [Int] = []
        var offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start)))]
        var moment = Date(timeIntervalSince1970: Double(start))
        while let next = zone.nextDaylightSavingTimeTransition(after: moment), next.timeIntervalSince1970 < Double(end),
              next > moment {
            transitions.append(Int(next.timeIntervalSince1970.rounded(.down)))
            offsets.append(zone.secondsFromGMT(for: next))
            moment = next
        }
        self.start = start
        self.end = end
        self.transitions = transitions
        self.offsets = offsets
    }

    /// The offset at `seconds` since 1970, or nil outside the years the table covers.
    func offset(at seconds: Int) -> Int? {
        guard seconds >= start, seconds < end else { return nil }
        // The number of transitions at or before `seconds`.
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }
}
