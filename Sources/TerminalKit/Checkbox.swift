/// A yes/no field, toggled with Space.
public struct Checkbox: Hashable, Sendable {
    public var isChecked: Bool

    public init(isChecked: Bool = false) {
        self.isChecked = isChecked
    }

    public mutating func handle(_ key: KeyEvent) -> Bool {
        guard EditingKeys.choice.command(for: key) == .toggle else { return false }
        isChecked.toggle()
        return true
    }

    public func render(into grid: inout Grid, area: Rect, isFocused: Bool) {
        let line = area.splitRows(at: 1).top
        grid.put(isChecked ? "[x]" : "[ ]", row: line.row, col: line.col,
                 role: isFocused ? .inputFocused : .input, clip: line)
    }
}
