/// Why a case was closed before (or instead of) the final response.
public enum CloseReason: String, CaseIterable, Codable, Sendable, Hashable {
    case satisfied
    case withdrawn
    /// A duplicate of another case, named in the closure.
    case duplicate
    /// Spam, or not the registrar's matter.
    case invalid
    /// The customer's 20-day window ran out: written by the store, never chosen by a person.
    case lapsed
    /// The final response was sent.
    case finalResponse = "final"
    /// Feedback forwarded to the competent department or project team.
    case routed

    /// The reasons a person may choose.
    public static let chosenByPeople: [CloseReason] = [.satisfied, .withdrawn, .duplicate, .invalid]

    public var title: String {
        switch self {
        case .satisfied: "customer satisfied"
        case .withdrawn: "withdrawn"
        case .duplicate: "duplicate"
        case .invalid: "invalid (spam, not ours)"
        case .lapsed: "lapsed (escalation window ran out)"
        case .finalResponse: "final response sent"
        case .routed: "routed to a team"
        }
    }
}
