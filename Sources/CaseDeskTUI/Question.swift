import CaseDesk
import CaseStore
import Foundation
import Letters
import TerminalKit

/// A yes/no question over everything else.
public struct Question: Screen {
    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.character("y"), .character("Y")], .confirm, label: "yes", help: "yes", group: "Question", showsInStatusBar: true),
        KeyBinding([.character("n"), .character("N"), .escape, .character("q")], .deny, label: "no", help: "no", group: "Question",
                   showsInStatusBar: true),
        KeyBinding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Question"),
    ])

    public enum Outcome: Hashable, Sendable {
        /// Throw away the form's text.
        case discardForm
        /// Quit although a form holds typed text.
        case quit
        /// Write the form's irreversible move.
        case submitForm
        /// Send the letter to the reporter of every report of the incident.
        case sendIncidentLetters(IncidentNumber, LetterKind)
    }

    public var text: String
    public var outcome: Outcome

    public func title(in state: DeskState) -> String { "question" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        switch command {
        case .confirm:
            state.pop()
            switch outcome {
            case .discardForm:
                state.close(FormScreen.self)
                state.message = MessageLine("Discarded.")
            case .quit:
                state.wantsQuit = true
            case .submitForm:
                return DeskUpdate.submitForm(&state, confirmed: true, now: now)
            case let .sendIncidentLetters(incident, kind):
                state.message = MessageLine("Incident \(incident): sending the \(kind.title) letters…")
                return [.sendIncidentLetters(incident, kind)]
            }
        case .deny:
            state.pop()
        default:
            break
        }
        return []
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        grid.cursor = nil
        DeskRenderer.questionDialog(self, into: &grid, size: size)
    }
}
