/// What changed between two frames, as runs of cells to paint.
///
/// The terminal adapter paints only these, so an unchanged screen costs nothing and a ticking
/// countdown rewrites a few cells. A wide character is always painted whole: a run never starts
/// on a continuation cell, and a changed wide character brings its right half along.
public struct GridDiff: Equatable, Sendable {
    /// Consecutive cells of one row to paint, starting at `col`.
    public struct Run: Equatable, Sendable {
        public let row: Int
        public let col: Int
        public let cells: [Cell]
    }

    public let runs: [Run]
    /// Every cell is in `runs`: there was no previous frame, or the size changed.
    public let isFullRepaint: Bool

    public init(from old: Grid?, to new: Grid) {
        guard let old, old.size == new.size else {
            isFullRepaint = true
            let rows = new.size.cols > 0 ? 0..<new.size.rows : 0..<0
            runs = rows.map { Run(row: $0, col: 0, cells: Array(new.row($0))) }
            return
        }
        isFullRepaint = false
        runs = (0..<new.size.rows).flatMap { Self.changedRuns(row: $0, old: old.row($0), new: new.row($0)) }
    }

    private static func changedRuns(row: Int, old: ArraySlice<Cell>, new: ArraySlice<Cell>) -> [Run] {
        let newCells = Array(new)
        let oldCells = Array(old)
        var marked = zip(oldCells, newCells).map { $0 != $1 }
        for col in marked.indices where marked[col] {
            if newCells[col].isContinuation, col > 0 { marked[col - 1] = true }
            if newCells[col].width == 2, col + 1 < marked.count { marked[col + 1] = true }
        }
        var runs: [Run] = []
        var col = 0
        while col < marked.count {
            guard marked[col] else {
                col += 1
                continue
            }
            let start = col
            while col < marked.count, marked[col] { col += 1 }
            runs.append(Run(row: row, col: start, cells: Array(newCells[start..<col])))
        }
        return runs
    }
}
