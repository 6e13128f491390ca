import CaseDesk

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
        case let .mitigated(m): "recorded a mitigation (\(m.action))"
        case let .messageReceived(m): "filed a message from \(m.from)"
        case let .messageSent(m): m.letter.map { "sent the \($0) letter\(m.language.map { " (\($0))" } ?? "") to \(m.to ?? "the customer")" }
            ?? "sent a message to \(m.to ?? "the customer")"
        }
    }
}
