/// A rectangle of cells: the area a widget may draw into. Widgets clip to it, so a layout that
/// runs out of room loses text at the edges instead of drawing over its neighbours.
public struct Rect: Hashable, Sendable {
    public var row: Int
    public var col: Int
    public var rows: Int
    public var cols: Int

    public init(row: Int, col: Int, rows: Int, cols: Int) {
        self.row = row
        self.col = col
        self.rows = max(0, rows)
        self.cols = max(0, cols)
    }

    /// The whole of a grid or screen of `size`.
    public init(_ size: Size) {
        self.init(row: 0, col: 0, rows: size.rows, cols: size.cols)
    }

    public var isEmpty: Bool { rows == 0 || cols == 0 }
    /// The first row below the rectangle.
    public var endRow: Int { row + rows }
    /// The first column right of the rectangle.
    public var endCol: Int { col + cols }

    public func contains(_ position: Position) -> Bool {
        (row..<endRow).contains(position.row) && (col..<endCol).contains(position.col)
    }

    public func intersection(_ other: Rect) -> Rect {
        let top = max(row, other.row)
        let left = max(col, other.col)
        return Rect(row: top, col: left, rows: min(endRow, other.endRow) - top, cols: min(endCol, other.endCol) - left)
    }

    /// The rectangle shrunk by `cells` on every side (a border's inside).
    public func inset(by cells: Int) -> Rect {
        Rect(row: row + cells, col: col + cells, rows: rows - 2 * cells, cols: cols - 2 * cells)
    }

    /// The first `count` rows and the rest; a negative count is taken from the bottom.
    public func splitRows(at count: Int) -> (top: Rect, bottom: Rect) {
        let top = min(rows, count >= 0 ? count : max(0, rows + count))
        return (Rect(row: row, col: col, rows: top, cols: cols),
                Rect(row: row + top, col: col, rows: rows - top, cols: cols))
    }

    /// The first `count` columns and the rest; a negative count is taken from the right.
    public func splitCols(at count: Int) -> (left: Rect, right: Rect) {
        let left = min(cols, count >= 0 ? count : max(0, cols + count))
        return (Rect(row: row, col: col, rows: rows, cols: left),
                Rect(row: row, col: col + left, rows: rows, cols: cols - left))
    }

    /// A rectangle of at most `rows`×`cols` in the middle, for dialogs and notices.
    public func centered(rows wanted: Int, cols wantedCols: Int) -> Rect {
        let height = min(rows, wanted)
        let width = min(cols, wantedCols)
        return Rect(row: row + (rows - height) / 2, col: col + (cols - width) / 2, rows: height, cols: width)
    }
}
