/// A frame: every cell of the screen, plus where the text cursor should be.
///
/// Screens render into a Grid and nothing else (ratatui's buffer idea), so a screen is a pure
/// function that tests can compare line by line; the terminal adapter paints the difference
/// between two grids.
public struct Grid: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal shows its cursor (a focused text field); `nil` hides it.
    public var cursor: Position?

    public init(size: Size, filledWith cell: Cell = Cell()) {
        self.size = size
        self.cells = Array(repeating: cell, count: size.rows * size.cols)
    }

    /// The whole grid as a rectangle, the usual root of a layout.
    public var bounds: Rect { Rect(size) }

    public subscript(row: Int, col: Int) -> Cell {
        cells[index(row, col)]
    }

    /// The cells of one row, continuation cells included.
    public func row(_ row: Int) -> ArraySlice<Cell> {
        let start = row * size.cols
        return cells[start..<start + size.cols]
    }

    /// The text of each row with trailing spaces removed: what a snapshot test compares.
    public var lines: [String] {
        (0..<size.rows).map { row in
            var line = String(self.row(row).filter { !$0.isContinuation }.map(\.character))
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// One `Role.snapshotCode` per column (a wide character's code twice), with trailing cells
    /// of the normal role removed: where colour matters, a test compares these.
    public var styleLines: [String] {
        (0..<size.rows).map { row in
            var codes = self.row(row).map(\.role.snapshotCode)
            while codes.last == Role.normal.snapshotCode { codes.removeLast() }
            return String(codes)
        }
    }

    /// Stores a cell, mending any wide character it cuts in half (the surviving half becomes a
    /// space), so a grid never holds half a wide character.
    mutating func store(_ cell: Cell, row: Int, col: Int) {
        let position = index(row, col)
        let old = cells[position]
        if old.isContinuation, col > 0 {
            blank(row: row, col: col - 1)
        }
        if old.width == 2, col + 1 < size.cols {
            blank(row: row, col: col + 1)
        }
        cells[position] = cell
    }

    private mutating func blank(row: Int, col: Int) {
        let position = index(row, col)
        cells[position] = Cell(narrow: " ", role: cells[position].role, attributes: cells[position].attributes)
    }

    private func index(_ row: Int, _ col: Int) -> Int {
        precondition((0..<size.rows).contains(row) && (0..<size.cols).contains(col),
                     "cell \(row),\(col) outside a \(size) grid")
        return row * size.cols + col
    }
}
