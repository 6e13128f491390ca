/// A key press (or a resize) as the app sees it, whatever bytes the terminal sent.
///
/// Keymaps bind these, widgets handle them, and `name` is how help screens and status bars
/// write them, so one value serves dispatch and documentation alike.
public enum KeyEvent: Hashable, Sendable {
    /// A printable character, including non-ASCII ones and space.
    case character(Character)
    /// Control plus a letter, always lowercase: `.ctrl("c")`. Tab, Enter, Backspace and Esc
    /// arrive as their own cases, never as `.ctrl("i")` and the like.
    case ctrl(Character)
    /// Alt (Meta) plus a character, when the terminal sends it as Esc followed by the character.
    case alt(Character)
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    /// The terminal changed size; the new size comes along so the app can lay out again.
    case resize(Size)

    /// How help screens and status bars write the key: `j`, `C-c`, `M-x`, `S-Tab`, `PgDn`, `↓`.
    public var name: String {
        switch self {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .ctrl(let character): "C-\(character)"
        case .alt(let character): "M-\(character)"
        case .function(let number): "F\(number)"
        case .resize(let size): "resize to \(size)"
        default: Self.namedKeys.first { $0.key == self }?.name ?? ""
        }
    }

    /// Reads a key written as `name` writes it, for keymaps kept in configuration files.
    public init?(name: String) {
        if let named = Self.namedKeys.first(where: { $0.name == name }) {
            self = named.key
        } else if name == "Space" {
            self = .character(" ")
        } else if name.count == 1, let character = name.first, !character.isWhitespace {
            self = .character(character)
        } else if name.count == 3, name.hasPrefix("C-"), let character = name.last, character.isLetter {
            self = .ctrl(Character(character.lowercased()))
        } else if name.count == 3, name.hasPrefix("M-"), let character = name.last {
            self = .alt(character)
        } else if name.hasPrefix("F"), let number = Int(name.dropFirst()), (1...24).contains(number) {
            self = .function(number)
        } else {
            return nil
        }
    }

    private static let namedKeys: [(key: KeyEvent, name: String)] = [
        (.enter, "Enter"), (.escape, "Esc"), (.tab, "Tab"), (.backTab, "S-Tab"),
        (.backspace, "Bksp"), (.delete, "Del"), (.insert, "Ins"),
        (.up, "↑"), (.down, "↓"), (.left, "←"), (.right, "→"),
        (.home, "Home"), (.end, "End"), (.pageUp, "PgUp"), (.pageDown, "PgDn"),
    ]
}
