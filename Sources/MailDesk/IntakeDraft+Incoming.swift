import CaseDesk
import CaseStore
import Foundation
import MailIntake

extension IntakeDraft {
    /// Why a draft cannot go to the store at all, before the store is asked: nobody to answer.
    public var unfileableReason: String? {
        if contact == nil, replyTo.isEmpty { return "no sender address (From or Reply-To): nobody could be answered" }
        return nil
    }

    /// Why the message's Date is not taken as its receipt time (before 1990, or more than a day
    /// ahead: see `ReceiptTime`), for the import's notes; nil when it is, or when there is none.
    public func receiptNote(at now: Date) -> String? {
        guard let receivedAt, let problem = ReceiptTime.problem(with: receivedAt, now: now) else { return nil }
        return "the Date header (\(Self.isoUTC(receivedAt))) is not taken as the receipt time: \(problem); the import time is"
    }

    /// `2027-03-04T09:20:00Z`, as ISO8601DateFormatter writes it: making a formatter for every
    /// message was a third of importing a mailbox whose dates are not taken.
    static func isoUTC(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The message as the store files it, at the moment of the import. The receipt time is the
    /// message's Date, else `now`; a Date slightly in the future (a sender's clock running fast)
    /// is taken as `now`, since the procedure never counts from a future receipt; one that cannot
    /// be a receipt time (`receiptNote`) is replaced by `now`.
    public func incomingMessage(at now: Date) -> IncomingMessage {
        let received = receiptNote(at: now) == nil ? min(receivedAt ?? now, now) : now
        let sender = contact ?? replyTo.first
        let address = sender?.address ?? ""
        let subjectText = Self.clean(subject).trimmingCharacters(in: .whitespacesAndNewlines)
        let heading = subjectText.isEmpty ? "(no subject)" : subjectText
        let text = Self.clean(description)
        let intake = Intake(
            kind: kind, channel: channel, received: received,
            customer: Self.clean(customer ?? sender?.personName ?? address), contact: Self.clean(address),
            account: checklist.accountReference.map(Self.clean), domains: indicators.domains, subject: heading,
            description: text, category: kind == .abuse ? category : nil, stage: .supervisor,
            complaintType: kind == .complaint ? complaintType : nil)
        let correspondence = Change.Correspondence(
            sha256: dedupeKey.sha256, messageID: messageID.map(Self.clean), at: received,
            from: Self.clean(sender?.description ?? "(unknown sender)"), to: recipient.map { Self.clean($0.address) },
            subject: heading, urls: indicators.urls.map(Self.clean), ipAddresses: indicators.ipAddresses)
        var answers: [String] = []
        var seen = Set<String>()
        for id in inReplyTo + references.reversed() where seen.insert(id).inserted { answers.append(id) }
        let reply = CustomerReply(received: received, channel: channel, heading: heading, text: text,
                                  hasComplaintMarker: hasComplaintMarker, items: Set(checklist.items))
        return IncomingMessage(raw: rawMessage.bytes, origin: origin.description, correspondence: correspondence, answers: answers,
                               caseTag: caseNumber.map { CaseNumber($0) }, intake: intake, reply: reply)
    }

    /// The store keeps text, not NUL bytes; a NUL a message smuggles into a header becomes U+FFFD
    /// (the raw message keeps it as received).
    static func clean(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }
}
