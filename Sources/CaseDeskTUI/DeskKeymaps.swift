import TerminalKit

/// The bindings the screens share, as data: the global keys, moving, the moves on a case, the list
/// dialogs, the screens the queue opens. Each screen declares its own keymap beside it (`Screen`),
/// layered over the global one; the help and the status bar are generated from the very map that
/// dispatches.
public enum DeskKeymaps {
    typealias Binding = KeyBinding<DeskCommand>

    /// Keys that work wherever no form has the keyboard.
    public static let global = Keymap<DeskCommand>([
        Binding([.character("?"), .function(1)], .help, label: "help", help: "this help (generated from the keymap)",
                group: "Everywhere", showsInStatusBar: true),
        Binding([.character("q"), .escape], .back, label: "back",
                help: "back to the previous screen; on the queue, q quits (Esc clears the filters)", group: "Everywhere"),
        Binding([.ctrl("c")], .quit, label: "quit", help: "quit (asks first when typed text would be lost)", group: "Everywhere"),
        Binding([.ctrl("l")], .redraw, label: "redraw", help: "paint the whole screen again", group: "Everywhere"),
        GoToCaseScreen.binding,
    ])

    static let moving: [Binding] = [
        Binding([.character("j"), .down], .down, label: "down", help: "move down", group: "Moving"),
        Binding([.character("k"), .up], .up, label: "up", help: "move up", group: "Moving"),
        Binding([.pageDown, .ctrl("f"), .character(" ")], .pageDown, label: "page", help: "a page down", group: "Moving"),
        Binding([.pageUp, .ctrl("b")], .pageUp, label: "page up", help: "a page up", group: "Moving"),
        Binding([.character("g"), .home], .top, label: "top", help: "to the top", group: "Moving"),
        Binding([.character("G"), .end], .bottom, label: "bottom", help: "to the bottom", group: "Moving"),
    ]

    /// The moves on a case, from `DeskAction`'s table.
    static let actions: [Binding] = [
        Binding([.character(".")], .actionMenu, label: "actions",
                help: "every move on this case, greyed where your roles or the procedure do not allow it; "
                    + "while a message shows, a move's key only clears it (keys typed ahead never start a move)",
                group: "Moves on the case", showsInStatusBar: true),
    ] + DeskAction.allCases.map { action in
        Binding([action.key], .act(action), label: action.label, help: action.help, group: "Moves on the case",
                showsInStatusBar: action == .acknowledge || action == .respond || action == .note)
    }

    /// The screens the queue leads to: a new screen adds its binding here.
    static let screens: [Binding] = [HandoverScreen.binding, StatisticsScreen.binding, IncidentScreen.binding]

    /// Lists in dialogs: the action menu and the staff picker.
    public static let picker = Keymap<DeskCommand>([
        Binding([.enter], .open, label: "choose", help: "choose the selected line", group: "List", showsInStatusBar: true),
        Binding([.character("j"), .down], .down, label: "down", help: "move down", group: "List"),
        Binding([.character("k"), .up], .up, label: "up", help: "move up", group: "List"),
        Binding([.character("g"), .home], .top, label: "top", help: "to the top", group: "List"),
        Binding([.character("G"), .end], .bottom, label: "bottom", help: "to the bottom", group: "List"),
        Binding([.character("q"), .escape], .back, label: "cancel", help: "close without choosing", group: "List",
                showsInStatusBar: true),
        Binding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "List"),
    ])
}
