import CaseDesk
import Foundation

/// Events in words, for conflicts, timelines and handovers.
public enum EventText {
    /// "acknowledged it", "added a note", "closed it (satisfied)".
    public static func pastTense(_ change: Change) -> String {
        switch change {
        case .received: "opened it"
        case let .assigned(a): a.to.map { "assigned it to \($0)" } ?? "unassigned it"
        case .acknowledged: "acknowledged it"
        case let .extensionNotified(n): "sent an extension notice (answer by \(n.promised.readable))"
        case .responded: "recorded the response"
        case .formalComplaintFiled: "filed the formal complaint"
        case let .escalationReceived(e): e.late ? "recorded a late escalation" : "recorded the escalation"
        case let .lateEscalationDecided(d): d.accepted ? "accepted the late escalation" : "refused the late escalation"
        case .missingItemsReceived: "recorded missing escalation items"
        case .finalResponseSent: "recorded the final response"
        case let .closed(c): "closed it (\(c.reason.title))"
        case .lapsed: "recorded the lapse of the customer's window"
        case .reopened: "reopened it"
        case let .noted(n): n.handover ? "added a handover note" : "added a note"
        case .paused: "paused the clock"
        case .resumed: "resumed the clock"
        case let .mitigated(m): "recorded a mitigation (\(MitigationAction(name: m.action)?.title ?? m.action))"
        case let .mitigationUndone(u): "undid a mitigation (\(MitigationAction(name: u.action)?.undoneTitle ?? u.action))"
        case let .reporterClassified(c): "classed the reporter as \(c.reporterClass.title)"
        case .receiptConfirmed: "confirmed receipt to the reporter"
        case let .evidenceJudged(j): j.actionable ? "judged the evidence actionable" : "judged the evidence not actionable"
        case let .associatedNamesReviewed(r): "reviewed \(r.reviewed) associated name\(r.reviewed == 1 ? "" : "s") (\(r.found.count) found)"
        case let .routed(r): "routed it to \(r.team)"
        case let .categorized(c): "set the complaint type to \(c.complaintType)"
        case let .clockRebased(r): "moved the \(r.clock.title) clock to version \(r.version) of the rules"
        case let .messageReceived(m): "filed a message from \(m.from)"
        case let .messageSent(m): m.letter.map { "sent the \($0) letter\(m.language.map { " (\($0))" } ?? "") to \(m.to ?? "the customer")" }
            ?? "sent a message to \(m.to ?? "the customer")"
        case let .linked(l): "linked it to incident \(l.incident)"
        case let .unlinked(l): "took it out of incident \(l.incident)"
        }
    }
}

extension EventText {
    /// The words of an event worth showing under its line: a note's text, a response's summary, a
    /// closure's note. Times are left to the caller (they are shown in desk time).
    public static func detail(_ change: Change) -> String? {
        switch change {
        case let .noted(note): note.text
        case let .responded(answer), let .finalResponseSent(answer): answer.summary
        case let .formalComplaintFiled(filing): filing.text
        case let .escalationReceived(filing):
            ["items: " + (filing.items.isEmpty ? "none" : filing.items.map(\.rawValue).joined(separator: ", ")), filing.text]
                .compactMap { $0 }.joined(separator: " · ")
        case let .closed(closure): [closure.duplicateOf.map { "duplicate of case \($0)" }, closure.note].compactMap { $0 }.first
        case let .reopened(reopening): reopening.reason
        case let .lateEscalationDecided(decision): decision.reason
        case let .missingItemsReceived(items): items.items.map(\.rawValue).joined(separator: ", ")
        case let .mitigated(mitigation):
            mitigation.evidence + (mitigation.deadline.map { " · deadline \(ISO8601DateFormatter().string(from: $0))" } ?? "")
        case let .mitigationUndone(undo): undo.reason
        case let .reporterClassified(classification): classification.reason
        case let .evidenceJudged(judgement):
            ([judgement.reason] + judgement.checked.map { "✓ " + $0 }).joined(separator: " · ")
        case let .associatedNamesReviewed(review):
            ([review.found.isEmpty ? "none found" : "found: " + review.found.joined(separator: " ")] + [review.note].compactMap { $0 })
                .joined(separator: " · ")
        case let .clockRebased(rebase): rebase.reason
        case let .linked(link), let .unlinked(link): link.reason
        case let .messageReceived(message), let .messageSent(message):
            [message.subject.isEmpty ? "(no subject)" : message.subject, "sha256 \(message.sha256.prefix(12))",
             message.urls.isEmpty ? nil : "URLs: " + message.urls.joined(separator: " "),
             message.ipAddresses.isEmpty ? nil : "IPs: " + message.ipAddresses.joined(separator: " ")]
                .compactMap { $0 }.joined(separator: " · ")
        default: nil
        }
    }
}
