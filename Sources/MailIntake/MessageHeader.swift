import Foundation

/// The header block of a message or of a MIME part, in received order.
public struct MessageHeader: Sendable, Hashable {
    public let fields: [HeaderField]

    public init(fields: [HeaderField]) {
        self.fields = fields
    }

    /// The first field with this name: RFC 5322 allows most fields once, and when a broken message
    /// carries one twice, mail readers show the first.
    public func first(_ name: String) -> HeaderField? {
        fields.first { $0.is(name) }
    }

    /// Every field with this name, for the fields that repeat (Received, Reported-Domain).
    public func all(_ name: String) -> [HeaderField] {
        fields.filter { $0.is(name) }
    }

    /// The first value of the named field, unfolded, encoded words not decoded.
    public subscript(name: String) -> String? { first(name)?.value }
}

extension MessageHeader {
    /// What reading a header block found: the fields, where the body starts, and what went wrong.
    struct Parsed {
        var header: MessageHeader
        var bodyStart: Int
        /// An mbox envelope line (`From sender date`) found before the first field.
        var envelope: String?
        /// Lines were read as header fields until a line that was not one, with no blank line first.
        var endedWithoutBlankLine = false
        /// NUL bytes in the header block: binary data, not mail.
        var hasNUL = false
    }

    /// Reads fields up to the first empty line. A line that is neither a field nor a continuation
    /// ends the header (the rest is body) rather than failing: real mail has such lines.
    ///
    /// At the start of a whole message (`atMessageStart`), blank lines and an mbox envelope line
    /// before the first field are passed over, as files saved by mail programs have them. In a MIME
    /// part an empty first line means the part has no header, so there they end the header at once.
    static func parse(_ bytes: ArraySlice<UInt8>, atMessageStart: Bool = false) -> Parsed {
        var fields: [HeaderField] = []
        var current: Range<Int>?
        var parsed = Parsed(header: MessageHeader(fields: []), bodyStart: bytes.endIndex)
        func finishCurrent() {
            if let range = current {
                var end = range.upperBound
                while end > range.lowerBound, bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
                fields.append(HeaderField(raw: Array(bytes[range.lowerBound..<end])))
            }
            current = nil
        }
        var beforeFirstField = atMessageStart
        for line in ByteLines(bytes) {
            if beforeFirstField {
                if bytes[line.start..<line.contentEnd].allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                if parsed.envelope == nil, bytes.hasPrefix(Array("From ".utf8), at: line.start), !isFieldStart(bytes, line) {
                    parsed.envelope = String(decoding: bytes[line.start..<line.contentEnd], as: UTF8.self)
                    continue
                }
                beforeFirstField = false
            }
            if line.isEmpty {
                finishCurrent()
                parsed.bodyStart = line.end
                parsed.header = MessageHeader(fields: fields)
                return parsed
            }
            if bytes[line.start..<line.contentEnd].contains(0) { parsed.hasNUL = true }
            let first = bytes[line.start]
            if first == 32 || first == 9, let range = current {
                current = range.lowerBound..<line.end
                continue
            }
            if first != 32 && first != 9 && isFieldStart(bytes, line) {
                finishCurrent()
                current = line.start..<line.end
                continue
            }
            finishCurrent()
            parsed.bodyStart = line.start
            parsed.endedWithoutBlankLine = true
            parsed.header = MessageHeader(fields: fields)
            return parsed
        }
        finishCurrent()
        parsed.header = MessageHeader(fields: fields)
        return parsed
    }

    /// `name:` with a name of printable ASCII; spaces before the colon are an obsolete form still seen.
    private static func isFieldStart(_ bytes: ArraySlice<UInt8>, _ line: ByteLine) -> Bool {
        var index = line.start
        while index < line.contentEnd, (33...126).contains(bytes[index]), bytes[index] != UInt8(ascii: ":") {
            index += 1
        }
        guard index > line.start else { return false }
        while index < line.contentEnd, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
        return index < line.contentEnd && bytes[index] == UInt8(ascii: ":")
    }
}
