import Glibc

extension Theme {
    /// The themes compiled into the binary, so an installed `casedesk` needs no checkout.
    public static var builtinNames: [String] { BuiltinThemes.files.map(\.name) }

    /// A built-in theme; `nil` only for an unknown name (a test parses every built-in).
    public static func builtin(named name: String) -> Theme? {
        guard let file = BuiltinThemes.files.first(where: { $0.name == name }) else { return nil }
        return try? Theme(name: name, toml: file.toml, file: "built-in theme \(name)")
    }

    /// Finds a theme by a path (anything with a `/` or ending in `.toml`) or by a name: first
    /// `userDirectory/NAME.toml` (so a person can override even `default`), then the built-ins.
    public static func resolve(nameOrPath: String, userDirectory: String?) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try Theme(contentsOfFile: nameOrPath)
        }
        var searched: [String] = []
        if let userDirectory {
            let path = userDirectory.hasSuffix("/") ? userDirectory + nameOrPath + ".toml"
                                                    : userDirectory + "/" + nameOrPath + ".toml"
            if access(path, F_OK) == 0 { return try Theme(contentsOfFile: path) }
            searched.append(path)
        }
        guard let theme = builtin(named: nameOrPath) else { throw .notFound(name: nameOrPath, searched: searched) }
        return theme
    }

    /// Where people keep their themes: `$XDG_CONFIG_HOME/casedesk/themes`, else
    /// `~/.config/casedesk/themes`.
    public static func userDirectory(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/casedesk/themes" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/casedesk/themes" }
        return nil
    }

    /// Whether to show no colour: `NO_COLOR` is set to anything non-empty (no-color.org), or
    /// the terminal has fewer than 8 colours.
    public static func prefersMono(environment: [String: String], colorCount: Int) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty || ColorDepth(colorCount: colorCount) == .none
    }

    /// The theme to start with. A theme the person asked for (`--theme`, a config file) wins,
    /// as no-color.org asks of explicit choices; a terminal without colours still shows only its
    /// attributes. Otherwise `mono` when `prefersMono`, else `default`.
    public static func select(requested: String?, userDirectory: String?, environment: [String: String],
                              colorCount: Int) throws(ThemeError) -> Theme {
        let name = requested ?? (prefersMono(environment: environment, colorCount: colorCount) ? "mono" : "default")
        return try resolve(nameOrPath: name, userDirectory: userDirectory)
    }
}
