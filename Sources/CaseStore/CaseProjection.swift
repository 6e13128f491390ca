import CaseDesk
import Foundation

/// The `cases` row of a case: what the queue sorts and filters on, always derivable from the trail
/// (`verify` rebuilds it and compares). Pure: no SQL here.
struct CaseProjection: Equatable, Sendable {
    var number: CaseNumber
    var kind: CaseKind
    var channel: Channel
    var stage: Stage
    var isOpen: Bool
    var received: Int64
    var customer: String
    var subject: String
    var domains: String
    var category: AbuseCategory?
    var assignee: String?
    var tier: Int
    var sortKey: Int64
    var nextClock: Clock.Kind?
    var nextDue: Int64?
    var windowEnd: Int64?
    var closeReason: CloseReason?
    var closed: Int64?
    var version: Int
    var updated: Int64
    var updatedBy: String
    /// The incident the report is in (migration 13).
    var incident: IncidentNumber?
    /// An abuse report's reporter class as it stands (intake's, or the last change; migration 15).
    var reporterClass: ReporterClass?
}

/// Where a row's values go, column by column: an SQL statement's arguments, or a demo load's
/// packed rows. One list of columns (`CaseProjection.write(into:)`) feeds both.
protocol ColumnWriter {
    mutating func integer(_ value: Int64?)
    mutating func text(_ value: String?)
}

extension CaseProjection {
    /// The `cases` table's columns, in the order `write(into:)` gives their values.
    static let columns = [
        "id", "kind", "channel", "stage", "is_open", "received_ms", "customer", "subject", "domains", "category", "assignee",
        "tier", "sort_key", "next_clock", "next_due_ms", "window_end_ms", "close_reason", "closed_ms", "version", "updated_ms",
        "updated_by", "incident", "reporter_class",
    ]

    /// The row's values in `columns` order.
    func write(into row: inout some ColumnWriter) {
        row.integer(number)
        row.text(kind.rawValue)
        row.text(channel.rawValue)
        row.text(stage.rawValue)
        row.integer(isOpen ? 1 : 0)
        row.integer(received)
        row.text(customer)
        row.text(subject)
        row.text(domains)
        row.text(category?.rawValue)
        row.text(assignee)
        row.integer(Int64(tier))
        row.integer(sortKey)
        row.text(nextClock?.rawValue)
        row.integer(nextDue)
        row.integer(windowEnd)
        row.text(closeReason?.rawValue)
        row.integer(closed)
        row.integer(Int64(version))
        row.integer(updated)
        row.text(updatedBy)
        row.integer(incident)
        row.text(reporterClass?.rawValue)
    }
}

extension CaseProjection {
    /// The domains of a row's `domains` column (its names, space-separated).
    static func domainNames(_ column: String) -> [String] {
        column.split(separator: " ").map(String.init)
    }

    /// The row as the queue shows it.
    var queueRow: QueueRow {
        QueueRow(number: number, kind: kind, channel: channel, stage: stage, isOpen: isOpen, received: Millis.date(received),
                 customer: customer, subject: subject, domains: CaseProjection.domainNames(domains),
                 category: category, assignee: assignee, nextClock: nextClock, nextDue: nextDue.map(Millis.date),
                 closeReason: closeReason, closed: closed.map(Millis.date), version: version, updated: Millis.date(updated),
                 updatedBy: updatedBy, position: position, incident: incident, reporterClass: reporterClass)
    }

    /// Judged at the moment of the case's last event, so the row depends on the trail alone.
    init(_ state: borrowing CaseState, procedure: borrowing Procedure) {
        self.init(state, procedure: procedure, clocks: CaseProjection.clocks(state, procedure: procedure))
    }

    /// The clocks both derived rows (projection and figures) are computed from: at the last event.
    static func clocks(_ state: CaseState, procedure: Procedure) -> [Clock] {
        procedure.clocks(state, now: state.updated.at, explained: false)
    }

    init(_ state: borrowing CaseState, procedure: borrowing Procedure, clocks: borrowing [Clock]) {
        number = state.number
        kind = state.kind
        channel = state.intake.channel
        stage = state.stage
        isOpen = state.isOpen
        received = Millis.from(state.intake.received)
        customer = state.intake.customer
        subject = state.intake.subject
        domains = state.intake.domains.map(\.unicode).joined(separator: " ")
        category = state.intake.category
        assignee = state.assignee
        version = state.version
        updated = Millis.from(state.updated.at)
        updatedBy = state.updated.by
        incident = state.incident
        reporterClass = state.reporterClass
        closeReason = state.closure?.reason
        closed = state.closure.map { Millis.from($0.closed.at) }
        windowEnd = nil
        nextClock = nil
        nextDue = nil
        if let closure = state.closure {
            tier = 3
            sortKey = -Millis.from(closure.closed.at)
            return
        }
        windowEnd = clocks.first { $0.kind == .window && $0.status.isRunning }.map { Millis.from($0.due) }
        // Written after the window ran out (a note before any sweep), the window is judged ended, not
        // running; the case still waits for its lapse, and the sweep finds it by this column.
        if windowEnd == nil, case let .lapsed(lapse)? = procedure.lapseDue(state, now: .distantFuture) {
            windowEnd = Millis.from(lapse.windowEnded)
        }
        if let next = procedure.nextClock(among: clocks) {
            nextClock = next.kind
            nextDue = Millis.from(next.due)
            tier = next.kind.isDesk ? 0 : 1
            sortKey = Millis.from(next.due)
        } else {
            tier = 2
            sortKey = received
        }
    }

    /// The customer key here is Swift's lower case; the queue reads the store's own (`customer_key`).
    var position: QueuePosition {
        QueuePosition(tier: tier, sortKey: sortKey, number: number, received: received, customerKey: customer.lowercased(),
                      assigneeKey: assignee ?? "", kind: kind.rawValue)
    }

    /// The fields a desk worker would call the case's state, for the trail's before/after record.
    var summary: [String: String] {
        var fields: [String: String] = [
            "stage": stage.rawValue,
            "status": isOpen ? "open" : "closed",
        ]
        fields["assignee"] = assignee
        fields["next_clock"] = nextClock?.rawValue
        fields["next_due"] = nextDue.map(String.init)
        fields["close_reason"] = closeReason?.rawValue
        fields["incident"] = incident.map(String.init)
        return fields
    }

    /// What the trail records of a case before and after each event: the queue fields, every clock
    /// (its status and due moment, in milliseconds), the escalation's items and whether its clock
    /// is paused, and when the current stage was acknowledged.
    static func recordFields(_ state: CaseState, row: CaseProjection, clocks: [Clock]) -> [String: String] {
        var fields = row.summary
        for clock in clocks {
            fields["clock.\(clock.kind.rawValue)"] = "\(clock.status.name) \(Millis.from(clock.due))"
        }
        if let escalation = state.escalation {
            fields["escalation_items"] = ChecklistItem.ordered(escalation.items).map(\.rawValue).joined(separator: ",")
            fields["paused"] = escalation.phase.isPaused ? "yes" : "no"
        }
        fields["acknowledged"] = state.currentPhase?.acknowledged.map { String(Millis.from($0.at)) }
        return fields
    }

    /// Fields that differ: name -> [before, after] (absent values as nil).
    static func changes(from old: [String: String], to new: [String: String]) -> [String: [String?]] {
        var result: [String: [String?]] = [:]
        for key in Set(old.keys).union(new.keys) where old[key] != new[key] {
            result[key] = [old[key], new[key]]
        }
        return result
    }

    /// Names the fields that differ from another projection (for `verify`).
    func differences(from other: CaseProjection) -> [String] {
        let mine = Mirror(reflecting: self).children
        let theirs = Mirror(reflecting: other).children
        return zip(mine, theirs).compactMap { a, b in
            let left = String(describing: a.value)
            let right = String(describing: b.value)
            return left == right ? nil : "\(a.label ?? "?"): stored \(left), trail gives \(right)"
        }
    }
}

/// The text the full-text index holds for a case.
struct SearchText: Equatable, Sendable {
    var subject: String
    var description: String
    var customer: String
    var domains: String
    var notes: String

    init(_ state: borrowing CaseState) {
        subject = state.intake.subject
        description = state.intake.description
        customer = state.intake.customer + " " + state.intake.contact + (state.intake.account.map { " " + $0 } ?? "")
        domains = state.intake.domains.map { $0.unicode == $0.ascii ? $0.ascii : "\($0.unicode) \($0.ascii)" }.joined(separator: " ")
        notes = state.notes.map(\.text).joined(separator: "\n")
    }

    var values: [String] {
        var values: [String] = []
        values.reserveCapacity(5)
        forEachValue { values.append($0) }
        return values
    }

    /// The values one by one, without an array (a demo load packs a million rows).
    func forEachValue(_ body: (String) -> Void) {
        body(subject)
        body(description)
        body(customer)
        body(domains)
        body(notes)
    }
}
