import CaseDesk
import Foundation
import TerminalKit

/// Clocks in the words the command line uses ("open, 3bd 4h left", "OVERDUE by 2bd", "met …"), with
/// the role that colours them: the screens and `casedesk show` must read alike.
enum ClockWords {
    static func title(_ kind: Clock.Kind) -> String {
        kind == .supervisorTarget ? "target (not a promise)" : kind.title
    }

    /// The width of the longest clock title: the case's clock column is that wide where it fits.
    static let longestTitle = Clock.Kind.allCases.map { TerminalText.displayWidth(title($0)) }.max() ?? 12

    static func status(_ clock: Clock, calendar: BusinessCalendar, now: Date) -> String {
        let left = clock.leftText
        switch clock.status {
        case .open: return clock.isDueSoon ? "due soon, \(left) left" : "open, \(left) left"
        case .overdue: return "OVERDUE by \(left.drop { $0 == "-" })"
        case let .met(at) where clock.kind == .window: return "escalated in time \(calendar.readableShort(at, now: now))"
        case let .met(at): return "met \(calendar.readableShort(at, now: now))"
        case let .missed(at) where clock.kind == .window: return "escalated late \(calendar.readableShort(at, now: now))"
        case let .missed(at): return "MISSED\(by(clock)), done \(calendar.readableShort(at, now: now))"
        case let .unkept(at): return "MISSED\(by(clock)), not done when closed \(calendar.readableShort(at, now: now))"
        case let .paused(at): return "paused since \(calendar.readableShort(at, now: now))"
        case let .notDue(at): return "not due (closed \(calendar.readableShort(at, now: now)))"
        case .ended: return "ended: considered resolved"
        }
    }

    /// " by 2bd 3h" for a missed clock.
    static func by(_ clock: Clock) -> String {
        clock.missedByText.map { " by " + $0 } ?? ""
    }

    static func role(_ clock: Clock) -> ScreenRole {
        switch clock.status {
        case .overdue: .overdue
        case .open: clock.isDueSoon ? .dueSoon : (clock.kind.isDesk ? .ok : .muted)
        case .met: .met
        case .missed, .unkept: .error
        case .paused: .paused
        case .notDue, .ended: .muted
        }
    }

    /// The queue's countdown cell for a row's next clock, and its role.
    static func countdown(kind: Clock.Kind?, due: Date?, calendar: BusinessCalendar, now: Date) -> (text: String, role: ScreenRole?) {
        guard let due else { return ("", nil) }
        let left = ClockCountdown(kind: kind, due: due, now: now, calendar: calendar)
        guard kind?.isDesk ?? true else { return (left.compactText, .muted) }
        if left.overdue { return (left.compactText, .overdue) }
        return (left.compactText, left.isDueSoon ? .dueSoon : .ok)
    }
}
