import CaseDesk

/// Which escalation items a message appears to carry. A best-effort reading to save the desk
/// typing, never a verdict: the desk confirms or corrects before a case is marked complete.
public struct ChecklistFindings: Sendable, Hashable, Codable {
    /// Items found, in the procedure's order.
    public var items: [ChecklistItem]
    /// The subject, or the first non-empty line of the body, carries a marker word.
    public var hasComplaintMarker: Bool
    /// An account or customer number found next to an account word, as written.
    public var accountReference: String?

    public init(items: [ChecklistItem] = [], hasComplaintMarker: Bool = false, accountReference: String? = nil) {
        self.items = ChecklistItem.allCases.filter(items.contains)
        self.hasComplaintMarker = hasComplaintMarker
        self.accountReference = accountReference
    }

    /// Items not found: what the desk may need to ask for.
    public var missing: [ChecklistItem] { ChecklistItem.allCases.filter { !items.contains($0) } }
}
