import CaseDesk
import CaseDeskConfig
import CaseStore
import Foundation

/// A view of the queue named in `config.toml` (`[[filter]]`), which `v` cycles through:
///
/// ```toml
/// [[filter]]
/// name = "urgent"
/// due = "overdue-or-today"   # overdue, today, overdue-or-today, tomorrow, week
/// kind = "abuse"             # complaint, abuse, feedback
/// stage = "head"             # supervisor, head, escalation, final
/// scope = "open"             # open, closed, all
/// mine = true                # only cases assigned to me
/// unassigned = false         # only cases nobody has
/// team = "product"           # feedback routed to this team of the policy ([feedback] teams);
///                            # routing closes feedback, so such a view shows all cases unless scope says

/// type = "billing"           # complaints of this type of the policy ([complaints] types)
/// ```
public struct SavedFilter: Equatable, Sendable {
    /// Which clocks the view shows by when they are due.
    public enum Due: Equatable, Sendable {
        case bucket(QueueQuery.Due)
        /// Overdue and due today, as one view: everything due by the end of today.
        case overdueOrToday
    }

    public var name: String
    public var scope: QueueQuery.Scope = .open
    public var kind: CaseKind?
    public var stage: Stage?
    public var due: Due?
    public var mine = false
    public var unassigned = false
    /// Feedback routed to this team.
    public var team: String?
    /// Complaints of this type.
    public var complaintType: String?

    public init(name: String, scope: QueueQuery.Scope = .open, kind: CaseKind? = nil, stage: Stage? = nil, due: Due? = nil,
                mine: Bool = false, unassigned: Bool = false, team: String? = nil, complaintType: String? = nil) {
        self.team = team
        self.complaintType = complaintType
        self.name = name
        self.scope = scope
        self.kind = kind
        self.stage = stage
        self.due = due
        self.mine = mine
        self.unassigned = unassigned
    }

    /// The store's question for this view at `now` ("today" ends at the desk's midnight).
    public func query(actor: String, now: Date, calendar: BusinessCalendar) -> QueueQuery {
        var query = QueueQuery(scope: scope, kind: kind, stage: stage, assignee: mine ? actor : nil, unassigned: unassigned,
                               team: team, complaintType: complaintType)
        switch due {
        case let .bucket(bucket):
            query.due = bucket
        case .overdueOrToday:
            query.dueBetween = Date.distantPast...calendar.endOfDay(calendar.localDate(of: now))
        case nil:
            break
        }
        return query
    }

    /// One `[[filter]]` table.
    static func parse(_ reader: ConfigDocument.Reader) throws(ConfigError) -> SavedFilter {
        guard let name = try reader.string("name"), !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw reader.error("name", .invalidValue("is missing or empty; every filter needs a name"))
        }
        var filter = SavedFilter(name: name)
        if let text = try reader.string("scope") {
            guard let scope = QueueQuery.Scope(rawValue: text) else {
                throw reader.error("scope", .invalidValue("expected open, closed or all, found \"\(text)\""))
            }
            filter.scope = scope
        }
        if let text = try reader.string("kind") {
            guard let kind = CaseKind(rawValue: text) else {
                throw reader.error("kind", .invalidValue("expected complaint, abuse or feedback, found \"\(text)\""))
            }
            filter.kind = kind
        }
        if let text = try reader.string("stage") {
            guard let stage = Stage(argument: text) else {
                throw reader.error("stage", .invalidValue("expected supervisor, head, escalation or final, found \"\(text)\""))
            }
            filter.stage = stage
        }
        if let text = try reader.string("due") {
            if text == "overdue-or-today" {
                filter.due = .overdueOrToday
            } else if let bucket = QueueQuery.Due(rawValue: text) {
                filter.due = .bucket(bucket)
            } else {
                throw reader.error("due", .invalidValue("expected overdue, today, overdue-or-today, tomorrow or week, found \"\(text)\""))
            }
        }
        // Names of the policy's lists; a name the policy does not hold simply shows no case (the
        // policy is the store's, and may change after this file was written).
        for (key, value) in [("team", try reader.string("team")), ("type", try reader.string("type"))] {
            guard let value else { continue }
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error(key, .invalidValue("is empty; name a \(key == "team" ? "team of [feedback] teams" : "type of [complaints] types")"))
            }
            if key == "team" { filter.team = value } else { filter.complaintType = value }
        }
        if filter.team != nil, try reader.string("scope") == nil { filter.scope = .all }
        filter.mine = try reader.bool("mine") ?? false
        filter.unassigned = try reader.bool("unassigned") ?? false
        if filter.mine, filter.unassigned {
            throw reader.error("unassigned", .invalidValue("cannot be true together with mine"))
        }
        try reader.rejectUnknownKeys()
        return filter
    }
}
