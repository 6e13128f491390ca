import CaseDesk
import Foundation

/// What one received message says, ready for the store to open a case from it or to attach it to
/// the case it answers. Parsing decides nothing the desk must decide: the kind and category are
/// proposals with their reasons, the checklist is what the text appears to carry.
public struct IntakeDraft: Sendable, Hashable, Codable {
    public var origin: MessageOrigin
    public var kind: CaseKind
    /// Why this kind, in words: "sent to abuse@registrar.example (Delivered-To)", "ARF feedback report".
    public var kindReason: String
    /// The desk address that decided the kind, when one did.
    public var recipient: MailAddress?
    public var channel: Channel
    /// The Date header; nil when missing or unreadable (the caller then uses the file time or now).
    public var receivedAt: Date?
    /// The sender's display name, or the address when there is none.
    public var customer: String?
    /// The From address.
    public var contact: MailAddress?
    /// Where the sender wants answers, when it differs from From.
    public var replyTo: [MailAddress]
    public var subject: String
    /// The readable body text, trimmed; quoted history stays, it is part of what was sent.
    public var description: String
    /// For abuse: from the report, else guessed from the words; nil when nothing stands out.
    public var category: AbuseCategory?
    /// For complaints: the type the words make clear (`ComplaintTypeGuess`); nil when unclear.
    public var complaintType: String?
    public var abuseReport: AbuseReport?
    /// Domains, URLs and IPs from the report's machine part first, then from subject and body.
    public var indicators: Indicators
    /// The case named by a `[casedesk #N]` tag in the subject.
    public var caseNumber: Int?
    public var messageID: String?
    /// Message-IDs this replies to, for matching the letters casedesk sent.
    public var inReplyTo: [String]
    public var references: [String]
    /// "complaint", "plainte" or "Beschwerde" in the subject or at the top of the body.
    public var hasComplaintMarker: Bool
    public var checklist: ChecklistFindings
    public var attachments: [Evidence]
    /// The whole message as received.
    public var rawMessage: Evidence
    public var dedupeKey: DedupeKey
    /// What parsing worked around or noticed (truncation, unknown charsets, a missing Date).
    public var notes: [String]
}
