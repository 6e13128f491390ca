import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// "Go to case": a number typed over whatever screen has the keys; Enter opens that case over it
/// (q comes back). From anywhere the global keymap reaches: its binding is in `DeskKeymaps.global`.
public struct GoToCaseScreen: OpenableScreen, LineDialog {
    public var field = TextField(maxLength: 19)

    public static let binding = KeyBinding<DeskCommand>(
        [.character(":"), .character("#")], .show(ScreenOpener("go to case", open: { state, _ in
            state.push(GoToCaseScreen())
            return []
        })), label: "go to", help: "go to a case by its number, from anywhere", group: "Everywhere")

    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.enter], .open, label: "open", help: "open the case with this number", group: "Go to case", showsInStatusBar: true),
        KeyBinding([.escape], .back, label: "cancel", help: "back, going nowhere", group: "Go to case", showsInStatusBar: true),
        KeyBinding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Go to case"),
    ])

    public func title(in state: DeskState) -> String { "go to case" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
    public func helpSections(in state: DeskState) -> [HelpSection] { Self.keymap.helpSections + EditingKeys.line.helpSections }

    /// Digits (and the editing keys) go to the field; other characters are not case numbers.
    public func unbound(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        if case let .character(character) = key, !character.isNumber { return [] }
        return typed(key, &state)
    }

    func submit(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        state.pop()
        guard let number = CaseNumber(field.text), number > 0 else {
            state.message = MessageLine("“\(field.text)” is not a case number.", kind: .warning)
            return []
        }
        return DeskUpdate.openCase(&state, number, now: now)
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        renderLine(title: "Go to case", label: " Case number: ", cols: 40, into: &grid, size: size)
    }
}
