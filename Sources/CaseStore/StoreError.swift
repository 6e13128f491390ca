import CaseDesk
import Foundation

/// Everything a store can refuse or fail at, with a message a desk worker can act on.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case noStore(path: String)
    case notAStore(path: String, reason: String)
    case newerStore(path: String, found: Int, supported: Int)
    case alreadyExists(path: String)
    case noSuchCase(CaseNumber)
    /// No message in the archive answers to this digest or Message-ID.
    case noSuchMessage(String)
    /// No report is in this incident (never made, or every report unlinked).
    case noSuchIncident(IncidentNumber)
    /// The case changed since the caller read it: who changed it, when, and how.
    case conflict(CaseNumber, expected: Int, current: Int, by: String, when: String, what: String)
    case refused(TransitionError)
    case forbidden(PermissionError)
    case notStaff(String)
    case unknownStaff(String)
    case invalid(String)
    case unavailable(String)
    /// The connection was lost after COMMIT was sent and the server could not say whether the write
    /// was kept: nothing that goes with it (a letter's file) may be thrown away, and it is not run again.
    case outcomeUnknown(String)

    /// Refusals exit 1, like every other failure of the desk; kept apart for screens that colour them.
    public var isRefusal: Bool {
        switch self {
        case .refused, .forbidden, .notStaff, .conflict: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case let .noStore(path):
            "no case store at \(path); create one with: casedesk init --db \(path)"
        case let .notAStore(path, reason):
            "\(path) is not a casedesk store (\(reason))"
        case let .newerStore(path, found, supported):
            "\(path) was written by a newer casedesk (store schema \(found); this casedesk knows up to \(supported)); update casedesk before using it"
        case let .alreadyExists(path):
            "a case store already exists at \(path)"
        case let .noSuchCase(number):
            "there is no case \(number)"
        case let .noSuchIncident(number):
            "there is no incident \(number) (no report is in it)"
        case let .noSuchMessage(key):
            "no message in the archive matches \(key) (give its SHA-256, at least 8 digits of it, or its Message-ID; casedesk show CASE lists them)"
        case let .conflict(number, expected, current, by, when, what):
            "case \(number) changed after you read it (version \(expected)): \(by) \(what) on \(when); it is now version \(current). Nothing was written; look at the case again and retry"
        case let .refused(error):
            error.description
        case let .forbidden(error):
            error.description
        case let .notStaff(account):
            "\(account) is not on this desk's staff; an admin adds them with: casedesk staff add \(account) --role supervisor"
        case let .unknownStaff(account):
            "\(account) is not on this desk's staff (see: casedesk staff list)"
        case let .invalid(message):
            message
        case let .unavailable(message), let .outcomeUnknown(message):
            message
        }
    }
}

