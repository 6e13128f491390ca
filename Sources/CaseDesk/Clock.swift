import Foundation

/// One promise (or target) of the procedure on one case, judged at a moment.
public struct Clock: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Codable, Sendable, Hashable {
        /// Stage 1's internal target: shown as a target, never as a promise.
        case supervisorTarget = "target"
        case acknowledge = "ack"
        case respond
        /// The customer's window to escalate (their clock, not the desk's).
        case window
        case escalationAcknowledge = "escalation-ack"
        case finalResponse = "final"
        /// Abuse reports: confirm receipt to the reporter, in hours.
        case confirmReceipt = "confirm"
        /// Abuse reports: review the report (judge its evidence), in hours by reporter class.
        case review
        /// Abuse reports: decide on mitigation after the evidence was judged actionable, in hours.
        case decide

        public var title: String {
            switch self {
            case .supervisorTarget: "supervisor target"
            case .acknowledge: "acknowledge"
            case .respond: "respond"
            case .window: "customer window"
            case .escalationAcknowledge: "acknowledge escalation"
            case .finalResponse: "final response"
            case .confirmReceipt: "confirm receipt"
            case .review: "review"
            case .decide: "decide on mitigation"
            }
        }

        /// Short forms for queue columns.
        public var shortTitle: String {
            switch self {
            case .supervisorTarget: "target"
            case .acknowledge: "ack"
            case .respond: "respond"
            case .window: "window"
            case .escalationAcknowledge: "esc ack"
            case .finalResponse: "final"
            case .confirmReceipt: "confirm"
            case .review: "review"
            case .decide: "decide"
            }
        }

        /// The desk's own deadlines; the window is the customer's.
        public var isDesk: Bool { self != .window }

        /// Counted in hours (the abuse desk's clocks), not business days.
        public var isHours: Bool {
            switch self {
            case .confirmReceipt, .review, .decide: true
            default: false
            }
        }
    }

    public enum Status: Sendable, Equatable {
        /// Running, with time left.
        case open
        /// Running, past the due moment.
        case overdue
        /// Done in time, at that moment.
        case met(Date)
        /// Done, but after the due moment.
        case missed(Date)
        /// Never done: the case closed or moved on at that moment, after the clock fell due. A missed
        /// promise stays missed whatever ends the case (closing, refusing, lapsing).
        case unkept(Date)
        /// Stopped while the desk waits on the customer, since that moment.
        case paused(Date)
        /// Not due (closed): the case closed or moved on at that moment, before the clock fell due.
        case notDue(Date)
        /// The customer's window ran out without an escalation.
        case ended

        public var isRunning: Bool {
            switch self {
            case .open, .overdue: true
            default: false
            }
        }

        /// The stable word used in JSON and exports.
        public var name: String {
            switch self {
            case .open: "open"
            case .overdue: "overdue"
            case .met: "met"
            case .missed, .unkept: "missed"
            case .paused: "paused"
            case .notDue: "not_due"
            case .ended: "ended"
            }
        }

        public var moment: Date? {
            switch self {
            case let .met(at), let .missed(at), let .unkept(at), let .paused(at), let .notDue(at): at
            default: nil
            }
        }
    }

    public var kind: Kind
    /// When the counting started (the receipt of the stage's message, or the answer for the window).
    public var start: Date
    /// The business days it counts (0 for an hour clock).
    public var businessDays: Int
    /// The hours it counts, for an abuse clock; nil for a business-day clock.
    public var hours: Int? = nil
    public var due: Date
    public var status: Status
    /// Business time left (negative when overdue); nil unless running.
    public var left: BusinessDuration?
    /// How late a missed clock was: done late, or still undone when the case closed or moved on.
    public var missedBy: BusinessDuration?
    public var explanation: ClockExplanation
    /// An hour clock's time left (negative when overdue), and how late it was done when missed.
    public var hoursLeft: HourDuration? = nil
    public var hoursMissedBy: HourDuration? = nil

    /// Less than one business day left, or for an hour clock less than an hour.
    public var isDueSoon: Bool {
        status == .open && (hoursLeft.map { $0.seconds < 3600 } ?? left?.isDueSoon ?? false)
    }

    /// The countdown as the desk reads it: `3bd 4h`, or `5h 20m` for an hour clock; empty unless running.
    public var leftText: String { hoursLeft?.text ?? left?.text ?? "" }

    /// How late a missed clock was (`2bd 3h`, `4h 10m`), without a sign.
    public var missedByText: String? {
        (hoursMissedBy?.text ?? missedBy?.text).map { String($0.drop { $0 == "-" }) }
    }
}

/// Why a clock is due when it is: the receipt, every day counted or skipped, extensions, pauses.
public struct ClockExplanation: Sendable, Equatable {
    public enum Line: Sendable, Equatable {
        case start(Date, what: String, businessDays: Int)
        /// An hour clock's start: what started it, how many hours, how they count, for which reporter.
        case startHours(Date, what: String, hours: Int, counting: HourCounting, reporter: ReporterClass?)
        /// Desk hours counted on one business day (desk-hours clocks): the span, and the total so far.
        case deskHours(from: Date, until: Date, counted: Int)
        /// The version of the rules the clock counts under (shown once the rules have changed): the
        /// one in force from `from` when it started, or the one the desk moved it to (`moved`).
        case rules(version: Int, from: Date?, moved: CaseState.RebaseRecord?)
        case day(BusinessCalendar.DayEntry)
        case extensionMoved(promised: LocalDate, sent: Date, by: String)
        case extensionIgnored(promised: LocalDate, sent: Date, by: String, why: String)
        case pause(from: Date, until: Date?, credited: Int)
        case due(Date)
        case outcome(Clock.Status)
    }

    public var kind: Clock.Kind
    public var lines: [Line]

    public init(kind: Clock.Kind, lines: [Line]) {
        self.kind = kind
        self.lines = lines
    }

    /// The explanation as text, one line each, times in desk time.
    public func text(calendar: BusinessCalendar) -> [String] {
        lines.map { line in
            switch line {
            case let .start(at, what, n):
                "\(what) \(calendar.readable(at)); \(n) business day\(n == 1 ? "" : "s") from the next day"
            case let .rules(version, from, moved):
                if let moved {
                    "moved to version \(version) of the rules \(calendar.readable(moved.recorded.at)) by \(moved.recorded.by): \(moved.reason)"
                } else if let from, from > Date.distantPast {
                    "counted under version \(version) of the rules, in force from \(calendar.readable(from))"
                } else {
                    "counted under version \(version) of the rules, the store's first"
                }
            case let .startHours(at, what, hours, counting, reporter):
                "\(what) \(calendar.readable(at)); \(hours) hour\(hours == 1 ? "" : "s")"
                    + (reporter.map { " for a \($0.title) report" } ?? "")
                    + (counting == .aroundTheClock ? ", counted around the clock (exact elapsed time, UTC \(HourDuration.utc(at)))"
                                                   : ", counted in desk hours on business days")
            case let .deskHours(from, until, counted):
                "  \(calendar.readable(from)) to \(HourDuration.wallTime(until, calendar: calendar)): \(HourDuration(seconds: Int(until.timeIntervalSince(from))).text) counted (\(HourDuration(seconds: counted).text) so far)"
            case let .day(entry):
                "  " + entry.text
            case let .extensionMoved(promised, sent, by):
                "extension notice sent \(calendar.readable(sent)) by \(by): answer promised by \(promised.readable); the clock runs to that date"
            case let .extensionIgnored(promised, sent, by, why):
                "extension notice sent \(calendar.readable(sent)) by \(by) (promised \(promised.readable)) \(why): it does not move the clock"
            case let .pause(from, until, credited):
                if let until {
                    "paused \(calendar.readable(from)) until \(calendar.readable(until)): \(credited) business day\(credited == 1 ? "" : "s") credited back"
                } else {
                    "paused since \(calendar.readable(from)), waiting on the customer: \(credited) business day\(credited == 1 ? "" : "s") so far"
                }
            case let .due(at):
                "due \(calendar.readable(at)) (\(calendar.iso8601(at)))"
            case let .outcome(status):
                ClockExplanation.outcomeText(status, kind: kind, calendar: calendar)
            }
        }
    }

    static func outcomeText(_ status: Clock.Status, kind: Clock.Kind, calendar: BusinessCalendar) -> String {
        switch status {
        case .open: return "open"
        case .overdue: return "overdue"
        case let .met(at):
            return kind == .window ? "escalation received in time, \(calendar.readable(at))" : "met \(calendar.readable(at))"
        case let .missed(at):
            return kind == .window ? "escalation received late, \(calendar.readable(at))" : "missed: done \(calendar.readable(at))"
        case let .unkept(at): return "missed: not done when the case closed or moved on, \(calendar.readable(at))"
        case let .paused(at): return "paused since \(calendar.readable(at))"
        case let .notDue(at): return "not due: the case closed or moved on before it fell due, \(calendar.readable(at))"
        case .ended: return "ended without an escalation: the matter is considered resolved"
        }
    }
}
