import Foundation

/// A case as its events leave it: the fold of the trail. Folding never consults the calendar, so a
/// trail stays readable whatever the calendar says later; the rules are checked before an event is
/// appended (`Procedure.check`).
public struct CaseState: Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case open
        case closed
    }

    /// Who did something, and when it happened.
    public struct Stamp: Codable, Sendable, Equatable {
        public var at: Date
        public var by: String
        public init(at: Date, by: String) {
            self.at = at
            self.by = by
        }
    }

    public struct ExtensionRecord: Codable, Sendable, Equatable {
        public var promised: LocalDate
        public var sent: Stamp
    }

    public struct AnswerRecord: Codable, Sendable, Equatable {
        public var summary: String
        public var sent: Stamp
    }

    public struct PauseRecord: Codable, Sendable, Equatable {
        public var from: Stamp
        public var until: Stamp?
    }

    /// One stage's work: when its message arrived, the acknowledgement, extension notices, answers.
    public struct Phase: Codable, Sendable, Equatable {
        public var received: Date
        public var channel: Channel
        public var acknowledged: Stamp?
        public var extensions: [ExtensionRecord] = []
        /// The first answer is the one the stage's clock judges; later ones follow a reopening.
        public var answers: [AnswerRecord] = []
        public var pauses: [PauseRecord] = []

        public init(received: Date, channel: Channel) {
            self.received = received
            self.channel = channel
        }

        public var firstAnswer: AnswerRecord? { answers.first }
        public var lastAnswer: AnswerRecord? { answers.last }
        public var isPaused: Bool { pauses.last.map { $0.until == nil } ?? false }

        /// Ends the open pause, if there is one.
        mutating func endPause(_ until: Stamp) {
            if isPaused { pauses[pauses.count - 1].until = until }
        }
    }

    public struct EscalationRecord: Codable, Sendable, Equatable {
        public var phase: Phase
        public var heading: String?
        public var items: Set<ChecklistItem>
        public var late: Bool
        public var lateDecision: LateDecisionRecord?
        public var text: String?
    }

    public struct LateDecisionRecord: Codable, Sendable, Equatable {
        public var accepted: Bool
        public var reason: String
        public var decided: Stamp
    }

    public struct ClosureRecord: Codable, Sendable, Equatable {
        public var reason: CloseReason
        public var duplicateOf: CaseNumber?
        public var note: String?
        public var closed: Stamp
    }

    public struct NoteRecord: Codable, Sendable, Equatable {
        public var text: String
        public var handover: Bool
        public var written: Stamp
    }

    public struct MitigationRecord: Codable, Sendable, Equatable {
        public var action: String
        public var evidence: String
        public var recorded: Stamp
        public var deadline: Date?
        /// When it was taken back, and why (a hold lifted); nil while it stands.
        public var undone: Stamp?
        public var undoReason: String?

        /// The typed action, nil for a free-text action of an older trail.
        public var typed: MitigationAction? { MitigationAction(name: action) }
    }

    public struct EvidenceRecord: Codable, Sendable, Equatable {
        public var actionable: Bool
        public var reason: String
        public var checked: [String]
        public var judged: Stamp
    }

    public struct ReporterClassRecord: Codable, Sendable, Equatable {
        public var reporterClass: ReporterClass
        public var reason: String
        public var changed: Stamp
    }

    public struct AssociatedNamesRecord: Codable, Sendable, Equatable {
        public var reviewed: Int
        public var found: [String]
        public var note: String?
        public var recorded: Stamp
    }

    /// A mail message filed with the case, in or out.
    public struct MessageRecord: Codable, Sendable, Equatable {
        public enum Direction: String, Codable, Sendable {
            /// From the customer or reporter.
            case incoming = "in"
            /// A letter the desk sent.
            case outgoing = "out"
        }

        public var direction: Direction
        public var message: Change.Correspondence
        public var filed: Stamp
    }

    /// A clock the desk moved to a newer version of the rules.
    public struct RebaseRecord: Codable, Sendable, Equatable {
        public var clock: Clock.Kind
        public var version: Int
        public var from: Date
        public var to: Date
        public var reason: String
        public var recorded: Stamp
    }

    public struct ReopeningRecord: Codable, Sendable, Equatable {
        public var reason: String
        public var reopened: Stamp
    }

    public let number: CaseNumber
    public private(set) var intake: Intake
    public private(set) var opened: Stamp
    public private(set) var version: Int
    public private(set) var updated: Stamp
    public private(set) var stage: Stage
    /// The furthest stage the case ever reached: a reopening may send it back, statistics count this.
    public private(set) var furthestStage: Stage
    public private(set) var closure: ClosureRecord?
    public private(set) var assignee: String?
    /// Stage 1, when the case started there.
    public private(set) var supervisor: Phase?
    public private(set) var head: Phase?
    public private(set) var escalation: EscalationRecord?
    public private(set) var notes: [NoteRecord] = []
    public private(set) var mitigations: [MitigationRecord] = []
    public private(set) var reopenings: [ReopeningRecord] = []
    /// Mail in and out, in the order it was filed.
    public private(set) var messages: [MessageRecord] = []
    public private(set) var lapsedWindowEnd: Date?
    /// The team feedback was routed to.
    public private(set) var team: String?
    /// A complaint's type: set at intake, or later.
    public private(set) var complaintType: String?
    /// Clocks moved to newer rules, in the order it happened.
    public private(set) var rebases: [RebaseRecord] = []
    /// Abuse reports: changes of the reporter class after intake.
    public private(set) var reporterClassChanges: [ReporterClassRecord] = []
    /// Abuse reports: when receipt was confirmed to the reporter.
    public private(set) var receiptConfirmed: Stamp?
    /// Abuse reports: every judgement of the evidence, the first meets the review clock.
    public private(set) var evidenceJudgements: [EvidenceRecord] = []
    /// Abuse reports: reviews of the registrant's other names after a mitigation.
    public private(set) var associatedNamesReviews: [AssociatedNamesRecord] = []

    /// An abuse report's reporter class as it stands: the last change, else intake's, else public.
    public var reporterClass: ReporterClass? {
        guard kind == .abuse else { return nil }
        return reporterClassChanges.last?.reporterClass ?? intake.reporterClass ?? .public
    }

    /// The first judgement that found the evidence actionable: it starts the decide clock.
    public var firstActionable: EvidenceRecord? { evidenceJudgements.first { $0.actionable } }

    /// The mitigations that stand (not undone), typed actions only.
    public var standingMitigations: [MitigationRecord] { mitigations.filter { $0.undone == nil } }
    /// The incident the report is in now (abuse reports only).
    public private(set) var incident: IncidentNumber?

    public var kind: CaseKind { intake.kind }
    /// Closed while a closure stands; a reopening or an escalation after a lapse takes it away.
    public var status: Status { isOpen ? .open : .closed }
    /// Matched rather than compared with nil: `== nil` on an optional `Equatable` record compares
    /// two optionals, copying the record first (every reference in it), and this is asked often.
    public var isOpen: Bool { if case .none = closure { true } else { false } }

    /// The phase of the current stage, where acknowledgements, extensions and answers go.
    public var currentPhase: Phase? {
        switch stage {
        case .supervisor: supervisor
        case .headOfSupport: head
        case .escalation, .finalResponse: escalation?.phase
        }
    }

    /// The escalation's phase as its clocks count it: from its receipt, or for a late escalation
    /// from the head of support's acceptance; nil while a late one awaits that decision or was refused.
    public var escalationClockPhase: Phase? {
        guard let escalation else { return nil }
        guard escalation.late else { return escalation.phase }
        guard let decision = escalation.lateDecision, decision.accepted else { return nil }
        var phase = escalation.phase
        phase.received = max(phase.received, decision.decided.at)
        return phase
    }

    /// A late escalation the head of support has not yet accepted or refused.
    public var awaitsLateDecision: Bool {
        escalation.map { $0.late && $0.lateDecision == nil } ?? false
    }

    /// The items the escalation still lacks (only those that apply to this case).
    public var missingEscalationItems: [ChecklistItem] {
        guard let escalation else { return [] }
        return applicableChecklistItems.filter { !escalation.items.contains($0) }
    }

    /// Account and domains are required only where the case has them.
    public var applicableChecklistItems: [ChecklistItem] {
        ChecklistItem.allCases.filter { item in
            switch item {
            case .account: !(intake.account ?? "").isEmpty
            case .domains: !intake.domains.isEmpty
            default: true
            }
        }
    }

    /// Starts a case from the event that opened it.
    public init(opening event: Event) throws(TransitionError) {
        guard case let .received(intake) = event.change else {
            throw TransitionError(caseNumber: event.caseNumber, action: Action(event.change), problem: .noSuchCase)
        }
        let stamp = Stamp(at: event.recorded, by: event.actor)
        let phase = Phase(received: intake.received, channel: intake.channel)
        // Each field set once, the phase where the case starts: set again after the others, the
        // optimizer made the state aside and copied it out.
        number = event.caseNumber
        opened = stamp
        updated = stamp
        version = event.sequence
        stage = intake.stage
        furthestStage = intake.stage
        complaintType = intake.complaintType
        supervisor = intake.stage == .supervisor ? phase : nil
        head = intake.stage == .supervisor ? nil : phase
        self.intake = intake
    }

    /// Rebuilds a case from its whole trail, without judging it again.
    public static func fold(_ events: [Event]) throws(TransitionError) -> CaseState {
        guard let first = events.first else {
            throw TransitionError(caseNumber: 0, action: .intake, problem: .noSuchCase)
        }
        var state = try CaseState(opening: first)
        for event in events.dropFirst() {
            state.fold(event)
        }
        return state
    }

    /// Applies an event already judged allowed. Unknown combinations leave the state as it was
    /// except for the version, so a trail from an older rule set still folds.
    public mutating func fold(_ event: Event) {
        let stamp = Stamp(at: event.recorded, by: event.actor)
        version = event.sequence
        updated = stamp
        switch event.change {
        case .received:
            break
        case let .assigned(assignment):
            assignee = assignment.to
        case let .acknowledged(moment):
            updatePhase { $0.acknowledged = Stamp(at: moment.at, by: event.actor) }
        case let .extensionNotified(notice):
            updatePhase {
                $0.extensions.append(ExtensionRecord(promised: notice.promised, sent: Stamp(at: notice.at, by: event.actor)))
            }
        case let .responded(answer):
            recordAnswer(answer, by: event.actor)
        case let .formalComplaintFiled(filing):
            head = Phase(received: filing.received, channel: filing.channel)
            stage = .headOfSupport
        case let .escalationReceived(filing):
            escalation = EscalationRecord(
                phase: Phase(received: filing.received, channel: filing.channel),
                heading: filing.heading, items: Set(filing.items), late: filing.late, text: filing.text)
            stage = .escalation
            // In time, it takes the case back from a lapse recorded too early; late, only the head's
            // acceptance does.
            if !filing.late { closure = nil }
        case let .lateEscalationDecided(decision):
            escalation?.lateDecision = LateDecisionRecord(accepted: decision.accepted, reason: decision.reason, decided: stamp)
            if decision.accepted {
                closure = nil
            } else if closure == nil {
                close(ClosureRecord(reason: .lapsed, note: decision.reason, closed: stamp))
            }
        case let .missingItemsReceived(items):
            escalation?.items.formUnion(items.items)
            // The pause waits for everything missing, not for the first item to arrive.
            if missingEscalationItems.isEmpty {
                escalation?.phase.endPause(Stamp(at: items.at, by: event.actor))
            }
        case let .finalResponseSent(answer):
            recordAnswer(answer, by: event.actor)
            stage = .finalResponse
            close(ClosureRecord(reason: .finalResponse, closed: Stamp(at: answer.at, by: event.actor)))
        case let .closed(closure):
            close(ClosureRecord(reason: closure.reason, duplicateOf: closure.duplicateOf, note: closure.note,
                                closed: Stamp(at: closure.at ?? event.recorded, by: event.actor)))
        case let .lapsed(lapse):
            lapsedWindowEnd = lapse.windowEnded
            // The matter is resolved when the window ends, whoever sweeps and whenever.
            close(ClosureRecord(reason: .lapsed, closed: Stamp(at: lapse.windowEnded, by: event.actor)))
        case let .reopened(reopening):
            if let closure {
                reopenings.append(ReopeningRecord(reason: reopening.reason, reopened: stamp))
                // Reopening a final response puts the escalation back on the desk, to be answered again.
                if closure.reason == .finalResponse, escalation != nil { stage = .escalation }
            }
            closure = nil
        case let .noted(note):
            notes.append(NoteRecord(text: note.text, handover: note.handover, written: stamp))
        case let .paused(moment):
            updatePhase { $0.pauses.append(PauseRecord(from: Stamp(at: moment.at, by: event.actor))) }
        case let .resumed(moment):
            updatePhase { $0.endPause(Stamp(at: moment.at, by: event.actor)) }
        case let .mitigated(mitigation):
            mitigations.append(MitigationRecord(action: mitigation.action, evidence: mitigation.evidence,
                                                recorded: Stamp(at: mitigation.at ?? event.recorded, by: event.actor),
                                                deadline: mitigation.deadline))
        case let .mitigationUndone(undo):
            let action = MitigationAction(name: undo.action)
            if let index = mitigations.lastIndex(where: { $0.undone == nil && $0.typed != nil && $0.typed == action }) {
                mitigations[index].undone = Stamp(at: undo.at ?? event.recorded, by: event.actor)
                mitigations[index].undoReason = undo.reason
            }
        case let .reporterClassified(change):
            reporterClassChanges.append(ReporterClassRecord(reporterClass: change.reporterClass, reason: change.reason, changed: stamp))
        case let .receiptConfirmed(moment):
            receiptConfirmed = Stamp(at: moment.at, by: event.actor)
        case let .evidenceJudged(judgement):
            evidenceJudgements.append(EvidenceRecord(actionable: judgement.actionable, reason: judgement.reason,
                                                     checked: judgement.checked,
                                                     judged: Stamp(at: judgement.at ?? event.recorded, by: event.actor)))
        case let .associatedNamesReviewed(review):
            associatedNamesReviews.append(AssociatedNamesRecord(reviewed: review.reviewed, found: review.found, note: review.note,
                                                                recorded: stamp))
        case let .routed(routing):
            team = routing.team
            close(ClosureRecord(reason: .routed, note: routing.team, closed: stamp))
        case let .categorized(categorization):
            complaintType = categorization.complaintType
        case let .clockRebased(rebase):
            rebases.append(RebaseRecord(clock: rebase.clock, version: rebase.version, from: rebase.from, to: rebase.to,
                                        reason: rebase.reason, recorded: stamp))
        case let .messageReceived(message):
            messages.append(MessageRecord(direction: .incoming, message: message, filed: stamp))
        case let .messageSent(message):
            messages.append(MessageRecord(direction: .outgoing, message: message, filed: stamp))
        case let .linked(link):
            incident = link.incident
        case .unlinked:
            incident = nil
        }
        if stage.order > furthestStage.order, !awaitsLateDecision, escalation?.lateDecision?.accepted != false {
            furthestStage = stage
        }
    }

    private mutating func close(_ record: ClosureRecord) {
        closure = record
    }

    /// Changes the current stage's phase (if there is one) in place: a copy taken out and put back
    /// would copy its lists of answers and extensions on every change.
    private mutating func updatePhase(_ change: (inout Phase) -> Void) {
        switch stage {
        case .supervisor: if case .some = supervisor { change(&supervisor!) }
        case .headOfSupport: if case .some = head { change(&head!) }
        case .escalation, .finalResponse: if case .some = escalation { change(&escalation!.phase) }
        }
    }

    private mutating func recordAnswer(_ answer: Change.Answer, by actor: String) {
        updatePhase { $0.answers.append(AnswerRecord(summary: answer.summary, sent: Stamp(at: answer.at, by: actor))) }
    }

    /// The customer's latest message, the one a letter answers (its In-Reply-To).
    public var lastIncomingMessage: MessageRecord? {
        messages.last { $0.direction == .incoming }
    }

    /// When the case was last closed by lapse and has not been reopened since.
    public var isLapsed: Bool { closure?.reason == .lapsed }

    /// Reopened after its window had ended: a person decided to look again, so time no longer lapses it.
    public func reopened(after moment: Date) -> Bool {
        reopenings.contains { $0.reopened.at > moment }
    }
}
