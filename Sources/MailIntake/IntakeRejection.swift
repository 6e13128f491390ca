/// Why a piece of input did not become a draft, in words a desk worker can act on (usually: look
/// at the file, it is not mail). Rejections are per message: one bad message in an mbox does not
/// stop the others.
public enum IntakeRejection: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case notMailMessage(reason: String)
    case noSenderAndNoBody

    public var description: String {
        switch self {
        case .empty: "empty input: there is nothing to read"
        case .notMailMessage(let reason): "not a mail message: \(reason)"
        case .noSenderAndNoBody: "no From header and no body"
        }
    }
}
