import CaseDesk
import CaseStore
import Foundation
import TerminalKit

/// A form over the screens: a move on a case, or a new case.
public struct FormScreen: Screen {
    /// Forms get keys first; these are what the form leaves over. No letters: they are typed text.
    static let keymap = Keymap<DeskCommand>([
        KeyBinding([.ctrl("s"), .function(2)], .submit, label: "save", help: "save: write it to the store", group: "Forms",
                   showsInStatusBar: true),
        KeyBinding([.enter], .nextField, label: "next",
                   help: "next field; on the last field, save (in a text box Enter starts a new line)", group: "Forms"),
        KeyBinding([.tab], .nextField, label: "next field", help: "next field (S-Tab: previous)", group: "Forms",
                   showsInStatusBar: true),
        KeyBinding([.escape], .back, label: "cancel", help: "cancel (asks first if you typed something)", group: "Forms",
                   showsInStatusBar: true),
        KeyBinding([.ctrl("c")], .quit, label: "quit", help: "quit (asks first)", group: "Forms"),
        KeyBinding([.function(1)], .help, label: "help", help: "this help", group: "Forms"),
        KeyBinding([.ctrl("l")], .redraw, label: "redraw", help: "paint the whole screen again", group: "Forms"),
    ])

    public enum Purpose: Hashable, Sendable {
        case action(DeskAction, CaseNumber)
        case intake
    }

    public var purpose: Purpose
    public var title: String
    public var form: Form
    /// What the store said when it refused; the typed text stays.
    public var problem: MessageLine?
    /// The case as it was when the form opened (or after a conflict), for live previews and checks.
    public var caseState: CaseState?
    /// The version the person read: a write against another version is a conflict.
    public var expectedVersion: Int?
    /// The moment the form opened, for its default times.
    public var opened: Date
    /// The escalation's marker box was ticked because the subject carries the marker (and is
    /// unticked when the subject stops carrying it).
    var markerFromSubject = false
    /// The marked cases the move is made on, each judged by the store; empty for the one case.
    public var marked: [CaseNumber] = []
    /// The incident whose every report the move is made on (its incident screen's moves).
    public var incident: IncidentNumber?

    public var caseNumber: CaseNumber? {
        if case let .action(_, number) = purpose { return number }
        return nil
    }

    public var action: DeskAction? {
        if case let .action(action, _) = purpose { return action }
        return nil
    }

    public func title(in state: DeskState) -> String { purpose == .intake ? "new case" : "form" }
    public func keymap(in state: DeskState) -> Keymap<DeskCommand> { Self.keymap }
    public func helpSections(in state: DeskState) -> [HelpSection] { Self.keymap.helpSections + EditingKeys.helpSections }

    /// Forms get keys first: typed text, Tab between fields, Enter in a text box.
    public func intercept(_ key: KeyEvent, _ state: inout DeskState, now: Date) -> [DeskEffect]? {
        var screen = self
        guard screen.form.handle(key) else { return nil }
        ActionForms.tickMarker(&screen, session: state.session)
        state[FormScreen.self] = screen
        return []
    }

    public func update(_ command: DeskCommand, _ state: inout DeskState, now: Date) -> [DeskEffect] {
        DeskUpdate.performOnForm(&state, command, now: now)
    }

    public func relaidOut(in state: DeskState) -> FormScreen {
        var screen = self
        screen.form.layout(width: DeskRenderer.formLayout(self, session: state.session, size: state.size).fields.cols)
        return screen
    }

    public func render(_ state: DeskState, now: Date, into grid: inout Grid, size: Size) {
        DeskRenderer.formDialog(self, state: state, now: now, into: &grid, size: size)
    }
}
