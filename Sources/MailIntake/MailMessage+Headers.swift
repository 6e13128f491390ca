import Foundation

extension MailMessage {
    /// The Subject with encoded words decoded; nil when there is no Subject field.
    public var subject: String? { header.first("Subject")?.decodedValue }

    /// The Date header as a moment; nil when missing or unreadable (the caller then falls back to
    /// the file time or the time of import).
    public var date: Date? { header["Date"].flatMap(MailDate.parse) }

    public var from: [MailAddress] { addresses("From") }
    public var to: [MailAddress] { addresses("To") }
    public var cc: [MailAddress] { addresses("Cc") }
    public var replyTo: [MailAddress] { addresses("Reply-To") }

    /// The Message-ID in comparison form (see `MessageID`), nil when missing.
    public var messageID: String? { header["Message-ID"].flatMap { MessageID.list($0).first ?? MessageID.normalize($0) } }
    public var inReplyTo: [String] { header.all("In-Reply-To").flatMap { MessageID.list($0.value) } }
    public var references: [String] { header.all("References").flatMap { MessageID.list($0.value) } }

    /// All addresses of every field with this name.
    public func addresses(_ fieldName: String) -> [MailAddress] {
        header.all(fieldName).flatMap { MailAddress.list(from: $0.value) }
    }
}
