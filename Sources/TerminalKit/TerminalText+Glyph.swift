extension TerminalText {
    /// A grapheme in the form a `wcwidth`-measuring library (ncurses) will place where the grid
    /// says it goes.
    ///
    /// ncurses advances its cursor by `wcwidth` of the first scalar and accepts only zero-width
    /// marks after it, while the grid gives emoji sequences two columns. So the glyph keeps the
    /// base and its combining marks, leaves out joiners and the parts after them (a ZWJ family is
    /// painted as its first person), and when the grid's width is 2 but `wcwidth` says 1 (a flag,
    /// `❤` + VS16) it drops VS16 and asks for a space in the right half — the screen then shows
    /// the text form, but the terminal and ncurses agree on every column.
    public struct Glyph: Equatable, Sendable {
        public let scalars: [Unicode.Scalar]
        /// Paint a space in the next column: the grid reserved two columns, the glyph takes one.
        public let padsRight: Bool
    }

    /// ncurses keeps at most this many scalars per cell (`CCHARW_MAX`).
    public static let maximumScalarsPerCell = 5

    public static func glyph(for character: Character) -> Glyph {
        let scalars = Array(character.unicodeScalars)
        guard let base = scalars.first, systemWidth(base) > 0 else {
            return Glyph(scalars: [replacementMark], padsRight: displayWidth(character) == 2)
        }
        let padsRight = displayWidth(character) == 2 && systemWidth(base) == 1
        var kept = [base]
        for mark in scalars.dropFirst() {
            guard systemWidth(mark) == 0, mark != "\u{200D}", kept.count < maximumScalarsPerCell else { break }
            if padsRight, mark == variationSelector16 { continue }
            kept.append(mark)
        }
        return Glyph(scalars: kept, padsRight: padsRight)
    }
}
