import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The handover as lines, in the words of `casedesk handover`: the period and whether you (and
/// who else) read it; then what needs action first — what is overdue, what comes due before the
/// next shift is over, what nobody holds, the handover notes (the desk's, then the cases') — and
/// then what happened, case by case, who did what. On a wide screen what happened goes beside
/// what needs action. Each part is a section the keys jump between. Pure, so it scrolls and is
/// tested without a store; outside text is sanitized on the way.
struct HandoverDocument: Sendable {
    /// A screen line, and the case it names (the lines Enter opens and the moves act on).
    struct Line: Sendable {
        var line: DocLine
        var number: CaseNumber?
        /// The line is a section's heading.
        var isHeading = false
    }

    /// A case line's place: which column, which row.
    struct CaseLine: Equatable, Sendable {
        var side: Bool
        var row: Int
        var number: CaseNumber
    }

    /// The period and what needs action (and, on one column, everything).
    var main: [Line] = []
    /// What happened, beside what needs action on a wide screen.
    var side: [Line] = []
    let columns: (main: Int, side: Int)?
    /// The width and the moment it was laid out for (the countdowns are as of `now`).
    let width: Int
    let now: Date
    /// The case lines in reading order: down the first column, then down the second.
    private(set) var caseLines: [CaseLine] = []
    /// The sections' headings in reading order, where they are (`side`, `row`; the number unused).
    private(set) var sections: [CaseLine] = []

    var rowCount: Int { columns == nil ? main.count + side.count : max(main.count, side.count) }

    /// `selected` marks that case line; the screen keeps the document unmarked and marks it as it draws.
    /// `twoColumns` (on a wide screen, `DeskLayout.isWide`) puts the lists beside what happened.
    init(report: HandoverReport?, shift: Shifts.Period, session: DeskSession, now: Date, width: Int, twoColumns: Bool,
         selected: Int? = nil) {
        self.width = width
        self.now = now
        columns = twoColumns ? (width / 2, width - width / 2 - 3) : nil
        let mainWidth = columns?.main ?? width
        let sideWidth = columns?.side ?? width
        guard let report else {
            main = [Line(line: DocLine("Reading the handover of \(shift.name)…", .muted))]
            return
        }
        // What comes due belongs to the handover the next shift takes over: the shift ending now.
        let takenOver = session.procedure.policy.shifts.next(after: shift, calendar: session.calendar) == report.nextShift
        let writer = Writer(report: report, session: session, now: now, listsWhatComesDue: takenOver)
        main = writer.period(width: mainWidth) + writer.lists(width: mainWidth)
        side = writer.activity(width: sideWidth)
        if columns == nil {
            main += side
            side = []
        } else if side.first?.line == .blank {
            side.removeFirst()
        }
        for (row, line) in main.enumerated() {
            if let number = line.number { caseLines.append(CaseLine(side: false, row: row, number: number)) }
            if line.isHeading { sections.append(CaseLine(side: false, row: row, number: 0)) }
        }
        for (row, line) in side.enumerated() {
            if let number = line.number { caseLines.append(CaseLine(side: true, row: row, number: number)) }
            if line.isHeading { sections.append(CaseLine(side: true, row: row, number: 0)) }
        }
        if let selected, caseLines.indices.contains(selected) {
            let chosen = caseLines[selected]
            if chosen.side { side[chosen.row].line.background = .selection } else { main[chosen.row].line.background = .selection }
        }
    }

    /// The lines of both columns, the case line `selected` marked.
    func lines(selected: Int) -> (main: [DocLine], side: [DocLine]) {
        var mainLines = main.map(\.line)
        var sideLines = side.map(\.line)
        if caseLines.indices.contains(selected) {
            let chosen = caseLines[selected]
            if chosen.side { sideLines[chosen.row].background = .selection } else { mainLines[chosen.row].background = .selection }
        }
        return (mainLines, sideLines)
    }

    /// Writes the report's parts as lines.
    private struct Writer {
        let report: HandoverReport
        let session: DeskSession
        let now: Date
        let listsWhatComesDue: Bool

        var calendar: BusinessCalendar { session.calendar }

        func time(_ date: Date) -> String { calendar.readableShort(date, now: report.generated) }

        func heading(_ text: String) -> [Line] {
            [Line(line: .blank), Line(line: DocLine(text, .title), isHeading: true)]
        }

        func period(width: Int) -> [Line] {
            let label = 8
            func field(_ name: String, _ spans: [Span]) -> [Line] {
                DeskRenderer.wrapSpans(DocLine([Span(TerminalText.fit(name, width: label), .label)] + spans), width: width, indent: label)
                    .map { Line(line: $0) }
            }
            // The driver reports a shift still running up to the moment it asked.
            let running = report.until >= report.generated ? " — still running: so far" : ""
            var lines = field("Period", [Span("\(calendar.readable(report.from)) → \(calendar.readable(report.until))"),
                                         Span(" (\(calendar.timeZone.identifier))\(running)", .muted)])
            // Whether you read it comes first; then who else did.
            let me = session.actor.account
            var spans: [Span] = []
            if let mine = report.reads.first(where: { $0.account == me }) {
                spans.append(Span("by you at \(time(mine.at))", .ok))
            } else if report.shiftName != nil {
                spans.append(Span("not by you yet — M marks it read", .warning))
            }
            for read in report.reads where read.account != me {
                spans.append(Span(spans.isEmpty ? "" : ", "))
                spans.append(Span("by \(read.account) at \(time(read.at))"))
            }
            if !spans.isEmpty { lines += field("Read", spans) }
            return lines
        }

        func activity(width: Int) -> [Line] {
            // A busy shift's heading ("…, the latest 5000 shown (on 4820 cases)") is wider than the
            // side pane at 132 columns: wrapped, its first line stays the section's heading.
            let wrapped = TerminalText.wrap(report.activityHeading, width: max(10, width))
            var lines = heading(wrapped.first ?? "") + wrapped.dropFirst().map { Line(line: DocLine($0, .title)) }
            if report.activity.isEmpty {
                lines.append(Line(line: DocLine("  nothing was recorded in this shift", .muted)))
            }
            for item in report.activity {
                lines.append(caseLine(item.row, width: width, trailing: []))
                for entry in item.entries {
                    let line = DocLine([Span("      \(time(entry.at))  ", .muted), Span(entry.actor, .label), Span("  " + entry.text)])
                    lines += DeskRenderer.wrapSpans(line, width: width, indent: 8).map { Line(line: $0, number: nil) }
                    if let detail = entry.detail {
                        lines += TerminalText.wrap(detail, width: max(10, width - 10)).prefix(3)
                            .map { Line(line: DocLine("          " + $0, .muted)) }
                    }
                }
            }
            return lines
        }

        func lists(width: Int) -> [Line] {
            var lines = list("Overdue", report.overdue, width: width)
            if listsWhatComesDue {
                let dueBy = HandoverReport.dueBy(nextShift: report.nextShift, calendar: calendar)
                lines += list("Due by \(calendar.readableShort(dueBy, now: report.generated)) (next shift \(report.nextShift.name))",
                              report.dueNextShift, width: width)
            }
            lines += list("Unassigned", report.unassigned, width: width)
            lines += heading("Handover notes: \(report.deskNotes.count + report.notes.count)")
            if report.notes.isEmpty, report.deskNotes.isEmpty { lines.append(Line(line: DocLine("  none in this shift", .muted))) }
            for note in report.deskNotes {
                let head = DocLine([Span(TerminalText.fit("desk", width: 6, alignment: .right) + "  ", .label),
                                    Span("for the whole desk", .accent), Span("  \(time(note.at)) \(note.by)", .muted)])
                lines.append(Line(line: DeskRenderer.wrapSpans(head, width: width).first ?? head))
                lines += TerminalText.wrap(note.text, width: max(10, width - 10)).map { Line(line: DocLine("          " + $0)) }
            }
            for note in report.notes {
                let head = DocLine([Span(TerminalText.fit(String(note.number), width: 6, alignment: .right) + "  ", .label),
                                    Span(TerminalText.sanitize(note.customer)), Span("  \(time(note.at)) \(note.by)", .muted)])
                lines.append(Line(line: DeskRenderer.wrapSpans(head, width: width).first ?? head, number: note.number))
                lines += TerminalText.wrap(note.text, width: max(10, width - 10)).map { Line(line: DocLine("          " + $0)) }
            }
            return lines
        }

        func list(_ title: String, _ cases: HandoverReport.Cases, width: Int) -> [Line] {
            let cut = cases.rows.count < cases.total ? " (the first \(cases.rows.count))" : ""
            var lines = heading("\(title): \(cases.total)\(cut)")
            if cases.rows.isEmpty { lines.append(Line(line: DocLine("  none", .muted))) }
            for row in cases.rows {
                var trailing: [Span] = []
                if let clock = row.nextClock, row.isOpen {
                    let left = ClockWords.countdown(kind: clock, due: row.nextDue, calendar: calendar, now: now)
                    trailing = [Span(" " + TerminalText.fit(clock.shortTitle, width: 7), .muted),
                                Span(" " + TerminalText.fit(left.text, width: 7, alignment: .right), left.role ?? .normal)]
                }
                lines.append(caseLine(row, width: width, trailing: trailing))
            }
            return lines
        }

        /// `   12  complaint  head  Customer · subject …  ack  -2bd  helene`: narrower columns and no
        /// domains on a narrow screen.
        func caseLine(_ row: QueueRow, width: Int, trailing: [Span]) -> Line {
            let wide = width >= 90
            var spans = [Span(TerminalText.fit(String(row.number), width: 6, alignment: .right) + "  ", .label),
                         Span(TerminalText.fit(wide ? row.kind.rawValue : String(row.kind.rawValue.prefix(5)), width: wide ? 9 : 5),
                              CaseDocument.kindRole(row.kind)),
                         Span(" " + TerminalText.fit(row.stage.shortTitle, width: 6) + " ", .badgeStage)]
            var tail = trailing
            tail.append(Span("  " + TerminalText.fit(row.assignee ?? "—", width: 8), row.assignee == nil ? .muted : .label))
            let used = (spans + tail).reduce(0) { $0 + TerminalText.displayWidth($1.text) } + 1
            var text = TerminalText.sanitize(row.customer) + " · " + TerminalText.sanitize(row.subject)
            if wide, !row.domains.isEmpty { text += " · " + row.domains.joined(separator: " ") }
            spans.append(Span(" " + TerminalText.fit(text, width: max(1, width - used)), row.isOpen ? .normal : .muted))
            return Line(line: DocLine(spans + tail), number: row.number)
        }
    }
}
