import CaseDesk

/// What became of one imported message. A message the store refuses is not an outcome but a
/// `StoreError` (nothing was written), so every message ends as exactly one of these or an error.
public enum ImportOutcome: Sendable, Equatable {
    /// A new case was opened from it; an abuse report naming a domain an open report names says so
    /// (`grouping`), linked to it in an incident or not.
    case opened(CaseState, grouping: IncidentGrouping? = nil)
    /// Filed with an existing case; `filed` is the formal complaint or escalation it also recorded.
    case attached(CaseState, by: AttachReason, filed: Change?)
    /// Already in the archive; nothing was written.
    case duplicate(DuplicateMessage)

    /// Why a message was taken to belong to a case.
    public enum AttachReason: Sendable, Equatable, CustomStringConvertible {
        /// It answers a message filed with the case (In-Reply-To or References).
        case answers(messageID: String)
        /// Its subject carries the case's tag.
        case caseTag

        public var description: String {
            switch self {
            case let .answers(id): "it answers <\(id)>"
            case .caseTag: "its subject carries the case tag"
            }
        }
    }

    /// The case the message ended up on (the one it duplicates, for a duplicate).
    public var caseNumber: CaseNumber {
        switch self {
        case let .opened(state, _), let .attached(state, _, _): state.number
        case let .duplicate(duplicate): duplicate.caseNumber
        }
    }
}

/// The message already in the archive that a new arrival repeats.
public struct DuplicateMessage: Sendable, Equatable {
    public enum Match: String, Sendable, Equatable {
        /// The same Message-ID (the same mail delivered twice, perhaps with other headers).
        case messageID = "Message-ID"
        /// The same bytes (SHA-256).
        case content = "content"
    }

    public var caseNumber: CaseNumber
    public var sha256: String
    public var match: Match

    public init(caseNumber: CaseNumber, sha256: String, match: Match) {
        self.caseNumber = caseNumber
        self.sha256 = sha256
        self.match = match
    }
}
