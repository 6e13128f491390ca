import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// Why a clock of the open case is due when it is: every day counted or skipped.
public struct ExplanationOverlay: Screen {
    static let keymap = Keymap<DeskCommand>(DeskKeymaps.moving + [
        KeyBinding([.left], .previousClock, label: "prev clock", help: "explain the previous clock", group: "Clocks",
                   showsInStatusBar: true),
        KeyBinding([.right, .tab], .nextClock, label: "next clock", help: "explain the next clock", group: "Clocks",
                   showsInStatusBar: true),
        KeyBinding([.character("x")], .back, label: "close", help: "close the explanation", group: "Clocks"),
    ]).layered(over: DeskKeymaps.global)

    public var clock: Int
    public var scroll = 0

    public func title(in state: DeskState) -> String { "explanation" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        var explanation = self
        let body = DeskLayout.frame(state.size).body
        if let moved = DeskUpdate.scrolled(scroll, by: command, page: max(1, body.rows - 3)) {
            let lines = DeskRenderer.explanation(self, state: state, now: now, width: body.cols - 2)?.lines.count ?? 0
            explanation.scroll = max(0, min(moved, lines - (body.rows - 2)))
            state[ExplanationOverlay.self] = explanation
            return []
        }
        switch command {
        case .previousClock, .nextClock:
            let count = state.caseView.map { DeskUpdate.clockCount(state, $0) } ?? 0
            guard count > 0 else { return [] }
            explanation.clock = DeskUpdate.cycled(clock, by: command, count: count)
            explanation.scroll = 0
            state.caseView?.selectedClock = explanation.clock
            state[ExplanationOverlay.self] = explanation
        case .back:
            state.pop()
        default:
            break
        }
        return []
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.explanationOverlay(self, state: state, now: now, into: &grid, size: size)
    }

    public var coversBody: Bool { true }
}
