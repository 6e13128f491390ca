/// One screen cell: a grapheme and what it means (its role, plus attributes such as the
/// underline of a search match).
///
/// A wide character fills two cells: the left one holds it, the right one is a continuation that
/// holds nothing and is never painted on its own. The grid keeps this pairing intact, so the
/// painter never has to guess where a wide character ends.
public struct Cell: Hashable, Sendable {
    public var character: Character {
        didSet { isWide = TerminalText.displayWidth(character) == 2 }
    }
    public var role: Role
    public var attributes: TextAttributes
    public var isContinuation: Bool
    /// The character takes two columns: measured once, when the cell is made (the grid asks every
    /// cell it writes over, and measuring each time was a fifth of drawing a frame).
    public private(set) var isWide: Bool

    public init(_ character: Character = " ", role: Role = .normal, attributes: TextAttributes = []) {
        self.character = character
        self.role = role
        self.attributes = attributes
        self.isContinuation = false
        self.isWide = TerminalText.displayWidth(character) == 2
    }

    /// A cell whose character's width is known already (one column, or two when `wide`).
    init(narrow character: Character, wide: Bool = false, role: Role, attributes: TextAttributes) {
        self.character = character
        self.role = role
        self.attributes = attributes
        self.isContinuation = false
        self.isWide = wide
    }

    /// The right half of a wide character (its character is a space, never shown).
    public static func continuation(role: Role, attributes: TextAttributes = []) -> Cell {
        var cell = Cell(narrow: " ", role: role, attributes: attributes)
        cell.isContinuation = true
        return cell
    }

    /// Columns the cell's character takes: 2 for the left half of a wide character, 0 for a
    /// continuation, otherwise 1.
    public var width: Int {
        isContinuation ? 0 : isWide ? 2 : 1
    }
}
