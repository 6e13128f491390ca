/// What a person asks the store to do to a case; what the permission table is written in.
public enum Action: String, CaseIterable, Codable, Sendable, Hashable {
    case intake = "new"
    case assign
    case note
    case handoverNote = "handover-note"
    case acknowledge = "ack"
    case extend
    case respond
    case formal
    case escalate
    case complete
    case decideLate = "decide-late"
    case final
    case close
    case reopen
    case pause
    case resume
    case mitigate
    /// Route feedback to a team.
    case route
    /// Set a complaint's type.
    case categorize
    /// File a mail message that arrived with its case (`casedesk import`).
    case fileMessage = "message"
    /// Send a letter from a case (`casedesk letter --send`).
    case sendLetter = "letter"
    /// Written by any process when a customer's window has run out.
    case lapse
    /// Abuse reports: set or change the reporter class.
    case classifyReporter = "classify"
    /// Abuse reports: confirm receipt to the reporter.
    case confirmReceipt = "confirm"
    /// Abuse reports: judge the evidence actionable or not.
    case judgeEvidence = "evidence"
    /// Abuse reports: take a mitigation back (a hold lifted).
    case undoMitigation = "undo-mitigation"
    /// Abuse reports: record the review of the registrant's other names.
    case reviewAssociatedNames = "associated-names"
    /// Put an abuse report into an incident, or take it out.
    case link
    case manageStaff = "staff"
    case configure

    /// The words after "cannot" in a refusal: "cannot acknowledge case 12: …".
    public var verb: String {
        switch self {
        case .intake: "take in"
        case .assign: "assign"
        case .note: "add a note to"
        case .handoverNote: "add a handover note to"
        case .acknowledge: "acknowledge"
        case .extend: "send an extension notice on"
        case .respond: "record the response on"
        case .formal: "file a formal complaint on"
        case .escalate: "record an escalation on"
        case .complete: "record missing items on"
        case .decideLate: "decide on the late escalation of"
        case .final: "record the final response on"
        case .close: "close"
        case .reopen: "reopen"
        case .pause: "pause the clock of"
        case .resume: "resume the clock of"
        case .mitigate: "record a mitigation on"
        case .route: "route"
        case .categorize: "set the complaint type of"
        case .fileMessage: "file a message with"
        case .sendLetter: "send a letter on"
        case .lapse: "lapse"
        case .classifyReporter: "set the reporter class of"
        case .confirmReceipt: "confirm receipt of"
        case .judgeEvidence: "judge the evidence of"
        case .undoMitigation: "undo a mitigation on"
        case .reviewAssociatedNames: "record the review of associated names on"
        case .link: "link or unlink"
        case .manageStaff: "manage the staff of"
        case .configure: "change the configuration of"
        }
    }

    /// The action a change is an instance of (for the permission check of a recorded event).
    public init(_ change: Change) {
        switch change {
        case .received: self = .intake
        case .assigned: self = .assign
        case let .noted(note): self = note.handover ? .handoverNote : .note
        case .acknowledged: self = .acknowledge
        case .extensionNotified: self = .extend
        case .responded: self = .respond
        case .formalComplaintFiled: self = .formal
        case .escalationReceived: self = .escalate
        case .missingItemsReceived: self = .complete
        case .lateEscalationDecided: self = .decideLate
        case .finalResponseSent: self = .final
        case .closed: self = .close
        case .lapsed: self = .lapse
        case .reopened: self = .reopen
        case .paused: self = .pause
        case .resumed: self = .resume
        case .mitigated: self = .mitigate
        case .routed: self = .route
        case .categorized: self = .categorize
        case .clockRebased: self = .configure
        case .messageReceived: self = .fileMessage
        case .messageSent: self = .sendLetter
        case .reporterClassified: self = .classifyReporter
        case .receiptConfirmed: self = .confirmReceipt
        case .evidenceJudged: self = .judgeEvidence
        case .mitigationUndone: self = .undoMitigation
        case .associatedNamesReviewed: self = .reviewAssociatedNames
        case .linked, .unlinked: self = .link
        }
    }
}
