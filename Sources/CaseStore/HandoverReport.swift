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
    /// What happened case by case: the period's latest `eventsShown` events, by their cases.
    public var activity: [CaseActivity]
    /// Every event of the period, shown or not.
    public var eventCount: Int
    /// How many of them `activity` shows (the latest); fewer than `eventCount` on a busy shift.
    public var eventsShown: Int
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

    /// The heading of what happened, for every form of the report: "What happened: 12 events on 5
    /// cases", or on a busy shift "What happened: 76728 events, the latest 5000 shown (on 4123 cases)".
    public var activityHeading: String {
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        let cases = counted(activity.count, "case")
        guard eventsShown < eventCount else { return "What happened: \(counted(eventCount, "event")) on \(cases)" }
        return "What happened: \(counted(eventCount, "event")), the latest \(eventsShown) shown (on \(cases))"
    }

    /// Clocks fall due at the end of a desk day (23:59:59), which only a night shift contains; so
    /// the next shift answers for what is due before it ends or before the end of the day it starts.
    public static func dueBy(nextShift: Shifts.Period, calendar: BusinessCalendar) -> Date {
        max(nextShift.end, calendar.endOfDay(calendar.localDate(of: nextShift.start)))
    }

    /// How many of a period's events a handover shows, the latest: a shift on a busy desk has a few
    /// thousand; one at ten million cases tens of thousands, which nobody reads event by event (the
    /// report counts them all and lists every note left for the next shift).
    public static let shownEvents = 5_000

    /// `shownEvents`: how many of the period's latest events `activity` shows (`Int.max` for all).
    public static func build(
        store: any CaseStore, from: Date, until: Date, shiftName: String?, nextShift: Shifts.Period, now: Date, listLimit: Int = 50,
        shownEvents: Int = HandoverReport.shownEvents
    ) throws(StoreError) -> HandoverReport {
        let head = try store.trailHead()
        let events = try store.eventsRecorded(from: from, to: until, latest: shownEvents)
        let eventCount = try store.eventCount(from: from, to: until)
        let caseNotes = try store.handoverCaseNotes(from: from, to: until)
        var byCase: [CaseNumber: [Event]] = [:]
        var order: [CaseNumber] = []
        for event in events {
            if byCase[event.caseNumber] == nil { order.append(event.caseNumber) }
            byCase[event.caseNumber, default: []].append(event)
        }
        let rows = Dictionary(try store.rows(order + caseNotes.map(\.caseNumber)).map { ($0.number, $0) }) { first, _ in first }
        let activity = order.compactMap { number -> CaseActivity? in
            guard let row = rows[number] else { return nil }
            return CaseActivity(row: row, entries: (byCase[number] ?? []).map {
                Entry(at: $0.recorded, actor: $0.actor, text: EventText.pastTense($0.change), detail: EventText.detail($0.change))
            })
        }
        let notes = caseNotes.compactMap { event -> Note? in
            guard case let .noted(note) = event.change else { return nil }
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
            activity: activity, eventCount: max(eventCount, events.count), eventsShown: events.count,
            dueNextShift: try cases(QueueQuery(dueBetween: now...max(now, dueBy))),
            overdue: try cases(QueueQuery(due: .overdue)),
            unassigned: try cases(QueueQuery(unassigned: true)),
            notes: notes, deskNotes: try store.handoverNotes(from: from, to: until), reads: reads, head: head)
    }
}
