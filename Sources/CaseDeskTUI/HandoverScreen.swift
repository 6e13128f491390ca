import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The handover on screen: which shift, its report once the store answered, where the view is
/// scrolled and which case line is selected (Enter opens it, the moves act on it).
public struct HandoverScreen: OpenableScreen {
    /// The handover: j/k move between its cases, and the moves act on the selected one.
    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.enter], .open, label: "open", help: "open the selected case (q comes back here)", group: "Handover", showsInStatusBar: true),
        KeyBinding([.character("M")], .markRead, label: "mark read",
                   help: "mark this handover read: recorded as an event of the desk, so the record shows who took over when",
                   group: "Handover", showsInStatusBar: true),
        KeyBinding([.tab, .character("}")], .nextSection, label: "section",
                   help: "the next section: overdue, due by the next shift's end, unassigned, notes, what happened", group: "Handover",
                   showsInStatusBar: true),
        KeyBinding([.backTab, .character("{")], .previousSection, label: "section back", help: "the section before", group: "Handover"),
        DeskNoteScreen.binding,
        KeyBinding([.left, .character("[")], .previousShift, label: "earlier", help: "the shift before", group: "Handover",
                   showsInStatusBar: true),
        KeyBinding([.right, .character("]")], .nextShift, label: "later", help: "the shift after, up to the one running now",
                   group: "Handover", showsInStatusBar: true),
    ] + DeskKeymaps.moving.map { binding in
        var binding = binding
        binding.help = ["move down": "the next case", "move up": "the previous case"][binding.help] ?? binding.help
        return binding
    } + DeskKeymaps.actions).layered(over: DeskKeymaps.global)

    public var shift: Shifts.Period
    public var report: HandoverReport? {
        didSet { document = nil }
    }
    /// The report laid out as lines, kept between keys and frames: laid out again when the report,
    /// the width or the minute changes (`DeskUpdate.laidOut`).
    var document: HandoverDocument?
    public var scroll = 0
    /// Index into the document's case lines, in reading order.
    public var selected = 0
    /// The section Tab last went to; nil once the selection moved another way.
    public var section: Int?

    public init(shift: Shifts.Period) {
        self.shift = shift
    }

    /// Whether `account` already marked this handover read, and when.
    func readAt(by account: String) -> Date? {
        report?.reads.first { $0.account == account }?.at
    }

    public static let binding = KeyBinding<DeskCommand>(
        [.character("H")], .show(ScreenOpener("handover", open: DeskUpdate.openHandover)), label: "handover",
        help: "the handover of the ending shift: what happened, what comes due, overdue, unassigned, notes; mark it read",
        group: "Screens", showsInStatusBar: true)

    public func title(in state: DeskState) -> String { "handover" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        DeskUpdate.performOnHandover(&state, command, now: now)
    }
    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.handoverScreen(self, state: state, now: now, into: &grid, area: DeskLayout.frame(size).body)
    }
    public var coversBody: Bool { true }
    public var isDialog: Bool { false }
    public func position(in state: DeskState) -> String? {
        let count = DeskUpdate.handoverDocument(self, state: state).caseLines.count
        return count == 0 ? "" : "\(selected + 1)/\(count)"
    }
    public var showsCases: Bool { true }
    public func selectedCase(in state: DeskState) -> CaseNumber? { DeskUpdate.selectedHandoverNumber(state) }
    public func relaidOut(in state: DeskState) -> HandoverScreen {
        var screen = self
        screen.document = DeskUpdate.handoverDocument(self, state: state)
        screen.scroll = DeskUpdate.clampedHandoverScroll(screen, state: state)
        return screen
    }
    public func ticked(in state: DeskState, now: Date) -> HandoverScreen { DeskUpdate.laidOut(self, state: state, now: now) }
    public func reloadEffects(in state: DeskState) -> [DeskEffect] { [.loadHandover(shift)] }
}
