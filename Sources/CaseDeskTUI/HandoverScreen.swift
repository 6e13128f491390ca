import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// The handover on screen: which shift, its report once the store answered, where the view is
/// scrolled and which case line is selected (Enter opens it, the moves act on it).
public struct HandoverScreen: OpenableScreen {
    public var shift: Shifts.Period
    public var report: HandoverReport? {
        didSet { document = nil }
    }
    /// The report laid out as lines, kept between keys and frames: laid out again when the report,
    /// the width or the minute changes (`DeskUpdate.layOutHandover`).
    var document: HandoverDocument?
    public var scroll = 0
    /// Index into the document's case lines, in reading order.
    public var selected = 0

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
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { DeskKeymaps.handoverScreen }
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
    public func reloadEffects(in state: DeskState) -> [DeskEffect] { [.loadHandover(shift)] }
}
