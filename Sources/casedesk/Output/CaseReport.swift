import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The human-readable forms of cases, clocks and queues. Every piece of text from outside (names,
/// subjects, descriptions, notes) goes through `safe` so it cannot drive the reader's terminal.
enum CaseReport {
    static func safe(_ text: String) -> String { TerminalText.sanitize(text) }
    static func safeBlock(_ text: String) -> String { TerminalText.sanitizeMultiline(text) }

    static func stageLine(_ state: CaseState) -> String {
        if let closure = state.closure {
            return "closed (\(closure.reason.title)) at the \(state.stage.title) stage"
        }
        return "open at the \(state.stage.title) stage"
    }

    /// "respond  open  1bd 9h left  due Mon 12 Apr 2027 23:59".
    static func clockLine(_ clock: Clock, calendar: BusinessCalendar, now: Date) -> String {
        let title = clock.kind == .supervisorTarget ? "target (not a promise)" : clock.kind.title
        return "\(title): \(status(clock, calendar: calendar, now: now)), due \(calendar.readable(clock.due))"
    }

    static func status(_ clock: Clock, calendar: BusinessCalendar, now: Date) -> String {
        switch clock.status {
        case .open:
            let left = clock.leftText
            return clock.isDueSoon ? "due soon, \(left) left" : "open, \(left) left"
        case .overdue:
            return "OVERDUE by \(String(clock.leftText.dropFirst()))"
        case let .met(at):
            return clock.kind == .window ? "escalated in time \(calendar.readableShort(at, now: now))" : "met \(calendar.readableShort(at, now: now))"
        case let .missed(at):
            return clock.kind == .window ? "escalated late \(calendar.readableShort(at, now: now))" : "MISSED\(missedBy(clock)), done \(calendar.readableShort(at, now: now))"
        case let .unkept(at):
            return "MISSED\(missedBy(clock)), not done when closed \(calendar.readableShort(at, now: now))"
        case let .paused(at):
            return "paused since \(calendar.readableShort(at, now: now))"
        case let .notDue(at):
            return "not due (closed \(calendar.readableShort(at, now: now)))"
        case .ended:
            return "ended: considered resolved"
        }
    }

    /// " by 2bd 3h" for a missed clock.
    static func missedBy(_ clock: Clock) -> String {
        clock.missedByText.map { " by " + $0 } ?? ""
    }

    /// The whole case, as `show` prints it; the description is wrapped to `width` columns (nil: as written).
    static func lines(_ state: CaseState, events: [Event], procedure: Procedure, now: Date, explain: Bool,
                      width: Int? = nil, evidence: [AbuseSection.Item] = []) -> [String] {
        let calendar = procedure.calendar
        let intake = state.intake
        var lines: [String] = []
        lines.append("Case \(state.number) · \(state.kind.rawValue) · \(stageLine(state)) · version \(state.version)")
        var customer = safe(intake.customer) + " <" + safe(intake.contact) + ">"
        if let account = intake.account { customer += "  account " + safe(account) }
        lines.append("Customer   " + customer)
        if !intake.domains.isEmpty {
            lines.append("Domains    " + intake.domains.map(\.display)
                .map(safe).joined(separator: ", "))
        }
        if let category = intake.category {
            lines.append("Category   \(category.rawValue)\(category.isDNSAbuse ? " (DNS abuse)" : "")")
        }
        if let incident = state.incident { lines.append("Incident   \(incident) (casedesk incident \(incident))") }
        if let type = state.complaintType { lines.append("Type       " + safe(type)) }
        if let team = state.team { lines.append("Routed to  " + safe(team)) }
        lines.append("Received   \(calendar.readable(intake.received)) by \(intake.channel.rawValue)")
        lines.append("Assignee   " + (state.assignee ?? "nobody"))
        lines.append("Subject    " + safe(intake.subject))
        let indent = "           "
        let description = width.map { TerminalText.wrap(intake.description, width: max(20, $0 - indent.count)) }
            ?? safeBlock(intake.description).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in description { lines.append(indent + line) }
        let clocks = procedure.clocks(state, now: now)
        if !clocks.isEmpty {
            lines.append("")
            lines.append("Clocks")
            for clock in clocks {
                lines.append("  " + clockLine(clock, calendar: calendar, now: now))
                if explain {
                    lines += clock.explanation.text(calendar: calendar).map { "      " + $0 }
                }
            }
        }
        if let checklist = procedure.checklist(state) {
            lines.append("")
            lines.append("Escalation checklist: \(checklist.summary)")
            for entry in checklist.entries {
                lines.append("  [\(entry.present ? "x" : " ")] \(entry.item.title)")
            }
            lines.append("  in writing: \(checklist.writtenChannel ? "yes" : "NO") (\(checklist.channel.rawValue))")
            if let end = checklist.windowEnd {
                lines.append("  window closed \(calendar.readable(end))\(checklist.late ? ": arrived LATE" : "")")
            }
        }
        if state.kind == .abuse {
            lines += AbuseSection.lines(state, items: evidence, policy: procedure.policy, calendar: calendar)
        } else if !state.mitigations.isEmpty {
            lines.append("")
            lines.append("Mitigations")
            for mitigation in state.mitigations {
                lines.append("  \(calendar.readable(mitigation.recorded.at))  \(mitigation.recorded.by)  \(safe(mitigation.action)): \(safe(mitigation.evidence))")
            }
        }
        lines.append("")
        lines.append("Timeline")
        for event in events {
            var line = "  \(calendar.readable(event.recorded))  \(event.actor)"
            if let via = event.via { line += " (via \(via))" }
            line += "  " + safe(EventText.pastTense(event.change))
            lines.append(line)
            if let detail = detail(event.change, calendar: calendar) {
                lines.append("      " + safe(detail))
            }
        }
        return lines
    }

    /// The words of an event worth showing under its line, with the moment it happened where that
    /// differs from when it was recorded.
    static func detail(_ change: Change, calendar: BusinessCalendar) -> String? {
        let words = EventText.detail(change)
        let moment: String? = switch change {
        case let .responded(answer), let .finalResponseSent(answer): "sent \(calendar.readable(answer.at))"
        case let .acknowledged(moment): "sent \(calendar.readable(moment.at))"
        case let .formalComplaintFiled(filing): "received \(calendar.readable(filing.received)) by \(filing.channel.rawValue)"
        case let .escalationReceived(filing): "received \(calendar.readable(filing.received)) by \(filing.channel.rawValue)"
        case let .extensionNotified(notice): "sent \(calendar.readable(notice.at))"
        case let .messageReceived(message): "received \(calendar.readable(message.at))"
        case let .messageSent(message): "sent \(calendar.readable(message.at))"
        default: nil
        }
        switch (moment, words) {
        case let (moment?, words?): return "\(moment): \(words)"
        default: return moment ?? words
        }
    }

    /// The queue as a table that fits `width` columns.
    static func table(_ rows: [QueueRow], calendar: BusinessCalendar, now: Date, width: Int) -> [String] {
        let fixed: [(String, Int)] = [("#", 7), ("kind", 9), ("stage", 6), ("next", 8), ("left", 9), ("assignee", 9)]
        let used = fixed.reduce(0) { $0 + $1.1 + 1 }
        let flexible = max(20, width - used)
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let columnWidth = index < 5 ? fixed[index].1 : (index == 5 ? flexible : fixed[5].1)
                parts.append(TerminalText.fit(cell, width: columnWidth, alignment: index == 0 || index == 4 ? .right : .left))
            }
            return parts.joined(separator: " ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines = [line(["#", "kind", "stage", "next", "left", "customer / subject", "assignee"])]
        for row in rows {
            var left = ""
            if let due = row.nextDue {
                let duration = ClockCountdown(kind: row.nextClock, due: due, now: now, calendar: calendar)
                left = duration.compactText
                if duration.overdue, row.nextClock?.isDesk == true { left = "!" + left }
            } else if !row.isOpen {
                left = row.closeReason?.rawValue ?? "closed"
            }
            let incident = row.incident.map { "I\($0)" + (row.incidentReports.map { " ×\($0)" } ?? "") + " · " } ?? ""
            let who = incident + safe(row.customer) + " · " + safe(row.subject)
            lines.append(line(["\(row.number)", row.kind.rawValue, row.stage.shortTitle, row.nextClock?.shortTitle ?? "-",
                               left, who, row.assignee ?? "-"]))
        }
        return lines
    }
}
