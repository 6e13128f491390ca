/// A terminal or grid size in character cells.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int

    public init(rows: Int, cols: Int) {
        self.rows = max(0, rows)
        self.cols = max(0, cols)
    }

    /// Whether a layout that needs `minimum` fits; screens fall back to the too-small notice.
    public func fits(_ minimum: Size) -> Bool {
        rows >= minimum.rows && cols >= minimum.cols
    }

    /// Columns first, as people say it: "80×24".
    public var description: String { "\(cols)×\(rows)" }
}
