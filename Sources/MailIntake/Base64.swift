/// Base64 as mail software actually writes it: line breaks anywhere, stray characters, missing or
/// early padding, several encoded blocks glued together. Decoding never fails; it recovers what it can.
enum Base64 {
    /// Decodes standard and URL-safe alphabets alike. Whatever is not in the alphabet is skipped;
    /// a `=` ends the current group, so concatenated padded blocks decode as they were meant.
    static func decode<Bytes: Sequence>(_ input: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(input.underestimatedCount * 3 / 4)
        var group: UInt32 = 0
        var count = 0
        func flushPartial() {
            // Two symbols carry one byte, three carry two; a lone symbol carries none.
            if count == 2 { output.append(UInt8(truncatingIfNeeded: group >> 4)) }
            if count == 3 {
                output.append(UInt8(truncatingIfNeeded: group >> 10))
                output.append(UInt8(truncatingIfNeeded: group >> 2))
            }
            group = 0
            count = 0
        }
        for byte in input {
            if byte == UInt8(ascii: "=") {
                flushPartial()
                continue
            }
            guard let value = sextet(byte) else { continue }
            group = group << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
                count = 0
            }
        }
        flushPartial()
        return output
    }

    /// Whether the input holds bytes that are neither alphabet, padding nor whitespace: worth a note
    /// on the message, since it usually means a damaged or mislabelled part.
    static func hasJunk<Bytes: Sequence>(_ input: Bytes) -> Bool where Bytes.Element == UInt8 {
        input.contains { byte in
            sextet(byte) == nil && byte != UInt8(ascii: "=") && byte != 13 && byte != 10 && byte != 32 && byte != 9
        }
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
