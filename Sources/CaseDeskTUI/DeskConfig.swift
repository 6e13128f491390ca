import CaseDeskConfig
import Foundation

/// The person's own settings for the screens, from `~/.config/casedesk/config.toml`:
///
/// ```toml
/// theme = "light"        # a built-in or own theme name, or a path to a .toml file
/// ```
///
/// A missing file is no settings; a wrong key is an error that names the file, the key and the line,
/// so a typo never silently does nothing.
public struct DeskConfig: Equatable, Sendable {
    public var theme: String?

    public init(theme: String? = nil) {
        self.theme = theme
    }

    /// `$XDG_CONFIG_HOME/casedesk/config.toml`, else `~/.config/casedesk/config.toml`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/casedesk/config.toml" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/casedesk/config.toml" }
        return nil
    }

    public static func load(path: String) throws(ConfigError) -> DeskConfig {
        guard FileManager.default.fileExists(atPath: path) else { return DeskConfig() }
        return try parse(ConfigDocument.load(path: path))
    }

    public static func parse(_ document: ConfigDocument) throws(ConfigError) -> DeskConfig {
        let reader = document.reader()
        let theme = try reader.string("theme")
        if let theme, theme.trimmingCharacters(in: .whitespaces).isEmpty {
            throw reader.error("theme", .invalidValue("is empty; name a theme (default, light, high-contrast, mono) or a file"))
        }
        try reader.rejectUnknownKeys()
        return DeskConfig(theme: theme)
    }
}
