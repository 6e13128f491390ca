/// Business time between now and a due moment, as the desk reads it: whole business days plus the
/// hours of the current day (`3bd 4h`, `0bd 5h`), or how long overdue (`-2bd`).
public struct BusinessDuration: Hashable, Sendable, Comparable {
    /// Whole business days.
    public var days: Int
    /// Seconds of the current day on top of the whole days.
    public var seconds: Int
    public var overdue: Bool

    public init(days: Int, seconds: Int, overdue: Bool) {
        self.days = days
        self.seconds = max(0, seconds)
        self.overdue = overdue
    }

    /// Less than one business day left: the procedure's "due soon".
    public var isDueSoon: Bool { !overdue && days == 0 }

    public var hours: Int { seconds / 3600 }
    public var minutes: Int { (seconds % 3600) / 60 }

    /// Signed business seconds (a day counts 24 h), for ordering.
    public var signedSeconds: Int {
        let total = days * 86_400 + seconds
        return overdue ? -total : total
    }

    /// `2bd 9h`, `0bd 5h`, `0bd 25m`, `-1bd 10h`.
    public var text: String {
        let sign = overdue ? "-" : ""
        if days == 0, hours == 0 {
            return overdue ? "-\(minutes)m" : "0bd \(minutes)m"
        }
        if hours == 0 { return "\(sign)\(days)bd" }
        if overdue, days == 0 { return "-\(hours)h" }
        return "\(sign)\(days)bd \(hours)h"
    }

    /// The shortest form for a queue column: `3bd`, `0bd 5h`, `-2bd`, `-5h`.
    public var compactText: String {
        if days > 0 { return "\(overdue ? "-" : "")\(days)bd" }
        return text
    }

    public static func < (lhs: BusinessDuration, rhs: BusinessDuration) -> Bool {
        lhs.signedSeconds < rhs.signedSeconds
    }
}
