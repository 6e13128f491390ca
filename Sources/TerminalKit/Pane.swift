/// A bordered box with a title in its top edge; a focused pane's border stands out, so people
/// see where their keys go.
public struct Pane: Sendable {
    public var title: String
    /// Shown at the right of the top edge, e.g. a position "12/340".
    public var trailingTitle: String
    public var isFocused: Bool
    public var border: BorderStyle

    public init(title: String, trailingTitle: String = "", isFocused: Bool = false, border: BorderStyle = .single) {
        self.title = title
        self.trailingTitle = trailingTitle
        self.isFocused = isFocused
        self.border = border
    }

    /// Draws the pane and returns the area inside the border for its content.
    @discardableResult
    public func render(into grid: inout Grid, area: Rect) -> Rect {
        grid.fill(area)
        grid.drawBox(area, style: border, role: isFocused ? .borderFocused : .border)
        let edge = Rect(row: area.row, col: area.col + 2, rows: 1, cols: area.cols - 4)
        // The title first (it names what is shown, a case number at its end); the trailing title
        // takes what is left, down to half the edge.
        var trailingWidth = 0
        if !trailingTitle.isEmpty {
            let titleWidth = title.isEmpty ? 0 : TerminalText.displayWidth(" \(title) ") + 1
            let room = max(edge.cols / 2, edge.cols - titleWidth)
            let text = TerminalText.truncate(" \(trailingTitle) ", toWidth: room)
            trailingWidth = TerminalText.displayWidth(text)
            if titleWidth + trailingWidth > edge.cols, titleWidth <= edge.cols {
                // Both do not fit: the keys give way to the whole title.
                trailingWidth = 0
            } else {
                grid.put(text, row: edge.row, col: edge.endCol - trailingWidth, role: .title, clip: edge)
            }
        }
        if !title.isEmpty {
            let room = edge.cols - trailingWidth - (trailingWidth > 0 ? 1 : 0)
            grid.put(TerminalText.truncate(" \(title) ", toWidth: room), row: edge.row, col: edge.col,
                     role: .title, clip: edge)
        }
        return area.inset(by: 1)
    }
}
