import Foundation

/// A queue row's countdown to its next clock: business time for the procedure's clocks, hours for
/// the abuse desk's. One place, so the queue, the handover, `list` and its JSON read alike.
public struct ClockCountdown: Sendable, Equatable {
    public var text: String
    /// The short form for a column: `3bd`, `5h`, `-2bd`.
    public var compactText: String
    public var overdue: Bool
    public var isDueSoon: Bool

    /// Hour clocks count exact elapsed time here (the contract's way, and the policy's default); a
    /// case's own clocks (`show`) count desk hours where the policy says so.
    public init(kind: Clock.Kind?, due: Date, now: Date, calendar: BusinessCalendar) {
        if kind?.isHours == true {
            let left = HourDuration(seconds: Int((due.timeIntervalSince1970 - now.timeIntervalSince1970).rounded(.down)))
            text = left.text
            compactText = left.compactText
            overdue = left.overdue
            isDueSoon = !left.overdue && left.seconds < 3600
        } else {
            let left = calendar.businessTimeLeft(from: now, until: due)
            text = left.text
            compactText = left.compactText
            overdue = left.overdue
            isDueSoon = left.isDueSoon
        }
    }
}
