/// One header field. The raw bytes are kept because a header is evidence (an abuse report may hinge
/// on one Received line), while `value` is what code reads: unfolded, 8-bit bytes made text.
public struct HeaderField: Sendable, Hashable {
    /// The name as written (`Subject`, `SUBJECT`); compare with `is(_:)`.
    public let name: String
    /// The field as received: name, colon, value and folding, without the final line break.
    public let raw: [UInt8]
    /// The value unfolded and trimmed, with RFC 2047 encoded words still encoded: structured
    /// fields (addresses, Content-Type) must be parsed before their words are decoded.
    public let value: String

    init(raw: [UInt8]) {
        self.raw = raw
        let colon = raw.firstIndex(of: UInt8(ascii: ":")) ?? raw.endIndex
        self.name = String(decoding: raw[..<colon], as: UTF8.self).trimmingWhitespace()
        let valueBytes = colon < raw.endIndex ? raw[(colon + 1)...].filter { $0 != 13 && $0 != 10 } : []
        self.value = Charset.utf8OrWindows1252(valueBytes).trimmingWhitespace()
    }

    /// The value with encoded words decoded, for unstructured fields such as Subject.
    public var decodedValue: String { EncodedWords.decode(value) }

    /// Case-insensitive name comparison, as RFC 5322 wants. Field names are ASCII, so the bytes
    /// are compared with ASCII case folding: Foundation's comparison made header lookups a large
    /// part of parsing a message.
    public func `is`(_ otherName: String) -> Bool {
        let mine = name.utf8, theirs = otherName.utf8
        guard mine.count == theirs.count else { return false }
        return zip(mine, theirs).allSatisfy { a, b in
            a == b || (a ^ 0x20 == b && (0x61...0x7A).contains(a | 0x20))
        }
    }
}

extension String {
    /// Trims spaces, tabs and line breaks only: other control characters are content and stay.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
              let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
