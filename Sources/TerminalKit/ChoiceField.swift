/// One of a few options (a case kind, a channel), cycled with ←/→ or Space.
public struct ChoiceField: Hashable, Sendable {
    public let options: [String]
    public private(set) var selected: Int

    public init(options: [String], selected: Int = 0) {
        self.options = options
        self.selected = options.isEmpty ? 0 : min(max(0, selected), options.count - 1)
    }

    public var selectedOption: String? { options.isEmpty ? nil : options[selected] }

    public mutating func handle(_ key: KeyEvent) -> Bool {
        guard !options.isEmpty else { return false }
        switch EditingKeys.choice.command(for: key) {
        case .left: selected = (selected + options.count - 1) % options.count
        case .right, .toggle: selected = (selected + 1) % options.count
        default: return false
        }
        return true
    }

    /// The width that shows the longest option with its arrows.
    public var preferredWidth: Int {
        (options.map(TerminalText.displayWidth).max() ?? 0) + 4
    }

    public func render(into grid: inout Grid, area: Rect, isFocused: Bool) {
        let line = area.splitRows(at: 1).top
        let role: Role = isFocused ? .inputFocused : .input
        grid.fill(line, role: role)
        let option = TerminalText.fit(selectedOption ?? "", width: max(0, line.cols - 4))
        grid.put("‹ \(option) ›", row: line.row, col: line.col, role: role, clip: line)
    }
}
