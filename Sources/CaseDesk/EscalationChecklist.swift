import Foundation

/// The escalation checked against PROCEDURE.md: the items it carries, the written-channel rule, the
/// complaint marker, and whether it arrived after the customer's window closed.
public struct EscalationChecklist: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var item: ChecklistItem
        public var present: Bool
    }

    /// The items that apply to this case, each present or not.
    public var entries: [Entry]
    public var channel: Channel
    public var late: Bool
    /// When the customer's window closed (nil when there was no answer to escalate from).
    public var windowEnd: Date?
    public var lateDecision: CaseState.LateDecisionRecord?

    public var missing: [ChecklistItem] { entries.filter { !$0.present }.map(\.item) }
    public var writtenChannel: Bool { channel.isWritten }
    public var markerFound: Bool { entries.contains { $0.item == .marker && $0.present } }
    /// Recorded as received but incomplete until the missing items arrive.
    public var isComplete: Bool { missing.isEmpty && writtenChannel }

    /// Human-readable state: "complete", "incomplete: measures wanted, …", plus lateness.
    public var summary: String {
        var parts: [String] = [isComplete ? "complete" : "incomplete"]
        if !missing.isEmpty { parts[0] += ": missing " + missing.map(\.title).joined(separator: "; ") }
        if late {
            switch lateDecision {
            case nil: parts.append("late (after the window closed): awaiting the head of support's decision")
            case let decision?: parts.append("late, \(decision.accepted ? "accepted" : "refused"): \(decision.reason)")
            }
        }
        return parts.joined(separator: "; ")
    }
}

extension Procedure {
    /// The checklist of the case's escalation, or nil when there is none.
    public func checklist(_ state: CaseState) -> EscalationChecklist? {
        guard let escalation = state.escalation else { return nil }
        return checklist(state, items: escalation.items, channel: escalation.phase.channel, late: escalation.late,
                         lateDecision: escalation.lateDecision)
    }

    /// The checklist an escalation would have if recorded now with these items: for forms that show
    /// what is missing before anything is written.
    public func previewChecklist(
        _ state: CaseState, received: Date, channel: Channel, heading: String?, items: Set<ChecklistItem>
    ) -> EscalationChecklist {
        let filing = escalationFiling(for: state, received: received, channel: channel, heading: heading, items: items)
        return checklist(state, items: Set(filing.items), channel: channel, late: filing.late, lateDecision: nil)
    }

    private func checklist(
        _ state: CaseState, items: Set<ChecklistItem>, channel: Channel, late: Bool, lateDecision: CaseState.LateDecisionRecord?
    ) -> EscalationChecklist {
        EscalationChecklist(
            entries: state.applicableChecklistItems.map { EscalationChecklist.Entry(item: $0, present: items.contains($0)) },
            channel: channel, late: late,
            windowEnd: state.head?.lastAnswer.map { windowEnd(of: state, answeredAt: $0.sent.at) },
            lateDecision: lateDecision)
    }
}
