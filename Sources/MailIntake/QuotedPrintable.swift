/// Quoted-printable (RFC 2045 section 6.7) and its header variant, the RFC 2047 "Q" encoding.
/// Tolerant the way readers must be: lower-case hex, a lone `=` kept as it is, transport padding
/// at line ends dropped.
enum QuotedPrintable {
    /// Decodes a body. Hard line breaks are kept as they were (CRLF or LF); soft breaks (`=` at the
    /// end of a line) vanish.
    static func decode(_ input: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingWhitespace: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 32, 9:
                pendingWhitespace.append(byte)
                index += 1
                continue
            case 13 where index + 1 < bytes.count && bytes[index + 1] == 10, 10:
                // Whitespace before a hard line break was added in transport.
                pendingWhitespace = []
                output.append(byte)
                index += 1
                continue
            default:
                break
            }
            output.append(contentsOf: pendingWhitespace)
            pendingWhitespace = []
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            if let afterBreak = softBreakEnd(bytes, after: index) {
                index = afterBreak
                continue
            }
            output.append(byte)
            index += 1
        }
        output.append(contentsOf: pendingWhitespace)
        return output
    }

    /// Decodes the text of a "Q" encoded word, where `_` stands for a space.
    static func decodeHeaderWord(_ input: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(input)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                output.append(32)
            } else if byte == UInt8(ascii: "="), index + 2 < bytes.count,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// Where the text resumes when the `=` at `index` ends its line (trailing blanks allowed), else nil.
    private static func softBreakEnd(_ bytes: [UInt8], after index: Int) -> Int? {
        var cursor = index + 1
        while cursor < bytes.count, bytes[cursor] == 32 || bytes[cursor] == 9 { cursor += 1 }
        if cursor == bytes.count { return cursor }
        if bytes[cursor] == 10 { return cursor + 1 }
        if bytes[cursor] == 13, cursor + 1 < bytes.count, bytes[cursor + 1] == 10 { return cursor + 2 }
        return nil
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
