import CaseDesk
import CaseStore

/// What became of one message of an import, with where it came from: imported (a new case),
/// attached (to an existing case), duplicate, or rejected with the reason.
public struct ImportResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// A new case; `reason` says why it is of its kind ("ARF feedback report (RFC 5965)").
        case imported(CaseState, reason: String)
        case attached(CaseState, by: ImportOutcome.AttachReason, filed: Change?)
        case duplicate(DuplicateMessage)
        case rejected(String)
    }

    /// The file, `archive.mbox#3`, or standard input.
    public var origin: String
    public var outcome: Outcome
    /// What parsing worked around (truncation, a missing Date, …).
    public var notes: [String]
    /// For an abuse report: the open report naming its domain, and whether it was linked to it.
    public var incident: IncidentGrouping?

    public init(origin: String, outcome: Outcome, notes: [String] = []) {
        self.origin = origin
        self.outcome = outcome
        self.notes = notes
    }

    /// The word of the summary line this result counts under.
    public var verdict: String {
        switch outcome {
        case .imported: "imported"
        case .attached: "attached"
        case .duplicate: "duplicate"
        case .rejected: "rejected"
        }
    }
}
