import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// Assigning a case: the staff, and nobody.
public struct StaffPicker: ListDialog {
    public var number: CaseNumber
    public var expectedVersion: Int?
    /// nil is "nobody".
    public var accounts: [String?]
    public var list: ListState
    /// The marked cases to assign, each judged by the store; empty for the one case `number`.
    public var marked: [CaseNumber] = []
    /// The incident whose every report is assigned (its incident screen's @).
    public var incident: IncidentNumber?

    public func title(in state: DeskState) -> String { "assign" }

    public func choose(_ index: Int, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        let change = Change.assigned(.init(to: accounts[index]))
        if let incident { return [IncidentScreen.move(change, incident: incident, actor: state.session.actor)] }
        if !marked.isEmpty { return [.recordEach(change, on: marked)] }
        return [.record(change, on: number, expectedVersion: expectedVersion)]
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.staffPicker(self, state: state, into: &grid, size: size)
    }
}
