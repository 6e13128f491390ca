/// Why a text is not a domain name the desk can record. Each case carries the text as typed or
/// found, so the message names it: a desk worker sees what to correct.
public enum DomainNameError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case emptyLabel(String)
    case tooFewLabels(String)
    case invalidCharacter(String, label: String)
    case labelTooLong(String, label: String, octets: Int)
    case nameTooLong(String, octets: Int)
    case hyphenAtLabelEdge(String, label: String)
    case hyphensInThirdAndFourthPlace(String, label: String)
    case invalidPunycode(String, label: String)
    case numericTopLevel(String)

    public var description: String {
        switch self {
        case .empty:
            "invalid domain name: the name is empty"
        case .emptyLabel(let text):
            "invalid domain name \(quoted(text)): it has an empty part (two dots in a row, or a dot at the start)"
        case .tooFewLabels(let text):
            "invalid domain name \(quoted(text)): a domain name has at least two parts, like example.com"
        case .invalidCharacter(let text, _):
            "invalid domain name \(quoted(text)): a label may only contain letters, digits and hyphens"
        case .labelTooLong(let text, let label, let octets):
            "invalid domain name \(quoted(text)): the part \(quoted(label)) is \(octets) characters long in ASCII form; at most 63 are allowed"
        case .nameTooLong(let text, let octets):
            "invalid domain name \(quoted(text)): it is \(octets) characters long in ASCII form; at most 253 are allowed"
        case .hyphenAtLabelEdge(let text, let label):
            "invalid domain name \(quoted(text)): the part \(quoted(label)) may not begin or end with a hyphen"
        case .hyphensInThirdAndFourthPlace(let text, let label):
            "invalid domain name \(quoted(text)): the part \(quoted(label)) may have \"--\" in third and fourth place only as the IDN prefix xn--"
        case .invalidPunycode(let text, let label):
            "invalid domain name \(quoted(text)): the part \(quoted(label)) is not a valid internationalised (xn--) label"
        case .numericTopLevel(let text):
            "invalid domain name \(quoted(text)): the last part is all digits, which no top-level domain is"
        }
    }

    private func quoted(_ text: String) -> String { "\"\(text)\"" }
}
