import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// One case on screen: its state and trail, where the view is scrolled, and the selected clock.
public struct CaseScreen: Screen {
    public var number: CaseNumber
    public var state: CaseState?
    public var events: [Event] = []
    public var scroll = 0
    public var selectedClock = 0

    public init(number: CaseNumber) {
        self.number = number
    }

    public func title(in state: DeskState) -> String { "case \(number)" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { DeskKeymaps.caseScreen }
    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        DeskUpdate.performOnCase(&state, command, now: now)
    }
    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.caseScreen(self, state: state, now: now, into: &grid, area: DeskLayout.frame(size).body)
    }
    public var coversBody: Bool { true }
    public var isDialog: Bool { false }
    public var showsCases: Bool { true }
    public func selectedCase(in state: DeskState) -> CaseNumber? { number }
    public func reloadEffects(in state: DeskState) -> [DeskEffect] { [.loadCase(number)] }
}
