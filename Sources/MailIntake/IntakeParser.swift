import CaseDesk

/// Turns received messages into drafts. Pure: bytes in, a draft or a rejection out; it neither
/// touches the store nor prints, so it can run on any thread and in tests without setup.
public struct IntakeParser: Sendable {
    public var configuration: IntakeConfiguration

    public init(configuration: IntakeConfiguration = .standard) {
        self.configuration = configuration
    }

    /// Throws only when the input is not a message the desk can file; damage inside a message
    /// (truncation, bad encodings) does not stop it and is listed in the draft's notes.
    public func draft(from raw: RawMessage) throws(IntakeRejection) -> IntakeDraft {
        try draft(from: MailMessage(bytes: raw.bytes), origin: raw.origin)
    }

    /// For callers that have parsed the message already, e.g. to show it before filing it.
    public func draft(from message: MailMessage, origin: MessageOrigin) throws(IntakeRejection) -> IntakeDraft {
        let sender = message.from.first
        let body = message.bodyText
        let attachments = message.attachments
        guard sender != nil || !body.isEmpty || !attachments.isEmpty else { throw .noSenderAndNoBody }

        let subject = message.subject ?? ""
        let report = AbuseReport.arf(in: message) ?? AbuseReport.xarf(in: message)
        let route = configuration.addresses.match(message)
        let kind: CaseKind
        let kindReason: String
        if let report {
            kind = .abuse
            kindReason = report.format == .arf ? "ARF feedback report (RFC 5965)" : "X-ARF abuse report"
        } else if let route {
            kind = route.kind
            kindReason = "sent to \(route.address.address) (\(route.field))"
        } else {
            kind = .complaint
            let hasRecipients = MailAddresses.recipientFields.contains { !message.addresses($0).isEmpty }
            kindReason = hasRecipients
                ? "no recipient is a complaints, abuse or feedback address; taken as a complaint"
                : "the message names no recipient; taken as a complaint"
        }

        let text = subject + "\n" + body
        let indicators = (report?.indicators ?? Indicators()).merging(IndicatorExtractor.extract(from: text))
        let caseNumber = configuration.caseTag.caseNumber(in: subject)
        let checklist = configuration.vocabulary.findings(
            subject: subject, body: body, sender: sender, domains: indicators.domains, caseNumber: caseNumber)
        let replyTo = message.replyTo.filter { $0.address.lowercased() != sender?.address.lowercased() }
        let messageID = message.messageID
        let rawEvidence = Evidence(role: .rawMessage, filename: nil, contentType: "message/rfc822", bytes: message.raw)

        return IntakeDraft(
            origin: origin,
            kind: kind,
            kindReason: kindReason,
            recipient: report == nil ? route?.address : nil,
            channel: .email,
            receivedAt: message.date,
            customer: sender?.personName,
            contact: sender.flatMap { $0.address.isEmpty ? nil : $0 },
            replyTo: replyTo,
            subject: subject,
            description: body,
            category: kind == .abuse ? report?.category ?? AbuseCategory.guess(in: text) : nil,
            complaintType: kind == .complaint ? ComplaintTypeGuess.guess(subject: subject, body: body) : nil,
            abuseReport: report,
            indicators: indicators,
            caseNumber: caseNumber,
            messageID: messageID,
            inReplyTo: message.inReplyTo,
            references: message.references,
            hasComplaintMarker: checklist.hasComplaintMarker,
            checklist: checklist,
            // An XARF 4.0.0 report's own evidence items are kept beside the message's attachments.
            attachments: attachments + (report?.evidence ?? []),
            rawMessage: rawEvidence,
            dedupeKey: DedupeKey(messageID: messageID, sha256: rawEvidence.sha256),
            notes: notes(for: message, sender: sender)
        )
    }

    private func notes(for message: MailMessage, sender: MailAddress?) -> [String] {
        var notes = message.defects.map(\.description)
        if sender == nil { notes.append("no From header: the sender is unknown") }
        if message.leafParts.contains(where: { $0.contentType.mimeType.hasPrefix("text/") && $0.isTextCut }) {
            notes.append("the text is longer than \(MIMEPart.textLimit >> 20) MiB; the first MiB is read (the archive keeps the whole message)")
        }
        if message.from.count > 1 { notes.append("several From addresses; the first is taken as the customer") }
        if let value = message.header["Date"], message.date == nil {
            notes.append("unreadable Date header \"\(value)\"; the receipt time must come from the file or the import")
        } else if message.header["Date"] == nil {
            notes.append("no Date header; the receipt time must come from the file or the import")
        }
        var seen = Set<String>()
        return notes.filter { seen.insert($0).inserted }
    }
}
