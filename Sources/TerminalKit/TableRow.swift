/// One row of a `Table`, with what it means: an overdue case's row is `.overdue`, its kind cell
/// a badge.
public struct TableRow: Hashable, Sendable {
    public var cells: [String]
    /// The role of the whole row; `nil` is `.normal`.
    public var role: Role?
    /// Per-cell roles that override the row's; missing entries use the row's.
    public var cellRoles: [Role?]

    public init(_ cells: [String], role: Role? = nil, cellRoles: [Role?] = []) {
        self.cells = cells
        self.role = role
        self.cellRoles = cellRoles
    }
}
