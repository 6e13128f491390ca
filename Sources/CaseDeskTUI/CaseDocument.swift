import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// A piece of a line with its role.
struct Span: Equatable {
    var text: String
    var role: ScreenRole

    init(_ text: String, _ role: ScreenRole = .normal) {
        self.text = text
        self.role = role
    }
}

/// One screen line of a document: spans drawn one after the other, and the role of the whole row
/// (the selected clock's highlight).
struct DocLine: Equatable {
    var spans: [Span]
    var background: ScreenRole?

    init(_ spans: [Span], background: ScreenRole? = nil) {
        self.spans = spans
        self.background = background
    }

    init(_ text: String, _ role: ScreenRole = .normal) {
        self.init([Span(text, role)])
    }

    static let blank = DocLine("")
}

/// The case screen as lines: the parties and the message, every clock, the escalation checklist, then
/// the description, notes and the timeline — beside the rest on a wide screen, below it otherwise.
/// Pure, so the view can be scrolled and tested without a store; outside text is wrapped and
/// sanitized on the way.
struct CaseDocument {
    /// Screen lines of the description laid out at most: a message of one enormous line is shown
    /// as far as anyone reads it on screen, and laid out that far only.
    static let descriptionLimit = 1000

    /// The case, its clocks and checklist.
    var main: [DocLine] = []
    /// The description, mitigations, notes and timeline.
    var side: [DocLine] = []
    /// The line of each clock in `main`, in clock order, to keep the selected one in view.
    var clockLines: [Int] = []
    /// The two columns' widths on a wide screen; nil for one column.
    let columns: (main: Int, side: Int)?

    /// Screen rows the document takes.
    var rowCount: Int { columns == nil ? main.count + side.count : max(main.count, side.count) }

    /// One column: everything in order.
    var lines: [DocLine] { main + side }

    /// `twoColumns` (on a wide screen, `DeskLayout.isWide`) puts the timeline beside the case.
    init(state: CaseState, events: [Event], session: DeskSession, now: Date, width: Int, twoColumns: Bool, selectedClock: Int) {
        let split = twoColumns ? width * 11 / 20 : nil
        columns = split.map { ($0, width - $0 - 3) }
        let mainWidth = columns?.main ?? width
        let sideWidth = columns?.side ?? width
        main = Self.caseLines(state, session: session, now: now, width: mainWidth, selectedClock: selectedClock, clockLines: &clockLines)
        side = Self.historyLines(state, events: events, session: session, width: sideWidth)
        if columns != nil, side.first == .blank { side.removeFirst() }
    }

    static func heading(_ text: String, hint: String = "", into lines: inout [DocLine]) {
        lines.append(.blank)
        var spans = [Span(text, .title)]
        if !hint.isEmpty { spans.append(Span("   " + hint, .muted)) }
        lines.append(DocLine(spans))
    }

    static func caseLines(_ state: CaseState, session: DeskSession, now: Date, width: Int, selectedClock: Int,
                          clockLines: inout [Int]) -> [DocLine] {
        let calendar = session.calendar
        let intake = state.intake
        let labelWidth = 10
        var lines: [DocLine] = []
        func field(_ label: String, _ value: String, _ role: ScreenRole = .normal) {
            let wrapped = TerminalText.wrap(value, width: max(10, width - labelWidth - 1))
            for (index, piece) in wrapped.enumerated() {
                lines.append(DocLine([Span(TerminalText.fit(index == 0 ? label : "", width: labelWidth) + " ", .label), Span(piece, role)]))
            }
        }
        var status = [Span("Case \(state.number)", .title), Span(" "), Span(" \(state.kind.rawValue) ", kindRole(state.kind)),
                      Span(" "), Span(" \(state.stage.title) ", .badgeStage)]
        if let closure = state.closure {
            status.append(Span("  closed (\(closure.reason.title)) \(calendar.readableShort(closure.closed.at, now: now))", .met))
        } else {
            status.append(Span("  open", .ok))
        }
        status.append(Span("  version \(state.version)", .muted))
        lines += DeskRenderer.wrapSpans(DocLine(status), width: width, indent: labelWidth + 1)
        var customer = intake.customer + " <" + intake.contact + ">"
        if let account = intake.account { customer += " · account " + account }
        field("Customer", customer)
        if !intake.domains.isEmpty {
            field("Domains", intake.domains.map(\.display)
                .joined(separator: ", "))
        }
        field("Received", "\(calendar.readable(intake.received)) by \(intake.channel.rawValue)")
        // The stage's clocks count from its own message, not from the first contact.
        if let head = state.head, head.received != intake.received {
            field("Formal", "complaint received \(calendar.readable(head.received)) by \(head.channel.rawValue)")
        }
        if let escalation = state.escalation {
            field("Escalated", "received \(calendar.readable(escalation.phase.received)) by \(escalation.phase.channel.rawValue)")
        }
        if let category = intake.category {
            field("Category", category.rawValue + (category.isDNSAbuse ? " (DNS abuse: mitigate promptly)" : ""))
        }
        if let incident = state.incident { field("Incident", "\(incident) (i opens it: its reports, and moves on all of them)", .accent) }
        field("Assignee", state.assignee ?? "nobody", state.assignee == nil ? .muted : .normal)
        field("Subject", intake.subject)

        // Only each clock's status shows here; x explains the selected one.
        let clocks = session.procedure.clocks(state, now: now, explained: false)
        if clocks.isEmpty {
            heading("Clocks", into: &lines)
            lines.append(DocLine(state.kind.followsProcedure ? "  no clock runs at this stage" : "  feedback is routed, not timed", .muted))
        } else {
            heading("Clocks", hint: "←/→ select · x explain", into: &lines)
            // The clocks' names whole; their status wraps under itself.
            let titleWidth = min(clocks.map { TerminalText.displayWidth(ClockWords.title($0.kind)) }.max() ?? 12, max(12, width - 24))
            for (index, clock) in clocks.enumerated() {
                clockLines.append(lines.count)
                let selected = index == min(selectedClock, clocks.count - 1)
                lines += DeskRenderer.wrapSpans(DocLine([
                    Span(selected ? "▸ " : "  ", .accent),
                    Span(TerminalText.fit(ClockWords.title(clock.kind), width: titleWidth) + " "),
                    Span(ClockWords.status(clock, calendar: calendar, now: now), ClockWords.role(clock)),
                    Span("  due \(calendar.readableShort(clock.due, now: now))", .muted),
                ], background: selected ? .selectionInactive : nil), width: width, indent: titleWidth + 3)
            }
        }
        if let checklist = session.procedure.checklist(state) {
            heading("Escalation checklist", into: &lines)
            lines += checklistLines(checklist, calendar: calendar, width: width)
        }
        return lines
    }

    static func historyLines(_ state: CaseState, events: [Event], session: DeskSession, width: Int) -> [DocLine] {
        let calendar = session.calendar
        var lines: [DocLine] = []
        if !state.intake.description.isEmpty {
            heading("Description", into: &lines)
            let description = TerminalText.wrap(state.intake.description, width: max(10, width - 2), limit: descriptionLimit)
            lines += description.lines.map { DocLine("  " + $0) }
            if description.isCut {
                let size = ByteCountFormatter.string(fromByteCount: Int64(state.intake.description.utf8.count), countStyle: .file)
                lines += TerminalText.wrap("… the message goes on (\(size) in all); casedesk show \(state.number) prints it whole",
                                           width: max(10, width - 2)).map { DocLine("  " + $0, .muted) }
            }
        }
        if !state.mitigations.isEmpty {
            heading("Mitigations", into: &lines)
            for mitigation in state.mitigations {
                lines.append(DocLine([Span("  \(calendar.readable(mitigation.recorded.at))  \(mitigation.recorded.by)  ", .muted),
                                      Span("\(mitigation.action): \(mitigation.evidence)")]))
            }
        }
        if !state.notes.isEmpty {
            heading("Notes (\(state.notes.count))", into: &lines)
            for note in state.notes {
                lines.append(DocLine([Span("  \(calendar.readable(note.written.at))  \(note.written.by)", .muted),
                                      Span(note.handover ? "  handover" : "", .accent)]))
                lines += TerminalText.wrap(note.text, width: max(10, width - 6)).map { DocLine("      " + $0) }
            }
        }
        if !events.isEmpty {
            heading("Timeline", into: &lines)
            for event in events {
                let who = event.via.map { "\(event.actor) (via \($0))" } ?? event.actor
                let line = DocLine([Span("  \(calendar.readable(event.recorded))  ", .muted), Span(who, .label),
                                    Span("  " + EventText.pastTense(event.change))])
                lines += DeskRenderer.wrapSpans(line, width: width, indent: 6)
                if let detail = EventText.detail(event.change) {
                    lines += TerminalText.wrap(detail, width: max(10, width - 6)).prefix(3).map { DocLine("      " + $0, .muted) }
                }
            }
        }
        return lines
    }

    static func kindRole(_ kind: CaseKind) -> ScreenRole {
        switch kind {
        case .complaint: .badgeComplaint
        case .abuse: .badgeAbuse
        case .feedback: .badgeFeedback
        }
    }

    static func checklistLines(_ checklist: EscalationChecklist, calendar: BusinessCalendar, width: Int) -> [DocLine] {
        var lines = TerminalText.wrap(checklist.summary, width: max(10, width - 2))
            .map { DocLine("  " + $0, checklist.isComplete && !checklist.late ? .ok : .warning) }
        for entry in checklist.entries {
            lines.append(DocLine([Span(entry.present ? "  [x] " : "  [ ] ", entry.present ? .ok : .warning), Span(entry.item.title)]))
        }
        lines.append(DocLine([Span("  in writing: "), Span(checklist.writtenChannel ? "yes" : "NO", checklist.writtenChannel ? .ok : .error),
                              Span(" (\(checklist.channel.rawValue))", .muted)]))
        if let end = checklist.windowEnd {
            lines.append(DocLine([Span("  window closed \(calendar.readable(end))"),
                                  Span(checklist.late ? ": arrived LATE" : ": arrived in time", checklist.late ? .warning : .ok)]))
        }
        return lines
    }
}
