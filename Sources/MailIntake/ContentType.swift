/// A MIME media type with its parameters; decides how a part is read and whether it is body text.
public struct ContentType: Sendable, Hashable {
    /// Lower-cased, e.g. `text`.
    public let type: String
    /// Lower-cased, e.g. `plain`.
    public let subtype: String
    /// Names lower-cased; RFC 2231 continuations joined and decoded.
    public let parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// Reads a Content-Type value; nil when it names no `type/subtype`. `text` alone, as some old
    /// mailers write it, means text/plain.
    public init?(parsing value: String) {
        let (mediaType, parameters) = MIMEParameters.parse(value)
        let pieces = mediaType.split(separator: "/", maxSplits: 1).map { String($0).trimmingWhitespace() }
        if pieces.count == 1, pieces[0] == "text" {
            self.init(type: "text", subtype: "plain", parameters: parameters)
            return
        }
        guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty,
              !pieces[0].contains(where: \.isWhitespace), !pieces[1].contains(where: \.isWhitespace)
        else { return nil }
        self.init(type: pieces[0], subtype: pieces[1], parameters: parameters)
    }

    /// `type/subtype`.
    public var mimeType: String { "\(type)/\(subtype)" }

    public var charset: String? { parameters["charset"] }

    public var isMultipart: Bool { type == "multipart" }

    /// RFC 2045's default for a part without Content-Type.
    public static let plainText = ContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])

    /// The default inside multipart/digest.
    public static let message = ContentType(type: "message", subtype: "rfc822")
}
