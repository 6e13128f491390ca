import CaseDesk
import Foundation

/// A received mail message as the store files it: the bytes, how to recognise it again, how to
/// find the case it belongs to, and what it says in the desk's terms. Mail intake builds it from a
/// parsed message; the store decides, inside one transaction, whether it opens a case, joins one
/// (and perhaps moves it on), or is a duplicate.
public struct IncomingMessage: Sendable, Equatable {
    /// The message exactly as received.
    public var raw: Data
    /// Where it was read from (a file, `archive.mbox#3`, standard input), for the archive.
    public var origin: String
    /// What the trail records; its `sha256` and `messageID` are what make a second arrival a duplicate.
    public var correspondence: Change.Correspondence
    /// Message-IDs it answers, most telling first (In-Reply-To, then References newest first): a
    /// match with a message filed with a case puts it on that case.
    public var answers: [String]
    /// The case named by a `[casedesk #N]` tag in its subject.
    public var caseTag: CaseNumber?
    /// The case it opens when it belongs to none.
    public var intake: Intake
    /// What it files on the case it belongs to (a formal complaint, an escalation), judged by the procedure.
    public var reply: CustomerReply
    /// An abuse report that opens a case joins the incident of the open reports naming its domain
    /// (when the importer may link); false only suggests it (`import --no-link`).
    public var linkIncidents = true

    public init(raw: Data, origin: String, correspondence: Change.Correspondence, answers: [String], caseTag: CaseNumber?,
                intake: Intake, reply: CustomerReply) {
        self.raw = raw
        self.origin = origin
        self.correspondence = correspondence
        self.answers = answers
        self.caseTag = caseTag
        self.intake = intake
        self.reply = reply
    }

    public var sha256: String { correspondence.sha256 }
    public var messageID: String? { correspondence.messageID }
}
