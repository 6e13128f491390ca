/// Something wrong in a message that parsing worked around. Kept on the draft so the desk knows
/// when the text it reads may be incomplete or guessed.
public enum MIMEDefect: Sendable, Hashable, Codable, CustomStringConvertible {
    case missingClosingBoundary(boundary: String)
    case missingBoundary(mimeType: String)
    case noParts(boundary: String)
    case unreadableContentType(String)
    case unknownCharset(String)
    case invalidBase64
    case unknownTransferEncoding(String)
    case nestedTooDeep
    case headerWithoutBlankLine

    public var description: String {
        switch self {
        case .missingClosingBoundary(let boundary):
            "a multipart section has no closing boundary \"--\(boundary)--\": the message may be truncated"
        case .missingBoundary(let mimeType):
            "a \(mimeType) section has no boundary parameter; it was read as plain text"
        case .noParts(let boundary):
            "no part starts with the boundary \"--\(boundary)\"; the section was read as plain text"
        case .unreadableContentType(let value):
            "unreadable Content-Type \"\(value)\"; read as plain text"
        case .unknownCharset(let name):
            "unknown character set \"\(name)\"; read as UTF-8 or, failing that, Windows-1252"
        case .invalidBase64:
            "a base64 part holds characters outside the base64 alphabet; they were skipped"
        case .unknownTransferEncoding(let name):
            "unknown transfer encoding \"\(name)\"; the part was kept as received"
        case .nestedTooDeep:
            "parts nested too deeply; the innermost were kept undivided"
        case .headerWithoutBlankLine:
            "the header ends without a blank line; the first line that is not a header field starts the body"
        }
    }
}
