extension Grid {
    /// Writes one line of text at `row`, `col`, clipped to `clip` (the whole grid by default).
    ///
    /// The text is sanitized first, so nothing written here can reach the terminal as a control
    /// character. Zero-width graphemes are skipped; a wide character that would straddle an edge
    /// of the clip is replaced by a space, so no wide character ever lands in a last column.
    /// Returns the columns the text occupied (including any clipped part), to place what follows.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, role: Role = .normal,
                             attributes: TextAttributes = [], clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        var column = col
        for character in TerminalText.sanitize(text) {
            let width = TerminalText.displayWidth(character)
            guard width > 0 else { continue }
            defer { column += width }
            guard (area.row..<area.endRow).contains(row), column + width > area.col else { continue }
            if column < area.col || column + width > area.endCol {
                if column < area.endCol {
                    store(Cell(narrow: " ", role: role, attributes: attributes), row: row, col: max(column, area.col))
                }
                continue
            }
            store(Cell(narrow: character, wide: width == 2, role: role, attributes: attributes), row: row, col: column)
            if width == 2 {
                store(.continuation(role: role, attributes: attributes), row: row, col: column + 1)
            }
        }
        return column - col
    }

    /// Fills a rectangle, for backgrounds and clearing a widget's area before drawing it.
    public mutating func fill(_ rect: Rect, with character: Character = " ", role: Role = .normal,
                              attributes: TextAttributes = []) {
        let area = rect.intersection(bounds)
        // One cell made once and stored everywhere, when the character is one printable column
        // (a space, nearly always): going through `put` sanitized and measured it for every cell.
        let sanitized = TerminalText.sanitize(String(character))
        if sanitized.count == 1, let only = sanitized.first, TerminalText.displayWidth(only) == 1 {
            let cell = Cell(narrow: only, role: role, attributes: attributes)
            for row in area.row..<area.endRow {
                for col in area.col..<area.endCol { store(cell, row: row, col: col) }
            }
            return
        }
        let line = String(repeating: String(character), count: area.cols)
        for row in area.row..<area.endRow {
            put(line, row: row, col: area.col, role: role, attributes: attributes, clip: area)
        }
    }

    /// Draws a box along the edges of `rect`; a rect smaller than 2×2 gets no box.
    public mutating func drawBox(_ rect: Rect, style: BorderStyle = .single, role: Role = .border) {
        guard rect.rows >= 2, rect.cols >= 2 else { return }
        let pieces = style.pieces
        let middle = String(repeating: String(pieces.horizontal), count: rect.cols - 2)
        put("\(pieces.topLeft)\(middle)\(pieces.topRight)", row: rect.row, col: rect.col, role: role, clip: rect)
        put("\(pieces.bottomLeft)\(middle)\(pieces.bottomRight)", row: rect.endRow - 1, col: rect.col,
            role: role, clip: rect)
        for row in rect.row + 1..<rect.endRow - 1 {
            put(String(pieces.vertical), row: row, col: rect.col, role: role, clip: rect)
            put(String(pieces.vertical), row: row, col: rect.endCol - 1, role: role, clip: rect)
        }
    }

    /// Draws a horizontal line across `rect` at `row`; with `joiningBorder`, its ends become tees
    /// that meet the box drawn on `rect`.
    public mutating func drawRule(row: Int, across rect: Rect, style: BorderStyle = .single,
                                  role: Role = .border, joiningBorder: Bool = false) {
        guard rect.cols > 0 else { return }
        let pieces = style.pieces
        var line = String(repeating: String(pieces.horizontal), count: rect.cols)
        if joiningBorder, rect.cols >= 2 {
            line = "\(pieces.leftTee)\(line.dropFirst().dropLast())\(pieces.rightTee)"
        }
        put(line, row: row, col: rect.col, role: role, clip: rect)
    }
}
