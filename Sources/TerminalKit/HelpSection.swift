/// A titled block of the help screen, generated from a keymap.
public struct HelpSection: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var keys: String
        public var help: String

        public init(keys: String, help: String) {
            self.keys = keys
            self.help = help
        }
    }

    public var title: String
    public var entries: [Entry]

    public init(title: String, entries: [Entry]) {
        self.title = title
        self.entries = entries
    }
}
