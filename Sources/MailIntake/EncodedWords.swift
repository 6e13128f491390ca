/// RFC 2047 encoded words (`=?UTF-8?Q?Plainte_=C3=A0?=`), the way non-ASCII text travels in headers.
enum EncodedWords {
    /// Decodes every encoded word in an unstructured value. Whitespace between two adjacent encoded
    /// words is dropped (RFC 2047 section 6.2); adjacent words in one charset are decoded together,
    /// since senders split multi-byte characters across words.
    static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > 1, bytes.contains(UInt8(ascii: "?")) else { return text }
        var result = ""
        var pending: (charset: Charset, bytes: [UInt8])?
        var literalStart = 0
        var afterWord = false
        var index = 0
        func flush() {
            if let word = pending { result += word.charset.decode(word.bytes) }
            pending = nil
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "="), let word = word(in: bytes, at: index) else {
                index += 1
                continue
            }
            let literal = bytes[literalStart..<index]
            if !(afterWord && literal.allSatisfy({ $0 == 32 || $0 == 9 })) {
                flush()
                result += String(decoding: literal, as: UTF8.self)
            }
            if let current = pending, current.charset == word.charset {
                pending = (current.charset, current.bytes + word.bytes)
            } else {
                flush()
                pending = (word.charset, word.bytes)
            }
            index = word.end
            literalStart = index
            afterWord = true
        }
        flush()
        result += String(decoding: bytes[literalStart...], as: UTF8.self)
        return result
    }

    /// The encoded word starting at `start` (`=?charset?B|Q?text?=`), decoded to bytes, or nil.
    private static func word(in bytes: [UInt8], at start: Int) -> (charset: Charset, bytes: [UInt8], end: Int)? {
        let question = UInt8(ascii: "?")
        guard start + 1 < bytes.count, bytes[start + 1] == question else { return nil }
        let charsetStart = start + 2
        guard let charsetEnd = bytes[charsetStart...].prefix(80).firstIndex(of: question), charsetEnd > charsetStart,
              !bytes[charsetStart..<charsetEnd].contains(where: { $0 == 32 || $0 == 9 }),
              charsetEnd + 2 < bytes.count, bytes[charsetEnd + 2] == question
        else { return nil }
        let encoding = bytes[charsetEnd + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = charsetEnd + 3
        var cursor = textStart
        while cursor + 1 < bytes.count, !(bytes[cursor] == question && bytes[cursor + 1] == UInt8(ascii: "=")) {
            cursor += 1
        }
        guard cursor + 1 < bytes.count else { return nil }
        let text = bytes[textStart..<cursor]
        let decoded = encoding == UInt8(ascii: "b") ? Base64.decode(text) : QuotedPrintable.decodeHeaderWord(text)
        let label = String(decoding: bytes[charsetStart..<charsetEnd], as: UTF8.self)
        return (Charset(label: label), decoded, cursor + 2)
    }
}
