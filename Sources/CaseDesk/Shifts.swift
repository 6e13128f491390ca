import Foundation

/// The desk's shifts, as the wall-clock times (desk time) at which each one starts; each runs until
/// the next one starts. Default: 06:00–14:00, 14:00–22:00, 22:00–06:00.
public struct Shifts: Sendable, Equatable, Codable {
    /// Minutes after midnight, ascending, at least one.
    public private(set) var starts: [Int]

    public init(starts: [Int] = [6 * 60, 14 * 60, 22 * 60]) {
        let cleaned = Array(Set(starts.filter { (0..<1440).contains($0) })).sorted()
        self.starts = cleaned.isEmpty ? [0] : cleaned
    }

    public static let standard = Shifts()

    /// One shift on one day: when it starts and ends (instants), and its name ("06:00–14:00").
    public struct Period: Sendable, Equatable {
        public var start: Date
        public var end: Date
        public var name: String

        public func contains(_ instant: Date) -> Bool { instant >= start && instant < end }
    }

    /// The shift running at `instant`.
    public func shift(at instant: Date, calendar: BusinessCalendar) -> Period {
        let wall = calendar.wallClock(instant)
        let minute = wall.hour * 60 + wall.minute
        // The last start at or before the wall-clock minute; before the first start, yesterday's last.
        if let index = starts.lastIndex(where: { $0 <= minute }) {
            return period(day: wall.date, index: index, calendar: calendar)
        }
        return period(day: wall.date.adding(days: -1), index: starts.count - 1, calendar: calendar)
    }

    /// The shift after `period`.
    public func next(after period: Period, calendar: BusinessCalendar) -> Period {
        shift(at: period.end, calendar: calendar)
    }

    /// The shift before `period`.
    public func previous(before period: Period, calendar: BusinessCalendar) -> Period {
        shift(at: period.start.addingTimeInterval(-1), calendar: calendar)
    }

    /// The shift a handover at `now` is about: the one that is ending (the current one), or, in the
    /// first hour of a shift, the one that has just ended — the incoming supervisor reads that one.
    public func endingShift(at now: Date, calendar: BusinessCalendar) -> Period {
        let current = shift(at: now, calendar: calendar)
        return now.timeIntervalSince(current.start) < 3600 ? previous(before: current, calendar: calendar) : current
    }

    private func period(day: LocalDate, index: Int, calendar: BusinessCalendar) -> Period {
        let startMinute = starts[index]
        let endMinute = index + 1 < starts.count ? starts[index + 1] : starts[0]
        let endDay = index + 1 < starts.count ? day : day.next
        return Period(
            start: calendar.instant(day, secondsIntoDay: startMinute * 60),
            end: calendar.instant(endDay, secondsIntoDay: endMinute * 60),
            name: "\(Shifts.clock(startMinute))–\(Shifts.clock(endMinute))")
    }

    public static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// "06:00" → 360.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }
}
