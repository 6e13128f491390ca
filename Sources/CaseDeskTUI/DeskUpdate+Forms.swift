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
            state.overlay = .staffPicker(StaffPicker(number: number, expectedVersion: caseState.version, accounts: accounts,
                                                     list: ListState(count: accounts.count, visibleRows: 10, selected: current)))
            return session.staff.isEmpty ? [.loadStaff] : []
        default:
            var screen = FormScreen(purpose: .action(action, number), title: "\(action.title) — case \(number)",
                                    form: ActionForms.make(action, state: caseState, session: session, now: now),
                                    caseState: caseState, expectedVersion: caseState.version, opened: now)
            screen.form.layout(width: DeskRenderer.formLayout(screen, session: session, size: state.size).fields.cols)
            state.form = screen
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
        state.form = screen
        return []
    }

    static func handleFormKey(_ state: inout DeskState, _ key: KeyEvent, now: Date) -> [DeskEffect] {
        guard var screen = state.form else { return [] }
        if screen.form.handle(key) {
            state.form = screen
            return []
        }
        switch DeskKeymaps.form.command(for: key) {
        case .submit:
            return submitForm(&state, confirmed: false, now: now)
        case .nextField:
            if screen.form.focusIndex == screen.form.fields.count - 1 { return submitForm(&state, confirmed: false, now: now) }
            _ = screen.form.handle(.tab)
            state.form = screen
        case .back:
            if screen.form.isDirty {
                state.question = Question(text: "Discard what you typed in “\(screen.title)”?", outcome: .discardForm)
            } else {
                state.form = nil
            }
        case .help:
            state.overlay = .help(HelpOverlay(title: "Keys: \(contextName(state))", sections: DeskKeymaps.form.helpSections
                + [HelpSection(title: "Typing", entries: [
                    HelpSection.Entry(keys: "←/→ Home/End", help: "move in the text (C-a/C-e too)"),
                    HelpSection.Entry(keys: "Bksp/Del", help: "delete; C-u to the start, C-k to the end, C-w a word"),
                    HelpSection.Entry(keys: "↑/↓ PgUp/PgDn", help: "in a text box, move by screen rows"),
                    HelpSection.Entry(keys: "Space ←/→", help: "tick a box, change a choice"),
                ])]))
        case .redraw:
            return [.redraw]
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
                let intake = try IntakeForm.intake(screen.form, calendar: session.calendar, opened: screen.opened)
                if let problem = intake.problems.first {
                    screen.problem = MessageLine(problem, kind: .warning)
                    return []
                }
                screen.problem = nil
                return [.openCase(intake)]
            case let .action(action, number):
                guard let caseState = screen.caseState else { return [] }
                let change = try ActionForms.change(action, form: screen.form, state: caseState, session: session, opened: screen.opened)
                if action.isIrreversible, !confirmed {
                    state.question = Question(text: confirmation(action, change: change, number: number), outcome: .submitForm)
                    return []
                }
                screen.problem = nil
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
        default: "\(action.title) on case \(number)?"
        }
        return what + " This is written to the trail for good."
    }

    static func handleQuestion(_ state: inout DeskState, _ key: KeyEvent, now: Date) -> [DeskEffect] {
        guard let question = state.question else { return [] }
        switch DeskKeymaps.confirm.command(for: key) {
        case .confirm:
            state.question = nil
            switch question.outcome {
            case .discardForm:
                state.form = nil
                state.message = MessageLine("Discarded.")
            case .quit:
                state.wantsQuit = true
            case .submitForm:
                return submitForm(&state, confirmed: true, now: now)
            }
        case .deny:
            state.question = nil
        default:
            break
        }
        return []
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
        let entries = DeskAction.allCases.map { action in
            (action, action.availability(on: caseState, procedure: session.procedure, actor: session.actor.account,
                                         roles: session.roles, now: now))
        }
        let first = entries.firstIndex { $0.1.isAvailable } ?? 0
        state.overlay = .actionMenu(ActionMenu(number: number, entries: entries,
                                               list: ListState(count: entries.count, visibleRows: entries.count, selected: first)))
        return []
    }

    static func handleOverlay(_ state: inout DeskState, _ key: KeyEvent, now: Date) -> [DeskEffect] {
        guard let overlay = state.overlay else { return [] }
        let command = keymap(for: state).command(for: key)
        if case let .actionMenu(menu) = overlay, let entry = menu.entries.first(where: { $0.action.key == key }) {
            state.overlay = nil
            return startAction(&state, entry.action, on: menu.number, now: now)
        }
        guard let command else { return [] }
        switch overlay {
        case var .help(help):
            let page = max(1, DeskLayout.frame(state.size).body.rows - 2)
            let total = HelpView(sections: help.sections).lineCount(width: max(1, DeskLayout.frame(state.size).body.cols - 2))
            if command == .back { state.overlay = nil }
            guard let scroll = scrolled(help.scroll, by: command, page: page) else { return [] }
            help.scroll = max(0, min(scroll, total - page))
            state.overlay = .help(help)
        case var .explanation(explanation):
            let count = state.caseView.map { clockCount(state, $0) } ?? 0
            let body = DeskLayout.frame(state.size).body
            if let scroll = scrolled(explanation.scroll, by: command, page: max(1, body.rows - 3)) {
                let lines = DeskRenderer.explanation(explanation, state: state, now: now, width: body.cols - 2)?.lines.count ?? 0
                explanation.scroll = max(0, min(scroll, lines - (body.rows - 2)))
                state.overlay = .explanation(explanation)
                return []
            }
            switch command {
            case .previousClock, .nextClock:
                guard count > 0 else { return [] }
                explanation.clock = cycled(explanation.clock, by: command, count: count)
                explanation.scroll = 0
                state.caseView?.selectedClock = explanation.clock
            case .back:
                state.overlay = nil
                return []
            default: return []
            }
            state.overlay = .explanation(explanation)
        case var .actionMenu(menu):
            if move(&menu.list, by: command) {
                state.overlay = .actionMenu(menu)
                return []
            }
            switch command {
            case .open:
                state.overlay = nil
                return startAction(&state, menu.entries[menu.list.selected].action, on: menu.number, now: now)
            case .back:
                state.overlay = nil
                return []
            default: return []
            }
        case var .staffPicker(picker):
            if move(&picker.list, by: command) {
                state.overlay = .staffPicker(picker)
                return []
            }
            switch command {
            case .open:
                state.overlay = nil
                let account = picker.accounts[picker.list.selected]
                return [.record(.assigned(.init(to: account)), on: picker.number, expectedVersion: picker.expectedVersion)]
            case .back:
                state.overlay = nil
                return []
            default: return []
            }
        }
        return []
    }
}
