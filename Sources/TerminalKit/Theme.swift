/// A look for every `Role`, loaded from a TOML file (see `Themes/default.toml` for the shape).
///
/// Four themes ship inside the binary (`default`, `light`, `high-contrast`, `mono`); people add
/// their own as files. A role a file leaves out looks like `normal`.
public struct Theme: Hashable, Sendable {
    public let name: String
    public let styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    public subscript(role: Role) -> Style {
        styles[role] ?? styles[.normal] ?? Style()
    }
}
