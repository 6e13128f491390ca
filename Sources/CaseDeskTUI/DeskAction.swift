import CaseDesk
import Foundation
import TerminalKit

/// Every move a person can make on a case from the screens, declared once: its key, its words, the
/// store's action it is checked against, and whether it asks before writing. The keymaps, the help,
/// the action menu and the forms all read this table, so they cannot disagree.
public enum DeskAction: String, CaseIterable, Hashable, Sendable {
    case acknowledge
    case extend
    case respond
    case formal
    case escalate
    case missingItems
    case decideLate
    case finalResponse
    case close
    case reopen
    case assignToMe
    case assignTo
    case note
    case handoverNote
    /// Feedback forwarded to a team of the policy (it closes as routed).
    case route
    /// A complaint's type, from the policy's list.
    case categorize
    /// Abuse reports: receipt confirmed to the reporter (the confirmation letter is offered).
    case confirmReceipt
    /// Abuse reports: the reporter's class changed, with a reason.
    case classifyReporter
    /// Abuse reports: the evidence judged actionable or not, with the policy's checklist.
    case judgeEvidence
    /// Abuse reports: a typed mitigation with its evidence.
    case mitigate
    /// Abuse reports: a mitigation taken back (a hold lifted), with a reason.
    case undoMitigation
    /// Abuse reports: the review of the registrant's other names after a mitigation.
    case associatedNames

    public var key: KeyEvent {
        switch self {
        case .acknowledge: .character("a")
        case .extend: .character("e")
        case .respond: .character("r")
        case .formal: .character("f")
        case .escalate: .character("E")
        case .missingItems: .character("m")
        case .decideLate: .character("L")
        case .finalResponse: .character("F")
        case .close: .character("c")
        case .reopen: .character("R")
        case .assignToMe: .character("A")
        case .assignTo: .character("@")
        case .note: .character("n")
        case .handoverNote: .character("h")
        case .route: .character("T")
        case .categorize: .character("C")
        case .confirmReceipt: .character("y")
        case .classifyReporter: .character("P")
        case .judgeEvidence: .character("d")
        case .mitigate: .character("X")
        case .undoMitigation: .character("Z")
        case .associatedNames: .character("V")
        }
    }

    /// A word or two for the status bar.
    public var label: String {
        switch self {
        case .acknowledge: "ack"
        case .extend: "extend"
        case .respond: "respond"
        case .formal: "formal"
        case .escalate: "escalation"
        case .missingItems: "items in"
        case .decideLate: "late?"
        case .finalResponse: "final"
        case .close: "close"
        case .reopen: "reopen"
        case .assignToMe: "take"
        case .assignTo: "assign"
        case .note: "note"
        case .handoverNote: "handover"
        case .route: "route"
        case .categorize: "type"
        case .confirmReceipt: "confirm"
        case .classifyReporter: "class"
        case .judgeEvidence: "evidence"
        case .mitigate: "mitigate"
        case .undoMitigation: "undo"
        case .associatedNames: "names"
        }
    }

    /// The form's title and the action menu's line.
    public var title: String {
        switch self {
        case .acknowledge: "Acknowledge"
        case .extend: "Extension notice"
        case .respond: "Record the response"
        case .formal: "Formal complaint → head of customer support"
        case .escalate: "Escalation"
        case .missingItems: "Missing items received"
        case .decideLate: "Late escalation: accept or refuse"
        case .finalResponse: "Final response"
        case .close: "Close"
        case .reopen: "Reopen"
        case .assignToMe: "Assign to me"
        case .assignTo: "Assign to…"
        case .note: "Note"
        case .handoverNote: "Handover note"
        case .route: "Route to a team"
        case .categorize: "Complaint type"
        case .confirmReceipt: "Confirm receipt"
        case .classifyReporter: "Reporter class"
        case .judgeEvidence: "Judge the evidence"
        case .mitigate: "Mitigation"
        case .undoMitigation: "Undo a mitigation"
        case .associatedNames: "Associated names reviewed"
        }
    }

    /// The help screen's sentence.
    public var help: String {
        switch self {
        case .acknowledge: "acknowledge the formal complaint or escalation (when it was sent)"
        case .extend: "extension notice: tell the customer the answer comes by a later business day"
        case .respond: "record the response (stage 1 or 2): what it said and when it was sent"
        case .formal: "a formal complaint arrived: the case moves to the head of customer support"
        case .escalate: "the customer escalated: record it with its checklist"
        case .missingItems: "the missing escalation items arrived"
        case .decideLate: "accept or refuse an escalation that arrived after the window closed"
        case .finalResponse: "record the final response: the case closes"
        case .close: "close with a reason (complaints: satisfied, withdrawn, duplicate, invalid; abuse: the outcome)"
        case .reopen: "reopen a closed case, with a reason"
        case .assignToMe: "assign the case to me"
        case .assignTo: "assign the case to someone on the staff, or to nobody"
        case .note: "add a note to the case"
        case .handoverNote: "add a handover note for the next shift"
        case .route: "route feedback to a team of the policy: it closes as routed"
        case .categorize: "set or change a complaint's type (from the policy's list)"
        case .confirmReceipt: "abuse: confirm receipt to the reporter (the confirmation letter is offered)"
        case .classifyReporter: "abuse: change the reporter class (law enforcement, trusted, public), with a reason"
        case .judgeEvidence: "abuse: judge the evidence actionable or not, with the policy's checklist"
        case .mitigate: "abuse: record a mitigation (hold, lock, notice, …) with its evidence"
        case .undoMitigation: "abuse: undo a mitigation in place (a hold lifted), with a reason"
        case .associatedNames: "abuse: record the review of the registrant's other names after a mitigation"
        }
    }

    /// What the store checks the person's roles against.
    public var storeAction: Action {
        switch self {
        case .acknowledge: .acknowledge
        case .extend: .extend
        case .respond: .respond
        case .formal: .formal
        case .escalate: .escalate
        case .missingItems: .complete
        case .decideLate: .decideLate
        case .finalResponse: .final
        case .close: .close
        case .reopen: .reopen
        case .assignToMe, .assignTo: .assign
        case .note: .note
        case .handoverNote: .handoverNote
        case .route: .route
        case .categorize: .categorize
        case .confirmReceipt: .confirmReceipt
        case .classifyReporter: .classifyReporter
        case .judgeEvidence: .judgeEvidence
        case .mitigate: .mitigate
        case .undoMitigation: .undoMitigation
        case .associatedNames: .reviewAssociatedNames
        }
    }

    /// Moves that change the case's stage or status for good ask "are you sure?" before writing.
    public var isIrreversible: Bool {
        switch self {
        case .formal, .escalate, .decideLate, .finalResponse, .close, .reopen, .route: true
        default: false
        }
    }
}

/// Whether an action can be done on a case now, and if not, why: for greying it out in the menu and
/// for explaining it when someone presses its key anyway. Advisory only — the store decides.
public enum ActionAvailability: Hashable, Sendable {
    case available
    /// The person's roles do not allow it; these roles would, and the store's refusal in words.
    case needsRole([StaffRole], refusal: String)
    /// The procedure does not allow it at this point; the procedure's words.
    case notNow(String)

    public var isAvailable: Bool { self == .available }

    /// A short reason for the menu.
    public var reason: String? {
        switch self {
        case .available: nil
        case let .needsRole(roles, _): "needs the role " + roles.map(\.rawValue).joined(separator: " or ")
        case let .notNow(text): text
        }
    }
}

extension DeskAction {
    /// Judges the action on `state` as the store would: the permission table, then the procedure on
    /// a plausible change (now, the first business day after the due date, every item present).
    public func availability(on state: CaseState, procedure: Procedure, actor: String, roles: Set<StaffRole>, now: Date) -> ActionAvailability {
        if roles.isEmpty { return .notNow("\(actor) is not on this desk's staff") }
        do throws(PermissionError) {
            try Permissions.check(actor: actor, roles: roles, action: storeAction, caseNumber: state.number,
                                  kind: state.kind, stage: state.stage)
        } catch {
            return .needsRole(error.rolesThatCould, refusal: error.description)
        }
        do throws(TransitionError) {
            try procedure.check(probe(on: state, procedure: procedure, actor: actor, now: now), on: state, now: now)
        } catch {
            return .notNow(error.reason)
        }
        return .available
    }

    /// A change of this kind with values the procedure accepts whenever the move itself is possible.
    func probe(on state: CaseState, procedure: Procedure, actor: String, now: Date) -> Change {
        switch self {
        case .acknowledge:
            return .acknowledged(.init(at: now))
        case .extend:
            let promised = Self.suggestedExtension(state, procedure: procedure, now: now)
                ?? procedure.calendar.businessDay(1, after: procedure.calendar.localDate(of: now))
            return .extensionNotified(.init(promised: promised, at: now))
        case .respond:
            return .responded(.init(summary: "-", at: now))
        case .formal:
            return .formalComplaintFiled(.init(received: now, channel: .email))
        case .escalate:
            return .escalationReceived(procedure.escalationFiling(
                for: state, received: now, channel: .email, heading: nil, items: Set(ChecklistItem.allCases)))
        case .missingItems:
            return .missingItemsReceived(.init(items: Set(state.missingEscalationItems), at: now))
        case .decideLate:
            return .lateEscalationDecided(.init(accepted: true, reason: "-"))
        case .finalResponse:
            return .finalResponseSent(.init(summary: "-", at: now))
        case .close:
            // A reason every open case of its kind may close with (no-action needs only its note).
            return .closed(.init(reason: state.kind == .abuse ? .noAction : .satisfied, note: "-"))
        case .reopen:
            return .reopened(.init(reason: "-"))
        case .assignToMe:
            return .assigned(.init(to: actor))
        case .assignTo:
            return .assigned(.init(to: state.assignee == nil ? actor : nil))
        case .note:
            return .noted(.init(text: "-"))
        case .handoverNote:
            return .noted(.init(text: "-", handover: true))
        case .route:
            return .routed(.init(team: procedure.policy.feedbackTeams.first ?? "-"))
        case .categorize:
            let types = procedure.policy.complaintTypes
            return .categorized(.init(type: types.first { $0 != state.complaintType } ?? types.first ?? "-"))
        case .confirmReceipt:
            return .receiptConfirmed(.init(at: now))
        case .classifyReporter:
            return .reporterClassified(.init(reporterClass: ReporterClass.allCases.first { $0 != state.reporterClass } ?? .public, reason: "-"))
        case .judgeEvidence:
            return .evidenceJudged(.init(actionable: false, reason: "-"))
        case .mitigate:
            return .mitigated(.init(action: MitigationAction.hostingNotified.rawValue, evidence: "-"))
        case .undoMitigation:
            let standing = Self.undoable(state).first ?? .clientHold
            return .mitigationUndone(.init(action: standing.rawValue, reason: "-"))
        case .associatedNames:
            return .associatedNamesReviewed(.init(reviewed: 0))
        }
    }

    /// The mitigations in place on the report that can be taken back, latest first.
    static func undoable(_ state: CaseState) -> [MitigationAction] {
        state.standingMitigations.reversed().compactMap(\.typed).filter(\.canBeUndone)
    }


    /// The stage's current answer due date, when the stage has one that an extension could move.
    static func currentAnswerDue(_ state: CaseState, procedure: Procedure, now: Date) -> LocalDate? {
        answerClock(state, procedure: procedure, now: now)?.due
    }

    /// The stage's answer clock: its due date and the calendar it counts on.
    static func answerClock(_ state: CaseState, procedure: Procedure, now: Date) -> (due: LocalDate, calendar: BusinessCalendar)? {
        let phase: CaseState.Phase?
        let clock: Clock.Kind
        switch state.stage {
        case .headOfSupport:
            phase = state.head
            clock = .respond
        case .escalation:
            phase = state.escalationClockPhase
            clock = .finalResponse
        case .supervisor, .finalResponse:
            return nil
        }
        guard let phase else { return nil }
        let rules = procedure.answerRules(phase, clock: clock, in: state)
        return (rules.calendar.localDate(of: procedure.answerDue(phase, clock: clock, in: state, now: now)), rules.calendar)
    }

    /// Five business days after the current due date: a sensible first value for the promised date.
    static func suggestedExtension(_ state: CaseState, procedure: Procedure, now: Date) -> LocalDate? {
        answerClock(state, procedure: procedure, now: now).map { $0.calendar.businessDay(5, after: $0.due) }
    }
}
