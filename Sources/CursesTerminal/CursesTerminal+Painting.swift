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
        for run in diff.runs where run.row < size.rows {
            var col = run.col
            for cell in run.cells {
                defer { col += 1 }
                guard !cell.isContinuation, col + cell.width <= size.cols else { continue }
                paint(cell, row: run.row, col: col)
            }
        }
        showCursor(at: grid.cursor)
        wnoutrefresh(window)
        doupdate()
        lastFrame = grid
    }

    private func paint(_ cell: Cell, row: Int, col: Int) {
        let glyph = TerminalText.glyph(for: cell.character)
        let attributes = palette.attributes(for: cell)
        let pair = palette.pair(for: cell.role)
        var character = cchar_t()
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
