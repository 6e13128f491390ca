/// One line of a keymap: the keys, what they do, and how help and the status bar describe it.
///
/// Declaring these as data (tig's and lazygit's idea) means dispatch, the help screen and the
/// status-bar hints can never disagree.
public struct KeyBinding<Command: Hashable & Sendable>: Sendable {
    public var keys: [KeyEvent]
    public var command: Command
    /// A word or two for the status bar ("quit", "search").
    public var label: String
    /// A sentence for the help screen.
    public var help: String
    /// The help screen's section ("Moving", "Case", …), in order of first appearance.
    public var group: String
    public var showsInStatusBar: Bool

    public init(_ keys: [KeyEvent], _ command: Command, label: String, help: String, group: String,
                showsInStatusBar: Bool = false) {
        self.keys = keys
        self.command = command
        self.label = label
        self.help = help
        self.group = group
        self.showsInStatusBar = showsInStatusBar
    }

    /// The keys as help writes them: `j/↓`.
    public var keyNames: String { keys.map(\.name).joined(separator: "/") }
}
