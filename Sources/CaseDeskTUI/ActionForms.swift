import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// A field the form must point at: its id and what is wrong.
struct FieldProblem: Error, Equatable {
    var field: String
    var message: String
}

/// The form of each move on a case, and the change it writes. Fields say in the desk's words what the
/// procedure asks for; checks that need the case (a promised date after the due date, on a business
/// day) run while typing, and the store judges everything again when it writes.
enum ActionForms {
    /// Short labels, so the label column stays narrow at 60 columns.
    static func itemLabel(_ item: ChecklistItem) -> String {
        switch item {
        case .name: "Name"
        case .contact: "Contact details"
        case .account: "Account info"
        case .domains: "Domain name(s)"
        case .description: "Description"
        case .measures: "Measures wanted"
        case .previousComplaint: "Previous complaint"
        case .marker: "Marker at the top"
        }
    }

    static func itemField(_ item: ChecklistItem) -> String { "item." + item.rawValue }

    /// Written channels first: an escalation must be in writing.
    static let escalationChannels: [Channel] = [.email, .fax, .letter, .web, .phone]
    static let decisions = ["accept", "refuse"]

    static func make(_ action: DeskAction, state: CaseState, session: DeskSession, now: Date) -> Form {
        let calendar = session.calendar
        let nowText = DeskTime.inputText(now, calendar: calendar)
        let moment = DeskTime.momentProblem(calendar: calendar, now: now)
        func time(_ id: String, _ label: String) -> FormField {
            .text(id, label: label, value: nowText, isRequired: true, validator: moment)
        }
        switch action {
        case .acknowledge:
            return Form([time("sent", "Sent at")])
        case .extend:
            let suggested = DeskAction.suggestedExtension(state, procedure: session.procedure, now: now)
            return Form([
                .date("promised", label: "Answer by", value: suggested?.description ?? "", isRequired: true,
                      validator: extensionDateProblem(state, procedure: session.procedure, now: now)),
                time("sent", "Notice sent at"),
            ])
        case .respond, .finalResponse:
            return Form([
                .multiline("summary", label: "What it said", rows: 5, isRequired: true),
                time("sent", "Sent at"),
            ])
        case .formal:
            return Form([
                time("received", "Received at"),
                .choice("channel", label: "Channel", options: Channel.allCases.map(\.rawValue)),
                .multiline("text", label: "What it says", rows: 4),
            ])
        case .escalate:
            return Form([
                time("received", "Received at"),
                .choice("channel", label: "Channel", options: escalationChannels.map(\.rawValue)),
                .text("heading", label: "Subject/top line"),
            ] + state.applicableChecklistItems.map { .checkbox(itemField($0), label: itemLabel($0)) } + [
                .multiline("text", label: "What it says", rows: 3),
            ])
        case .missingItems:
            return Form(state.missingEscalationItems.map { .checkbox(itemField($0), label: itemLabel($0)) }
                + [time("received", "Arrived at")])
        case .decideLate:
            return Form([
                .choice("decision", label: "Decision", options: decisions),
                .text("reason", label: "Reason", isRequired: true),
            ])
        case .close:
            return Form([
                .choice("reason", label: state.kind == .abuse ? "Outcome" : "Reason",
                        options: CloseReason.offered(for: state.kind).map(\.title)),
                .text("duplicate", label: "Duplicate of case", validator: { text in
                    CaseNumber(text.trimmingCharacters(in: .whitespaces)) == nil ? "a case number, e.g. 1234" : nil
                }),
                .text("note", label: state.kind == .abuse ? "Note (no action: why)" : "Note"),
            ])
        case .reopen:
            return Form([.text("reason", label: "Reason", isRequired: true)])
        case .note, .handoverNote:
            return Form([.multiline("text", label: action == .note ? "Note" : "For the next shift", rows: 6, isRequired: true)])
        case .assignToMe, .assignTo:
            return Form([])
        case .route:
            return Form([.choice("team", label: "Team", options: session.procedure.policy.feedbackTeams)])
        case .categorize:
            let types = session.procedure.policy.complaintTypes
            return Form([.choice("type", label: "Type", options: types,
                                 selected: state.complaintType.flatMap { types.firstIndex(of: $0) } ?? 0)])
        case .confirmReceipt:
            return Form([time("at", "Confirmed at")])
        case .classifyReporter:
            let classes = ReporterClass.allCases
            return Form([
                .choice("class", label: "Reporter class", options: classes.map(\.title),
                        selected: state.reporterClass.flatMap { classes.firstIndex(of: $0) } ?? 0),
                .text("reason", label: "Reason", isRequired: true),
            ])
        case .judgeEvidence:
            return Form([
                .choice("decision", label: "Evidence", options: evidenceDecisions),
                .text("reason", label: "Reason", isRequired: true),
            ] + session.procedure.policy.abuse.evidenceChecklist.indices.map { index in
                .checkbox(checkField(index), label: session.procedure.policy.abuse.evidenceChecklist[index])
            } + [time("at", "Judged at")])
        case .mitigate:
            return Form([
                .choice("action", label: "Action", options: MitigationAction.allCases.map(\.title)),
                .text("evidence", label: "Evidence", isRequired: true),
                time("at", "Taken at"),
                .text("deadline", label: "Deadline (notice)", validator: { text in
                    // After the notice, so in the future: only the writing is checked here.
                    text.isBlank || calendar.parseMoment(text) != nil ? nil : "write a time as 2027-03-25 14:05 (desk time), or a date"
                }),
            ])
        case .undoMitigation:
            return Form([
                .choice("action", label: "Undo", options: DeskAction.undoable(state).map(\.undoneTitle)),
                .text("reason", label: "Reason", isRequired: true),
                time("at", "Undone at"),
            ])
        case .associatedNames:
            return Form([
                .text("reviewed", label: "Names reviewed", isRequired: true, validator: { text in
                    Int(text.trimmingCharacters(in: .whitespaces)).map { $0 < 0 ? "a count, 0 or more" : nil } ?? "a count, e.g. 5"
                }),
                .text("found", label: "Names found", validator: { text in
                    do throws(FieldProblem) { _ = try IntakeForm.domains(text) } catch { return error.message }
                    return nil
                }),
                .text("note", label: "Note"),
            ])
        }
    }

    static let evidenceDecisions = ["actionable", "not actionable"]

    /// The field of the policy's evidence checklist item at `index`.
    static func checkField(_ index: Int) -> String { "check.\(index)" }

    /// The promised date: a real date, after the current due date, on a business day.
    static func extensionDateProblem(_ state: CaseState, procedure: Procedure, now: Date) -> FormField.Validator {
        let due = DeskAction.currentAnswerDue(state, procedure: procedure, now: now)
        // The calendar the answer clock counts under, as the store will judge the date.
        let phase = state.stage == .escalation ? state.escalationClockPhase : state.head
        let clock: Clock.Kind = state.stage == .escalation ? .finalResponse : .respond
        let calendar = phase.map { procedure.answerRules($0, clock: clock, in: state).calendar } ?? procedure.calendar
        return { text in
            if let problem = FormField.calendarDateProblem(text) { return problem }
            guard let date = LocalDate(text) else { return "write the date as YYYY-MM-DD" }
            if let due, date <= due { return "must be after the current due date, \(due.readable)" }
            let status = calendar.status(of: date)
            if !status.isBusiness { return "\(date.readable) is not a business day (\(status.reason))" }
            return nil
        }
    }

    /// The change the filled-in form writes, or the field to fix.
    /// `opened` is when the form opened: a time field left as it was filled in means that moment, to
    /// the second (the minutes shown could fall before a message that arrived in the same minute).
    static func change(_ action: DeskAction, form: Form, state: CaseState, session: DeskSession, opened: Date) throws(FieldProblem) -> Change {
        let calendar = session.calendar
        func text(_ id: String) -> String { (form.text(id) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func moment(_ id: String) throws(FieldProblem) -> Date {
            try DeskTime.moment(text(id), field: id, opened: opened, calendar: calendar)
        }
        func items(_ candidates: [ChecklistItem]) -> Set<ChecklistItem> {
            Set(candidates.filter { form.isChecked(itemField($0)) == true })
        }
        switch action {
        case .acknowledge:
            return .acknowledged(.init(at: try moment("sent")))
        case .extend:
            guard let promised = LocalDate(text("promised")) else {
                throw FieldProblem(field: "promised", message: "write the date as YYYY-MM-DD")
            }
            return .extensionNotified(.init(promised: promised, at: try moment("sent")))
        case .respond:
            return .responded(.init(summary: text("summary"), at: try moment("sent")))
        case .finalResponse:
            return .finalResponseSent(.init(summary: text("summary"), at: try moment("sent")))
        case .formal:
            let channel = Channel.allCases[form.choice("channel") ?? 0]
            return .formalComplaintFiled(.init(received: try moment("received"), channel: channel, text: optional(text("text"))))
        case .escalate:
            let filing = escalationFiling(form: form, state: state, procedure: session.procedure, received: try moment("received"))
            return .escalationReceived(filing)
        case .missingItems:
            let chosen = items(state.missingEscalationItems)
            if chosen.isEmpty, let first = state.missingEscalationItems.first {
                throw FieldProblem(field: itemField(first), message: "tick the items that arrived (Space)")
            }
            return .missingItemsReceived(.init(items: chosen, at: try moment("received")))
        case .decideLate:
            return .lateEscalationDecided(.init(accepted: form.choice("decision") == 0, reason: text("reason")))
        case .close:
            let reason = CloseReason.offered(for: state.kind)[form.choice("reason") ?? 0]
            var duplicateOf: CaseNumber?
            if reason == .duplicate {
                guard let number = CaseNumber(text("duplicate")) else {
                    throw FieldProblem(field: "duplicate", message: "a duplicate names the case it duplicates")
                }
                duplicateOf = number
            }
            return .closed(.init(reason: reason, duplicateOf: duplicateOf, note: optional(text("note"))))
        case .reopen:
            return .reopened(.init(reason: text("reason")))
        case .note:
            return .noted(.init(text: text("text")))
        case .handoverNote:
            return .noted(.init(text: text("text"), handover: true))
        case .assignToMe:
            return .assigned(.init(to: session.actor.account))
        case .assignTo:
            return .assigned(.init(to: nil))
        case .route:
            let teams = session.procedure.policy.feedbackTeams
            guard let index = form.choice("team"), teams.indices.contains(index) else {
                throw FieldProblem(field: "team", message: "the policy names no team ([feedback] teams)")
            }
            return .routed(.init(team: teams[index]))
        case .categorize:
            let types = session.procedure.policy.complaintTypes
            guard let index = form.choice("type"), types.indices.contains(index) else {
                throw FieldProblem(field: "type", message: "the policy names no complaint type ([complaints] types)")
            }
            return .categorized(.init(type: types[index]))
        case .confirmReceipt:
            return .receiptConfirmed(.init(at: try moment("at")))
        case .classifyReporter:
            return .reporterClassified(.init(reporterClass: ReporterClass.allCases[form.choice("class") ?? 0], reason: text("reason")))
        case .judgeEvidence:
            let checklist = session.procedure.policy.abuse.evidenceChecklist
            let checked = checklist.indices.filter { form.isChecked(checkField($0)) == true }.map { checklist[$0] }
            return .evidenceJudged(.init(actionable: form.choice("decision") == 0, reason: text("reason"), checked: checked,
                                         at: try moment("at")))
        case .mitigate:
            let action = MitigationAction.allCases[form.choice("action") ?? 0]
            let deadline = text("deadline").isEmpty ? nil : try moment("deadline")
            return .mitigated(.init(action: action.rawValue, evidence: text("evidence"), at: try moment("at"), deadline: deadline))
        case .undoMitigation:
            let undoable = DeskAction.undoable(state)
            guard let index = form.choice("action"), undoable.indices.contains(index) else {
                throw FieldProblem(field: "action", message: "no mitigation that can be undone is in place")
            }
            return .mitigationUndone(.init(action: undoable[index].rawValue, reason: text("reason"), at: try moment("at")))
        case .associatedNames:
            guard let reviewed = Int(text("reviewed")) else { throw FieldProblem(field: "reviewed", message: "a count, e.g. 5") }
            let found = try IntakeForm.domains(text("found"), field: "found").map(\.unicode)
            return .associatedNamesReviewed(.init(reviewed: reviewed, found: found, note: optional(text("note"))))
        }
    }

    /// The escalation as it would be recorded from the form as it stands (the marker looked for in the
    /// subject, lateness judged on the calendar).
    static func escalationFiling(form: Form, state: CaseState, procedure: Procedure, received: Date) -> Change.EscalationFiling {
        let channel = escalationChannels[form.choice("channel") ?? 0]
        let heading = optional((form.text("heading") ?? "").trimmingCharacters(in: .whitespaces))
        let items = Set(state.applicableChecklistItems.filter { form.isChecked(itemField($0)) == true })
        return procedure.escalationFiling(for: state, received: received, channel: channel, heading: heading, items: items,
                                          text: optional((form.text("text") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The live checklist beside the escalation form: what is missing, the written-channel rule, the
    /// marker, lateness. When the time does not parse yet, the form's opening time stands in.
    static func escalationPreview(_ screen: FormScreen, session: DeskSession) -> EscalationChecklist? {
        guard screen.action == .escalate, let state = screen.caseState else { return nil }
        let received = (try? DeskTime.moment(screen.form.text("received") ?? "", field: "received", opened: screen.opened,
                                             calendar: session.calendar)) ?? screen.opened
        let filing = escalationFiling(form: screen.form, state: state, procedure: session.procedure, received: received)
        return session.procedure.previewChecklist(state, received: filing.received, channel: filing.channel,
                                                  heading: filing.heading, items: Set(filing.items))
    }

    /// The escalation's marker box follows its subject: the procedure counts a subject carrying the
    /// marker as the marker present, so the box says so too.
    static func tickMarker(_ screen: inout FormScreen, session: DeskSession) {
        guard screen.action == .escalate else { return }
        let field = itemField(.marker)
        let found = ComplaintMarker.found(in: screen.form.text("heading") ?? "", markers: session.procedure.policy.complaintMarkers)
        if found, screen.form.isChecked(field) == false {
            screen.form.setChecked(field, true)
            screen.markerFromSubject = true
        } else if !found, screen.markerFromSubject {
            screen.form.setChecked(field, false)
            screen.markerFromSubject = false
        }
    }

    static func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
}
