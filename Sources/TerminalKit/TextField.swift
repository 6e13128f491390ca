/// A single-line text input: the model (text and cursor) and how it draws.
///
/// Long text scrolls sideways by half a field at a time, computed from the cursor alone, so the
/// model needs no idea of its width and renders the same wherever it is placed.
public struct TextField: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// An index into `characters`: the cursor sits before that grapheme.
    public private(set) var cursor: Int
    /// The most graphemes the field accepts (a date takes 10).
    public var maxLength: Int?

    public init(_ text: String = "", maxLength: Int? = nil) {
        self.characters = LineEditing.insertable(text)
        self.cursor = characters.count
        self.maxLength = maxLength
    }

    public var text: String { String(characters) }

    /// Handles an editing key; returns whether the field used it. Moves past either end are
    /// swallowed, so ← at the start never leaks to the screen's keymap while typing.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        if case let .character(character) = key, let maxLength, characters.count >= maxLength,
           !LineEditing.joins(character, line: characters, cursor: cursor) { return true }
        return LineEditing.handle(key, line: &characters, cursor: &cursor) != .notHandled
    }

    /// Inserts pasted text at the cursor in one step; line breaks become `␤`.
    public mutating func insert(_ text: String) {
        var pasted = LineEditing.insertable(text)
        if let maxLength { pasted = Array(pasted.prefix(max(0, maxLength - characters.count))) }
        characters.insert(contentsOf: pasted, at: cursor)
        cursor += pasted.count
    }

    /// Draws the field on the first row of `area`; returns where the cursor goes when focused.
    @discardableResult
    public func render(into grid: inout Grid, area: Rect, isFocused: Bool) -> Position? {
        let line = area.splitRows(at: 1).top
        guard !line.isEmpty else { return nil }
        let role: Role = isFocused ? .inputFocused : .input
        grid.fill(line, role: role)
        let cursorCol = TerminalText.displayWidth(String(characters[..<cursor]))
        let step = max(1, line.cols / 2)
        let offset = cursorCol < line.cols ? 0 : ((cursorCol - line.cols) / step + 1) * step
        grid.put(text, row: line.row, col: line.col - offset, role: role, clip: line)
        return isFocused ? Position(row: line.row, col: line.col + cursorCol - offset) : nil
    }
}
