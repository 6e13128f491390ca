import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// Every move on the selected case, with whether it is possible now.
public struct ActionMenu: ListDialog {
    public var number: CaseNumber
    public var entries: [(action: DeskAction, availability: ActionAvailability)]
    public var list: ListState

    public func title(in state: DeskState) -> String { "moves" }

    /// A move's own key chooses it here too.
    public func intercept(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect]? {
        guard let entry = entries.first(where: { $0.action.key == key }) else { return nil }
        state.pop()
        return DeskUpdate.startAction(&state, entry.action, on: number, now: now)
    }

    public func choose(_ index: Int, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        DeskUpdate.startAction(&state, entries[index].action, on: number, now: now)
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.actionMenu(self, into: &grid, size: size)
    }
}
