import CaseDesk
import Foundation
import Letters
import MailIntake

/// A letter as an RFC 5322 message: headers a mail system and the customer's mail program
/// understand, the case tag in the subject so the reply finds its case, In-Reply-To and References
/// so it threads with the customer's mail, and the text as UTF-8 quoted-printable.
public struct LetterMessage: Sendable, Equatable {
    /// The message as it goes into the outbox, CRLF line ends.
    public let bytes: Data
    /// Without angle brackets, as the archive keeps it.
    public let messageID: String
    /// The subject with the case tag.
    public let subject: String
    public let from: MailAddress
    public let to: MailAddress
    public let date: Date

    /// Composes the message. `date` is written to the second in the desk's zone.
    public init(letter: Letter, caseNumber: CaseNumber, from: MailAddress, to: MailAddress, date: Date, calendar: BusinessCalendar,
                inReplyTo: String?, references: [String], caseTag: CaseTag = CaseTag(), uniqueness: String) {
        let tag = caseTag.tag(case: caseNumber)
        let domain = from.domain.isEmpty ? "casedesk.invalid" : from.domain
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        messageID = "casedesk.\(caseNumber).\(millis).\(uniqueness)@\(domain)"
        subject = caseTag.subject(letter.subject, case: caseNumber)
        self.from = from
        self.to = to
        self.date = date

        var head = ""
        head += MailEncoding.header("Date", [Self.rfc5322Date(date, calendar: calendar)])
        head += MailEncoding.header("From", MailEncoding.mailbox(name: from.displayName, address: from.address))
        head += MailEncoding.header("To", MailEncoding.mailbox(name: to.displayName, address: to.address))
        head += MailEncoding.header("Subject", tag.split(separator: " ").map(String.init) + MailEncoding.headerText(letter.subject))
        head += MailEncoding.header("Message-ID", ["<\(messageID)>"])
        if let inReplyTo { head += MailEncoding.header("In-Reply-To", ["<\(inReplyTo)>"]) }
        if !references.isEmpty { head += MailEncoding.header("References", references.map { "<\($0)>" }) }
        head += MailEncoding.header("MIME-Version", ["1.0"])
        head += MailEncoding.header("Content-Type", ["text/plain;", "charset=UTF-8"])
        head += MailEncoding.header("Content-Transfer-Encoding", ["quoted-printable"])
        head += MailEncoding.header("Content-Language", [letter.language.rawValue])
        head += MailEncoding.header("X-Casedesk-Case", [String(caseNumber)])
        bytes = Data((head + MailEncoding.lineBreak + MailEncoding.quotedPrintable(letter.body)).utf8)
    }

    /// `Wed, 31 Mar 2027 09:00:00 +0200`: English names, whatever the letter's language (RFC 5322).
    static func rfc5322Date(_ date: Date, calendar: BusinessCalendar) -> String {
        let clock = calendar.wallClock(date)
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let sign = clock.offset < 0 ? "-" : "+"
        let minutes = abs(clock.offset) / 60
        return String(format: "%@, %d %@ %04d %02d:%02d:%02d %@%02d%02d", days[clock.date.weekday.rawValue - 1], clock.date.day,
                      LocalDate.monthNames[clock.date.month - 1], clock.date.year, clock.hour, clock.minute, clock.second,
                      sign, minutes / 60, minutes % 60)
    }
}
