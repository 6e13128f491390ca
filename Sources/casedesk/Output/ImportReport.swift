import CaseDesk
import CaseStore
import MailDesk

/// `casedesk import`'s line per message. Origins, subjects and reasons come from outside and are
/// sanitized: a file name or a subject must not be able to drive the reader's terminal.
enum ImportReport {
    static func lines(_ result: ImportResult) -> [String] {
        let verdict = result.verdict.padding(toLength: 9, withPad: " ", startingAt: 0)
        var line = verdict + " " + CaseReport.safe(result.origin) + ": "
        switch result.outcome {
        case let .imported(state, reason):
            line += "case \(state.number) opened, \(kind(state)) at the supervisor stage (\(reason))"
            if !state.intake.domains.isEmpty {
                line += "; domains " + state.intake.domains.map(\.display)
                    .joined(separator: ", ")
            }
            line += " — " + quoted(state.intake.subject)
            if let incident = result.incident { line += "; " + incident.summary(for: state.number) }
        case let .attached(state, reason, filed):
            line += "case \(state.number) (\(reason))"
            if let filed { line += "; " + filing(filed, state) }
            line += " — " + quoted(state.messages.last(where: { $0.direction == .incoming })?.message.subject ?? "")
        case let .duplicate(duplicate):
            line += "same \(duplicate.match.rawValue) as message \(duplicate.sha256.prefix(12)) on case \(duplicate.caseNumber); nothing written"
        case let .rejected(reason):
            line += reason
        }
        return [CaseReport.safe(line)] + result.notes.map { "          note: " + CaseReport.safe($0) }
    }

    private static func kind(_ state: CaseState) -> String {
        state.intake.category.map { "\(state.kind.rawValue) (\($0.rawValue))" } ?? state.kind.rawValue
    }

    private static func quoted(_ text: String) -> String {
        "\"" + CaseReport.safe(text.count > 72 ? String(text.prefix(71)) + "…" : text) + "\""
    }

    private static func filing(_ change: Change, _ state: CaseState) -> String {
        switch change {
        case .formalComplaintFiled:
            return "formal complaint filed: now at the head of customer support stage"
        case let .escalationReceived(filing):
            var text = "escalation recorded" + (filing.late ? " (LATE: after the window closed)" : "")
            let missing = state.missingEscalationItems
            text += missing.isEmpty ? ", complete" : ", incomplete: lacks " + missing.map(\.title).joined(separator: ", ")
            return text
        default:
            return EventText.pastTense(change)
        }
    }
}
