import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// Moves on several cases at once (mutt's tagged messages, lazygit's range): Space marks cases on
/// the queue or in search results, then A, @, n, c or T makes the same move on each. The store judges
/// every case on its own, as it judges one; what it refused is summed up and stays marked.
extension DeskUpdate {
    /// The moves that may be made on every marked case.
    static let markedActions: [DeskAction] = [.assignToMe, .assignTo, .note, .close, .route]

    static func toggleMark(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        guard let number = selectedNumber(state) else { return [] }
        if state.queue.marked.remove(number) == nil { state.queue.marked.insert(number) }
        // The count shows on the filter line, not as a message: a message would make the next move's
        // key only clear it (type-ahead safety).
        return performOnQueue(&state, .down, now: now)
    }

    /// A move's key while cases are marked on the queue: the move on each of them.
    static func startMarkedAction(_ state: inout DeskState, _ action: DeskAction, now: Date) -> [DeskEffect] {
        let numbers = state.queue.marked.sorted()
        let session = state.session
        guard markedActions.contains(action) else {
            let keys = markedActions.map(\.key.name).joined(separator: ", ")
            state.message = MessageLine("\(action.title) is made one case at a time; on marked cases: \(keys). Esc unmarks them.",
                                        kind: .warning)
            return []
        }
        switch action {
        case .assignToMe:
            return [.recordEach(.assigned(.init(to: session.actor.account)), on: numbers)]
        case .assignTo:
            let accounts: [String?] = [nil] + session.staff.map(\.account)
            state.push(StaffPicker(number: numbers[0], expectedVersion: nil, accounts: accounts,
                                   list: ListState(count: accounts.count, visibleRows: 10, selected: 0), marked: numbers))
            return session.staff.isEmpty ? [.loadStaff] : []
        default:
            guard let number = selectedNumber(state), let caseState = loadedState(state, number) else {
                state.message = MessageLine("The selected case is still loading; press \(action.key.name) again in a moment.", kind: .warning)
                return []
            }
            var screen = FormScreen(purpose: .action(action, number), title: "\(action.title) — \(numbers.count) marked cases",
                                    form: ActionForms.make(action, state: caseState, session: session, now: now),
                                    caseState: caseState, expectedVersion: nil, opened: now)
            screen.marked = numbers
            screen.form.layout(width: DeskRenderer.formLayout(screen, session: session, size: state.size).fields.cols)
            state.push(screen)
            return []
        }
    }

    /// The same move, made on each case: done and refused, in words.
    static func recordedEach(_ state: inout DeskState, _ change: Change, _ outcome: MarkedOutcome) -> [DeskEffect] {
        state.close(FormScreen.self)
        state.queue.marked = Set(outcome.refused.map(\.number))
        state.message = outcome.words(change, by: state.session.actor.account, refusedAre: "Refused, still marked")
        return refreshQueue(&state) + [.countCases] + state.stack.flatMap { $0.reloadEffects(in: state) }
            + (state.preview.map { [.loadPreview($0.number)] } ?? [])
    }
}

/// What the store did with a move made on several cases.
public struct MarkedOutcome: Equatable, Sendable {
    public var done: [CaseNumber] = []
    /// The cases it refused, each with the store's reason.
    public var refused: [(number: CaseNumber, reason: String)] = []

    public init() {}

    public init(_ batch: BatchOutcome) {
        done = batch.done.map(\.number)
        refused = batch.refused.map { ($0.number, $0.error.description) }
    }

    /// The message line: the cases changed, then each refusal with the store's reason.
    func words(_ change: Change, by account: String, prefix: String = "", refusedAre: String) -> MessageLine {
        let cases = switch done.count {
        case 0: "No case"
        case 1: "Case \(done[0])"
        case 2...5: "Cases " + done.map(String.init).joined(separator: ", ")
        default: "\(done.count) cases"
        }
        var text = prefix + (done.isEmpty ? "No case changed" : "\(cases): \(account) \(EventText.pastTense(change))")
        if refused.isEmpty {
            text += "."
        } else {
            text += ". \(refusedAre) — " + refused.map { "\($0.number): \($0.reason)" }.joined(separator: "; ")
        }
        return MessageLine(text, kind: refused.isEmpty ? .info : .warning)
    }

    public static func == (lhs: MarkedOutcome, rhs: MarkedOutcome) -> Bool {
        lhs.done == rhs.done && lhs.refused.map(\.number) == rhs.refused.map(\.number) && lhs.refused.map(\.reason) == rhs.refused.map(\.reason)
    }
}
