import Foundation

/// Time left on an abuse clock, in hours and minutes as the desk reads it: `5h 20m`, `45m`, or
/// overdue `-3h`, `-20m` (whole hours once past an hour, like the business-day clocks' `-2bd`).
public struct HourDuration: Hashable, Sendable, Comparable {
    /// Signed seconds: negative when overdue.
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public var overdue: Bool { seconds < 0 }

    public var text: String {
        let magnitude = abs(seconds)
        let hours = magnitude / 3600
        let minutes = (magnitude % 3600) / 60
        if overdue { return hours > 0 ? "-\(hours)h" : "-\(minutes)m" }
        if hours == 0 { return "\(minutes)m" }
        return minutes == 0 ? "\(hours)h" : "\(hours)h \(minutes)m"
    }

    /// The shortest form for a queue column: `5h`, `45m`, `-3h`.
    public var compactText: String {
        let hours = abs(seconds) / 3600
        if hours > 0 { return "\(overdue ? "-" : "")\(hours)h" }
        return text
    }

    public static func < (lhs: HourDuration, rhs: HourDuration) -> Bool { lhs.seconds < rhs.seconds }

    /// "22:10" in UTC, for explanations of around-the-clock clocks.
    static func utc(_ instant: Date) -> String {
        let seconds = Int(floor(instant.timeIntervalSince1970))
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d", ofDay / 3600, (ofDay % 3600) / 60)
    }

    /// "18:00" in desk time.
    static func wallTime(_ instant: Date, calendar: BusinessCalendar) -> String {
        let wall = calendar.wallClock(instant)
        return String(format: "%02d:%02d", wall.hour, wall.minute)
    }
}
