import CaseDesk
import CaseStore
import Foundation
import MailIntake

/// An abuse report's own part of `show`: the reporter class, the confirmation, the evidence as
/// judged and as received (each item with its SHA-256), every action and its undoing, the review
/// of associated names. Outside text goes through the one sanitizer (`CaseReport.safe`).
enum AbuseSection {
    /// One item of evidence as it arrived: the report message, an attachment, or a URL it names.
    struct Item: Equatable {
        var what: String
        var sha256: String
    }

    /// The evidence the report's messages carry, from the store's message archive.
    static func items(_ state: CaseState, store: any CaseStore) -> [Item] {
        var items: [Item] = []
        for record in state.messages where record.direction == .incoming {
            let message = record.message
            items.append(Item(what: "message \(message.subject.isEmpty ? "(no subject)" : message.subject)", sha256: message.sha256))
            if let stored = try? store.storedMessage(message.sha256), let mail = try? MailMessage(bytes: [UInt8](stored.raw)) {
                for attachment in mail.attachments {
                    items.append(Item(what: "attachment \(attachment.filename ?? "(no name)") · \(attachment.contentType) · \(attachment.size) bytes",
                                      sha256: attachment.sha256))
                }
            }
            for url in message.urls {
                items.append(Item(what: "URL \(url)", sha256: SHA256.hex(of: Array(url.utf8))))
            }
        }
        return items
    }

    static func lines(_ state: CaseState, items: [Item], policy: Policy, calendar: BusinessCalendar) -> [String] {
        guard state.kind == .abuse else { return [] }
        let safe = CaseReport.safe
        var lines = ["", "Abuse report"]
        var reporter = "  reporter class   \(state.reporterClass?.title ?? "public")"
        if let change = state.reporterClassChanges.last {
            reporter += " (changed \(calendar.readable(change.changed.at)) by \(change.changed.by): \(safe(change.reason)))"
        }
        lines.append(reporter)
        lines.append("  receipt          " + (state.receiptConfirmed.map { "confirmed \(calendar.readable($0.at)) by \($0.by)" } ?? "not confirmed yet"))
        if let last = state.evidenceJudgements.last {
            lines.append("  evidence         \(last.actionable ? "ACTIONABLE" : "not actionable") \(calendar.readable(last.judged.at)) by \(last.judged.by): \(safe(last.reason))")
        } else {
            lines.append("  evidence         not judged yet")
        }
        for (index, item) in policy.abuse.evidenceChecklist.enumerated() {
            let checked = state.evidenceJudgements.last?.checked.contains(item) ?? false
            lines.append("    \(index + 1). [\(checked ? "x" : " ")] \(item)")
        }
        if !items.isEmpty {
            lines.append("  evidence received")
            for item in items {
                lines.append("    " + safe(item.what))
                lines.append("      sha256 \(item.sha256)")
            }
        }
        if !state.mitigations.isEmpty {
            lines.append("  actions")
            for mitigation in state.mitigations {
                var line = "    \(calendar.readable(mitigation.recorded.at))  \(mitigation.recorded.by)  "
                    + safe(mitigation.typed?.title ?? mitigation.action) + ": " + safe(mitigation.evidence)
                if let deadline = mitigation.deadline { line += " (deadline \(calendar.readable(deadline)))" }
                lines.append(line)
                if let undone = mitigation.undone {
                    lines.append("      \(mitigation.typed?.undoneTitle ?? "undone") \(calendar.readable(undone.at)) by \(undone.by): "
                        + safe(mitigation.undoReason ?? ""))
                }
            }
        }
        for review in state.associatedNamesReviews {
            lines.append("  associated names reviewed \(review.reviewed), found \(review.found.isEmpty ? "none" : safe(review.found.joined(separator: ", ")))"
                + " (\(calendar.readable(review.recorded.at)) by \(review.recorded.by))" + (review.note.map { ": " + safe($0) } ?? ""))
        }
        return lines
    }
}
