/// What a screen shows instead of a broken layout when the terminal is smaller than it needs.
public struct TooSmallNotice: Sendable {
    public var minimum: Size
    /// What to do about it, e.g. which key quits.
    public var advice: String

    public init(minimum: Size, advice: String = "Enlarge the window or use a smaller font.") {
        self.minimum = minimum
        self.advice = advice
    }

    /// Fills the grid with the notice, centred; the most important words come first, so a
    /// tiny terminal still shows how big it needs to be.
    public func render(into grid: inout Grid) {
        let area = grid.bounds
        grid.fill(area)
        let problem = TerminalText.wrap("Terminal too small: need \(minimum), have \(grid.size).", width: area.cols)
        let lines = problem.map { ($0, Role.warning) }
            + TerminalText.wrap(advice, width: area.cols).map { ($0, Role.normal) }
        let top = area.row + max(0, (area.rows - lines.count) / 2)
        for (offset, (line, role)) in lines.prefix(area.rows).enumerated() {
            let col = area.col + max(0, (area.cols - TerminalText.displayWidth(line)) / 2)
            grid.put(line, row: top + offset, col: col, role: role)
        }
    }
}
