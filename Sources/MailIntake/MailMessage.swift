/// One received message: its bytes as they arrived and its MIME tree. Everything else (the draft,
/// the evidence, the report fields) is read from here.
public struct MailMessage: Sendable {
    /// The message exactly as received, for evidence and for the dedupe digest.
    public let raw: [UInt8]
    /// The root of the MIME tree; its header is the message header.
    public let root: MIMEPart
    /// The mbox envelope line (`From sender date`) when the message began with one.
    public let envelope: String?

    /// Fields that (almost) every mail message has; a header with none of them is something else
    /// that happens to contain a colon.
    private static let mailFields = [
        "from", "to", "cc", "subject", "date", "message-id", "received", "return-path", "delivered-to",
        "x-original-to", "mime-version", "content-type", "reply-to", "sender", "in-reply-to", "references",
    ]

    /// Reads a message; rejects input that is not mail at all. Damage inside a message (bad
    /// encodings, truncation) is not a rejection: it becomes `defects`.
    public init(bytes raw: [UInt8]) throws(IntakeRejection) {
        guard raw.contains(where: { ![9, 10, 13, 32].contains($0) }) else { throw .empty }
        // A message with bare CRs for line breaks (old Mac mail) is read as lines; the raw message
        // keeps its bytes (the same count: one byte for one).
        let bytes = raw.contains(10) || !raw.contains(13) ? raw : raw.map { $0 == 13 ? 10 : $0 }
        let parsed = MessageHeader.parse(bytes[...], atMessageStart: true)
        guard !parsed.hasNUL else { throw .notMailMessage(reason: "binary data (NUL bytes) where the header should be") }
        guard !parsed.header.fields.isEmpty else { throw .notMailMessage(reason: "no header lines") }
        guard parsed.header.fields.contains(where: { Self.mailFields.contains($0.name.lowercased()) }) else {
            throw .notMailMessage(reason: "none of the usual header fields (From, To, Subject, Date, Received…)")
        }
        var root = MIMEPart.make(header: parsed.header, body: bytes[parsed.bodyStart...], defaultType: .plainText, depth: 0)
        if parsed.endedWithoutBlankLine { root = root.adding(.headerWithoutBlankLine) }
        self.raw = raw
        self.root = root
        self.envelope = parsed.envelope
    }

    public var header: MessageHeader { root.header }

    /// Everything parsing worked around, in message order.
    public var defects: [MIMEDefect] { root.allDefects }
}
