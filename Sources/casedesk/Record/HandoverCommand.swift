import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct HandoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover",
        abstract: "What the next shift must know: what happened, what comes due, what is overdue or unassigned, handover notes.",
        discussion: """
            Reports on the shift that is ending (in the first hour of a shift: the one that just ended), \
            or on --since TIME until now. Shifts are set in the store's policy ([shifts] starts). \
            What happened lists the period's latest \(HandoverReport.shownEvents) events case by case (--events N, 0 for all) \
            and counts every one; every note left for the next shift is listed. \
            --mark-read records that you read it (the record shows who took over when). \
            --note TEXT leaves a handover note for the whole desk, about no one case (anyone who may \
            leave handover notes may, viewers too); it is an event of the desk, linked in the trail.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("Report from this time until now instead of the ending shift.", valueName: "TIME")) var since: String?
    @Option(help: "text, md or json.") var format: String = "text"
    @Option(parsing: .unconditional, help: ArgumentHelp("How many of the period's events to list, the latest (0: every one).", valueName: "N"))
    var events: Int = HandoverReport.shownEvents
    @Flag(help: "Record that you read this handover.") var markRead = false
    @Option(help: ArgumentHelp("Leave a handover note for the whole desk (not about one case) first.", valueName: "TEXT"))
    var note: String?

    func run() throws {
        let format = store.json ? "json" : format.lowercased()
        guard ["text", "md", "json"].contains(format) else { throw CLIError.usage("--format \"\(self.format)\": text, md or json") }
        guard events >= 0 else { throw CLIError.usage("--events \(events): a number of events, 0 for every one") }
        let session = try store.session()
        let now = Date()
        let calendar = session.calendar
        let shifts = session.procedure.policy.shifts
        let from: Date
        let until: Date
        var shiftName: String?
        // The next shift is the reader's: the one after the shift reported on (or after now for --since).
        var reported = shifts.shift(at: now, calendar: calendar)
        if let since {
            from = try parseMoment(since, option: "--since", calendar: calendar, default: now)
            if from > now { throw CLIError.usage("--since \(since) is in the future") }
            // The store reads up to `until` exclusive, in milliseconds: a millisecond more takes in what
            // is written at this very instant (the --note just left), as the screen does.
            until = now.addingTimeInterval(0.001)
        } else {
            let shift = shifts.endingShift(at: now, calendar: calendar)
            reported = shift
            from = shift.start
            until = min(shift.end, now.addingTimeInterval(0.001))
            shiftName = shift.name
        }
        let next = shifts.next(after: reported, calendar: calendar)
        if let note {
            try cli { () throws(StoreError) in try session.store.addHandoverNote(note, by: session.actor, at: now) }
        }
        if markRead {
            guard shiftName != nil else { throw CLIError.usage("--mark-read goes with a shift's handover, not with --since") }
            try cli { () throws(StoreError) in
                try session.store.markHandoverRead(shiftStart: from, shiftEnd: min(until, now), by: session.actor, at: now)
            }
        }
        let report = try cli { () throws(StoreError) in
            try HandoverReport.build(store: session.store, from: from, until: until, shiftName: shiftName, nextShift: next, now: now,
                                     shownEvents: events == 0 ? Int.max : events)
        }
        let formatter = HandoverFormatter(report: report, calendar: calendar, markdown: format == "md")
        if format == "json" {
            try JSONOutput.print(HandoverJSON(report, calendar: calendar, now: now), calendar: calendar)
        } else {
            for line in formatter.lines() { print(line) }
        }
    }
}

/// The handover as text or Markdown, for the screen, a printer or a mail.
struct HandoverFormatter {
    let report: HandoverReport
    let calendar: BusinessCalendar
    let markdown: Bool

    func lines() -> [String] {
        var lines: [String] = []
        let title = report.shiftName.map { "Handover — shift \($0), \(calendar.localDate(of: report.from).readable)" }
            ?? "Handover — since \(calendar.readable(report.from))"
        lines.append(markdown ? "# \(title)" : title)
        lines.append("Period \(calendar.readable(report.from)) → \(calendar.readable(report.until)) (\(calendar.timeZone.identifier)); generated \(calendar.readable(report.generated))")
        lines.append("Trail head \(report.head) (casedesk verify --seal proves the record up to it)")
        if !report.reads.isEmpty {
            lines.append("Read by " + report.reads.map { "\($0.account) at \(calendar.readable($0.at))" }.joined(separator: ", "))
        }
        section(&lines, report.activityHeading)
        for item in report.activity {
            lines.append(bullet(caseLine(item.row)))
            for entry in item.entries {
                var text = "\(time(entry.at))  \(entry.actor)  \(safe(entry.text))"
                if let detail = entry.detail { text += " — " + safe(detail) }
                lines.append((markdown ? "    - " : "      ") + text)
            }
        }
        let dueBy = HandoverReport.dueBy(nextShift: report.nextShift, calendar: calendar)
        list(&lines, "Due by \(calendar.readable(dueBy)) (next shift \(report.nextShift.name))", report.dueNextShift)
        list(&lines, "Overdue", report.overdue)
        list(&lines, "Unassigned", report.unassigned)
        section(&lines, "Handover notes: \(report.deskNotes.count + report.notes.count)")
        for note in report.deskNotes {
            lines.append(bullet("the whole desk, \(time(note.at)) \(note.by): \(safe(note.text))"))
        }
        for note in report.notes {
            lines.append(bullet("case \(note.number) (\(safe(note.customer))), \(time(note.at)) \(note.by): \(safe(note.text))"))
        }
        return lines
    }

    private func section(_ lines: inout [String], _ title: String) {
        lines.append("")
        lines.append(markdown ? "## \(title)" : title)
    }

    private func list(_ lines: inout [String], _ title: String, _ cases: HandoverReport.Cases) {
        let shown = cases.rows.count < cases.total ? " (the first \(cases.rows.count))" : ""
        section(&lines, "\(title): \(cases.total)\(shown)")
        for row in cases.rows {
            var line = caseLine(row)
            if let due = row.nextDue, let clock = row.nextClock {
                let left = calendar.businessTimeLeft(from: report.generated, until: due)
                line += " — \(clock.title) due \(calendar.readableShort(due, now: report.generated)) (\(left.compactText))"
            }
            lines.append(bullet(line))
        }
    }

    private func caseLine(_ row: QueueRow) -> String {
        "case \(row.number) · \(row.kind.rawValue) · \(row.stage.title) · \(safe(row.customer)) · \(safe(row.subject)) · \(row.assignee ?? "unassigned")"
    }

    private func bullet(_ text: String) -> String { (markdown ? "- " : "  ") + text }
    private func time(_ date: Date) -> String { calendar.readableShort(date, now: report.generated) }
    private func safe(_ text: String) -> String { CaseReport.safe(text) }
}

struct HandoverJSON: Encodable {
    struct Entry: Encodable { var at: String; var actor: String; var text: String; var detail: String? }
    struct Activity: Encodable { var `case`: RowJSON; var events: [Entry] }
    struct Note: Encodable { var case_number: CaseNumber; var at: String; var by: String; var text: String }
    struct Cases: Encodable { var total: Int; var cases: [RowJSON] }
    struct Read: Encodable { var account: String; var at: String }
    struct DeskNote: Encodable { var at: String; var by: String; var text: String }

    var from: String
    var until: String
    var shift: String?
    var next_shift: String
    var generated: String
    var event_count: Int
    /// How many of them `activity` lists (the latest): fewer than `event_count` on a busy shift.
    var events_shown: Int
    var activity: [Activity]
    var due_next_shift: Cases
    var overdue: Cases
    var unassigned: Cases
    var handover_notes: [Note]
    /// Notes for the whole desk, about no one case.
    var desk_notes: [DeskNote]
    var read_by: [Read]
    var trail_head: String

    init(_ report: HandoverReport, calendar: BusinessCalendar, now: Date) {
        let iso = calendar.iso8601
        func cases(_ list: HandoverReport.Cases) -> Cases {
            Cases(total: list.total, cases: list.rows.map { RowJSON($0, calendar: calendar, now: now) })
        }
        from = iso(report.from)
        until = iso(report.until)
        shift = report.shiftName
        next_shift = report.nextShift.name
        generated = iso(report.generated)
        event_count = report.eventCount
        events_shown = report.eventsShown
        activity = report.activity.map { item in
            Activity(case: RowJSON(item.row, calendar: calendar, now: now),
                     events: item.entries.map { Entry(at: iso($0.at), actor: $0.actor, text: $0.text, detail: $0.detail) })
        }
        due_next_shift = cases(report.dueNextShift)
        overdue = cases(report.overdue)
        unassigned = cases(report.unassigned)
        handover_notes = report.notes.map { Note(case_number: $0.number, at: iso($0.at), by: $0.by, text: $0.text) }
        desk_notes = report.deskNotes.map { DeskNote(at: iso($0.at), by: $0.by, text: $0.text) }
        read_by = report.reads.map { Read(account: $0.account, at: iso($0.at)) }
        trail_head = report.head.description
    }
}
