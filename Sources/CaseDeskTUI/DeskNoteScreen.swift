import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// "A handover note for the whole desk" (W on the handover): one line about no one case ("the
/// registry's EPP is down until 16:00"), typed over the handover; Enter leaves it. The store writes
/// it as an event of the desk, linked in the trail (`CaseStore.addHandoverNote`); it shows in the
/// handover of the shift running now, which is the one the next shift reads.
public struct DeskNoteScreen: OpenableScreen, LineDialog {
    public var field = TextField(maxLength: 500)

    public static let binding = KeyBinding<DeskCommand>(
        [.character("W")], .show(ScreenOpener("desk note", open: { state, _ in
            guard Permissions.allows(state.session.roles, .handoverNote, kind: nil, stage: nil) else {
                state.message = MessageLine("Your roles do not let you leave handover notes (supervisor, abuse, head or viewer do).",
                                            kind: .warning)
                return []
            }
            state.push(DeskNoteScreen())
            return []
        })), label: "desk note",
        help: "write a handover note for the whole desk, about no one case (it goes into the handover of the shift running now)",
        group: "Handover", showsInStatusBar: true)

    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.enter], .open, label: "leave it", help: "leave the note for the whole desk", group: "Desk note", showsInStatusBar: true),
        KeyBinding([.escape], .back, label: "cancel", help: "back, leaving no note", group: "Desk note", showsInStatusBar: true),
        KeyBinding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Desk note"),
    ])

    public init() {}

    public func title(in state: DeskState) -> String { "desk note" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
    public func helpSections(in state: DeskState) -> [HelpSection] { Self.keymap.helpSections + EditingKeys.line.helpSections }

    public func unbound(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        typed(key, &state)
    }

    func submit(_ state: inout DeskState, now: Date) -> [DeskEffect] {
        let text = field.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            state.message = MessageLine("Type the note first (Esc leaves none).", kind: .warning)
            return []
        }
        state.pop()
        let actor = state.session.actor
        let calendar = state.session.calendar
        let shifts = state.session.procedure.policy.shifts
        return [.call(StoreCall("desk note") { store, now throws(StoreError) in
            try store.addHandoverNote(text, by: actor, at: now)
            let running = shifts.shift(at: now, calendar: calendar)
            return StoreAnswer { state, _ in
                let shown = state.handover?.shift == running
                state.message = MessageLine("Left a handover note for the whole desk, in the handover of shift \(running.name)"
                                            + (shown ? "." : " (→ goes there)."))
                return state.handover.map { [.loadHandover($0.shift)] } ?? []
            }
        })]
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        renderLine(title: "Handover note for the whole desk", label: " Note: ", cols: min(100, size.cols - 4), into: &grid, size: size)
    }
}
