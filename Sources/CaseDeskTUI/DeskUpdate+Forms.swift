import CaseDesk
import CaseStore
import Foundation
import Letters
import TerminalKit

/// Moves on a case: the explanation when the move is not possible, the form, the question before an
/// irreversible write, and the overlays (help, explanation, the action menu, the staff picker).
extension DeskUpdate {
    static func startAction(_ state: inout DeskState, _ action: DeskAction, on number: CaseNumber, now: Date) -> [DeskEffect] {
        guard let caseState = loadedState(state, number) else {
            state.message = MessageLine("Case \(number) is still loading; press \(action.key.name) again in a moment.", kind: .warning)
            return [.loadPreview(number)]
        }
        let session = state.session
        switch action.availability(on: caseState, procedure: session.procedure, actor: session.actor.account,
                                   roles: session.roles, now: now) {
        case let .needsRole(_, refusal):
            state.message = MessageLine(refusal, kind: .warning)
            return []
        case let .notNow(reason):
            state.message = MessageLine("cannot \(action.storeAction.verb) case \(number): \(reason)", kind: .warning)
            return []
        case .available:
            break
        }
        switch action {
        case .assignToMe:
            return [.record(.assigned(.init(to: session.actor.account)), on: number, expectedVersion: caseState.version)]
        case .assignTo:
            let accounts: [String?] = [nil] + session.staff.map(\.account)
            let current = accounts.firstIndex { $0 == caseState.assignee } ?? 0
            state.push(StaffPicker(number: number, expectedVersion: caseState.version, accounts: accounts,
                                   list: ListState(count: accounts.count, visibleRows: 10, selected: current)))
            return session.staff.isEmpty ? [.loadStaff] : []
        default:
            var screen = FormScreen(purpose: .action(action, number), title: "\(action.title) — case \(number)",
                                    form: ActionForms.make(action, state: caseState, session: session, now: now),
                                    caseState: caseState, expectedVersion: caseState.version, opened: now)
            screen.form.layout(width: DeskRenderer.formLayout(screen, session: session, size: state.size).fields.cols)
            state.push(screen)
            return []
        }
    }

    static func openIntake(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        let session = state.session
        guard !session.roles.isEmpty else {
            state.message = MessageLine(StoreError.notStaff(session.actor.account).description, kind: .warning)
            return []
        }
        do throws(PermissionError) {
            try Permissions.check(actor: session.actor.account, roles: session.roles, action: .intake)
        } catch {
            state.message = MessageLine(error.description, kind: .warning)
            return []
        }
        var screen = FormScreen(purpose: .intake, title: "New case", form: IntakeForm.make(session: session, now: now), opened: now)
        screen.form.layout(width: DeskRenderer.formLayout(screen, session: session, size: state.size).fields.cols)
        state.push(screen)
        return []
    }

    /// What the form's keymap leaves over once the form took its keys.
    static func performOnForm(_ state: inout DeskState, _ command: DeskCommand, now: Date) -> [DeskEffect] {
        guard var screen = state.form else { return [] }
        switch command {
        case .submit:
            return submitForm(&state, confirmed: false, now: now)
        case .nextField:
            if screen.form.focusIndex == screen.form.fields.count - 1 { return submitForm(&state, confirmed: false, now: now) }
            _ = screen.form.handle(.tab)
            state.form = screen
        case .back:
            if screen.form.isDirty {
                state.push(Question(text: "Discard what you typed in “\(screen.title)”?", outcome: .discardForm))
            } else {
                state.pop()
            }
        default:
            break
        }
        return []
    }

    /// Checks the form, asks before an irreversible move, and writes — or, when the move has a
    /// letter, holds it and offers the letter: sending it then records the move with it.
    static func submitForm(_ state: inout DeskState, confirmed: Bool, now: Date) -> [DeskEffect] {
        guard var screen = state.form else { return [] }
        defer { state.form = screen }
        guard screen.form.validate() else {
            screen.problem = MessageLine("Fix the marked field first.", kind: .warning)
            return []
        }
        let session = state.session
        do throws(FieldProblem) {
            switch screen.purpose {
            case .intake:
                let intake = try IntakeForm.intake(screen.form, calendar: session.calendar, opened: screen.opened,
                                                   types: session.procedure.policy.complaintTypes, abuse: session.procedure.policy.abuse)
                if let problem = intake.problems.first {
                    screen.problem = MessageLine(problem, kind: .warning)
                    return []
                }
                screen.problem = nil
                return [.openCase(intake, assignTo: session.assignsNewCasesToTaker ? session.actor.account : nil)]
            case let .action(action, number):
                guard let caseState = screen.caseState else { return [] }
                let change = try ActionForms.change(action, form: screen.form, state: caseState, session: session, opened: screen.opened)
                screen.problem = nil
                if !screen.marked.isEmpty || screen.incident != nil {
                    // Every marked case (every report of the incident) is judged by the store on its own;
                    // what it refuses is summed up.
                    if action.isIrreversible, !confirmed {
                        let which = screen.incident.map { "every report of incident \($0)" } ?? "\(screen.marked.count) marked cases"
                        state.push(Question(text: "\(action.title) on \(which)? Each is judged on its own.", outcome: .submitForm))
                        return []
                    }
                    if let incident = screen.incident { return [IncidentScreen.move(change, incident: incident, actor: session.actor)] }
                    return [.recordEach(change, on: screen.marked)]
                }
                // The procedure judges before anyone is asked to confirm; the store judges again as it writes.
                do throws(TransitionError) {
                    try session.procedure.check(change, on: caseState, now: now)
                } catch {
                    screen.problem = MessageLine(error.description, kind: .error)
                    return []
                }
                if action.isIrreversible, !confirmed {
                    state.push(Question(text: confirmation(action, change: change, number: number), outcome: .submitForm))
                    return []
                }
                if let kind = LetterKind.offered(with: action.storeAction, on: caseState) {
                    return offerLetter(&state, kind, change: change, on: caseState, now: now)
                }
                return [.record(change, on: number, expectedVersion: screen.expectedVersion)]
            }
        } catch {
            screen.form.setError(error.message, for: error.field)
            screen.form.focus(error.field)
            screen.problem = MessageLine("Fix the marked field first.", kind: .warning)
            return []
        }
    }

    static func confirmation(_ action: DeskAction, change: Change, number: CaseNumber) -> String {
        let what = switch change {
        case .formalComplaintFiled: "File the formal complaint on case \(number)? It moves to the head of customer support."
        case let .escalationReceived(filing):
            "Record the escalation on case \(number)\(filing.late ? " (LATE: after the window closed)" : "")? It moves to the escalation stage."
        case let .lateEscalationDecided(decision): "\(decision.accepted ? "Accept" : "Refuse") the late escalation on case \(number)?"
        case .finalResponseSent: "Record the final response on case \(number)? The case closes."
        case let .closed(closure): "Close case \(number) (\(closure.reason.title))?"
        case .reopened: "Reopen case \(number)?"
        case let .routed(routing): "Route case \(number) to \(routing.team)? The feedback closes as routed."
        default: "\(action.title) on case \(number)?"
        }
        return what + " This is written to the trail for good."
    }

    // MARK: Overlays

    static func openActionMenu(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        guard let number = selectedNumber(state) else {
            state.message = MessageLine("No case selected.", kind: .warning)
            return []
        }
        guard let caseState = loadedState(state, number) else {
            state.message = MessageLine("Case \(number) is still loading; press . again in a moment.", kind: .warning)
            return [.loadPreview(number)]
        }
        let session = state.session
        // Only the moves someone may make on a case of this kind; the rest are greyed with the reason.
        let entries = DeskAction.allCases.filter { session.procedure.applies($0.storeAction, to: caseState.kind) }.map { action in
            (action, action.availability(on: caseState, procedure: session.procedure, actor: session.actor.account,
                                         roles: session.roles, now: now))
        }
        let first = entries.firstIndex { $0.1.isAvailable } ?? 0
        state.push(ActionMenu(number: number, entries: entries,
                              list: ListState(count: entries.count, visibleRows: entries.count, selected: first)))
        return []
    }
}
