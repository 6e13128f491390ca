/// The bottom line: where you are on the left, who and when on the right, and as many key hints
/// from the keymap as fit in between.
public struct StatusBar: Sendable {
    /// A piece of status text with its own role.
    public struct Segment: Hashable, Sendable {
        public var text: String
        public var role: Role

        public init(_ text: String, role: Role = .statusBar) {
            self.text = text
            self.role = role
        }
    }

    public var left: [Segment]
    public var right: [Segment]
    public var hints: [KeyHint]

    public init(left: [Segment] = [], right: [Segment] = [], hints: [KeyHint] = []) {
        self.left = left
        self.right = right
        self.hints = hints
    }

    /// Draws on the first row of `area`. The left segments come first, then the right ones,
    /// then whole hints while they fit; a hint never appears cut off.
    public func render(into grid: inout Grid, area: Rect) {
        let line = area.splitRows(at: 1).top
        grid.fill(line, role: .statusBar)
        let rightWidth = TerminalText.displayWidth(right.map(\.text).joined(separator: " "))
        var col = line.col
        for segment in left {
            let room = line.endCol - col - (rightWidth > 0 ? rightWidth + 1 : 0)
            col += grid.put(TerminalText.truncate(segment.text, toWidth: room), row: line.row, col: col,
                            role: segment.role, clip: line) + 1
        }
        let rightStart = max(col, line.endCol - rightWidth)
        var rightCol = rightStart
        for segment in right {
            rightCol += grid.put(segment.text, row: line.row, col: rightCol, role: segment.role, clip: line) + 1
        }
        col += col > line.col ? 1 : 0
        for hint in hints {
            let width = TerminalText.displayWidth(hint.key) + 1 + TerminalText.displayWidth(hint.label)
            guard col + width <= rightStart - (rightWidth > 0 ? 1 : 0) else { break }
            col += grid.put(hint.key, row: line.row, col: col, role: .keyHint, clip: line)
            col += grid.put(" " + hint.label, row: line.row, col: col, role: .statusBar, clip: line) + 2
        }
    }
}
