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
    /// Abuse: mitigation action taken (one is recorded on the case).
    case mitigated
    /// Abuse: no action, for the reason in the note.
    case noAction = "no-action"
    /// Abuse: the name is not managed here; the report was forwarded to the sponsoring registrar.
    case notOurs = "not-ours"

    /// The reasons a person may choose for a complaint or feedback.
    public static let chosenByPeople: [CloseReason] = [.satisfied, .withdrawn, .duplicate, .invalid]

    /// The outcomes of an abuse report (RAA 3.18): what `close` offers for one.
    public static let abuseOutcomes: [CloseReason] = [.mitigated, .noAction, .notOurs, .duplicate]

    /// Everything a person may choose on some case (`close --reason`); the procedure says which fit.
    public static let chosenOnAnyCase: [CloseReason] = chosenByPeople + [.mitigated, .noAction, .notOurs]

    /// The reasons a screen offers for closing a case of this kind: an abuse report's outcomes, or
    /// the reasons of complaints and feedback. (`close --reason` takes any of `chosenOnAnyCase`.)
    public static func offered(for kind: CaseKind) -> [CloseReason] {
        kind == .abuse ? abuseOutcomes : chosenByPeople
    }

    /// Only abuse reports close with these.
    public var isAbuseOnly: Bool { [.mitigated, .noAction, .notOurs].contains(self) }

    public var title: String {
        switch self {
        case .satisfied: "customer satisfied"
        case .withdrawn: "withdrawn"
        case .duplicate: "duplicate"
        case .invalid: "invalid (spam, not ours)"
        case .lapsed: "lapsed (escalation window ran out)"
        case .finalResponse: "final response sent"
        case .routed: "routed to a team"
        case .mitigated: "mitigated"
        case .noAction: "no action"
        case .notOurs: "not ours (forwarded to the sponsoring registrar)"
        }
    }
}
