/// The one-line message under the content: what just happened, or what went wrong and what to
/// do about it.
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

    /// Draws on the first row of `area`; only the text carries the role, the rest is cleared.
    public func render(into grid: inout Grid, area: Rect) {
        let line = area.splitRows(at: 1).top
        grid.fill(line)
        grid.put(TerminalText.truncate(text, toWidth: line.cols), row: line.row, col: line.col,
                 role: kind.role, clip: line)
    }
}
