import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// Assigning a case: the staff, and nobody.
public struct StaffPicker: Screen {
    public var number: CaseNumber
    public var expectedVersion: Int
    /// nil is "nobody".
    public var accounts: [String?]
    public var list: ListState

    public func title(in state: DeskState) -> String { "assign" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { DeskKeymaps.picker }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        var picker = self
        if DeskUpdate.move(&picker.list, by: command) {
            state[StaffPicker.self] = picker
            return []
        }
        switch command {
        case .open:
            state.pop()
            return [.record(.assigned(.init(to: accounts[list.selected])), on: number, expectedVersion: expectedVersion)]
        case .back:
            state.pop()
        default:
            break
        }
        return []
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.staffPicker(self, state: state, into: &grid, size: size)
    }
}
