import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// Assigning a case: the staff, and nobody.
public struct StaffPicker: ListDialog {
    public var number: CaseNumber
    public var expectedVersion: Int
    /// nil is "nobody".
    public var accounts: [String?]
    public var list: ListState

    public func title(in state: DeskState) -> String { "assign" }

    public func choose(_ index: Int, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        [.record(.assigned(.init(to: accounts[index])), on: number, expectedVersion: expectedVersion)]
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.staffPicker(self, state: state, into: &grid, size: size)
    }
}
