/// A mailbox from an address header: who wrote, who was written to.
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The phrase before the address, RFC 2047 decoded and unquoted; nil when there is none.
    public let displayName: String?
    /// `local@domain` with the domain lower-cased; the local part keeps its case, as RFC 5321 says.
    public let address: String

    public init(displayName: String?, address: String) {
        let name = displayName?.trimmingWhitespace()
        self.displayName = (name?.isEmpty ?? true) ? nil : name
        if let at = address.lastIndex(of: "@") {
            self.address = String(address[..<at]) + "@" + address[address.index(after: at)...].lowercased()
        } else {
            self.address = address
        }
    }

    /// The part before the last `@`, or the whole address when there is none.
    public var localPart: String {
        address.lastIndex(of: "@").map { String(address[..<$0]) } ?? address
    }

    /// The part after the last `@`, lower-cased; empty when there is none.
    public var domain: String {
        address.lastIndex(of: "@").map { String(address[address.index(after: $0)...]) } ?? ""
    }

    /// Why the address cannot be written in a letter's header as RFC 5322 asks (a local part of
    /// atoms or one quoted string, `@`, a domain), or nil when it can. Letters refuse such an
    /// address rather than write a shortened one.
    public var unwritableReason: String? {
        guard let at = address.lastIndex(of: "@") else { return "it has no @" }
        let local = address[..<at]
        if local.isEmpty { return "it has nothing before the @" }
        if domain.isEmpty { return "it has no domain after the @" }
        let specials = Set("()<>[]:;@\\,\"")
        if address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
            return "it contains a control character"
        }
        if !domain.hasPrefix("["), domain.contains(where: { specials.contains($0) || $0.isWhitespace }) || domain.hasPrefix(".")
            || domain.hasSuffix(".") || domain.contains("..") {
            return "its domain is not a host name"
        }
        if local.first == "\"" {
            var escaped = false
            for (offset, character) in local.dropFirst().enumerated() {
                if escaped { escaped = false; continue }
                if character == "\\" { escaped = true; continue }
                if character == "\"" { return offset == local.count - 2 ? nil : "its quoted local part ends before the @" }
            }
            return "its quoted local part is not closed"
        }
        if local.contains(where: { specials.contains($0) || $0.isWhitespace }) || local.hasPrefix(".") || local.hasSuffix(".")
            || local.contains("..") {
            return "its local part needs quotes (RFC 5322)"
        }
        return nil
    }

    /// What the desk calls the person: the display name if given, else the address.
    public var personName: String { displayName ?? address }

    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }
}

extension MailAddress {
    /// Reads an address list (`From`, `To`, `Cc`…) as senders write it, not only as RFC 5322 allows:
    /// groups, comments, quoted and encoded display names, unquoted commas in names, bare addresses.
    public static func list(from value: String) -> [MailAddress] {
        var items: [[AddressToken]] = [[]]
        for token in AddressToken.tokenize(value) {
            switch token {
            case .special(","), .special(";"):
                items.append([])
            case .special(":"):
                // A group name ("undisclosed-recipients:") is a label, not a mailbox.
                if !items[items.count - 1].contains(where: \.isAngle) { items[items.count - 1] = [] }
            default:
                items[items.count - 1].append(token)
            }
        }
        var addresses: [MailAddress] = []
        var carriedName: [AddressToken] = []
        for item in items where !item.isEmpty {
            let hasAngle = item.contains(where: \.isAngle)
            let hasAt = item.contains { if case .atom(let text) = $0 { text.contains("@") } else { false } }
            if !hasAngle && !hasAt && !item.contains(where: \.isComment) {
                // "Doe, John <j@example.com>": a name split by an unquoted comma.
                carriedName += item.dropLast() + [item[item.count - 1].withTrailingComma]
                continue
            }
            if let mailbox = mailbox(from: carriedName + item) { addresses.append(mailbox) }
            carriedName = []
        }
        if !carriedName.isEmpty {
            // Words with no address at all: a name, or a bare local address ("abuse").
            var words = carriedName.compactMap(\.phraseText)
            if let last = words.last, last.hasSuffix(",") { words[words.count - 1] = String(last.dropLast()) }
            if words.count == 1 {
                addresses.append(MailAddress(displayName: nil, address: words[0]))
            } else if !words.isEmpty {
                addresses.append(MailAddress(displayName: EncodedWords.decode(words.joined(separator: " ")), address: ""))
            }
        }
        return addresses
    }

    private static func mailbox(from tokens: [AddressToken]) -> MailAddress? {
        if let angleIndex = tokens.firstIndex(where: \.isAngle), case .angle(var address) = tokens[angleIndex] {
            // An obsolete source route ("<@relay:user@example.com>") is dropped.
            if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {
                address = String(address[address.index(after: colon)...])
            }
            address = AddressToken.withoutFoldingSpace(address)
            let phrase = tokens[..<angleIndex].compactMap(\.phraseText).joined(separator: " ")
            guard !address.isEmpty || !phrase.isEmpty else { return nil }
            return MailAddress(displayName: EncodedWords.decode(phrase), address: address)
        }
        // The address's words: its atoms (two apart stay apart, so `a b@example.com` is not taken
        // for `ab@example.com`), and a quoted local part written against them
        // (`"john.doe"@example.com`, `first."middle name"@example.com`), kept quoted.
        var address = ""
        var previousWasAtom = false
        for index in tokens.indices {
            switch tokens[index] {
            case .atom(let text):
                if previousWasAtom { address += " " }
                address += text
                previousWasAtom = true
            case .quoted(let text):
                let before = index > 0 ? tokens[index - 1].atomText : nil
                let after = index + 1 < tokens.count ? tokens[index + 1].atomText : nil
                if (after.map { $0.hasPrefix("@") || $0.hasPrefix(".") } ?? false) || (before?.hasSuffix(".") ?? false) {
                    address += AddressToken.quote(text)
                }
                previousWasAtom = false
            default:
                previousWasAtom = false
            }
        }
        let comment = tokens.compactMap { if case .comment(let text) = $0 { text } else { nil } }.last
        guard !address.isEmpty else { return nil }
        return MailAddress(displayName: comment.map(EncodedWords.decode), address: address)
    }
}

/// The lexical pieces of an address header.
enum AddressToken: Equatable {
    case atom(String)
    case quoted(String)
    case comment(String)
    case angle(String)
    case special(Character)

    var isAngle: Bool { if case .angle = self { true } else { false } }
    var isComment: Bool { if case .comment = self { true } else { false } }

    var withTrailingComma: AddressToken {
        switch self {
        case .atom(let text): .atom(text + ",")
        case .quoted(let text): .quoted(text + ",")
        default: self
        }
    }

    var atomText: String? { if case .atom(let text) = self { text } else { nil } }

    /// A quoted string as RFC 5322 writes it: in double quotes, `"` and `\` escaped.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// An address between angle brackets without the spaces folding put in it, but with those
    /// inside a quoted local part (`<"a b"@example.com>`), which belong to the address.
    static func withoutFoldingSpace(_ address: String) -> String {
        var result = ""
        var quoted = false
        var escaped = false
        for character in address {
            if escaped {
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if !quoted && character.isWhitespace {
                continue
            }
            result.append(character)
        }
        return result
    }

    /// Text that belongs in a display name.
    var phraseText: String? {
        switch self {
        case .atom(let text), .quoted(let text): text
        default: nil
        }
    }

    static func tokenize(_ value: String) -> [AddressToken] {
        var tokens: [AddressToken] = []
        let characters = Array(value)
        var index = 0
        var atom = ""
        func endAtom() {
            if !atom.isEmpty { tokens.append(.atom(atom)) }
            atom = ""
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"":
                endAtom()
                var text = ""
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    text.append(characters[index])
                    index += 1
                }
                tokens.append(.quoted(text))
            case "(":
                endAtom()
                var depth = 1
                var text = ""
                index += 1
                while index < characters.count {
                    let inner = characters[index]
                    if inner == "\\", index + 1 < characters.count {
                        index += 1
                        text.append(characters[index])
                    } else if inner == "(" {
                        depth += 1
                        text.append(inner)
                    } else if inner == ")" {
                        depth -= 1
                        if depth == 0 { break }
                        text.append(inner)
                    } else {
                        text.append(inner)
                    }
                    index += 1
                }
                tokens.append(.comment(text))
            case "<":
                endAtom()
                var text = ""
                var quoted = false
                index += 1
                // A `>` inside a quoted local part does not end the address.
                while index < characters.count, quoted || characters[index] != ">" {
                    if characters[index] == "\"" { quoted.toggle() }
                    if quoted, characters[index] == "\\", index + 1 < characters.count {
                        text.append(characters[index])
                        index += 1
                    }
                    text.append(characters[index])
                    index += 1
                }
                tokens.append(.angle(text))
            case ",", ";", ":":
                endAtom()
                tokens.append(.special(character))
            case _ where character.isWhitespace:
                endAtom()
            default:
                atom.append(character)
            }
            index += 1
        }
        endAtom()
        return tokens
    }
}
