/// One node of a message's MIME tree. The root part's header is the message header; a
/// `message/rfc822` part has the enclosed message's root as its only child, so a forwarded or
/// reported message is walked like any other part.
public struct MIMEPart: Sendable {
    public let header: MessageHeader
    public let contentType: ContentType
    public let disposition: ContentDisposition?
    /// Lower-cased: `7bit`, `8bit`, `binary`, `base64`, `quoted-printable`.
    public let transferEncoding: String
    /// The body as received, before transfer decoding.
    public let rawBody: ArraySlice<UInt8>
    public let children: [MIMEPart]
    /// Problems in this part alone; `allDefects` gathers the subtree's.
    public let defects: [MIMEDefect]

    /// The body after base64 or quoted-printable decoding: the bytes the sender attached.
    public var decodedBody: [UInt8] { Self.decode(rawBody, transferEncoding: transferEncoding) }

    static func decode(_ body: ArraySlice<UInt8>, transferEncoding: String) -> [UInt8] {
        switch transferEncoding {
        case "base64": Base64.decode(body)
        case "quoted-printable": QuotedPrintable.decode(body)
        default: Array(body)
        }
    }

    /// The file name the sender gave, from Content-Disposition or the older Content-Type `name`.
    public var filename: String? {
        let name = disposition?.filename ?? contentType.parameters["name"]
        return name.flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 }
    }

    /// A part the sender attached rather than wrote: it is evidence, never body text.
    public var isAttachment: Bool {
        filename != nil || disposition?.isAttachment == true
    }

    /// How much of a part is read as text: enough for any letter a person wrote, and a bound on
    /// the work and memory a 50 MB body costs (the raw message keeps every byte).
    public static let textLimit = 1 << 20

    /// Whether `text` holds only the first `textLimit` bytes of the body.
    public var isTextCut: Bool { rawBody.count > Self.textLimit && decodedBody.count > Self.textLimit }

    /// The body decoded as text in its declared charset, line breaks as `\n`, `format=flowed`
    /// lines rejoined (RFC 3676) so paragraphs read as written; at most `textLimit` bytes of it,
    /// cut after a line where there is one.
    public var text: String {
        var body = decodedBody
        if body.count > Self.textLimit {
            let end = body[..<Self.textLimit].lastIndex(of: 10).map { $0 + 1 } ?? Self.textLimit
            body.removeSubrange(end...)
        }
        let decoded = Charset(label: contentType.charset).decode(body)
        let unixLines = String(String.UnicodeScalarView(decoded.unicodeScalars.lazy.filter { $0 != "\r" }))
        guard contentType.parameters["format"]?.lowercased() == "flowed" else { return unixLines }
        return Self.unflowed(unixLines, deleteSpace: contentType.parameters["delsp"]?.lowercased() == "yes")
    }

    /// This part and every part below it, depth first, in message order.
    public var allParts: [MIMEPart] {
        [self] + children.flatMap(\.allParts)
    }

    /// The defects of this part and every part below it.
    public var allDefects: [MIMEDefect] {
        allParts.flatMap(\.defects)
    }

    private static func unflowed(_ text: String, deleteSpace: Bool) -> String {
        var result = ""
        var joining = false
        for var line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(" ") { line = line.dropFirst() }  // space-stuffing
            let isSoft = line.hasSuffix(" ") && line != "-- "
            if joining == false && !result.isEmpty { result += "\n" }
            result += isSoft && deleteSpace ? line.dropLast() : line
            joining = isSoft
        }
        return result
    }
}
