/// How the sender meant a part to be shown (RFC 2183). An `attachment` is evidence, never body text.
public struct ContentDisposition: Sendable, Hashable {
    /// Lower-cased: `inline`, `attachment`, or whatever the sender wrote.
    public let kind: String
    public let parameters: [String: String]

    public init(parsing value: String) {
        let (kind, parameters) = MIMEParameters.parse(value)
        self.kind = kind
        self.parameters = parameters
    }

    public var isAttachment: Bool { kind == "attachment" }

    public var filename: String? { parameters["filename"] }
}
