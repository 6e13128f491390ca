import Foundation

/// The procedure at work: the policy's numbers on the desk's calendar. It judges every event before
/// the store appends it, and computes every clock. The rules live here, once.
public struct Procedure: Sendable, Equatable {
    /// The policy, the calendar and the versions, in one box shared by every copy. A procedure is
    /// read for every event and clock, and copied often (`rules(for:startedAt:in:)` hands one back
    /// for each clock): held apart, a copy took two dozen reference counts (the arrays, sets and
    /// strings of the policy and the calendar). It changes only with the configuration: a change
    /// puts the parts in a new box, so no copy ever sees another's change. The getters are
    /// inlinable so that other modules read a part in place rather than through a copy of it.
    @usableFromInline var parts: Parts

    public var policy: Policy {
        @inlinable get { parts.policy }
        set { parts = Parts(policy: newValue, calendar: parts.calendar, versions: parts.versions) }
    }

    public var calendar: BusinessCalendar {
        @inlinable get { parts.calendar }
        set { parts = Parts(policy: parts.policy, calendar: newValue, versions: parts.versions) }
    }

    /// Every version of the rules, oldest first, the newest being `policy` and `calendar`; empty
    /// when only those exist. Each clock counts under the version in force when it started.
    public var versions: [RuleVersion] {
        @inlinable get { parts.versions }
        set { parts = Parts(policy: parts.policy, calendar: parts.calendar, versions: newValue) }
    }

    public init(policy: Policy = .standard, calendar: BusinessCalendar = .saarland, versions: [RuleVersion] = []) {
        parts = Parts(policy: policy, calendar: calendar, versions: versions)
    }

    /// The same rules in a box of their own. Copies of a procedure share one box and count their
    /// references on it: a thread that copies the procedure for every case it makes (a demo load's
    /// generators) takes its own, so that two threads do not contend for one count.
    public func ownCopy() -> Procedure {
        Procedure(policy: policy, calendar: calendar, versions: versions)
    }

    public static func == (lhs: Procedure, rhs: Procedure) -> Bool {
        lhs.parts === rhs.parts
            || (lhs.policy == rhs.policy && lhs.calendar == rhs.calendar && lhs.versions == rhs.versions)
    }

    @usableFromInline final class Parts: Sendable {
        @usableFromInline let policy: Policy
        @usableFromInline let calendar: BusinessCalendar
        @usableFromInline let versions: [RuleVersion]

        init(policy: Policy, calendar: BusinessCalendar, versions: [RuleVersion]) {
            self.policy = policy
            self.calendar = calendar
            self.versions = versions
        }
    }

    /// Judges the event that would open a case.
    public func checkOpening(_ intake: Intake, number: CaseNumber, now: Date) throws(TransitionError) {
        func fail(_ problem: TransitionError.Problem) -> TransitionError {
            TransitionError(caseNumber: number, action: .intake, problem: problem)
        }
        func refuse(_ text: String) -> TransitionError { fail(.refused(text)) }
        if let problem = intake.problems.first { throw refuse(problem) }
        switch intake.stage {
        case .supervisor:
            break
        case .headOfSupport:
            guard intake.kind.followsProcedure else { throw fail(.noProcedure(intake.kind)) }
        case .escalation, .finalResponse:
            throw refuse("a case starts at the supervisor stage, or at the head of customer support stage for a formal complaint that arrives first-hand")
        }
        if let type = intake.complaintType, policy.complaintType(type) != type {
            throw refuse("\"\(type)\" is not a complaint type of the policy (\(policy.complaintTypes.joined(separator: ", ")))")
        }
        if intake.received > now {
            throw fail(.impossibleDate(
                "the receipt time \(calendar.readable(intake.received)) is in the future"))
        }
    }

    /// Judges an event on an existing case; throws what a desk worker reads when the procedure forbids it.
    public func check(_ change: Change, on state: CaseState, now: Date) throws(TransitionError) {
        let action = Action(change)
        func fail(_ problem: TransitionError.Problem) -> TransitionError {
            TransitionError(caseNumber: state.number, action: action, problem: problem)
        }
        func refuse(_ text: String) -> TransitionError { fail(.refused(text)) }
        func mustBeOpen() throws(TransitionError) {
            if let closure = state.closure {
                throw fail(.closed(closure.reason, on: calendar.localDate(of: closure.closed.at)))
            }
        }
        func mustFollowProcedure() throws(TransitionError) {
            if !state.kind.followsProcedure { throw fail(.noProcedure(state.kind)) }
        }
        func moment(_ at: Date, what: String, notBefore earliest: Date, earliestWhat: String) throws(TransitionError) {
            if at > now {
                throw fail(.impossibleDate("the time \(what), \(calendar.readable(at)), is in the future"))
            }
            if at < earliest {
                throw fail(.impossibleDate(
                    "the time \(what), \(calendar.readable(at)), is before \(earliestWhat) (\(calendar.readable(earliest)))"))
            }
        }
        func nonEmpty(_ text: String, _ what: String) throws(TransitionError) {
            if text.isBlank { throw fail(.missing(what)) }
        }
        func done(_ what: String, _ stamp: CaseState.Stamp) -> TransitionError {
            fail(.alreadyDone(what, on: calendar.localDate(of: stamp.at), by: stamp.by))
        }
        func answerStage() throws(TransitionError) -> CaseState.Phase {
            switch state.stage {
            case .headOfSupport: if let head = state.head { return head }
            case .escalation: if let escalation = state.escalation { return escalation.phase }
            case .supervisor:
                throw fail(.wrongStage(.supervisor, hint:
                    "the procedure promises an acknowledgement and an answer date only for a formal complaint (stage 2) and an escalation (stage 3)"))
            case .finalResponse:
                break
            }
            try mustBeOpen()
            throw fail(.wrongStage(state.stage, hint: "the final response has been sent"))
        }

        switch change {
        case .received:
            throw refuse("the case already exists")

        case let .assigned(assignment):
            try mustBeOpen()
            if assignment.to == state.assignee {
                throw refuse(assignment.to.map { "it is already assigned to \($0)" } ?? "it is not assigned to anyone")
            }

        case let .noted(note):
            try nonEmpty(note.text, "the note")

        case let .acknowledged(moment_):
            try mustFollowProcedure()
            // Receipt of a late escalation is confirmed while it waits, perhaps closed, for the head.
            if !state.awaitsLateDecision { try mustBeOpen() }
            let phase = try answerStage()
            if let ack = phase.acknowledged { throw done("acknowledged", ack) }
            if let answer = phase.firstAnswer { throw done("answered (which acknowledges it)", answer.sent) }
            try moment(moment_.at, what: "of the acknowledgement", notBefore: phase.received, earliestWhat: "the message arrived")

        case let .extensionNotified(notice):
            try mustFollowProcedure()
            try mustBeOpen()
            let phase = try answerStage()
            if let answer = phase.firstAnswer { throw done("answered", answer.sent) }
            try moment(notice.at, what: "of the extension notice", notBefore: phase.received, earliestWhat: "the message arrived")
            let clockKind: Clock.Kind = state.stage == .escalation ? .finalResponse : .respond
            let clockPhase: CaseState.Phase
            if state.stage == .escalation {
                guard let counted = state.escalationClockPhase else {
                    throw refuse("the escalation arrived after the window closed; its clocks start when the head of support accepts it")
                }
                clockPhase = counted
            } else {
                clockPhase = phase
            }
            let clockRules = answerRules(clockPhase, clock: clockKind, in: state)
            let currentDue = answerDue(clockPhase, clock: clockKind, in: state, now: now)
            let dueDay = clockRules.calendar.localDate(of: currentDue)
            if notice.promised <= dueDay {
                throw fail(.impossibleDate(
                    "the promised date \(notice.promised.readable) is not after the current due date \(dueDay.readable)"))
            }
            let status = clockRules.calendar.status(of: notice.promised)
            if !status.isBusiness {
                throw fail(.impossibleDate("\(notice.promised.readable) is not a business day (\(status.reason))"))
            }
            if notice.at > currentDue {
                throw refuse("the answer was due \(calendar.readable(currentDue)); an extension notice sent after that cannot rescue the clock (record the answer instead)")
            }

        case let .responded(answer):
            try mustBeOpen()
            try nonEmpty(answer.summary, "the summary of the response")
            let phase: CaseState.Phase
            switch state.stage {
            case .supervisor:
                guard let supervisor = state.supervisor else { throw refuse("the case has no supervisor stage") }
                phase = supervisor
            case .headOfSupport:
                guard let head = state.head else { throw refuse("the case has no head of customer support stage") }
                phase = head
            case .escalation:
                throw fail(.wrongStage(.escalation, hint: "the answer to an escalation is the final response (final)"))
            case .finalResponse:
                throw fail(.wrongStage(.finalResponse, hint: "the final response has been sent"))
            }
            if let last = phase.lastAnswer, !state.reopened(after: last.sent.at) {
                throw done("answered", last.sent)
            }
            try moment(answer.at, what: "of the response", notBefore: phase.received, earliestWhat: "the message arrived")

        case let .formalComplaintFiled(filing):
            try mustFollowProcedure()
            try mustBeOpen()
            guard state.stage == .supervisor else {
                throw fail(.wrongStage(state.stage, hint: "a formal complaint moves a case on from the supervisor stage only"))
            }
            // The customer is unhappy with the first answer: there is none to be unhappy with before it
            // was sent. The same rule files (or not) a reply by mail (`filing(for:on:)`).
            guard let answer = state.supervisor?.lastAnswer else {
                throw refuse("the supervisor has not answered yet; a formal complaint follows the first answer (one that arrives first-hand opens its own case at the head of customer support stage)")
            }
            try moment(filing.received, what: "the formal complaint arrived", notBefore: answer.sent.at,
                       earliestWhat: "the supervisor's answer was sent")

        case let .escalationReceived(filing):
            try mustFollowProcedure()
            switch state.stage {
            case .supervisor:
                throw fail(.wrongStage(.supervisor, hint:
                    "an escalation follows the head of customer support's answer; a customer unhappy with the first answer files a formal complaint (formal)"))
            case .escalation, .finalResponse:
                if let escalation = state.escalation {
                    throw done("escalated (received)", CaseState.Stamp(at: escalation.phase.received, by: "the customer"))
                }
            case .headOfSupport:
                break
            }
            if let closure = state.closure, closure.reason != .lapsed {
                throw fail(.closed(closure.reason, on: calendar.localDate(of: closure.closed.at)))
            }
            guard let answer = state.head?.lastAnswer else {
                throw refuse("the head of customer support has not answered yet; the customer's window to escalate opens with that answer")
            }
            guard filing.channel.isWritten else {
                throw refuse("an escalation must be in writing (email, fax, letter or web), not by phone; ask the customer to write")
            }
            try moment(filing.received, what: "the escalation arrived", notBefore: answer.sent.at, earliestWhat: "the answer was sent")
            let late = filing.received > windowEnd(of: state, answeredAt: answer.sent.at)
            if filing.late != late {
                throw refuse(late ? "the escalation arrived after the window closed and must be recorded as late"
                                  : "the escalation arrived within the window and cannot be recorded as late")
            }

        case let .lateEscalationDecided(decision):
            guard state.stage == .escalation, let escalation = state.escalation else {
                try mustBeOpen()
                throw fail(.wrongStage(state.stage, hint: "only a received escalation can be accepted or refused"))
            }
            guard escalation.late else {
                try mustBeOpen()
                throw refuse("the escalation arrived within the window; there is nothing to decide")
            }
            if let decided = escalation.lateDecision {
                throw done(decided.accepted ? "accepted" : "refused", decided.decided)
            }
            // A lapsed case keeps its late escalation waiting, closed, for this decision.
            if let closure = state.closure, closure.reason != .lapsed {
                throw fail(.closed(closure.reason, on: calendar.localDate(of: closure.closed.at)))
            }
            try nonEmpty(decision.reason, "the reason for the decision")

        case let .missingItemsReceived(items):
            try mustBeOpen()
            guard state.stage == .escalation, let escalation = state.escalation else {
                throw fail(.wrongStage(state.stage, hint: "missing items complete an escalation"))
            }
            let missing = Set(state.missingEscalationItems)
            if missing.isEmpty { throw refuse("the escalation is complete; nothing is missing") }
            if missing.isDisjoint(with: items.items) {
                let listed = ChecklistItem.ordered(missing).map(\.title).joined(separator: ", ")
                throw refuse("none of those items is missing; still missing: \(listed)")
            }
            try moment(items.at, what: "the items arrived", notBefore: escalation.phase.received, earliestWhat: "the escalation arrived")

        case let .finalResponseSent(answer):
            try mustFollowProcedure()
            if state.awaitsLateDecision {
                throw refuse("the escalation arrived after the window closed; the head of support decides first whether to accept it")
            }
            try mustBeOpen()
            guard state.stage == .escalation, let escalation = state.escalation else {
                throw fail(.wrongStage(state.stage, hint: state.stage == .finalResponse
                    ? "the final response has been sent"
                    : "the final response answers an escalation; at this stage record the response (respond)"))
            }
            if escalation.late, escalation.lateDecision == nil {
                throw refuse("the escalation arrived after the window closed; the head of support decides first whether to accept it")
            }
            if let last = escalation.phase.lastAnswer, !state.reopened(after: last.sent.at) { throw done("answered", last.sent) }
            try nonEmpty(answer.summary, "the summary of the final response")
            try moment(answer.at, what: "of the final response", notBefore: escalation.phase.received, earliestWhat: "the escalation arrived")

        case let .closed(closure):
            try mustBeOpen()
            if let closedAt = closure.at {
                let stageBegan = state.currentPhase?.received ?? state.intake.received
                try moment(closedAt, what: "of the closure", notBefore: stageBegan, earliestWhat: "the current stage began")
            }
            switch closure.reason {
            case .lapsed:
                throw refuse("a case lapses by itself when the customer's window runs out; choose satisfied, withdrawn, duplicate or invalid")
            case .finalResponse:
                throw refuse("a case closes with the final response when it is recorded (final)")
            case .routed:
                throw refuse("feedback closes as routed when it is routed to a team (route)")
            case .duplicate:
                guard let other = closure.duplicateOf else {
                    throw fail(.missing("the case it duplicates", rule: "a duplicate closure names the case it duplicates"))
                }
                if other == state.number { throw refuse("a case cannot be a duplicate of itself") }
            case .satisfied, .withdrawn, .invalid, .mitigated, .noAction, .notOurs:
                if closure.duplicateOf != nil { throw refuse("only a duplicate closure names another case") }
            }
            try checkAbuseOutcome(closure, on: state)

        case let .lapsed(lapse):
            try mustFollowProcedure()
            try mustBeOpen()
            guard state.stage == .headOfSupport, let answer = state.head?.lastAnswer else {
                throw fail(.wrongStage(state.stage, hint: "only a case waiting on the customer after the head of support's answer can lapse"))
            }
            let end = windowEnd(of: state, answeredAt: answer.sent.at)
            if now <= end { throw refuse("the customer's window is open until \(calendar.readable(end))") }
            if state.reopened(after: end) { throw refuse("the case was reopened after its window ended") }
            // Compared to the millisecond: the store keeps instants at that precision.
            if (lapse.windowEnded.timeIntervalSince1970 * 1000).rounded(.down) != (end.timeIntervalSince1970 * 1000).rounded(.down) {
                throw refuse("the window ended \(calendar.readable(end))")
            }

        case let .reopened(reopening):
            guard state.closure != nil else { throw fail(.notClosed) }
            try nonEmpty(reopening.reason, "the reason for reopening")

        case let .paused(pause):
            guard policy.pauseWhileWaitingOnCustomer else {
                throw refuse("the policy does not allow pausing a clock (pause_while_waiting_on_customer is off)")
            }
            try mustBeOpen()
            guard state.stage == .escalation, let escalation = state.escalation else {
                throw fail(.wrongStage(state.stage, hint: "a clock pauses only while an escalation waits for missing items"))
            }
            if state.missingEscalationItems.isEmpty { throw refuse("nothing is missing from the escalation") }
            if escalation.phase.isPaused, let since = escalation.phase.pauses.last?.from { throw done("paused", since) }
            if escalation.phase.firstAnswer != nil { throw refuse("the final response has been sent") }
            try moment(pause.at, what: "of the pause", notBefore: escalation.phase.received, earliestWhat: "the escalation arrived")

        case let .resumed(resume):
            try mustBeOpen()
            guard let phase = state.escalation?.phase, phase.isPaused, let pause = phase.pauses.last else {
                throw refuse("the clock is not paused")
            }
            try moment(resume.at, what: "of the resumption", notBefore: pause.from.at, earliestWhat: "the pause began")

        case .mitigated, .mitigationUndone, .reporterClassified, .receiptConfirmed, .evidenceJudged, .associatedNamesReviewed:
            try checkAbuse(change, on: state, now: now)

        case let .routed(routing):
            guard state.kind == .feedback else { throw refuse("only feedback is routed to a team; complaints and abuse reports follow the procedure") }
            try mustBeOpen()
            guard policy.feedbackTeam(routing.team) == routing.team else {
                throw refuse("\"\(routing.team)\" is not a team of the policy (\(policy.feedbackTeams.joined(separator: ", ")))")
            }

        case let .categorized(categorization):
            guard state.kind == .complaint else { throw refuse("only complaints carry a complaint type (abuse reports carry their abuse category)") }
            guard policy.complaintType(categorization.complaintType) == categorization.complaintType else {
                throw refuse("\"\(categorization.complaintType)\" is not a complaint type of the policy (\(policy.complaintTypes.joined(separator: ", ")))")
            }
            if state.complaintType == categorization.complaintType { throw refuse("its type is already \(categorization.complaintType)") }

        case let .clockRebased(rebase):
            try mustBeOpen()
            // A clock moves only to the newest rules, as the change that made them is recorded.
            guard rules(version: rebase.version) != nil, rebase.version == currentVersion else {
                throw refuse("clocks move only to the newest version of the rules (\(currentVersion)), not to version \(rebase.version)")
            }
            let running = clocks(state, now: now, explained: false).first { $0.kind == rebase.clock }
            let paused = if case .paused? = running?.status { true } else { false }
            guard let running, running.status.isRunning || paused else {
                throw refuse("its \(rebase.clock.title) clock is not running")
            }
            if version(for: rebase.clock, startedAt: running.start, in: state) == rebase.version {
                throw refuse("its \(rebase.clock.title) clock already counts under version \(rebase.version) of the rules")
            }
            try nonEmpty(rebase.reason, "the reason the clock moves")

        case let .messageReceived(message), let .messageSent(message):
            try checkCorrespondence(message, change: change, on: state, now: now)

        case .linked, .unlinked:
            try checkIncident(change, on: state)
        }
    }

    /// Judges the event, then folds it in: what the store does inside its transaction.
    public func apply(_ event: Event, to state: CaseState?, now: Date) throws(TransitionError) -> CaseState {
        guard var state else {
            guard case let .received(intake) = event.change else {
                throw TransitionError(caseNumber: event.caseNumber, action: Action(event.change), problem: .noSuchCase)
            }
            try checkOpening(intake, number: event.caseNumber, now: now)
            return try CaseState(opening: event)
        }
        try check(event.change, on: state, now: now)
        state.fold(event)
        return state
    }

    /// The escalation as it should be recorded: lateness decided now, on the current calendar.
    public func escalationFiling(
        for state: CaseState, received: Date, channel: Channel, heading: String?, items: Set<ChecklistItem>, text: String? = nil
    ) -> Change.EscalationFiling {
        let late = state.head?.lastAnswer.map { received > windowEnd(of: state, answeredAt: $0.sent.at) } ?? false
        var present = items
        if let heading, ComplaintMarker.found(in: heading, markers: policy.complaintMarkers) {
            present.insert(.marker)
        }
        return Change.EscalationFiling(received: received, channel: channel, heading: heading, items: present, late: late, text: text)
    }

    /// The lapse event due on this case at `now`, if its window has run out.
    public func lapseDue(_ state: CaseState, now: Date) -> Change? {
        guard state.isOpen, state.kind.followsProcedure, state.stage == .headOfSupport, state.escalation == nil,
              let answer = state.head?.lastAnswer else { return nil }
        let end = windowEnd(of: state, answeredAt: answer.sent.at)
        guard now > end, !state.reopened(after: end) else { return nil }
        return .lapsed(.init(windowEnded: end))
    }
}
