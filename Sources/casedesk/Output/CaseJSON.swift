import CaseDesk
import CaseStore
import Foundation

/// The `--json` shapes. Field names are snake_case and stable; times are ISO 8601 in desk time with
/// its offset; absent values are null. Documented in the README.
struct CaseJSON: Encodable {
    struct DomainJSON: Encodable {
        var unicode: String
        var ascii: String
    }

    struct StampJSON: Encodable {
        var at: String
        var by: String
    }

    struct ClosureJSON: Encodable {
        var reason: String
        var duplicate_of: CaseNumber?
        var note: String?
        var at: String
        var by: String
    }

    struct NoteJSON: Encodable {
        var at: String
        var by: String
        var text: String
        var handover: Bool
    }

    struct ChecklistJSON: Encodable {
        var complete: Bool
        var present: [String]
        var missing: [String]
        var channel: String
        var written_channel: Bool
        var marker_found: Bool
        var late: Bool
        var window_end: String?
        var late_decision: String?
    }

    var number: CaseNumber
    var kind: String
    var channel: String
    var stage: String
    var status: String
    var received: String
    var customer: String
    var contact: String
    var account: String?
    var domains: [DomainJSON]
    var subject: String
    var description: String
    var category: String?
    /// Abuse reports: `law-enforcement`, `trusted` or `public`, as it stands.
    var reporter_class: String?
    var incident: IncidentNumber?
    var complaint_type: String?
    var team: String?
    var assignee: String?
    var version: Int
    var opened: StampJSON
    var updated: StampJSON
    var closure: ClosureJSON?
    var next_clock: String?
    var clocks: [ClockJSON]
    var checklist: ChecklistJSON?
    var notes: [NoteJSON]
    var events: [EventJSON]?

    init(_ state: CaseState, procedure: Procedure, events: [Event]?, now: Date, explain: Bool) {
        let calendar = procedure.calendar
        let iso = calendar.iso8601
        let intake = state.intake
        number = state.number
        kind = state.kind.rawValue
        channel = intake.channel.rawValue
        stage = state.stage.rawValue
        status = state.status.rawValue
        received = iso(intake.received)
        customer = intake.customer
        contact = intake.contact
        account = intake.account
        domains = intake.domains.map { DomainJSON(unicode: $0.unicode, ascii: $0.ascii) }
        subject = intake.subject
        description = intake.description
        category = intake.category?.rawValue
        reporter_class = state.reporterClass?.rawValue
        incident = state.incident
        complaint_type = state.complaintType
        team = state.team
        assignee = state.assignee
        version = state.version
        opened = StampJSON(at: iso(state.opened.at), by: state.opened.by)
        updated = StampJSON(at: iso(state.updated.at), by: state.updated.by)
        closure = state.closure.map {
            ClosureJSON(reason: $0.reason.rawValue, duplicate_of: $0.duplicateOf, note: $0.note, at: iso($0.closed.at), by: $0.closed.by)
        }
        let all = procedure.clocks(state, now: now)
        next_clock = procedure.nextClock(among: all)?.kind.rawValue
        clocks = all.map { ClockJSON($0, calendar: calendar, explain: explain) }
        checklist = procedure.checklist(state).map { list in
            ChecklistJSON(
                complete: list.isComplete,
                present: list.entries.filter(\.present).map(\.item.rawValue),
                missing: list.missing.map(\.rawValue),
                channel: list.channel.rawValue, written_channel: list.writtenChannel, marker_found: list.markerFound,
                late: list.late, window_end: list.windowEnd.map(iso),
                late_decision: list.lateDecision.map { ($0.accepted ? "accepted: " : "refused: ") + $0.reason })
        }
        notes = state.notes.map { NoteJSON(at: iso($0.written.at), by: $0.written.by, text: $0.text, handover: $0.handover) }
        self.events = events?.map { EventJSON($0, calendar: calendar) }
    }
}

struct ClockJSON: Encodable {
    var kind: String
    var title: String
    var status: String
    var target: Bool
    var start: String
    var business_days: Int
    /// An abuse clock's hours (nil for a business-day clock).
    var hours: Int?
    var due: String
    var at: String?
    var left: String?
    var left_seconds: Int?
    /// How late a missed clock was (`1bd 3h`), whether done late or never done before the case closed.
    var missed_by: String?
    var due_soon: Bool
    var explanation: [String]?

    init(_ clock: Clock, calendar: BusinessCalendar, explain: Bool) {
        kind = clock.kind.rawValue
        title = clock.kind.title
        status = clock.status.name
        target = clock.kind == .supervisorTarget
        start = calendar.iso8601(clock.start)
        business_days = clock.businessDays
        hours = clock.hours
        due = calendar.iso8601(clock.due)
        at = clock.status.moment.map(calendar.iso8601)
        left = clock.status.isRunning ? clock.leftText : nil
        left_seconds = clock.hoursLeft?.seconds ?? clock.left?.signedSeconds
        missed_by = clock.missedByText
        due_soon = clock.isDueSoon
        explanation = explain ? clock.explanation.text(calendar: calendar) : nil
    }
}

struct EventJSON: Encodable {
    var case_number: CaseNumber
    var sequence: Int
    var recorded: String
    var actor: String
    var via: String?
    var type: String
    var summary: String
    var data: Change
    let calendar: BusinessCalendar

    init(_ event: Event, calendar: BusinessCalendar) {
        case_number = event.caseNumber
        sequence = event.sequence
        recorded = calendar.iso8601(event.recorded)
        actor = event.actor
        via = event.via
        type = event.change.type
        summary = EventText.pastTense(event.change)
        data = event.change
        self.calendar = calendar
    }

    enum CodingKeys: String, CodingKey {
        case case_number, sequence, recorded, actor, via, type, summary, data
    }
}

/// One queue row, as `list` and `search` print it.
struct RowJSON: Encodable {
    var number: CaseNumber
    var kind: String
    var stage: String
    var status: String
    var channel: String
    var received: String
    var customer: String
    var subject: String
    var domains: [String]
    var category: String?
    /// Abuse reports: law-enforcement, trusted or public.
    var reporter_class: String?
    var assignee: String?
    var next_clock: String?
    var next_due: String?
    var left: String?
    var overdue: Bool
    var due_soon: Bool
    var close_reason: String?
    var version: Int
    var incident: IncidentNumber?
    /// With `list --incidents`: how many of the incident's reports the filter finds.
    var incident_reports: Int?

    init(_ row: QueueRow, calendar: BusinessCalendar, now: Date) {
        incident = row.incident
        incident_reports = row.incidentReports
        reporter_class = row.reporterClass?.rawValue
        number = row.number
        kind = row.kind.rawValue
        stage = row.stage.rawValue
        status = row.isOpen ? "open" : "closed"
        channel = row.channel.rawValue
        received = calendar.iso8601(row.received)
        customer = row.customer
        subject = row.subject
        domains = row.domains
        category = row.category?.rawValue
        assignee = row.assignee
        next_clock = row.nextClock?.rawValue
        next_due = row.nextDue.map(calendar.iso8601)
        let left = row.nextDue.map { ClockCountdown(kind: row.nextClock, due: $0, now: now, calendar: calendar) }
        self.left = left?.text
        overdue = (left?.overdue ?? false) && (row.nextClock?.isDesk ?? false)
        due_soon = left?.isDueSoon ?? false
        close_reason = row.closeReason?.rawValue
        version = row.version
    }
}
