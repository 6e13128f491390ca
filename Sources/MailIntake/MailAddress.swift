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
            address = address.filter { !$0.isWhitespace }
            let phrase = tokens[..<angleIndex].compactMap(\.phraseText).joined(separator: " ")
            guard !address.isEmpty || !phrase.isEmpty else { return nil }
            return MailAddress(displayName: EncodedWords.decode(phrase), address: address)
        }
        let address = tokens.compactMap { if case .atom(let text) = $0 { text } else { nil } }.joined()
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
                index += 1
                while index < characters.count, characters[index] != ">" {
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
