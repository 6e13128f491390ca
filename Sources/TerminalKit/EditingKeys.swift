/// What an editing key does in a text field, a text box or a choice.
public enum EditingCommand: Hashable, Sendable {
    case left
    case right
    case lineStart
    case lineEnd
    case deleteBefore
    case deleteAfter
    case deleteToStart
    case deleteToEnd
    case deleteWord
    case rowUp
    case rowDown
    case pageUp
    case pageDown
    case newLine
    case toggle
}

/// The editing keys as data (those of readline and most shells): the fields dispatch through these
/// keymaps, and a form's help lists them, so the two cannot disagree. Printable characters are
/// typed text and are not listed.
public enum EditingKeys {
    typealias Binding = KeyBinding<EditingCommand>

    /// One line of text: a text field, and each line of a text box.
    public static let line = Keymap<EditingCommand>([
        Binding([.left], .left, label: "left", help: "move left in the text", group: "Typing"),
        Binding([.right], .right, label: "right", help: "move right in the text", group: "Typing"),
        Binding([.home, .ctrl("a")], .lineStart, label: "start", help: "to the start of the line", group: "Typing"),
        Binding([.end, .ctrl("e")], .lineEnd, label: "end", help: "to the end of the line", group: "Typing"),
        Binding([.backspace], .deleteBefore, label: "delete", help: "delete the character before the cursor", group: "Typing"),
        Binding([.delete, .ctrl("d")], .deleteAfter, label: "delete", help: "delete the character under the cursor", group: "Typing"),
        Binding([.ctrl("u")], .deleteToStart, label: "delete to start", help: "delete to the start of the line", group: "Typing"),
        Binding([.ctrl("k")], .deleteToEnd, label: "delete to end", help: "delete to the end of the line", group: "Typing"),
        Binding([.ctrl("w")], .deleteWord, label: "delete word", help: "delete the word before the cursor", group: "Typing"),
    ])

    /// A text box: a line's keys, and moving by screen rows.
    public static let box = Keymap<EditingCommand>([
        Binding([.up], .rowUp, label: "up", help: "in a text box, a screen row up", group: "Typing"),
        Binding([.down], .rowDown, label: "down", help: "in a text box, a screen row down", group: "Typing"),
        Binding([.pageUp], .pageUp, label: "page up", help: "in a text box, a page up", group: "Typing"),
        Binding([.pageDown], .pageDown, label: "page down", help: "in a text box, a page down", group: "Typing"),
        Binding([.enter], .newLine, label: "new line", help: "in a text box, a new line", group: "Typing"),
    ]).layered(over: line)

    /// A choice and a tick box.
    public static let choice = Keymap<EditingCommand>([
        Binding([.character(" ")], .toggle, label: "tick", help: "tick a box; the next choice", group: "Choices"),
        Binding([.left], .left, label: "previous", help: "the previous choice", group: "Choices"),
        Binding([.right], .right, label: "next", help: "the next choice", group: "Choices"),
    ])

    /// Every editing key, for a form's help.
    public static var helpSections: [HelpSection] { box.helpSections + choice.helpSections }
}
