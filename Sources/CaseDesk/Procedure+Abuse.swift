import Foundation

/// The abuse desk's moves judged (RAA 3.18): reporter class, confirmation of receipt, evidence,
/// mitigation and its undoing, the review of associated names, and the outcomes of an abuse report.
extension Procedure {
    /// An abuse report taken in by mail: its reporter class from the sender's address and the
    /// policy's lists (law enforcement, trusted notifiers; everyone else the public).
    public func reporterClassed(_ intake: Intake) -> Intake {
        guard intake.kind == .abuse else { return intake }
        var intake = intake
        intake.reporterClass = policy.abuse.reporterClass(of: intake.contact)
        return intake
    }

    /// The abuse track's own moves: made on abuse reports only.
    public static let abuseMoves: Set<Action> = [.classifyReporter, .confirmReceipt, .judgeEvidence, .mitigate, .undoMitigation,
                                                 .reviewAssociatedNames]

    /// Whether a move is made on cases of this kind at all: the abuse track's moves on abuse reports
    /// only, and a move the permission table grants nobody for the kind on none. Screens offer only these.
    public func applies(_ action: Action, to kind: CaseKind) -> Bool {
        if Self.abuseMoves.contains(action), kind != .abuse { return false }
        return Permissions.grants(action, kind: kind)
    }

    func checkAbuse(_ change: Change, on state: CaseState, now: Date) throws(TransitionError) {
        let action = Action(change)
        func fail(_ problem: TransitionError.Problem) -> TransitionError {
            TransitionError(caseNumber: state.number, action: action, problem: problem)
        }
        func refuse(_ text: String) -> TransitionError { fail(.refused(text)) }
        func nonEmpty(_ text: String, _ what: String) throws(TransitionError) {
            if text.isBlank { throw fail(.missing(what)) }
        }
        func moment(_ at: Date?, what: String) throws(TransitionError) {
            guard let at else { return }
            if at > now { throw fail(.impossibleDate("the time \(what), \(calendar.readable(at)), is in the future")) }
            if at < state.intake.received {
                throw fail(.impossibleDate(
                    "the time \(what), \(calendar.readable(at)), is before the report arrived (\(calendar.readable(state.intake.received)))"))
            }
        }
        guard applies(action, to: state.kind) else { throw refuse("\(action == .mitigate ? "mitigations are recorded" : "this move is made") on abuse reports") }
        if let closure = state.closure {
            throw fail(.closed(closure.reason, on: calendar.localDate(of: closure.closed.at)))
        }

        switch change {
        case let .reporterClassified(classification):
            try nonEmpty(classification.reason, "the reason for the change")
            if state.reporterClass == classification.reporterClass {
                throw refuse("the reporter is already classed as \(classification.reporterClass.title)")
            }

        case let .receiptConfirmed(confirmation):
            if let done = state.receiptConfirmed {
                throw fail(.alreadyDone("confirmed receipt", on: calendar.localDate(of: done.at), by: done.by))
            }
            try moment(confirmation.at, what: "of the confirmation")

        case let .evidenceJudged(judgement):
            try nonEmpty(judgement.reason, "the reason for the judgement")
            try moment(judgement.at, what: "of the judgement")
            let unknown = judgement.checked.filter { !policy.abuse.evidenceChecklist.contains($0) }
            if let first = unknown.first {
                throw refuse("\"\(first)\" is not an item of the policy's evidence checklist")
            }
            if judgement.actionable, state.firstActionable != nil, state.evidenceJudgements.last?.actionable == true {
                let last = state.evidenceJudgements.last!.judged
                throw fail(.alreadyDone("judged the evidence actionable", on: calendar.localDate(of: last.at), by: last.by))
            }

        case let .mitigated(mitigation):
            try nonEmpty(mitigation.action, "the mitigation action")
            try nonEmpty(mitigation.evidence, "the evidence")
            guard let typed = MitigationAction(name: mitigation.action) else {
                throw refuse("\"\(mitigation.action)\" is not a mitigation action (\(MitigationAction.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            try moment(mitigation.at, what: "of the mitigation")
            if typed == .registrantNotified {
                guard let deadline = mitigation.deadline else {
                    throw fail(.missing("the deadline", rule: "a notice to the registrant names the deadline by which to act (--deadline)"))
                }
                if deadline <= (mitigation.at ?? now) {
                    throw fail(.impossibleDate("the deadline \(calendar.readable(deadline)) is not after the notice"))
                }
            } else if mitigation.deadline != nil {
                throw refuse("only a notice to the registrant carries a deadline")
            }
            if typed.canBeUndone, let standing = state.standingMitigations.last(where: { $0.typed == typed }) {
                throw fail(.alreadyDone("recorded \(typed.title) (still in place)", on: calendar.localDate(of: standing.recorded.at),
                                        by: standing.recorded.by))
            }

        case let .mitigationUndone(undo):
            try nonEmpty(undo.reason, "the reason")
            guard let typed = MitigationAction(name: undo.action) else {
                throw refuse("\"\(undo.action)\" is not a mitigation action (\(MitigationAction.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard typed.canBeUndone else { throw refuse("\(typed.title) cannot be undone (a notice sent stays sent)") }
            guard let standing = state.standingMitigations.last(where: { $0.typed == typed }) else {
                throw refuse("no \(typed.title) is in place on this report")
            }
            try moment(undo.at, what: "of the undoing")
            if let at = undo.at, at < standing.recorded.at {
                throw fail(.impossibleDate("the time of the undoing, \(calendar.readable(at)), is before the \(typed.title) (\(calendar.readable(standing.recorded.at)))"))
            }

        case let .associatedNamesReviewed(review):
            guard state.mitigations.contains(where: { $0.typed != nil && $0.typed != .forwarded }) else {
                throw refuse("the registrant's other names are reviewed after a mitigation; none is recorded")
            }
            if review.reviewed < 0 { throw refuse("the number of names reviewed cannot be negative") }
            if review.found.count > review.reviewed {
                throw refuse("\(review.found.count) names found among \(review.reviewed) reviewed")
            }

        default:
            break
        }
    }

    /// An abuse outcome fits only an abuse report, and only with what it claims on the record.
    func checkAbuseOutcome(_ closure: Change.Closure, on state: CaseState) throws(TransitionError) {
        func refuse(_ text: String) -> TransitionError {
            TransitionError(caseNumber: state.number, action: .close, problem: .refused(text))
        }
        guard closure.reason.isAbuseOnly else { return }
        guard state.kind == .abuse else {
            throw refuse("\(closure.reason.rawValue) is an outcome of abuse reports; choose satisfied, withdrawn, duplicate or invalid")
        }
        switch closure.reason {
        case .mitigated:
            if !state.mitigations.contains(where: { $0.typed != nil && $0.typed != .forwarded }) {
                throw refuse("no mitigation is recorded; record it first (mitigate)")
            }
        case .noAction:
            if closure.note?.isBlank ?? true {
                throw TransitionError(caseNumber: state.number, action: .close,
                                      problem: .missing("the reason", rule: "no-action names its reason (--note)"))
            }
        case .notOurs:
            if !state.mitigations.contains(where: { $0.typed == .forwarded }) {
                throw refuse("not-ours follows forwarding the report to the sponsoring registrar (mitigate … forwarded)")
            }
        default:
            break
        }
    }
}
