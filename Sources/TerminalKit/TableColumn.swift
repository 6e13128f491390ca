/// How wide a table column is: a fixed number of columns, or a share of what is left.
public enum ColumnWidth: Hashable, Sendable {
    case fixed(Int)
    /// At least `min` columns plus a share of the remaining room proportional to `weight`.
    case flexible(min: Int, weight: Int)

    /// A column that takes an equal share of the room left, with no minimum.
    public static let flexible = ColumnWidth.flexible(min: 0, weight: 1)
}

/// One column of a `Table`: its header, width and alignment.
public struct TableColumn: Hashable, Sendable {
    public var title: String
    public var width: ColumnWidth
    public var alignment: TerminalText.Alignment

    public init(_ title: String, width: ColumnWidth, alignment: TerminalText.Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }

    /// Widths for `columns` in `total` columns with `spacing` between them.
    ///
    /// Fixed columns get their width, flexible ones their minimum and then the room left by
    /// weight (remainders go to the first ones). When even the minimums do not fit, the widths
    /// stay at their minimums and the table clips its rightmost columns.
    public static func widths(of columns: [TableColumn], total: Int, spacing: Int) -> [Int] {
        let base = columns.map { column -> Int in
            switch column.width {
            case .fixed(let width): max(0, width)
            case .flexible(let minimum, _): max(0, minimum)
            }
        }
        let weights = columns.map { column -> Int in
            if case .flexible(_, let weight) = column.width { return max(0, weight) }
            return 0
        }
        let totalWeight = weights.reduce(0, +)
        let room = total - spacing * max(0, columns.count - 1) - base.reduce(0, +)
        guard room > 0, totalWeight > 0 else { return base }
        var widths = zip(base, weights).map { $0 + room * $1 / totalWeight }
        var leftover = room - zip(widths, base).map { $0 - $1 }.reduce(0, +)
        for index in widths.indices where leftover > 0 && weights[index] > 0 {
            widths[index] += 1
            leftover -= 1
        }
        return widths
    }
}
