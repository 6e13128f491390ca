/// Where a message came from, so a person can find the original: `inbox.eml`, `archive.mbox#3`,
/// a Maildir file's path, or `-` for standard input.
public struct MessageOrigin: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file's path; `-` for standard input.
    public let path: String
    /// The 1-based position in an mbox; nil for a file holding one message.
    public let index: Int?

    public init(path: String, index: Int? = nil) {
        self.path = path
        self.index = index
    }

    public static let standardInput = MessageOrigin(path: "-")

    public var description: String {
        let place = path == "-" ? "standard input" : path
        return index.map { "\(place)#\($0)" } ?? place
    }
}
