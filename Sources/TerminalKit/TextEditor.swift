/// A multi-line text input (a note, a reply): lines, a cursor, soft wrapping and scrolling.
///
/// Text wraps at word boundaries to one column less than the field, so the cursor always has a
/// cell at the end of a row. ↑/↓ move by screen rows, not by lines, keeping the column they
/// started from. The editor keeps its size (`resize`) because moving by rows depends on it.
public struct TextEditor: Hashable, Sendable {
    public private(set) var lines: [[Character]]
    /// The cursor's line, and its index in that line.
    public private(set) var row = 0
    public private(set) var column = 0
    public private(set) var width: Int
    public private(set) var height: Int
    /// The first screen row showing.
    public private(set) var scrollTop = 0
    private var goalColumn: Int?

    public init(_ text: String = "", width: Int, height: Int) {
        self.lines = [[]]
        self.width = max(2, width)
        self.height = max(1, height)
        insert(text)
    }

    public var text: String { lines.map { String($0) }.joined(separator: "\n") }

    /// A screen row: which line it shows and which part of it.
    struct VisualRow: Hashable {
        let line: Int
        let range: Range<Int>
    }

    public mutating func resize(width: Int, height: Int) {
        self.width = max(2, width)
        self.height = max(1, height)
        scrollToCursor()
    }

    /// Inserts text at the cursor in one step, however long; newlines split lines.
    public mutating func insert(_ text: String) {
        let pieces = TerminalText.sanitizeMultiline(text)
            .split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let tail = Array(lines[row][column...])
        lines[row].removeSubrange(column...)
        lines[row] += pieces[0]
        for piece in pieces.dropFirst() {
            row += 1
            lines.insert(piece, at: row)
        }
        column = lines[row].count
        lines[row] += tail
        goalColumn = nil
        scrollToCursor()
    }

    /// Handles an editing or moving key; returns whether the editor used it (Tab is left to
    /// the form, to move focus).
    public mutating func handle(_ key: KeyEvent) -> Bool {
        let used: Bool
        switch EditingKeys.box.command(for: key) {
        case .newLine:
            insert("\n")
            return true
        case let command? where [.rowUp, .rowDown, .pageUp, .pageDown].contains(command):
            moveVertically(command)
            used = true
        default:
            used = handleWithinLine(key)
            goalColumn = nil
        }
        scrollToCursor()
        return used
    }

    /// Draws the editor in `area`; returns where the cursor goes when focused.
    @discardableResult
    public func render(into grid: inout Grid, area: Rect, isFocused: Bool) -> Position? {
        guard !area.isEmpty else { return nil }
        let role: Role = isFocused ? .inputFocused : .input
        grid.fill(area, role: role)
        let rows = visualRows(width: area.cols)
        let (cursorRow, cursorCol) = cursorPosition(in: rows)
        var top = min(scrollTop, cursorRow)
        if cursorRow >= top + area.rows { top = cursorRow - area.rows + 1 }
        for (offset, visual) in rows.dropFirst(top).prefix(area.rows).enumerated() {
            grid.put(String(lines[visual.line][visual.range]), row: area.row + offset, col: area.col,
                     role: role, clip: area)
        }
        guard isFocused else { return nil }
        return Position(row: area.row + cursorRow - top, col: area.col + min(cursorCol, area.cols - 1))
    }

    private mutating func handleWithinLine(_ key: KeyEvent) -> Bool {
        switch LineEditing.handle(key, line: &lines[row], cursor: &column) {
        case .changed, .moved: return true
        case .notHandled: return false
        case .atBoundary: break
        }
        switch EditingKeys.line.command(for: key) {
        case .left where row > 0:
            row -= 1
            column = lines[row].count
        case .right where row + 1 < lines.count:
            row += 1
            column = 0
        case .deleteBefore where row > 0:
            column = lines[row - 1].count
            lines[row - 1] += lines.remove(at: row)
            row -= 1
        case .deleteAfter where row + 1 < lines.count:
            lines[row] += lines.remove(at: row + 1)
        default:
            break
        }
        return true
    }

    private mutating func moveVertically(_ command: EditingCommand) {
        let rows = visualRows(width: width)
        let (current, currentCol) = cursorPosition(in: rows)
        let goal = goalColumn ?? currentCol
        let step = switch command {
        case .rowUp: -1
        case .rowDown: 1
        case .pageUp: -height
        default: height
        }
        let target = rows[min(max(0, current + step), rows.count - 1)]
        let isLastOfLine = target.range.upperBound == lines[target.line].count
        var index = target.range.lowerBound
        var used = 0
        let limit = isLastOfLine ? target.range.upperBound : target.range.upperBound - 1
        while index < limit {
            let next = used + TerminalText.displayWidth(lines[target.line][index])
            if next > goal { break }
            used = next
            index += 1
        }
        row = target.line
        column = index
        goalColumn = goal
    }

    private mutating func scrollToCursor() {
        let (cursorRow, _) = cursorPosition(in: visualRows(width: width))
        scrollTop = min(scrollTop, cursorRow)
        if cursorRow >= scrollTop + height { scrollTop = cursorRow - height + 1 }
    }

    func visualRows(width: Int) -> [VisualRow] {
        lines.indices.flatMap { line in
            TerminalText.wrapRanges(lines[line], width: width - 1).map { VisualRow(line: line, range: $0) }
        }
    }

    /// The cursor's screen row and column; at a break the cursor belongs to the next row.
    private func cursorPosition(in rows: [VisualRow]) -> (row: Int, col: Int) {
        let index = rows.lastIndex { $0.line == row && $0.range.lowerBound <= column } ?? 0
        let start = rows[index].range.lowerBound
        return (index, TerminalText.displayWidth(String(lines[row][start..<column])))
    }
}
