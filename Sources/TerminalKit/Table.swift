/// A scrolling list with columns and a header (a plain list is a one-column table without one).
///
/// Rows come from a closure called with only the visible range, so the caller fetches a
/// screenful from the store, never the whole queue.
public struct Table: Sendable {
    public var columns: [TableColumn]
    public var showsHeader: Bool
    public var spacing: Int
    /// An unfocused table shows its selection as `.selectionInactive`.
    public var isFocused: Bool
    /// Shown, muted, when there are no rows ("No open cases").
    public var emptyText: String

    public init(columns: [TableColumn], showsHeader: Bool = true, spacing: Int = 1, isFocused: Bool = true,
                emptyText: String = "") {
        self.columns = columns
        self.showsHeader = showsHeader
        self.spacing = spacing
        self.isFocused = isFocused
        self.emptyText = emptyText
    }

    /// How many data rows fit in `area`: the value for `ListState.setVisibleRows`.
    public func dataRows(in area: Rect) -> Int {
        max(0, area.rows - (showsHeader ? 1 : 0))
    }

    public func render(into grid: inout Grid, area: Rect, state: ListState,
                       rows: (Range<Int>) -> [TableRow]) {
        grid.fill(area)
        let widths = TableColumn.widths(of: columns, total: area.cols, spacing: spacing)
        let (header, body) = area.splitRows(at: showsHeader ? 1 : 0)
        if showsHeader {
            grid.fill(header, role: .columnHeader)
            let titles = TableRow(columns.map(\.title), role: .columnHeader)
            draw(titles, role: .columnHeader, widths: widths, row: header.row, into: &grid, area: area)
        }
        guard state.count > 0 else {
            grid.put(emptyText, row: body.row, col: body.col, role: .muted, clip: body)
            return
        }
        var shown = state
        shown.setVisibleRows(body.rows)
        let range = shown.visibleRange
        for (index, row) in zip(range, rows(range)) {
            let role = index == shown.selected ? (isFocused ? Role.selection : .selectionInactive) : nil
            let line = Rect(row: body.row + index - range.lowerBound, col: body.col, rows: 1, cols: body.cols)
            grid.fill(line.intersection(body), role: role ?? row.role ?? .normal)
            draw(row, role: role, widths: widths, row: line.row, into: &grid, area: body)
        }
    }

    /// Draws one row's cells; `role` (the selection) overrides every cell's own role.
    private func draw(_ row: TableRow, role: Role?, widths: [Int], row line: Int, into grid: inout Grid, area: Rect) {
        var col = area.col
        for (index, column) in columns.enumerated() {
            let text = index < row.cells.count ? row.cells[index] : ""
            let cellRole = role ?? (index < row.cellRoles.count ? row.cellRoles[index] : nil) ?? row.role ?? .normal
            grid.put(TerminalText.fit(text, width: widths[index], alignment: column.alignment),
                     row: line, col: col, role: cellRole, clip: area)
            col += widths[index] + spacing
        }
    }
}
