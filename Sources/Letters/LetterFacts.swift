import CaseDesk
import Foundation

/// The facts a letter states, read from the case and its clocks at the moment the letter goes
/// out. Dates are desk dates (the due moment is the end of that day in the desk's zone); the
/// template writes them in the letter's language.
public struct LetterFacts: Sendable, Equatable {
    public var caseNumber: CaseNumber
    public var customer: String
    /// The case's subject, as the customer wrote it.
    public var subject: String
    public var deskName: String?
    /// When the message this letter answers arrived (the first contact, formal complaint or escalation).
    public var received: LocalDate?
    /// When the answer is due (acknowledgements: the respond or final-response clock).
    public var due: LocalDate?
    /// Extension notice: the promised date.
    public var promised: LocalDate?
    public var answer: String?
    /// When the answer was (or is being) sent.
    public var answered: LocalDate?
    /// The last day of the customer's window to escalate.
    public var windowEnd: LocalDate?
    public var windowDays: Int
    /// The working week the window's business days are counted in: it decides the word for them
    /// (French *jours ouvrables* for Monday–Saturday, else *jours ouvrés*; German *Werktage* or *Arbeitstage*).
    public var workingWeek: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
    /// A response at stage 2 (to a formal complaint), which opens the customer's window.
    public var formal: Bool
    /// An escalation that arrived after the window closed, not yet decided.
    public var late: Bool
    /// Escalation items still missing.
    public var missingItems: [ChecklistItem]
    public var abuse: Bool
    /// A stage-2 answer: the subject of the formal complaint it answers, when the desk has it (the
    /// message that brought it, or the case's own subject when it opened first-hand at stage 2).
    public var complaintSubject: String?
    /// A stage-2 answer: where the customer may write to escalate (the policy's `[desk]`).
    public var escalationContact: DeskContact.Department?
    /// Abuse letters: the names reported, the review clock's hours, the outcome.
    public var domains: [String] = []
    public var reviewHours: Int?
    public var outcome: CloseReason?
    public var duplicateOf: CaseNumber?

    /// Reads the facts for `request`, or says why this case takes no such letter now.
    public static func read(_ request: LetterRequest, state: CaseState, procedure: Procedure) throws(LetterError) -> LetterFacts {
        let calendar = procedure.calendar
        let kind = request.kind
        func day(_ instant: Date?) -> LocalDate? { instant.map(calendar.localDate(of:)) }
        func notHere(_ reason: String) -> LetterError { .notApplicable(kind, state.number, reason: reason) }
        func due(_ clock: Clock.Kind) -> LocalDate? {
            day(procedure.clocks(state, now: request.sentAt, explained: false).first { $0.kind == clock }?.due)
        }
        func mustBeOpen() throws(LetterError) {
            if let closure = state.closure { throw notHere("it is closed (\(closure.reason.title))") }
        }
        func wrongStage(_ wanted: String) -> LetterError {
            notHere("it is at the \(state.stage.title) stage; this letter belongs to \(wanted)")
        }
        func answerText(_ recorded: CaseState.AnswerRecord?) throws(LetterError) -> (text: String, at: Date) {
            if let answer = request.answer, !answer.isBlank { return (answer, request.sentAt) }
            if let recorded { return (recorded.summary, recorded.sent.at) }
            throw .missingDetail(kind, "the answer's text")
        }

        var facts = LetterFacts(
            caseNumber: state.number, customer: state.intake.customer, subject: state.intake.subject,
            deskName: request.deskName ?? procedure.policy.desk.name,
            windowDays: procedure.policy.escalationWindowDays, formal: false, late: false, missingItems: [],
            abuse: state.kind == .abuse)
        let headAnswer = state.head?.lastAnswer
        // The window is counted under the rules its clock keeps (for a new answer: those in force now).
        let windowRules = headAnswer.map { procedure.rules(for: .window, startedAt: $0.sent.at, in: state) }
            ?? procedure.rules(inForceAt: request.sentAt)
        facts.windowDays = windowRules.policy.escalationWindowDays
        facts.workingWeek = windowRules.calendar.workingWeek

        switch kind {
        case .acknowledgement:
            try mustBeOpen()
            guard state.stage == .headOfSupport, let head = state.head else {
                throw wrongStage(state.stage == .escalation ? "stage 2 (for an escalation: escalation-acknowledgement)"
                                                            : "a formal complaint (stage 2)")
            }
            facts.received = day(head.received)
            facts.due = due(.respond)

        case .extensionNotice:
            try mustBeOpen()
            guard state.stage == .headOfSupport || state.stage == .escalation, let phase = state.currentPhase else {
                throw wrongStage("a formal complaint (stage 2) or an escalation (stage 3)")
            }
            guard let promised = request.promised ?? phase.extensions.last?.promised else {
                throw .missingDetail(kind, "the promised date")
            }
            facts.received = day(phase.received)
            facts.promised = promised
            facts.due = promised

        case .response:
            try mustBeOpen()
            guard state.stage == .supervisor || state.stage == .headOfSupport, let phase = state.currentPhase else {
                throw wrongStage("stage 1 or 2 (the answer to an escalation is the final-response letter)")
            }
            let answer = try answerText(phase.lastAnswer)
            facts.received = day(phase.received)
            facts.answer = answer.text
            facts.answered = day(answer.at)
            facts.formal = state.stage == .headOfSupport
            if facts.formal {
                let formalMessage = state.messages.last {
                    $0.direction == .incoming && abs($0.message.at.timeIntervalSince(phase.received)) < 1
                }
                facts.complaintSubject = formalMessage?.message.subject
                    ?? (state.intake.stage == .headOfSupport ? state.intake.subject : nil)
                facts.windowEnd = day(procedure.windowEnd(answeredAt: answer.at))
                let contact = procedure.policy.desk.escalationContact(abuse: state.kind == .abuse)
                facts.escalationContact = contact.isEmpty ? nil : contact
            }

        case .escalationAcknowledgement:
            // A late escalation on a lapsed case is acknowledged while it waits, closed, for the head.
            if !state.awaitsLateDecision { try mustBeOpen() }
            guard state.stage == .escalation, let escalation = state.escalation else {
                throw wrongStage("an escalation (stage 3)")
            }
            facts.received = day(escalation.phase.received)
            facts.late = state.awaitsLateDecision
            // Awaiting the head's decision, no final date is promised (no clock runs yet).
            facts.due = facts.late ? nil : due(.finalResponse)
            facts.windowEnd = day(headAnswer.map { procedure.windowEnd(of: state, answeredAt: $0.sent.at) })
            facts.missingItems = state.missingEscalationItems

        case .finalResponse:
            guard let escalation = state.escalation,
                  state.stage == .finalResponse || (state.stage == .escalation && state.isOpen) else {
                if state.stage == .escalation { try mustBeOpen() }
                throw wrongStage("an escalation (stage 3)")
            }
            let answer = try answerText(escalation.phase.lastAnswer)
            facts.received = day(escalation.phase.received)
            facts.answer = answer.text
            facts.answered = day(answer.at)

        case .lateRefusal:
            // Written once the head of support refused it: the decision's reason is the letter's answer.
            guard let escalation = state.escalation, escalation.late, let decision = escalation.lateDecision, !decision.accepted,
                  let answer = headAnswer else {
                throw notHere("this letter follows the head of customer support's refusal of a further complaint that came after the window (refuse-late)")
            }
            facts.received = day(escalation.phase.received)
            facts.answered = day(answer.sent.at)
            facts.windowEnd = day(procedure.windowEnd(of: state, answeredAt: answer.sent.at))
            facts.answer = request.answer.flatMap { $0.isBlank ? nil : $0 } ?? decision.reason

        case .resolved:
            guard state.isLapsed, let answer = headAnswer else {
                throw notHere("a matter is considered resolved only once the customer's window after the head of customer support's answer has run out without an escalation")
            }
            // The notice says no further complaint arrived: never once one did, even late.
            if let escalation = state.escalation {
                throw notHere("a further complaint arrived on \(calendar.readable(escalation.phase.received))\(escalation.late ? " (late)" : "")")
            }
            facts.answered = day(answer.sent.at)
            facts.windowEnd = day(state.lapsedWindowEnd ?? procedure.windowEnd(of: state, answeredAt: answer.sent.at))

        case .abuseConfirmation:
            guard state.kind == .abuse else { throw notHere("only abuse reports get this letter") }
            try mustBeOpen()
            facts.received = day(state.intake.received)
            facts.domains = state.intake.domains.map(\.unicode)
            facts.reviewHours = procedure.clocks(state, now: request.sentAt, explained: false).first { $0.kind == .review }?.hours

        case .abuseOutcome:
            guard state.kind == .abuse else { throw notHere("only abuse reports get this letter") }
            guard let closure = state.closure, CloseReason.abuseOutcomes.contains(closure.reason) else {
                throw notHere("the outcome letter follows the report's outcome (close --reason mitigated, no-action, not-ours or duplicate)")
            }
            facts.received = day(state.intake.received)
            facts.domains = state.intake.domains.map(\.unicode)
            facts.outcome = closure.reason
            facts.duplicateOf = closure.duplicateOf
            let acted = closure.reason == .notOurs ? state.mitigations.last { $0.typed == .forwarded }
                                                   : state.mitigations.first { $0.typed != nil && $0.typed != .forwarded }
            facts.answered = day(acted?.recorded.at ?? closure.closed.at)
            facts.answer = request.answer.flatMap { $0.isBlank ? nil : $0 } ?? closure.note
            if closure.reason == .noAction, facts.answer == nil { throw .missingDetail(kind, "the reason no action was taken") }
        }
        return facts
    }

    /// The values templates see, dates written in `language`.
    func values(in language: LetterLanguage) -> [String: Any] {
        var values: [String: Any] = [
            "case": String(caseNumber),
            "customer": customer,
            "subject": subject,
            "windowDays": String(windowDays),
            "businessDays": language.businessDays(workingWeek: workingWeek),
            "formal": formal,
            "late": late,
            "abuse": abuse,
            "incomplete": !missingItems.isEmpty,
            "missingItems": missingItems.map(language.checklistItem),
            "hasDomains": !domains.isEmpty,
            "domains": domains.joined(separator: ", "),
            "mitigated": outcome == .mitigated,
            "noAction": outcome == .noAction,
            "notOurs": outcome == .notOurs,
            "duplicate": outcome == .duplicate,
        ]
        if let reviewHours { values["reviewHours"] = String(reviewHours) }
        if let duplicateOf { values["duplicateOf"] = String(duplicateOf) }
        let dates: [(String, LocalDate?)] = [
            ("received", received), ("due", due), ("promised", promised), ("answered", answered), ("windowEnd", windowEnd),
        ]
        for (key, date) in dates {
            if let date { values[key] = language.date(date) }
        }
        if let deskName, !deskName.isBlank { values["desk"] = deskName }
        if let answer { values["answer"] = answer }
        if let complaintSubject, !complaintSubject.isBlank { values["complaintSubject"] = complaintSubject }
        // Only the written ways: an escalation by telephone does not count.
        if let contact = escalationContact, contact.email != nil || contact.fax != nil || !contact.postal.isEmpty {
            values["escalationContact"] = true
            if let email = contact.email { values["escalationEmail"] = email }
            if let fax = contact.fax { values["escalationFax"] = fax }
            if !contact.postal.isEmpty { values["escalationPostal"] = contact.postal.joined(separator: ", ") }
        }
        return values
    }
}
