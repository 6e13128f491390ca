import CaseDesk
import Foundation

/// What the next shift must know (issue: shift handover): what happened case by case, what comes
/// due, what is overdue, what nobody holds, and the notes left for them. Built from any `CaseStore`.
public struct HandoverReport: Sendable {
    public struct Entry: Sendable, Equatable {
        public var at: Date
        public var actor: String
        public var text: String
        /// The words of the event worth reading (a note, a response's summary).
        public var detail: String?
    }

    public struct CaseActivity: Sendable {
        public var row: QueueRow
        public var entries: [Entry]
    }

    public struct Note: Sendable, Equatable {
        public var number: CaseNumber
        public var customer: String
        public var at: Date
        public var by: String
        public var text: String
    }

    /// A handover note for the whole desk, about no one case.
    public struct DeskNote: Sendable, Equatable {
        public var at: Date
        public var by: String
        public var text: String

        public init(at: Date, by: String, text: String) {
            self.at = at
            self.by = by
            self.text = text
        }
    }

    /// A list that may have been cut to fit: the rows shown and how many there are in all.
    public struct Cases: Sendable {
        public var rows: [QueueRow]
        public var total: Int
    }

    /// The period reported on: a shift, or `--since` until now.
    public var from: Date
    public var until: Date
    public var shiftName: String?
    public var nextShift: Shifts.Period
    public var generated: Date
    public var activity: [CaseActivity]
    public var eventCount: Int
    public var dueNextShift: Cases
    public var overdue: Cases
    public var unassigned: Cases
    public var notes: [Note]
    /// The notes left for the whole desk in the period.
    public var deskNotes: [DeskNote]
    /// Who marked this handover read (only for a shift).
    public var reads: [(account: String, at: Date)]
    /// The trail's head when the report was made: `casedesk verify --seal` proves it later.
    public var head: TrailHead

    /// Clocks fall due at the end of a desk day (23:59:59), which only a night shift contains; so
    /// the next shift answers for what is due before it ends or before the end of the day it starts.
    public static func dueBy(nextShift: Shifts.Period, calendar: BusinessCalendar) -> Date {
        max(nextShift.end, calendar.endOfDay(calendar.localDate(of: nextShift.start)))
    }

    /// The largest number of events read for one handover; a shift on a busy desk has a few thousand.
    public static let eventLimit = 50_000

    public static func build(
        store: any CaseStore, from: Date, until: Date, shiftName: String?, nextShift: Shifts.Period, now: Date, listLimit: Int = 50
    ) throws(StoreError) -> HandoverReport {
        let head = try store.trailHead()
        let events = try store.eventsRecorded(from: from, to: until, limit: eventLimit)
        var byCase: [CaseNumber: [Event]] = [:]
        var order: [CaseNumber] = []
        for event in events {
            if byCase[event.caseNumber] == nil { order.append(event.caseNumber) }
            byCase[event.caseNumber, default: []].append(event)
        }
        let rows = Dictionary(uniqueKeysWithValues: try store.rows(order).map { ($0.number, $0) })
        let activity = order.compactMap { number -> CaseActivity? in
            guard let row = rows[number] else { return nil }
            return CaseActivity(row: row, entries: (byCase[number] ?? []).map {
                Entry(at: $0.recorded, actor: $0.actor, text: EventText.pastTense($0.change), detail: EventText.detail($0.change))
            })
        }
        let notes = events.compactMap { event -> Note? in
            guard case let .noted(note) = event.change, note.handover else { return nil }
            return Note(number: event.caseNumber, customer: rows[event.caseNumber]?.customer ?? "", at: event.recorded,
                        by: event.actor, text: note.text)
        }
        func cases(_ query: QueueQuery) throws(StoreError) -> Cases {
            Cases(rows: try store.queue(query, page: .first(listLimit), now: now), total: try store.count(query, now: now))
        }
        let reads = shiftName == nil ? [] : try store.handoverReads(shiftStart: from)
        let calendar = try store.procedure().calendar
        let dueBy = HandoverReport.dueBy(nextShift: nextShift, calendar: calendar)
        return HandoverReport(
            from: from, until: until, shiftName: shiftName, nextShift: nextShift, generated: now,
            activity: activity, eventCount: events.count,
            dueNextShift: try cases(QueueQuery(dueBetween: now...max(now, dueBy))),
            overdue: try cases(QueueQuery(due: .overdue)),
            unassigned: try cases(QueueQuery(unassigned: true)),
            notes: notes, deskNotes: try store.handoverNotes(from: from, to: until), reads: reads, head: head)
    }
}
