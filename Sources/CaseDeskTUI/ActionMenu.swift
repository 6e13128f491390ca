import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// Every move on the selected case, with whether it is possible now.
public struct ActionMenu: Screen {
    public var number: CaseNumber
    public var entries: [(action: DeskAction, availability: ActionAvailability)]
    public var list: ListState

    public func title(in state: DeskState) -> String { "moves" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { DeskKeymaps.picker }

    /// A move's own key chooses it here too.
    public func intercept(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect]? {
        guard let entry = entries.first(where: { $0.action.key == key }) else { return nil }
        state.pop()
        return DeskUpdate.startAction(&state, entry.action, on: number, now: now)
    }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        var menu = self
        if DeskUpdate.move(&menu.list, by: command) {
            state[ActionMenu.self] = menu
            return []
        }
        switch command {
        case .open:
            state.pop()
            return DeskUpdate.startAction(&state, entries[list.selected].action, on: number, now: now)
        case .back:
            state.pop()
        default:
            break
        }
        return []
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.actionMenu(self, into: &grid, size: size)
    }
}
