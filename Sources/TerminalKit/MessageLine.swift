/// The message under the content: what just happened, or what went wrong and what to do about
/// it. One line; a long one may wrap onto a second rather than lose its end.
public struct MessageLine: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case info, warning, error

        var role: Role {
            switch self {
            case .info: .info
            case .warning: .warning
            case .error: .error
            }
        }
    }

    public var kind: Kind
    public var text: String

    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }

    /// Rows the text takes at `width` columns, at most `limit` (1 for text that fits on one).
    public func rows(width: Int, limit: Int) -> Int {
        guard TerminalText.displayWidth(text) > width, limit > 1 else { return 1 }
        return min(limit, TerminalText.wrap(text, width: max(1, width)).count)
    }

    /// Draws on the first row of `area` (up to `maxRows` rows, word-wrapped, the last cut with
    /// `…`); only the text carries the role, the rest of those rows is cleared.
    public func render(into grid: inout Grid, area: Rect, maxRows: Int = 1) {
        let rows = min(max(1, maxRows), area.rows)
        let box = area.splitRows(at: rows).top
        grid.fill(box)
        guard rows > 1, TerminalText.displayWidth(text) > box.cols else {
            grid.put(TerminalText.truncate(text, toWidth: box.cols), row: box.row, col: box.col, role: kind.role, clip: box)
            return
        }
        let lines = TerminalText.wrap(text, width: max(1, box.cols))
        for (offset, line) in lines.prefix(rows).enumerated() {
            let cut = offset == rows - 1 && lines.count > rows
            grid.put(cut ? TerminalText.truncate(line + " …", toWidth: box.cols) : line, row: box.row + offset, col: box.col,
                     role: kind.role, clip: box)
        }
    }
}
