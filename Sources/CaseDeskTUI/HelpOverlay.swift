import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The keys of the screen below, from the keymap that dispatches there.
public struct HelpOverlay: Screen {
    static let keymap = Keymap<DeskCommand>(DeskKeymaps.moving + [
        KeyBinding([.character("?"), .character("q"), .escape, .function(1)], .back, label: "close", help: "close the help",
                   group: "Help", showsInStatusBar: true),
        KeyBinding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Help"),
    ])

    public var title: String
    public var sections: [HelpSection]
    public var scroll = 0

    public func title(in state: DeskState) -> String { "help" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        if command == .back {
            state.pop()
            return []
        }
        let body = DeskLayout.frame(state.size).body
        let page = max(1, body.rows - 2)
        let total = HelpView(sections: sections).lineCount(width: max(1, body.cols - 2))
        guard let moved = DeskUpdate.scrolled(scroll, by: command, page: page) else { return [] }
        var help = self
        help.scroll = max(0, min(moved, total - page))
        state[HelpOverlay.self] = help
        return []
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.helpOverlay(self, into: &grid, area: DeskLayout.frame(size).body)
    }

    public var coversBody: Bool { true }
}
