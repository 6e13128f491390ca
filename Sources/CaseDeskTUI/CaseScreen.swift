import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// One case on screen: its state and trail, where the view is scrolled, and the selected clock.
public struct CaseScreen: Screen {
    static let keymap = Keymap<DeskCommand>(DeskKeymaps.moving.map { binding in
        var binding = binding
        binding.help = binding.help.replacingOccurrences(of: "move", with: "scroll")
        return binding
    } + [
        KeyBinding([.left], .previousClock, label: "clock", help: "select the previous clock", group: "Clocks"),
        KeyBinding([.right, .tab], .nextClock, label: "clock", help: "select the next clock", group: "Clocks", showsInStatusBar: true),
        KeyBinding([.character("x")], .explain, label: "explain",
                   help: "explain the selected clock: which days counted, which were skipped and why", group: "Clocks",
                   showsInStatusBar: true),
        KeyBinding([.character("l")], .letters, label: "letters",
                   help: "read the case's letters in English, French or German without sending them (a lapsed case's resolved notice can be sent)",
                   group: "Letters", showsInStatusBar: true),
        MailThreadScreen.binding,
        IncidentScreen.binding,
        KeyBinding([.character("J")], .nextCase, label: "next case",
                   help: "the next case of the list this one was opened from (the queue, search results, the handover)", group: "Cases"),
        KeyBinding([.character("K")], .previousCase, label: "previous case", help: "the case before it in that list", group: "Cases"),
        KeyBinding([.character("N")], .newCase, label: "new", help: "take in a new case", group: "Moves on the case"),
    ] + DeskKeymaps.actions).layered(over: DeskKeymaps.global)

    public var number: CaseNumber
    public var state: CaseState?
    public var events: [Event] = []
    public var scroll = 0
    public var selectedClock = 0

    public init(number: CaseNumber) {
        self.number = number
    }

    public func title(in state: DeskState) -> String { "case \(number)" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
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
