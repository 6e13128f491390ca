import CaseDesk
import CaseStore
import Foundation
import Letters
import MailDesk
import TerminalKit

/// An incident (i on a report, from the queue or the case): its reports with their clocks, and the
/// moves made on all of them at once. Each move is written to every report as its own event, in
/// one transaction, each judged by the store (`CaseStore.recordOnIncident`); what it refused is
/// listed on the message line. Enter opens a report; u takes the selected one out of the incident.
///
/// The moves come from one list (`moves`): the abuse track's evidence judged, mitigation and outcome
/// (close with an abuse outcome) are there beside assigning and notes, each "this store command on
/// every report of the incident". l sends the outcome letter to every reporter, as `casedesk letter N
/// abuse-outcome --incident --send` does (`LetterPost.sendOnIncident`).
public struct IncidentScreen: Screen {
    public static let binding = KeyBinding<DeskCommand>(
        [.character("i")], .show(ScreenOpener("incident", open: { state, _ in open(&state) })), label: "incident",
        help: "the incident of the selected report: its reports with their clocks, and moves made on every one of them",
        group: "Incidents")

    /// The moves made on every report of an incident, each judged on its own.
    public static let moves: [DeskAction] = [.assignToMe, .assignTo, .note, .judgeEvidence, .mitigate, .close]

    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.enter], .open, label: "open", help: "open the selected report", group: "Incident", showsInStatusBar: true),
        KeyBinding([.character("u")], .show(ScreenOpener("unlink", open: { state, _ in unlinkSelected(&state) })), label: "unlink",
                   help: "take the selected report out of the incident (its own event; link it again with casedesk link)",
                   group: "Incident", showsInStatusBar: true),
        KeyBinding([.character("l")], .show(ScreenOpener("incident letters", open: { state, _ in askToSendLetters(.abuseOutcome, &state) })),
                   label: "outcome letters",
                   help: "the abuse outcome letter to the reporter of every report, each recorded on its report, all in one go "
                       + "(asks first, saying how many; refusals are listed)",
                   group: "Moves on the incident"),
        KeyBinding([.character("q"), .escape], .back, label: "back", help: "back to where it was opened from", group: "Incident",
                   showsInStatusBar: true),
    ] + DeskKeymaps.moving + moves.map { action in
        KeyBinding([action.key], .show(ScreenOpener("incident \(action.rawValue)", open: { state, now in startMove(action, &state, now: now) })),
                   label: action.label, help: "on every report of the incident: " + action.help, group: "Moves on the incident",
                   showsInStatusBar: action == .note || action == .close)
    }).layered(over: DeskKeymaps.global)

    public var incident: IncidentNumber
    /// Its reports in deadline order, closed ones last.
    public var rows: [QueueRow] = []
    public var isLoaded = false
    public var list: ListState
    /// One of its reports as it stands (an open one if any): the forms of the moves start from it.
    public var sample: CaseState?

    public init(incident: IncidentNumber, size: Size) {
        self.incident = incident
        list = ListState(count: 0, visibleRows: Self.listRows(size))
    }

    static func listRows(_ size: Size) -> Int { max(1, DeskLayout.frame(size).body.rows - 3) }

    public func title(in state: DeskState) -> String { "incident \(incident)" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
    public var coversBody: Bool { true }
    public var isDialog: Bool { false }
    public var showsCases: Bool { true }
    public func selectedCase(in state: DeskState) -> CaseNumber? { rows.indices.contains(list.selected) ? rows[list.selected].number : nil }
    public func position(in state: DeskState) -> String? { rows.isEmpty ? "" : "\(list.selected + 1)/\(rows.count)" }
    public func reloadEffects(in state: DeskState) -> [DeskEffect] { [Self.load(incident)] }

    public func relaidOut(in state: DeskState) -> IncidentScreen {
        var screen = self
        screen.list.setVisibleRows(Self.listRows(state.size))
        return screen
    }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        var screen = self
        if DeskUpdate.move(&screen.list, by: command) {
            state[Self.self] = screen
            return []
        }
        switch command {
        case .open:
            guard let number = selectedCase(in: state) else { return [] }
            return DeskUpdate.openCase(&state, number, now: now)
        case .back:
            state.pop()
        default:
            break
        }
        return []
    }

    // MARK: Opening and reading

    /// Opens the incident of the report the keys act on (from the case screen, the queue's row or
    /// its preview).
    static func open(_ state: inout DeskState) -> [DeskEffect] {
        guard let number = DeskUpdate.selectedNumber(state) else {
            state.message = MessageLine("No case selected.", kind: .warning)
            return []
        }
        let fromRow = state.queue.window.selectedRow.flatMap { $0.number == number ? $0.incident : nil }
        guard let incident = DeskUpdate.loadedState(state, number)?.incident ?? fromRow else {
            state.message = MessageLine("Case \(number) is in no incident; reports about the same domain are linked on import, "
                                        + "or by hand: casedesk link \(number) N…", kind: .warning)
            return []
        }
        return open(incident, &state)
    }

    static func open(_ incident: IncidentNumber, _ state: inout DeskState) -> [DeskEffect] {
        state.push(IncidentScreen(incident: incident, size: state.size))
        return [load(incident)]
    }

    /// Its reports (open and closed) and one of them as it stands.
    static func load(_ incident: IncidentNumber) -> DeskEffect {
        .call(StoreCall("incident \(incident)") { store, now throws(StoreError) in
            var query = QueueQuery(scope: .all)
            query.incident = incident
            let rows = try store.queue(query, page: .first(1000), now: now)
            let sample = try (rows.first(where: \.isOpen) ?? rows.first).map { row throws(StoreError) in try store.caseState(row.number) }
            return StoreAnswer { state, _ in
                guard var screen = state[IncidentScreen.self], screen.incident == incident else { return [] }
                screen.rows = rows
                screen.sample = sample
                screen.isLoaded = true
                screen.list.setCount(rows.count)
                state[IncidentScreen.self] = screen
                return []
            }
        })
    }

    // MARK: Moves

    /// A move's key: at once (take), or its form or picker, whose answer is made on every report.
    static func startMove(_ action: DeskAction, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        guard let screen = state[IncidentScreen.self], let sample = screen.sample else {
            state.message = MessageLine("The incident is still loading; press \(action.key.name) again in a moment.", kind: .warning)
            return []
        }
        let session = state.session
        switch action {
        case .assignToMe:
            return [move(.assigned(.init(to: session.actor.account)), incident: screen.incident, actor: session.actor)]
        case .assignTo:
            let accounts: [String?] = [nil] + session.staff.map(\.account)
            var picker = StaffPicker(number: sample.number, expectedVersion: nil, accounts: accounts,
                                     list: ListState(count: accounts.count, visibleRows: 10, selected: 0))
            picker.incident = screen.incident
            state.push(picker)
            return session.staff.isEmpty ? [.loadStaff] : []
        default:
            var form = FormScreen(purpose: .action(action, sample.number),
                                  title: "\(action.title) — incident \(screen.incident), \(screen.rows.count) reports",
                                  form: ActionForms.make(action, state: sample, session: session, now: now),
                                  caseState: sample, expectedVersion: nil, opened: now)
            form.incident = screen.incident
            form.form.layout(width: DeskRenderer.formLayout(form, session: session, size: state.size).fields.cols)
            state.push(form)
            return []
        }
    }

    /// The change on every report of the incident: one transaction, each judged; the answer says
    /// what was done and lists each refusal.
    static func move(_ change: Change, incident: IncidentNumber, actor: Actor) -> DeskEffect {
        .call(StoreCall("incident \(incident): \(change.type)") { store, now throws(StoreError) in
            let outcome = MarkedOutcome(try store.recordOnIncident(change, incident: incident, by: actor, at: now))
            return StoreAnswer { state, _ in
                state.close(FormScreen.self)
                state.message = outcome.words(change, by: actor.account, prefix: "Incident \(incident): ", refusedAre: "Refused")
                return DeskUpdate.refreshQueue(&state) + [.countCases] + state.stack.flatMap { $0.reloadEffects(in: state) }
            }
        })
    }

    /// l: asks before the letter goes to every report's reporter, saying how many letters.
    static func askToSendLetters(_ kind: LetterKind, _ state: inout DeskState) -> [DeskEffect] {
        guard let screen = state[IncidentScreen.self], screen.isLoaded, !screen.rows.isEmpty else {
            state.message = MessageLine("The incident is still loading; press l again in a moment.", kind: .warning)
            return []
        }
        let count = screen.rows.count
        state.push(Question(text: "\(count) letter\(count == 1 ? "" : "s"): the \(kind.title) letter to the reporter of each report of "
                                + "incident \(screen.incident), each recorded on its report. Send \(count == 1 ? "it" : "them")?",
                            outcome: .sendIncidentLetters(screen.incident, kind)))
        return []
    }

    /// The answer to l: the letters sent, then each report refused with the reason.
    static func lettersSent(_ state: inout DeskState, incident: IncidentNumber, kind: LetterKind,
                            _ result: Result<IncidentLetters, LetterDesk.Failure>) -> [DeskEffect] {
        switch result {
        case let .failure(failure):
            state.message = MessageLine("Incident \(incident): no \(kind.title) letter was sent: \(failure.description)", kind: .error)
            return []
        case let .success(letters):
            let numbers = letters.sent.map { String($0.number) }
            let sent = switch letters.sent.count {
            case 0: "no letter was sent"
            case 1: "1 letter sent (case \(numbers[0]))"
            case 2...5: "\(numbers.count) letters sent (cases \(numbers.joined(separator: ", ")))"
            default: "\(numbers.count) letters sent"
            }
            var text = "Incident \(incident): \(sent)."
            if !letters.waiting.isEmpty {
                text += " Recorded, not delivered (do not send again) — " + letters.waiting.map(\.description).joined(separator: "; ")
            }
            if !letters.refused.isEmpty {
                text += " Refused — " + letters.refused.map(\.description).joined(separator: "; ")
            }
            state.message = MessageLine(text, kind: letters.refused.isEmpty && letters.waiting.isEmpty ? .info : .warning)
            return DeskUpdate.refreshQueue(&state) + [.countCases] + state.stack.flatMap { $0.reloadEffects(in: state) }
        }
    }

    /// u: the selected report leaves the incident (an `unlinked` event, judged like any other).
    static func unlinkSelected(_ state: inout DeskState) -> [DeskEffect] {
        guard let screen = state[IncidentScreen.self], let number = screen.selectedCase(in: state) else { return [] }
        return [.record(.unlinked(.init(incident: screen.incident)), on: number, expectedVersion: nil)]
    }

    // MARK: Drawing

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        let area = DeskLayout.frame(size).body
        let open = rows.filter(\.isOpen).count
        let inner = Pane(title: "Incident \(incident) — \(rows.count) report\(rows.count == 1 ? "" : "s"), \(open) open",
                         trailingTitle: "Enter open · n note · c close · l letters · u unlink · q back", isFocused: true).render(into: &grid, area: area)
        var table = DeskRenderer.queueTable(width: inner.cols)
        table.emptyText = isLoaded ? "No report is in this incident any more." : "Loading…"
        var list = self.list
        list.setCount(rows.count)
        list.setVisibleRows(max(1, inner.rows - 1))
        let calendar = state.session.calendar
        table.render(into: &grid, area: inner, state: list) { range in
            range.map { index in
                var row = rows[index]
                row.incident = nil  // every row is of this incident: the title says which
                return DeskRenderer.queueRow(row, width: inner.cols, calendar: calendar, now: now)
            }
        }
    }
}
