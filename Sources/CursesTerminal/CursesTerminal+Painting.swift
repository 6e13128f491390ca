import CNCursesW
import TerminalKit

extension CursesTerminal {
    /// Shows `grid`: paints the cells that changed since the last frame (all of them after a
    /// resize, a theme change or `invalidate`), then places or hides the cursor per `grid.cursor`.
    ///
    /// The bottom-right cell is written like any other: with scrolling off, ncurses stores it
    /// and reports ERR for the cursor it cannot advance, which is ignored.
    public func present(_ grid: Grid) {
        let window = cnc_stdscr()
        let diff = GridDiff(from: lastFrame, to: grid)
        if diff.isFullRepaint { werase(window) }
        // Neighbouring cells nearly always share their role and attributes: their curses
        // attributes and colour pair are looked up once per change, not once per cell.
        var style: (role: Role, attributes: TextAttributes, bits: attr_t, pair: Int16)?
        for run in diff.runs where run.row < size.rows {
            var col = run.col
            for cell in run.cells {
                defer { col += 1 }
                guard !cell.isContinuation, col + cell.width <= size.cols else { continue }
                if style == nil || style?.role != cell.role || style?.attributes != cell.attributes {
                    style = (cell.role, cell.attributes, palette.attributes(for: cell), palette.pair(for: cell.role))
                }
                paint(cell, row: run.row, col: col, attributes: style!.bits, pair: style!.pair)
            }
        }
        showCursor(at: grid.cursor)
        wnoutrefresh(window)
        doupdate()
        lastFrame = grid
    }

    private func paint(_ cell: Cell, row: Int, col: Int, attributes: attr_t, pair: Int16) {
        var character = cchar_t()
        // A printable ASCII character is its own glyph: nothing to look up or allocate.
        let utf8 = cell.character.utf8
        if utf8.count == 1, let byte = utf8.first, byte >= 0x20, byte < 0x7F {
            var text: (wchar_t, wchar_t) = (wchar_t(byte), 0)
            withUnsafeMutablePointer(to: &text) { pointer in
                pointer.withMemoryRebound(to: wchar_t.self, capacity: 2) { _ = setcchar(&character, $0, attributes, pair, nil) }
            }
            mvwadd_wch(cnc_stdscr(), Int32(row), Int32(col), &character)
            return
        }
        let glyph = TerminalText.glyph(for: cell.character)
        var scalars = glyph.scalars.map { wchar_t(bitPattern: $0.value) } + [0]
        setcchar(&character, &scalars, attributes, pair, nil)
        mvwadd_wch(cnc_stdscr(), Int32(row), Int32(col), &character)
        if glyph.padsRight {
            var blank = cchar_t()
            var space: [wchar_t] = [0x20, 0]
            setcchar(&blank, &space, attributes, pair, nil)
            mvwadd_wch(cnc_stdscr(), Int32(row), Int32(col + 1), &blank)
        }
    }

    private func showCursor(at position: Position?) {
        guard let position, Rect(size).contains(position) else {
            if isCursorVisible { curs_set(0) }
            isCursorVisible = false
            return
        }
        if !isCursorVisible { curs_set(1) }
        isCursorVisible = true
        wmove(cnc_stdscr(), Int32(position.row), Int32(position.col))
    }
}
