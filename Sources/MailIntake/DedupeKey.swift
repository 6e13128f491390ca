/// What identifies a message when the same mail is imported twice (a re-run, a copy in two
/// folders). The Message-ID catches the same mail delivered twice; the digest catches exact copies
/// and mail without a Message-ID.
public struct DedupeKey: Sendable, Hashable, Codable {
    /// The Message-ID in comparison form; nil when the message has none.
    public let messageID: String?
    /// SHA-256 of the raw bytes, 64 lower-case hex digits.
    public let sha256: String

    public init(messageID: String?, sha256: String) {
        self.messageID = messageID
        self.sha256 = sha256
    }
}
