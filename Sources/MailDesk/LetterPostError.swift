import CaseDesk
import CaseStore

/// Why a letter did not go out, and what to do about it.
public enum LetterPostError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No From address is configured (settings not read from a file).
    case noSender
    /// No From address is configured in the settings file at this path.
    case noSenderIn(file: String)
    /// The case's contact is a telephone number or a postal address.
    case noMailAddress(CaseNumber, contact: String)
    /// The contact is a mail address that cannot be written in a header as it stands.
    case unwritableAddress(CaseNumber, address: String, reason: String)
    /// The outbox cannot take the letter; nothing was recorded.
    case outbox(OutboxError)
    /// The store refused the letter's event; the letter was not written to the outbox.
    case refused(StoreError)
    /// Recorded, but the file could not be moved from `tmp/` to `new/`: the letter is there.
    case recordedButNotDelivered(CaseNumber, String, OutboxError)

    /// No From address in `settings`, naming the file they were read from.
    public static func noSender(in settings: MailSettings) -> LetterPostError {
        settings.file.map { .noSenderIn(file: $0) } ?? .noSender
    }

    public var description: String {
        switch self {
        case .noSender:
            "no From address for letters: set [mail] from = \"Name <address>\" in the settings file"
        case let .noSenderIn(file):
            "no From address for letters: set [mail] from = \"Name <address>\" in \(file)"
        case let .noMailAddress(number, contact):
            "case \(number)'s contact \"\(contact)\" is not an e-mail address; print the letter and send it by post or fax"
        case let .unwritableAddress(number, address, reason):
            "case \(number)'s contact \"\(address)\" cannot be written as a mail address: \(reason); correct the contact or print the letter"
        case let .outbox(error):
            "\(error); nothing was recorded"
        case let .refused(error):
            "\(error) — the letter was not sent"
        case let .recordedButNotDelivered(number, path, error):
            "case \(number): the letter is recorded, but \(error); move \(path) into the outbox's new/ folder by hand"
        }
    }
}
