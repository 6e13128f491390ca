import CaseDesk
import Foundation

/// The queue's filters: what `list` takes and what the quick filters of the screen set.
public struct QueueQuery: Sendable, Equatable, Hashable {
    public enum Scope: String, Sendable, CaseIterable, Hashable {
        case open
        case closed
        case all
    }

    /// Due buckets on the desk's calendar, relative to now.
    public enum Due: String, Sendable, CaseIterable, Hashable {
        /// A desk clock past its due moment.
        case overdue
        /// Due before the end of today (desk time), not yet overdue.
        case today
        /// Due on the next business day.
        case tomorrow
        /// Due before the end of this week (Sunday, desk time), overdue included.
        case week
    }

    /// How the queue is sorted. Every order ends with the case number, so paging by position is exact.
    public enum Order: String, Sendable, CaseIterable, Hashable {
        /// The procedure's order: running desk clocks by due moment (overdue first), then cases waiting
        /// on the customer's window, then open cases with no clock, then closed cases.
        case deadline
        /// Oldest received first (first in, first out).
        case received
        /// By customer name, A to Z (letters compared without regard to case).
        case customer
        /// By assignee, A to Z, the unassigned first; each person's cases in deadline order.
        case assignee
        /// Abuse reports, complaints, feedback; each kind in deadline order.
        case kind

        /// The next order (o on the queue cycles them).
        public var next: Order {
            let all = Order.allCases
            return all[(all.firstIndex(of: self)! + 1) % all.count]
        }
    }

    public var scope: Scope
    public var order: Order
    public var kind: CaseKind?
    public var stage: Stage?
    public var assignee: String?
    public var unassigned: Bool
    public var due: Due?
    /// Desk clocks due in this range (instants), instead of a bucket: what the next shift must do.
    public var dueBetween: ClosedRange<Date>?
    /// Feedback routed to this team of the policy.
    public var team: String?
    /// Complaints of this type of the policy.
    public var complaintType: String?
    /// Abuse reports of this category.
    public var category: AbuseCategory?
    /// Abuse reports from this class of reporter (law enforcement, trusted notifiers, the public):
    /// the class as it stands, after any change with a reason.
    public var reporterClass: ReporterClass?
    /// The reports of one incident.
    public var incident: IncidentNumber?
    /// Each incident the filter finds as one row: its report whose clock comes first, with how many
    /// of its reports the filter finds (`QueueRow.incidentReports`).
    public var collapseIncidents = false

    public init(scope: Scope = .open, kind: CaseKind? = nil, stage: Stage? = nil, assignee: String? = nil,
                unassigned: Bool = false, due: Due? = nil, dueBetween: ClosedRange<Date>? = nil,
                team: String? = nil, complaintType: String? = nil, order: Order = .deadline) {
        self.order = order
        self.dueBetween = dueBetween
        self.team = team
        self.complaintType = complaintType
        self.scope = scope
        self.kind = kind
        self.stage = stage
        self.assignee = assignee
        self.unassigned = unassigned
        self.due = due
    }

    /// The range of due moments (milliseconds) a bucket covers at `now`.
    public func dueRange(now: Date, calendar: BusinessCalendar) -> (from: Int64?, until: Int64)? {
        if let dueBetween { return (Millis.from(dueBetween.lowerBound), Millis.from(dueBetween.upperBound)) }
        guard let due else { return nil }
        let nowMs = Millis.from(now)
        let today = calendar.localDate(of: now)
        switch due {
        case .overdue:
            return (nil, nowMs - 1)
        case .today:
            return (nowMs, Millis.from(calendar.endOfDay(today)))
        case .tomorrow:
            let next = calendar.businessDay(1, after: today)
            return (Millis.from(calendar.endOfDay(today)) + 1, Millis.from(calendar.endOfDay(next)))
        case .week:
            let sunday = today.adding(days: 7 - today.weekday.rawValue)
            return (nil, Millis.from(calendar.endOfDay(sunday)))
        }
    }
}

/// Instants as the store keeps them: integer milliseconds since 1970, UTC.
public enum Millis {
    public static func from(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// The same instant at the store's precision.
    public static func truncate(_ date: Date) -> Date { self.date(from(date)) }
}

extension QueueQuery.Order {
    /// The `cases` columns this order sorts by, the case number last: the keyset a page starts
    /// after. Both backends name the columns alike.
    var keyColumns: [String] {
        switch self {
        case .deadline: ["tier", "sort_key", "id"]
        case .received: ["received_ms", "id"]
        case .customer: ["customer_key", "id"]
        case .assignee: ["assignee_key", "tier", "sort_key", "id"]
        case .kind: ["kind", "tier", "sort_key", "id"]
        }
    }
}
