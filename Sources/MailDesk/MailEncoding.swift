import Foundation

/// The encodings a letter needs on its way out: quoted-printable for the UTF-8 body (RFC 2045),
/// encoded words for non-ASCII header text (RFC 2047), and header folding (RFC 5322), so any mail
/// system carries the letter unchanged and any mail reader shows it right.
enum MailEncoding {
    static let lineBreak = "\r\n"

    /// The body as quoted-printable lines of at most 76 characters, CRLF-terminated. Bytes outside
    /// printable ASCII, `=`, and white space before a line break are encoded; long lines get soft breaks.
    static func quotedPrintable(_ text: String) -> String {
        var output = ""
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index == lines.count - 1, line.isEmpty { break }
            let bytes = Array(line.utf8)
            var current = ""
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                let token: String
                // A line beginning "From " would be mangled by an mbox on the way: its F is encoded.
                let fromLine = position == 0 && line.hasPrefix("From ")
                if byte == UInt8(ascii: "=") || byte > 126 || (byte < 32 && byte != 9) || ((byte == 32 || byte == 9) && isLast)
                    || fromLine {
                    token = String(format: "=%02X", byte)
                } else {
                    token = String(UnicodeScalar(byte))
                }
                // Keep room for the soft break's "=" (75 + "=" = 76), and never split an encoded byte.
                let limit = isLast ? 76 : 75
                if current.count + token.count > limit {
                    output += current + "=" + lineBreak
                    current = ""
                }
                current += token
            }
            output += current + lineBreak
        }
        return output
    }

    /// Header text as it may stand in a header: as is when it is printable ASCII, else as UTF-8
    /// Q-encoded words of at most 75 characters, each holding whole characters.
    static func headerText(_ text: String) -> [String] {
        if text.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) {
            return text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        }
        var words: [String] = []
        var current = ""
        let prefix = "=?UTF-8?Q?", suffix = "?="
        for character in text {
            var encoded = ""
            for byte in String(character).utf8 {
                switch byte {
                case UInt8(ascii: " "): encoded += "_"
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
                    encoded += String(UnicodeScalar(byte))
                default: encoded += String(format: "=%02X", byte)
                }
            }
            if prefix.count + current.count + encoded.count + suffix.count > 75, !current.isEmpty {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += encoded
        }
        if !current.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    /// A mailbox for an address header: the display name quoted or encoded as needed.
    static func mailbox(name: String?, address: String) -> [String] {
        guard let name, !name.isEmpty, name != address else { return [address] }
        let isAtomText = name.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 }
        if isAtomText {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let specials = CharacterSet(charactersIn: "()<>[]:;@\\,.\"")
            let phrase = name.unicodeScalars.contains(where: specials.contains) ? "\"\(escaped)\"" : name
            return phrase.split(separator: " ", omittingEmptySubsequences: false).map(String.init) + ["<\(address)>"]
        }
        return headerText(name) + ["<\(address)>"]
    }

    /// `Name: value`, folded before a word where the line would pass 78 characters.
    static func header(_ name: String, _ words: [String]) -> String {
        var line = name + ":"
        var output = ""
        for word in words {
            if line.count + 1 + word.count > 78, line.count > name.count + 1 {
                output += line + lineBreak
                line = " " + word
            } else {
                line += " " + word
            }
        }
        return output + line + lineBreak
    }
}
