import Foundation
import TerminalKit

/// A one-line dialog over the screens: a label and a field that takes what the keymap leaves over
/// (go to a case, save a letter to a file). Enter and Esc are the dialog's own bindings.
protocol LineDialog: Screen {
    var field: TextField { get set }
    /// What Enter does with the field's text.
    func submit(_ state: inout DeskState, now: Date) -> [DeskEffect]
}

extension LineDialog {
    /// Enter submits the field, Esc leaves the dialog.
    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        switch command {
        case .open: return submit(&state, now: now)
        case .back: state.pop()
        default: break
        }
        return []
    }

    /// The key typed into the field (or an editing key applied to it).
    func typed(_ key: KeyEvent, _ state: inout DeskState) -> [DeskEffect] {
        var screen = self
        _ = screen.field.handle(key)
        state[Self.self] = screen
        return []
    }

    /// The box in the middle of the screen, `cols` wide, with the cursor in the field.
    func renderLine(title: String, label: String, cols: Int, into grid: inout Grid, size: Size) {
        let box = DeskLayout.dialog(size, rows: 3, cols: cols)
        grid.fill(box, role: .dialog)
        let inner = Pane(title: title, trailingTitle: "Enter · Esc", isFocused: true).render(into: &grid, area: box)
        let width = grid.put(label, row: inner.row, col: inner.col, role: .label, clip: inner)
        grid.cursor = field.render(into: &grid, area: Rect(row: inner.row, col: inner.col + width, rows: 1, cols: max(1, inner.cols - width - 1)),
                                   isFocused: true)
    }
}
