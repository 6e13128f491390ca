import TerminalKit

/// The keymaps of every screen, as data. Each screen's map is layered over the global one, and the
/// help screen and status bar are generated from the very map that dispatches.
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

    public static let queue = Keymap<DeskCommand>([
        Binding([.enter], .open, label: "open", help: "open the selected case", group: "Moving", showsInStatusBar: true),
    ] + moving + [
        Binding([.character("/")], .search, label: "search",
                help: "search every case as you type (names, subjects, domains, notes; accents optional)",
                group: "The queue", showsInStatusBar: true),
        Binding([.character("1")], .due(.overdue), label: "overdue", help: "only cases with an overdue clock", group: "The queue"),
        Binding([.character("2")], .due(.today), label: "today", help: "only cases due today", group: "The queue"),
        Binding([.character("3")], .due(.tomorrow), label: "tomorrow", help: "only cases due on the next business day", group: "The queue"),
        Binding([.character("4")], .due(.week), label: "week", help: "only cases due this week (overdue included)", group: "The queue"),
        // Esc on the queue clears, it never quits: only q does (an Esc too many must not end the session).
        Binding([.character("0"), .escape], .clearFilters, label: "all", help: "every open case: clear all filters", group: "The queue"),
        Binding([.character("t")], .cycleKind, label: "kind", help: "kind: any, complaint, abuse, feedback", group: "The queue"),
        Binding([.character("s")], .cycleStage, label: "stage",
                help: "stage: any, supervisor, head of customer support, escalation, final", group: "The queue"),
        Binding([.character("u")], .toggleMine, label: "mine", help: "only cases assigned to me", group: "The queue"),
        Binding([.character("U")], .toggleUnassigned, label: "unassigned", help: "only cases nobody has", group: "The queue"),
        Binding([.character("o")], .cycleScope, label: "open/closed", help: "show open, closed or all cases", group: "The queue"),
        Binding([.character("p")], .togglePreview, label: "preview", help: "show or hide the preview of the selected case",
                group: "The queue"),
        Binding([.character("N")], .newCase, label: "new", help: "take in a new case", group: "The queue", showsInStatusBar: true),
    ] + screens + actions).layered(over: global)

    /// The screens the queue leads to: a new screen adds its binding here.
    static let screens: [Binding] = [HandoverScreen.binding, StatisticsScreen.binding]

    /// While the search field has the keyboard: letters go to the field.
    public static let searchField = Keymap<DeskCommand>([
        Binding([.enter], .open, label: "open", help: "open the selected result", group: "Search", showsInStatusBar: true),
        Binding([.down], .down, label: "down", help: "next result", group: "Search"),
        Binding([.up], .up, label: "up", help: "previous result", group: "Search"),
        Binding([.pageDown], .pageDown, label: "page", help: "a page of results down", group: "Search"),
        Binding([.pageUp], .pageUp, label: "page up", help: "a page of results up", group: "Search"),
        Binding([.tab], .nextField, label: "results", help: "leave the field and move in the results with j/k", group: "Search",
                showsInStatusBar: true),
        Binding([.escape], .back, label: "clear", help: "clear the search and go back to the queue", group: "Search",
                showsInStatusBar: true),
        Binding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Search"),
        Binding([.function(1)], .help, label: "help", help: "this help", group: "Search"),
    ])

    public static let caseScreen = Keymap<DeskCommand>(moving.map { binding in
        var binding = binding
        binding.help = binding.help.replacingOccurrences(of: "move", with: "scroll")
        return binding
    } + [
        Binding([.left], .previousClock, label: "clock", help: "select the previous clock", group: "Clocks"),
        Binding([.right, .tab], .nextClock, label: "clock", help: "select the next clock", group: "Clocks", showsInStatusBar: true),
        Binding([.character("x")], .explain, label: "explain",
                help: "explain the selected clock: which days counted, which were skipped and why", group: "Clocks",
                showsInStatusBar: true),
        Binding([.character("l")], .letters, label: "letters",
                help: "read the case's letters in English, French or German without sending them (a lapsed case's resolved notice can be sent)",
                group: "Letters", showsInStatusBar: true),
        Binding([.character("J")], .nextCase, label: "next case",
                help: "the next case of the list this one was opened from (the queue, search results, the handover)", group: "Cases"),
        Binding([.character("K")], .previousCase, label: "previous case", help: "the case before it in that list", group: "Cases"),
        Binding([.character("N")], .newCase, label: "new", help: "take in a new case", group: "Moves on the case"),
    ] + actions).layered(over: global)

    /// The handover: j/k move between its cases, and the moves act on the selected one.
    public static let handoverScreen = Keymap<DeskCommand>([
        Binding([.enter], .open, label: "open", help: "open the selected case (q comes back here)", group: "Handover", showsInStatusBar: true),
        Binding([.character("M")], .markRead, label: "mark read",
                help: "mark this handover read: recorded as an event of the desk, so the record shows who took over when",
                group: "Handover", showsInStatusBar: true),
        Binding([.left, .character("[")], .previousShift, label: "earlier", help: "the shift before", group: "Handover",
                showsInStatusBar: true),
        Binding([.right, .character("]")], .nextShift, label: "later", help: "the shift after, up to the one running now",
                group: "Handover", showsInStatusBar: true),
    ] + moving.map { binding in
        var binding = binding
        binding.help = ["move down": "the next case", "move up": "the previous case"][binding.help] ?? binding.help
        return binding
    } + actions).layered(over: global)

    public static let statisticsScreen = Keymap<DeskCommand>([
        Binding([.character("r")], .cycleRange, label: "range", help: "the range: the last 3, 6 or 12 months, or every case",
                group: "Statistics", showsInStatusBar: true),
        Binding([.character("w")], .togglePeriod, label: "week/month", help: "bars per week or per month", group: "Statistics",
                showsInStatusBar: true),
    ] + moving.map { binding in
        var binding = binding
        binding.help = binding.help.replacingOccurrences(of: "move", with: "scroll")
        return binding
    }).layered(over: global)

    static let letterScrolling: [Binding] = moving.map { binding in
        var binding = binding
        binding.help = binding.help.replacingOccurrences(of: "move", with: "scroll the letter")
        binding.group = "Letter"
        return binding
    }

    /// A letter offered with a form's move: the move waits for the choice.
    public static let letterOffer = Keymap<DeskCommand>([
        Binding([.character("s")], .sendLetter, label: "send",
                help: "send it: the letter goes to the outbox and the move is recorded with it, in one go", group: "Letter",
                showsInStatusBar: true),
        Binding([.character("n")], .skipLetter, label: "no letter",
                help: "record the move without a letter (sent some other way, or none at all)", group: "Letter", showsInStatusBar: true),
        Binding([.character("l")], .cycleLanguage, label: "language", help: "the letter in English, French or German", group: "Letter",
                showsInStatusBar: true),
        Binding([.character("q"), .escape], .back, label: "form", help: "back to the form, its text as you left it; nothing is written",
                group: "Letter", showsInStatusBar: true),
    ] + letterScrolling).layered(over: global)

    /// Reading a case's letters from the case screen.
    public static let letterPreview = Keymap<DeskCommand>([
        Binding([.tab, .character("t")], .cycleLetterKind, label: "next letter",
                help: "the next letter: acknowledgement, extension notice, response, escalation acknowledgement, final response, resolved",
                group: "Letter", showsInStatusBar: true),
        Binding([.character("l")], .cycleLanguage, label: "language", help: "the letter in English, French or German", group: "Letter",
                showsInStatusBar: true),
        Binding([.character("s")], .sendLetter, label: "send resolved",
                help: "send the notice that the matter is resolved (a lapsed case); the other letters go out with their move (a, e, r, F)",
                group: "Letter"),
        Binding([.character("q"), .escape], .back, label: "close", help: "close the letter", group: "Letter", showsInStatusBar: true),
    ] + letterScrolling).layered(over: global)

    public static let explanation = Keymap<DeskCommand>(moving + [
        Binding([.left], .previousClock, label: "prev clock", help: "explain the previous clock", group: "Clocks",
                showsInStatusBar: true),
        Binding([.right, .tab], .nextClock, label: "next clock", help: "explain the next clock", group: "Clocks",
                showsInStatusBar: true),
        Binding([.character("x")], .back, label: "close", help: "close the explanation", group: "Clocks"),
    ]).layered(over: global)

    public static let help = Keymap<DeskCommand>(moving + [
        Binding([.character("?"), .character("q"), .escape, .function(1)], .back, label: "close", help: "close the help",
                group: "Help", showsInStatusBar: true),
        Binding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Help"),
    ])

    /// Forms get keys first; these are what the form leaves over. No letters: they are typed text.
    public static let form = Keymap<DeskCommand>([
        Binding([.ctrl("s"), .function(2)], .submit, label: "save", help: "save: write it to the store", group: "Forms",
                showsInStatusBar: true),
        Binding([.enter], .nextField, label: "next",
                help: "next field; on the last field, save (in a text box Enter starts a new line)", group: "Forms"),
        Binding([.tab], .nextField, label: "next field", help: "next field (S-Tab: previous)", group: "Forms",
                showsInStatusBar: true),
        Binding([.escape], .back, label: "cancel", help: "cancel (asks first if you typed something)", group: "Forms",
                showsInStatusBar: true),
        Binding([.ctrl("c")], .quit, label: "quit", help: "quit (asks first)", group: "Forms"),
        Binding([.function(1)], .help, label: "help", help: "this help", group: "Forms"),
        Binding([.ctrl("l")], .redraw, label: "redraw", help: "paint the whole screen again", group: "Forms"),
    ])

    public static let confirm = Keymap<DeskCommand>([
        Binding([.character("y"), .character("Y")], .confirm, label: "yes", help: "yes", group: "Question", showsInStatusBar: true),
        Binding([.character("n"), .character("N"), .escape, .character("q")], .deny, label: "no", help: "no", group: "Question",
                showsInStatusBar: true),
        Binding([.ctrl("c")], .quit, label: "quit", help: "quit", group: "Question"),
    ])

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

    /// The empty store's keys; the greeting lists this group's bindings as its hints.
    public static let greeting = Keymap<DeskCommand>([
        Binding([.character("N")], .newCase, label: "new case", help: "take in a new case (a complaint, an abuse report or feedback)",
                group: greetingGroup, showsInStatusBar: true),
        Binding([.character("D")], .loadDemo, label: "demo cases",
                help: "load \(DeskUpdate.demoCount) demo cases to try things on (admin or head)", group: greetingGroup, showsInStatusBar: true),
        Binding([.character("?"), .function(1)], .help, label: "help", help: "help: every key", group: greetingGroup, showsInStatusBar: true),
        Binding([.character("q")], .quit, label: "quit", help: "quit", group: greetingGroup, showsInStatusBar: true),
    ]).layered(over: global)
    static let greetingGroup = "Getting started"

    public static let firstRun = Keymap<DeskCommand>([
        Binding([.character("c")], .createStore, label: "create", help: "create the store", group: "First run", showsInStatusBar: true),
        Binding([.character("q"), .escape, .ctrl("c")], .quit, label: "quit", help: "quit without creating anything",
                group: "First run", showsInStatusBar: true),
    ])
}
