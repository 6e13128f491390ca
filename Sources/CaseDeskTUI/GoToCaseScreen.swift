import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// "Go to case": a number typed over whatever screen has the keys; Enter opens that case over it
/// (q comes back). From anywhere the global keymap reaches: its binding is in `DeskKeymaps.global`.
public struct GoToCaseScreen: OpenableScreen {
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
        var screen = self
        _ = screen.field.handle(key)
        state[GoToCaseScreen.self] = screen
        return []
    }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        switch command {
        case .open:
            state.pop()
            guard let number = CaseNumber(field.text), number > 0 else {
                state.message = MessageLine("“\(field.text)” is not a case number.", kind: .warning)
                return []
            }
            return DeskUpdate.openCase(&state, number, now: now)
        case .back:
            state.pop()
        default:
            break
        }
        return []
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        let box = DeskLayout.dialog(size, rows: 3, cols: 40)
        grid.fill(box, role: .dialog)
        let inner = Pane(title: "Go to case", trailingTitle: "Enter · Esc", isFocused: true).render(into: &grid, area: box)
        let label = grid.put(" Case number: ", row: inner.row, col: inner.col, role: .label, clip: inner)
        grid.cursor = field.render(into: &grid, area: Rect(row: inner.row, col: inner.col + label, rows: 1, cols: max(1, inner.cols - label - 1)),
                                   isFocused: true)
    }
}
