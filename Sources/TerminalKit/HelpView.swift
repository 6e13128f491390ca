/// The help screen: every binding of the current keymap, by section. Generated from the same
/// data as dispatch, so it cannot go stale.
public struct HelpView: Sendable {
    public var sections: [HelpSection]
    /// The first line showing, for scrolling a help longer than the screen.
    public var scroll: Int

    public init(sections: [HelpSection], scroll: Int = 0) {
        self.sections = sections
        self.scroll = scroll
    }

    /// The help as text lines with their roles, `width` columns wide: for the screen and for a
    /// plain-text `--help`-like listing.
    public func lines(width: Int) -> [(text: String, role: Role)] {
        let keyWidth = min(max(8, width / 3),
                           sections.flatMap(\.entries).map { TerminalText.displayWidth($0.keys) }.max() ?? 0)
        var lines: [(text: String, role: Role)] = []
        for section in sections {
            if !lines.isEmpty { lines.append(("", .help)) }
            lines.append((section.title, .title))
            for entry in section.entries {
                let keys = "  " + TerminalText.fit(entry.keys, width: keyWidth) + "  "
                let indent = String(repeating: " ", count: TerminalText.displayWidth(keys))
                let wrapped = TerminalText.wrap(entry.help, width: max(1, width - indent.count))
                for (index, text) in wrapped.enumerated() {
                    lines.append(((index == 0 ? keys : indent) + text, .help))
                }
            }
        }
        return lines
    }

    /// The number of lines the help takes at `width`, so the app can bound `scroll`.
    public func lineCount(width: Int) -> Int { lines(width: width).count }

    public func render(into grid: inout Grid, area: Rect) {
        grid.fill(area, role: .help)
        for (offset, line) in lines(width: area.cols).dropFirst(max(0, scroll)).prefix(area.rows).enumerated() {
            grid.put(line.text, row: area.row + offset, col: area.col, role: line.role, clip: area)
        }
    }
}
