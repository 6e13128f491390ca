import CaseDesk

/// The procedure's letters, one template each per language. The raw value is the template's file
/// name (`Templates/en/acknowledgement.mustache`) and what `casedesk letter CASE TYPE` takes.
public enum LetterKind: String, CaseIterable, Sendable, Hashable, Codable {
    /// Stage 2: the formal complaint arrived; states when the answer is due.
    case acknowledgement
    /// Stage 2 or 3: more time is needed; states the promised date.
    case extensionNotice = "extension-notice"
    /// Stage 1 or 2: the answer; at stage 2 it states until when the customer may escalate.
    case response
    /// Stage 3: the escalation arrived; states when the final response is due and what it lacks.
    case escalationAcknowledgement = "escalation-acknowledgement"
    /// Stage 3: the final answer; the case closes with it.
    case finalResponse = "final-response"
    /// After a lapse: no escalation came in the window, so the matter is considered resolved.
    case resolved
    /// A further complaint that came after the window, refused by the head of support: the matter
    /// stays resolved, and the letter says so and why.
    case lateRefusal = "late-refusal"
    /// Abuse reports: receipt confirmed to the reporter (meets the confirm clock).
    case abuseConfirmation = "abuse-confirmation"
    /// Abuse reports: the outcome told to the reporter (mitigated, no action, not ours, duplicate).
    case abuseOutcome = "abuse-outcome"

    /// Accepts the file name and a few spellings people type (`ack`, `extension`, `final`).
    public init?(argument: String) {
        let key = argument.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "acknowledgement", "acknowledgment", "ack": self = .acknowledgement
        case "extension-notice", "extension", "extend": self = .extensionNotice
        case "response", "respond": self = .response
        case "escalation-acknowledgement", "escalation-acknowledgment", "escalation-ack": self = .escalationAcknowledgement
        case "final-response", "final": self = .finalResponse
        case "resolved", "resolution", "lapsed": self = .resolved
        case "late-refusal", "refusal", "refuse-late": self = .lateRefusal
        case "abuse-confirmation", "confirmation", "confirm": self = .abuseConfirmation
        case "abuse-outcome", "outcome": self = .abuseOutcome
        default: return nil
        }
    }

    /// "the acknowledgement", for messages.
    public var title: String {
        switch self {
        case .acknowledgement: "acknowledgement"
        case .extensionNotice: "extension notice"
        case .response: "response"
        case .escalationAcknowledgement: "escalation acknowledgement"
        case .finalResponse: "final response"
        case .resolved: "notice that the matter is resolved"
        case .lateRefusal: "refusal of a late further complaint"
        case .abuseConfirmation: "confirmation of receipt of an abuse report"
        case .abuseOutcome: "outcome of an abuse report"
        }
    }
}

extension LetterKind {
    /// The letter a screen offers with a move on the case (preview, choose the language, send or
    /// skip): the acknowledgement of the current stage, the extension notice, the response, the final
    /// response; the resolved notice once a case lapsed. nil for moves that send nothing.
    public static func offered(with action: Action, on state: CaseState) -> LetterKind? {
        switch action {
        case .acknowledge:
            switch state.stage {
            case .headOfSupport: .acknowledgement
            case .escalation: .escalationAcknowledgement
            default: nil
            }
        case .extend: .extensionNotice
        case .respond: .response
        case .final: .finalResponse
        case .lapse: .resolved
        case .confirmReceipt: .abuseConfirmation
        default: nil
        }
    }
}
